#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An `AccessSink` that writes every access to a file in one of the trace formats,
/// buffering in a fixed buffer. The file is written to a temporary name and only renamed
/// to its final name by `finish()`, so an interrupted run leaves no half-written trace.
public struct TraceWriter: AccessSink {
    @usableFromInline let box: Box
    public let format: TraceFormat

    /// Creates `path` (via a temporary file). `regions` names region tags for llt headers.
    public init(path: String, format: TraceFormat, regions: [RegionTag: String] = [:]) throws {
        box = try Box(path: path)
        self.format = format
        if format == .llt {
            var h = LLT.magic
            h += withUnsafeBytes(of: LLT.version.littleEndian, Array.init)
            h += withUnsafeBytes(of: UInt16(regions.count).littleEndian, Array.init)
            for (tag, name) in regions.sorted(by: { $0.key < $1.key }) {
                let bytes = Array(name.utf8.prefix(255))
                h += [tag, UInt8(bytes.count)] + bytes
            }
            box.append(h)
        }
    }

    @inlinable
    public mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        switch format {
        case .llt:
            var rec = (address.littleEndian, UInt16(truncatingIfNeeded: size).littleEndian, kind.rawValue, region)
            withUnsafeBytes(of: &rec) { box.append(UnsafeRawBufferPointer(rebasing: $0.prefix(LLT.recordSize))) }
        case .dineroBinary:
            if address > UInt64(UInt32.max) || size > UInt32(UInt16.max) { box.overflow = true; return }
            var rec = (UInt32(address).littleEndian, UInt16(size).littleEndian, kind.rawValue, UInt8(0))
            withUnsafeBytes(of: &rec) { box.append(UnsafeRawBufferPointer(rebasing: $0.prefix(8))) }
        case .din, .lackey:
            var line = kind == .load ? "r " : "w "
            line += String(address, radix: 16)
            line += " "
            line += String(size)
            line += "\n"
            box.append(Array(line.utf8))
        }
    }

    /// Flushes and renames the file into place. Throws if an address did not fit the format
    /// or the disk refused the data; the temporary file is then removed.
    public func finish() throws {
        if box.overflow {
            box.abandon()
            throw TraceError("\(box.path): an access does not fit dinero-binary (addresses must be below 2^32 and sizes below 2^16); use llt or din")
        }
        try box.commit()
    }

    /// Owns the file descriptor and buffer.
    public final class Box {
        let path: String
        let tmp: String
        var fd: Int32
        var buffer: [UInt8] = []
        @usableFromInline var overflow = false
        var failed: Int32 = 0

        init(path: String) throws {
            self.path = path
            tmp = path + ".tmp-\(getpid())"
            fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if fd < 0 { throw TraceError("\(path): cannot create: \(String(cString: strerror(errno)))") }
            buffer.reserveCapacity(1 << 20)
        }

        deinit { if fd >= 0 { abandon() } }

        @usableFromInline
        func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 20 { drain() }
        }

        func drain() {
            var off = 0
            while off < buffer.count && failed == 0 {
                let r = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
                if r < 0 { if errno != EINTR { failed = errno } } else { off += r }
            }
            buffer.removeAll(keepingCapacity: true)
        }

        func commit() throws {
            drain()
            if failed == 0 && fsync(fd) != 0 { failed = errno }
            close(fd); fd = -1
            if failed != 0 {
                unlink(tmp)
                throw TraceError("\(path): write failed: \(String(cString: strerror(failed)))")
            }
            if rename(tmp, path) != 0 {
                let e = errno; unlink(tmp)
                throw TraceError("\(path): cannot rename into place: \(String(cString: strerror(e)))")
            }
        }

        func abandon() { if fd >= 0 { close(fd); fd = -1 }; unlink(tmp) }
    }
}
