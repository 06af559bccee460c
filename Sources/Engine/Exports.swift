// Clients of the simulator see the access types it emits.
@_exported import AccessSink
