import AccessSink
/// The llt format: an 8-byte magic, u16 version, u16 region count, then per region
/// (u8 tag, u8 name length, name bytes), then 12-byte records (u64 address, u16 size,
/// u8 kind 0 load / 1 store, u8 region), all little-endian.
extension TraceReader {
    @inlinable
    public static func replayLLT<S: AccessSink>(_ src: ByteSource, into sink: inout S) throws -> TraceSummary {
        var regions: [RegionTag: String] = [:]
        func need(_ n: Int, _ what: String) throws -> UnsafeRawPointer {
            while src.end - src.start < n && !src.eof { _ = try src.refill() }
            if src.end - src.start < n {
                throw TraceError(
                    "\(src.name): truncated header at byte offset \(src.base &+ UInt64(src.start)): missing \(what)")
            }
            let p = UnsafeRawPointer(src.buffer + src.start)
            src.start += n
            return p
        }
        let m = try need(8, "magic")
        if !LLT.magic.elementsEqual(UnsafeRawBufferPointer(start: m, count: 8)) {
            throw TraceError("\(src.name): not an llt trace (bad magic at byte offset 0)")
        }
        let version = try need(2, "version").loadUnaligned(as: UInt16.self).littleEndian
        if version != LLT.version {
            throw TraceError(
                "\(src.name): llt version \(version) is not supported (this build reads version \(LLT.version))")
        }
        let nRegions = Int(try need(2, "region count").loadUnaligned(as: UInt16.self).littleEndian)
        if nRegions > 256 { throw TraceError("\(src.name): region count \(nRegions) exceeds 256 at byte offset 10") }
        for _ in 0..<nRegions {
            let h = try need(2, "region entry")
            let tag = h.load(as: UInt8.self), len = Int(h.load(fromByteOffset: 1, as: UInt8.self))
            let name = try need(len, "region name")
            regions[tag] = String(decoding: UnsafeRawBufferPointer(start: name, count: len), as: UTF8.self)
        }
        var summary = TraceSummary()
        summary.regionNames = regions
        let rs = LLT.recordSize
        while true {
            // A pipe may deliver a record in pieces: read until it is whole or the input ends.
            while src.end - src.start < rs && !src.eof { _ = try src.refill() }
            let avail = src.end - src.start
            if avail == 0 { break }
            if avail < rs {
                throw TraceError(
                    """
                    \(src.name): truncated record at byte offset \(src.base &+ UInt64(src.start)): \(avail) of \
                    \(rs) bytes
                    """
                )
            }
            let n = avail / rs
            let p = src.buffer + src.start
            var local = sink  // as in `replayDineroBinary`: its fields may stay in registers
            defer { sink = local }
            for r in 0..<n {
                let q = p + r * rs
                let address = q.loadUnaligned(as: UInt64.self).littleEndian
                let size = UInt32(q.loadUnaligned(fromByteOffset: 8, as: UInt16.self).littleEndian)
                let kind = q.load(fromByteOffset: 10, as: UInt8.self)
                let region = q.load(fromByteOffset: 11, as: UInt8.self)
                guard kind <= 1, size > 0 else {
                    throw TraceError(
                        "\(src.name): record at byte offset \(src.base &+ UInt64(src.start + r * rs)): "
                            + (size == 0 ? "access size 0" : "unknown kind \(kind) (expected 0 load or 1 store)"))
                }
                local.access(address: address, size: size, kind: kind == 0 ? .load : .store, region: region)
            }
            summary.accesses &+= UInt64(n)
            src.start += n * rs
        }
        return summary
    }
}
