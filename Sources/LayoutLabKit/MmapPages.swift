#if canImport(Glibc)
    import Glibc
#endif
import Engine

/// Fresh, zero-filled pages from mmap, returned with munmap: every page is first touched by the
/// kernel, which is what the page-fault cross-check of `measure` needs.
public final class MmapPages: PageAllocator {
    public init() {}
    public func allocate(bytes: Int) -> UnsafeMutableRawPointer? {
        let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        return p == MAP_FAILED ? nil : p
    }
    public func release(_ p: UnsafeMutableRawPointer, bytes: Int) { munmap(p, bytes) }
}
