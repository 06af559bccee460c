#if canImport(Glibc)
    import Glibc
#endif

/// Allocation of a level's per-way arrays. A large level's arrays (zen4's 32 MiB L3 keeps 4 MiB
/// of tags and 1.75 MiB of hints, order words, flags and owners) are touched at random sets, one
/// 4 KiB page per array per access, which costs a host TLB miss each; arrays of 2 MiB or more are therefore aligned
/// to 2 MiB and offered to the kernel's transparent huge pages (`madvise`; a no-op where THP
/// is off). Smaller arrays are plain allocations.
enum LevelStorage {
    static let hugePage = 2 << 20

    /// `count` values of `T`, each set to `value`.
    static func allocate<T>(_: T.Type, count: Int, value: T) -> UnsafeMutablePointer<T> {
        let bytes = count * MemoryLayout<T>.stride
        guard bytes >= hugePage else {
            let p = UnsafeMutablePointer<T>.allocate(capacity: count)
            p.initialize(repeating: value, count: count)
            return p
        }
        let rounded = (bytes + hugePage - 1) / hugePage * hugePage
        var raw: UnsafeMutableRawPointer?
        #if canImport(Glibc)
            guard posix_memalign(&raw, hugePage, rounded) == 0, let r = raw else {
                fatalError("out of memory for a cache level")
            }
            _ = madvise(r, rounded, MADV_HUGEPAGE)
        #else
            raw = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: 64)
        #endif
        let p = raw!.bindMemory(to: T.self, capacity: count)
        p.initialize(repeating: value, count: count)
        return p
    }

    /// Frees what `allocate` returned for the same `count`.
    static func free<T>(_ p: UnsafeMutablePointer<T>, count: Int) {
        let bytes = count * MemoryLayout<T>.stride
        #if canImport(Glibc)
            if bytes >= hugePage {
                Glibc.free(p)
                return
            }
        #endif
        p.deallocate()
    }
}
