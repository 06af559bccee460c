#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import AccessSink

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
            if address > UInt64(UInt32.max) || size > UInt32(UInt16.max) {
                box.overflow = true
                return
            }
            var rec = (UInt32(address).littleEndian, UInt16(size).littleEndian, kind.rawValue, UInt8(0))
            withUnsafeBytes(of: &rec) { box.append(UnsafeRawBufferPointer(rebasing: $0.prefix(8))) }
        case .din, .lackey:
            // "r|w hexaddress hexsize\n" (DineroIV's extended din), formatted without String.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { b in
                var n = 0
                b[n] = kind == .load ? 114 : 119
                b[n + 1] = 32
                n += 2
                TraceWriter.appendHex(address, b.baseAddress!, &n)
                b[n] = 32
                n += 1
                TraceWriter.appendHex(UInt64(size), b.baseAddress!, &n)
                b[n] = 10
                n += 1
                box.append(UnsafeRawBufferPointer(start: b.baseAddress, count: n))
            }
        }
    }

    /// Writes `v` in lowercase hexadecimal (no prefix, at least one digit) at `b + n`.
    @inlinable @inline(__always)
    static func appendHex(_ v: UInt64, _ b: UnsafeMutablePointer<UInt8>, _ n: inout Int) {
        let digits = max(1, (67 - v.leadingZeroBitCount) / 4)
        for d in stride(from: digits - 1, through: 0, by: -1) {
            let x = UInt8((v >> UInt64(d * 4)) & 15)
            b[n] = x < 10 ? 48 + x : 87 + x
            n += 1
        }
    }

    /// The temporary a trace of `path` is written to before its rename: `PATH.tmp-PID`.
    public static func temporaryPath(for path: String) -> String { path + ".tmp-\(getpid())" }

    /// Flushes and renames the file into place. Throws if an address did not fit the format
    /// or the disk refused the data; the temporary file is then removed.
    public func finish() throws {
        if box.overflow {
            box.abandon()
            throw TraceError(
                """
                \(box.path): an access does not fit dinero-binary (addresses must be below 2^32 and sizes below \
                2^16); use llt or din
                """
            )
        }
        try box.commit()
    }

    /// Owns the file descriptor and buffer.
    public final class Box {
        let path: String
        let tmp: String
        var fd: Int32
        /// Pending bytes; drained to the file when full.
        var buffer: UnsafeMutableRawPointer
        var used = 0
        static let capacity = 1 << 20
        @usableFromInline var overflow = false
        var failed: Int32 = 0

        init(path: String) throws {
            self.path = path
            // A device or FIFO (/dev/null, /dev/stdout) is written in place: a rename would replace it.
            var st = stat()
            let special = stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG && (st.st_mode & S_IFMT) != S_IFDIR
            tmp = special ? "" : TraceWriter.temporaryPath(for: path)
            fd =
                special
                ? open(path, O_WRONLY | O_CLOEXEC)
                : open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd < 0 { throw TraceError("\(path): cannot create: \(String(cString: strerror(errno)))") }
            buffer = .allocate(byteCount: Box.capacity, alignment: 16)
        }

        deinit {
            if fd >= 0 { abandon() }
            buffer.deallocate()
        }

        @usableFromInline
        func append(_ bytes: UnsafeRawBufferPointer) {
            if used + bytes.count > Box.capacity { drain() }
            if bytes.count > Box.capacity { return }  // never: records and lines are small
            (buffer + used).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            used += bytes.count
        }

        @usableFromInline
        func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

        func drain() {
            var off = 0
            while off < used && failed == 0 {
                let r = write(fd, buffer + off, used - off)
                if r < 0 { if errno != EINTR { failed = errno } } else { off += r }
            }
            used = 0
        }

        func commit() throws {
            drain()
            // fsync on a device or pipe fails with EINVAL and means nothing there.
            if failed == 0 && !tmp.isEmpty && fsync(fd) != 0 { failed = errno }
            close(fd)
            fd = -1
            if failed != 0 {
                if !tmp.isEmpty { unlink(tmp) }
                throw TraceError("\(path): write failed: \(String(cString: strerror(failed)))")
            }
            if tmp.isEmpty { return }
            if rename(tmp, path) != 0 {
                let e = errno
                unlink(tmp)
                throw TraceError("\(path): cannot rename into place: \(String(cString: strerror(e)))")
            }
        }

        func abandon() {
            if fd >= 0 {
                close(fd)
                fd = -1
            }
            if !tmp.isEmpty { unlink(tmp) }
        }
    }
}
