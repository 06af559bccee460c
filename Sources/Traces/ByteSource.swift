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
    /// The file's size when it is a regular file (nil for a pipe or a terminal).
    public let totalBytes: UInt64?
    /// Bytes read from the file so far, updated once per chunk (`refill`), so another thread
    /// (the progress line) can read it without costing the reader anything per record.
    private let readSoFar: UnsafeMutablePointer<UInt64>

    /// Bytes read so far (a word-sized read, current to the last chunk).
    public var bytesRead: UInt64 { readSoFar.pointee }

    /// Opens `path`; "-" means standard input.
    public init(path: String, chunk: Int = 1 << 20) throws {
        readSoFar = .allocate(capacity: 1); readSoFar.initialize(to: 0)
        if path == "-" {
            fd = 0; ownsFD = false; name = "<stdin>"; totalBytes = nil
        } else {
            var st = stat()
            let found = stat(path, &st) == 0
            if found, (st.st_mode & S_IFMT) == S_IFDIR {
                readSoFar.deallocate()
                throw TraceError("\(path): is a directory, not a trace file")
            }
            totalBytes = found && (st.st_mode & S_IFMT) == S_IFREG ? UInt64(st.st_size) : nil
            fd = open(path, O_RDONLY)
            if fd < 0 { readSoFar.deallocate(); throw TraceError("\(path): cannot open: \(String(cString: strerror(errno)))") }
            ownsFD = true; name = path
        }
        capacity = chunk
        buffer = .allocate(byteCount: chunk, alignment: 16)
    }

    /// Serves `bytes` from memory (tests and fuzzing); `name` labels errors.
    public init(bytes: [UInt8], name: String = "<memory>") {
        fd = -1; ownsFD = false; self.name = name
        totalBytes = UInt64(bytes.count)
        readSoFar = .allocate(capacity: 1); readSoFar.initialize(to: UInt64(bytes.count))
        capacity = max(bytes.count, 1)
        buffer = .allocate(byteCount: capacity, alignment: 16)
        bytes.withUnsafeBytes { if let b = $0.baseAddress { buffer.copyMemory(from: b, byteCount: bytes.count) } }
        end = bytes.count
        eof = true
    }

    deinit {
        buffer.deallocate(); readSoFar.deallocate()
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
        readSoFar.pointee = base &+ UInt64(end)
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
