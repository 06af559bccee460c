#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The mapped half of `ByteSource`: a regular file is read through a window of `window` bytes
/// that slides forward, starting each time at the page that holds the first unread byte, so a
/// record or line cut by the window's end is whole in the next one.
extension ByteSource {
    static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// `n` rounded up to whole pages, at least two (so that each window reaches past the last).
    static func pageRounded(_ n: Int) -> Int {
        max(2, (n + page - 1) / page) * page
    }

    /// Maps `length` bytes of `fd` from `offset` (a multiple of the page), read-only and
    /// populated at once (one fault for the window, not one per page); nil when it cannot be.
    static func map(_ fd: Int32, offset: UInt64, length: Int) -> UnsafeMutableRawPointer? {
        #if os(Linux)
            let flags = MAP_PRIVATE | MAP_POPULATE
        #else
            let flags = MAP_PRIVATE
        #endif
        guard let p = mmap(nil, length, PROT_READ, flags, fd, off_t(offset)),
            p != UnsafeMutableRawPointer(bitPattern: -1)
        else {
            return nil
        }
        _ = madvise(p, length, MADV_SEQUENTIAL)
        return p
    }

    func unmap() {
        if mapped > 0 { munmap(buffer, mapped) }
        mapped = 0
    }

    /// Slides the window to the page holding the first unread byte.
    func remap() throws -> Bool {
        let size = totalBytes ?? 0
        let position = base &+ UInt64(start)
        let newBase = position & ~UInt64(ByteSource.page - 1)
        let length = Int(min(UInt64(window), size - newBase))
        unmap()
        guard let p = ByteSource.map(fd, offset: newBase, length: length) else {
            throw TraceError(
                """
                \(name): cannot map bytes \(newBase) to \(newBase + UInt64(length)): \
                \(String(cString: strerror(errno)))
                """
            )
        }
        buffer = p
        mapped = length
        base = newBase
        start = Int(position - newBase)
        end = length
        eof = newBase + UInt64(length) >= size
        readSoFar.pointee = base &+ UInt64(end)
        return end > start || !eof
    }
}
