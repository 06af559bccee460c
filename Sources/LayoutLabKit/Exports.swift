// The CLI sees the configuration and trace types through the kit.
@_exported import LayoutConfig
@_exported import Traces
