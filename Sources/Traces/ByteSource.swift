#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file (or standard input) in fixed chunks through one reused buffer, so a replay's
/// memory does not grow with the trace.
public final class ByteSource {
    @usableFromInline let fd: Int32
    @usableFromInline let ownsFD: Bool
    public let name: String
    @usableFromInline var buffer: UnsafeMutableRawPointer
    @usableFromInline let capacity: Int
    /// Valid bytes are buffer[start..<end].
    @usableFromInline var start = 0
    @usableFromInline var end = 0
    /// File offset of buffer[0].
    @usableFromInline var base: UInt64 = 0
    @usableFromInline var eof = false

    /// Opens `path`; "-" means standard input.
    public init(path: String, chunk: Int = 1 << 20) throws {
        if path == "-" {
            fd = 0; ownsFD = false; name = "<stdin>"
        } else {
            var st = stat()
            if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                throw TraceError("\(path): is a directory, not a trace file")
            }
            fd = open(path, O_RDONLY)
            if fd < 0 { throw TraceError("\(path): cannot open: \(String(cString: strerror(errno)))") }
            ownsFD = true; name = path
        }
        capacity = chunk
        buffer = .allocate(byteCount: chunk, alignment: 16)
    }

    /// Serves `bytes` from memory (tests and fuzzing); `name` labels errors.
    public init(bytes: [UInt8], name: String = "<memory>") {
        fd = -1; ownsFD = false; self.name = name
        capacity = max(bytes.count, 1)
        buffer = .allocate(byteCount: capacity, alignment: 16)
        bytes.withUnsafeBytes { if let b = $0.baseAddress { buffer.copyMemory(from: b, byteCount: bytes.count) } }
        end = bytes.count
        eof = true
    }

    deinit {
        buffer.deallocate()
        if ownsFD { close(fd) }
    }

    /// Moves unread bytes to the front and reads more; returns false at end of file.
    @usableFromInline func refill() throws -> Bool {
        if eof { return false }
        if start > 0 {
            let n = end - start
            if n > 0 { memmove(buffer, buffer + start, n) }
            base &+= UInt64(start); start = 0; end = n
        }
        while end < capacity {
            let r = read(fd, buffer + end, capacity - end)
            if r < 0 {
                if errno == EINTR { continue }
                throw TraceError("\(name): read error: \(String(cString: strerror(errno)))")
            }
            if r == 0 { eof = true; break }
            end += r
            break
        }
        return end > start || !eof
    }

    /// The first bytes of the input, without consuming them (for format detection); at most
    /// the buffer's capacity (asking for more would wait forever for room that never comes).
    public func peek(_ n: Int) throws -> UnsafeRawBufferPointer {
        let n = min(n, capacity)
        while end - start < n && !eof { _ = try refill() }
        return UnsafeRawBufferPointer(start: buffer + start, count: min(n, end - start))
    }
}
