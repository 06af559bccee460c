import Foundation

/// The CPU `measure` ran on, as `/proc/cpuinfo` names it: read when PAPI is not used (with PAPI,
/// `PAPI_get_hardware_info` gives the same strings).
public enum CPUInfo {
    /// (vendor, model) of the first processor in `text` (the contents of /proc/cpuinfo): x86's
    /// `vendor_id` and `model name`; where there is no `model name` (many ARM kernels), the
    /// `CPU implementer` and `CPU part` codes. A field that is missing is nil.
    public static func parse(_ text: String) -> (vendor: String?, model: String?) {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // The first processor's block ends at the first empty line.
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !fields.isEmpty { break }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if fields[key] == nil && !value.isEmpty { fields[key] = value }
        }
        var model = fields["model name"]
        if model == nil, let impl = fields["CPU implementer"], let part = fields["CPU part"] {
            model = "CPU implementer \(impl), part \(part)"
        }
        return (fields["vendor_id"], model)
    }

    /// This machine's (vendor, model) from /proc/cpuinfo; a part it cannot read says so.
    public static func host(path: String = "/proc/cpuinfo") -> (vendor: String, model: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return ("unknown", "unknown (\(path) could not be read)")
        }
        let p = parse(text)
        return (p.vendor ?? "unknown", p.model ?? "unknown (no `model name` in \(path))")
    }
}
