/// A failed PAPI call: which call, PAPI's return code and PAPI's own message for it.
package struct PAPIError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The PAPI function that failed, with its argument where that helps (`PAPI_add_event(PAPI_L1_DCM)`).
    package var call: String
    package var code: Int32
    package var message: String

    package init(call: String, code: Int32, message: String) {
        self.call = call
        self.code = code
        self.message = message
    }

    package var description: String { "\(call): \(message) (PAPI code \(code))" }

    /// Whether the error means the event cannot be counted here at all (as opposed to not
    /// fitting beside the others in one event set).
    package var meansUnavailable: Bool { code != PAPI.ECNFLCT }
}
