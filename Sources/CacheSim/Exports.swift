// Clients of the simulator see the access types it consumes.
@_exported import AccessSink
