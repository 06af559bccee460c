/// A failed PAPI call: which call, PAPI's return code and PAPI's own message for it.
public struct PAPIError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The PAPI function that failed, with its argument where that helps (`PAPI_add_event(PAPI_L1_DCM)`).
    public var call: String
    public var code: Int32
    public var message: String

    public init(call: String, code: Int32, message: String) {
        self.call = call
        self.code = code
        self.message = message
    }

    public var description: String { "\(call): \(message) (PAPI code \(code))" }

    /// Whether the error means the event cannot be counted here at all (as opposed to not
    /// fitting beside the others in one event set).
    public var meansUnavailable: Bool { code != PAPI.ECNFLCT }
}
