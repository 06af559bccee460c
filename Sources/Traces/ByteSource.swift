#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file (or standard input) in fixed chunks, so a replay's memory does not grow with
/// the trace. A regular file is mapped a window at a time (`window`, 16 MiB by default; each
/// window is unmapped when the next is mapped), which spares the kernel's copy into a buffer:
/// with `read` into a buffer that copy took a fifth of a two-level replay's time. Pipes,
/// terminals, empty-looking files (`/proc`) and files that cannot be mapped are `read` into one
/// reused buffer of `chunk` bytes. A mapped file must not shrink while it is read.
public final class ByteSource {
    @usableFromInline let fd: Int32
    @usableFromInline let ownsFD: Bool
    public let name: String
    @usableFromInline var buffer: UnsafeMutableRawPointer
    /// The most bytes `buffer` holds: the chunk, or a window less one page (a window starts at
    /// the page holding the first unread byte).
    @usableFromInline var capacity: Int
    /// The longest text line a reader accepts: a window less one page, whether the file is
    /// mapped or read from a pipe (a read buffer grows up to it), so standard input and a file
    /// accept the same lines and refuse longer ones with the same error. `chunk` without a window.
    public let lineLimit: Int
    /// Valid bytes are buffer[start..<end].
    @usableFromInline var start = 0
    @usableFromInline var end = 0
    /// File offset of buffer[0].
    @usableFromInline var base: UInt64 = 0
    @usableFromInline var eof = false
    /// The file's size when it is a regular file (nil for a pipe or a terminal).
    public let totalBytes: UInt64?
    /// The window's length in bytes when the file is mapped, else 0 (`buffer` is then owned).
    let window: Int
    /// The current mapping's length (0 before the first).
    var mapped = 0
    /// Bytes read from the file so far, updated once per chunk (`refill`), so another thread
    /// (the progress line) can read it without costing the reader anything per record.
    let readSoFar: UnsafeMutablePointer<UInt64>

    /// Bytes read so far (a word-sized read, current to the last chunk).
    public var bytesRead: UInt64 { readSoFar.pointee }

    /// Opens `path`; "-" means standard input. The read buffer's default, 128 KiB, stays in a
    /// host core's L2 between the kernel's copy into it and the parser's pass; `window` nil
    /// reads a regular file too.
    public init(path: String, chunk: Int = 128 << 10, window: Int? = 16 << 20) throws {
        readSoFar = .allocate(capacity: 1)
        readSoFar.initialize(to: 0)
        var size: UInt64?
        if path == "-" {
            fd = 0
            ownsFD = false
            name = "<stdin>"
        } else {
            var st = stat()
            let found = stat(path, &st) == 0
            if found, (st.st_mode & S_IFMT) == S_IFDIR {
                readSoFar.deallocate()
                throw TraceError("\(path): is a directory, not a trace file")
            }
            size = found && (st.st_mode & S_IFMT) == S_IFREG ? UInt64(st.st_size) : nil
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 {
                readSoFar.deallocate()
                throw TraceError("\(path): cannot open: \(String(cString: strerror(errno)))")
            }
            ownsFD = true
            name = path
        }
        totalBytes = size
        let w = window.map { ByteSource.pageRounded($0) } ?? 0
        lineLimit = w > 0 ? max(w - ByteSource.page, chunk) : chunk
        if let size, size > 0, w > 0, let first = ByteSource.map(fd, offset: 0, length: min(w, Int(clamping: size))) {
            self.window = w
            capacity = w - ByteSource.page
            buffer = first
            mapped = min(w, Int(clamping: size))
            end = mapped
            eof = UInt64(end) >= size
            readSoFar.pointee = UInt64(end)
        } else {
            self.window = 0
            capacity = chunk
            buffer = .allocate(byteCount: chunk, alignment: 16)
        }
    }

    /// Serves `bytes` from memory (tests and fuzzing); `name` labels errors.
    public init(bytes: [UInt8], name: String = "<memory>") {
        fd = -1
        ownsFD = false
        self.name = name
        window = 0
        totalBytes = UInt64(bytes.count)
        readSoFar = .allocate(capacity: 1)
        readSoFar.initialize(to: UInt64(bytes.count))
        capacity = max(bytes.count, 1)
        lineLimit = capacity
        buffer = .allocate(byteCount: capacity, alignment: 16)
        bytes.withUnsafeBytes { if let b = $0.baseAddress { buffer.copyMemory(from: b, byteCount: bytes.count) } }
        end = bytes.count
        eof = true
    }

    deinit {
        if window > 0 { unmap() } else { buffer.deallocate() }
        readSoFar.deallocate()
        if ownsFD { close(fd) }
    }

    /// Moves unread bytes to the front and reads more (or maps the next window); returns false
    /// at end of file.
    @usableFromInline func refill() throws -> Bool {
        if eof { return false }
        if window > 0 { return try remap() }
        if start > 0 {
            let n = end - start
            if n > 0 { memmove(buffer, buffer + start, n) }
            base &+= UInt64(start)
            start = 0
            end = n
        }
        while end < capacity {
            let r = read(fd, buffer + end, capacity - end)
            if r < 0 {
                if errno == EINTR { continue }
                throw TraceError("\(name): read error: \(String(cString: strerror(errno)))")
            }
            if r == 0 {
                eof = true
                break
            }
            end += r
            break
        }
        readSoFar.pointee = base &+ UInt64(end)
        return end > start || !eof
    }

    /// Makes room for a line longer than the read buffer (unread bytes moved to the front, the
    /// buffer doubled, at most to `lineLimit`); false when mapped or already that large.
    @usableFromInline func growForLongLine() -> Bool {
        guard window == 0, fd >= 0, capacity < lineLimit else { return false }
        let bigger = min(lineLimit, capacity * 2)
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: bigger, alignment: 16)
        let n = end - start
        if n > 0 { fresh.copyMemory(from: buffer + start, byteCount: n) }
        buffer.deallocate()
        buffer = fresh
        base &+= UInt64(start)
        start = 0
        end = n
        capacity = bigger
        return true
    }

    /// The first bytes of the input, without consuming them (for format detection); at most
    /// the buffer's capacity (asking for more would wait forever for room that never comes).
    public func peek(_ n: Int) throws -> UnsafeRawBufferPointer {
        let n = min(n, capacity)
        while end - start < n && !eof { _ = try refill() }
        return UnsafeRawBufferPointer(start: buffer + start, count: min(n, end - start))
    }
}
