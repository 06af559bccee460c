import AccessSink
/// Streams a trace into any `AccessSink`. Generic and inlinable, so the parse loop is
/// specialised for the simulator and calls it directly.
public enum TraceReader {
    /// Replays the whole of `source` as `format` (detected when nil) into `sink`.
    @inlinable
    public static func replay<S: AccessSink>(
        _ source: ByteSource, format: TraceFormat?,
        into sink: inout S
    ) throws -> (TraceFormat, TraceSummary) {
        let head = try source.peek(4096)
        // Binary records may start with any bytes; text never starts with a compression magic.
        if format == nil || format == .din || format == .lackey, let z = Compression.detect(head) {
            throw TraceError(
                """
                \(source.name): is \(z)-compressed; compressed traces are not read (decompress it first, or pipe \
                it: \(z) -dc FILE | layoutlab replay - ...)
                """
            )
        }
        let fmt = format ?? TraceFormat.detect(head)
        switch fmt {
        case .dineroBinary: return (fmt, try replayDineroBinary(source, into: &sink))
        case .llt: return (fmt, try replayLLT(source, into: &sink))
        case .din, .lackey: return (fmt, try replayText(source, lackey: fmt == .lackey, into: &sink))
        }
    }

    /// DineroIV binary records.
    @inlinable
    public static func replayDineroBinary<S: AccessSink>(_ src: ByteSource, into sink: inout S) throws -> TraceSummary {
        var summary = TraceSummary()
        while true {
            // A pipe may deliver a record in pieces: read until it is whole or the input ends.
            while src.end - src.start < 8 && !src.eof { _ = try src.refill() }
            let avail = src.end - src.start
            if avail == 0 { break }
            if avail < 8 {
                throw TraceError(
                    "\(src.name): truncated record at byte offset \(src.base &+ UInt64(src.start)): \(avail) of 8 bytes"
                )
            }
            let p = src.buffer + src.start
            let n = avail / 8
            // Loads, stores and misc records are accesses; the others are counted here, so that
            // the common records update no count (`accesses` follows once per chunk).
            var others = 0
            // A local copy of the sink for the chunk: the compiler may then keep its fields in
            // registers, where through `inout` every store the sink makes could change them.
            var local = sink
            defer { sink = local }
            for r in 0..<n {
                let q = p + r * 8
                let address = UInt64(q.loadUnaligned(as: UInt32.self).littleEndian)
                let size = UInt32(q.loadUnaligned(fromByteOffset: 4, as: UInt16.self).littleEndian)
                let type = q.load(fromByteOffset: 6, as: UInt8.self)
                if type <= 1 {
                    // Loads and stores, nearly every record: no jump through the switch's table.
                    if size == 0 { throw zeroSize(src, r) }
                    local.access(address: address, size: size, kind: type == 0 ? .load : .store, region: 0)
                    continue
                }
                switch type {
                case 3:
                    if size == 0 { throw zeroSize(src, r) }
                    local.accessMisc(address: address, size: size, region: 0)
                case 2:
                    if size == 0 { throw zeroSize(src, r) }
                    summary.instruction(address: address, size: size, into: &local)
                    others &+= 1
                case 4:
                    local.copyBack(address: address, size: size)
                    summary.maintenance &+= 1
                    others &+= 1
                case 5:
                    local.invalidate(address: address, size: size)
                    summary.maintenance &+= 1
                    others &+= 1
                default:
                    throw TraceError(
                        """
                        \(src.name): record at byte offset \(src.base &+ UInt64(src.start + r * 8)): unknown \
                        access type \(type) (expected 0-5)
                        """
                    )
                }
            }
            summary.accesses &+= UInt64(n &- others)
            src.start += n * 8
        }
        return summary
    }

    @usableFromInline
    static func zeroSize(_ src: ByteSource, _ r: Int) -> TraceError {
        TraceError("\(src.name): record at byte offset \(src.base &+ UInt64(src.start + r * 8)): access size 0")
    }
}
