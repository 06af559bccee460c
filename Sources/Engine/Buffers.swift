/// Supplies a workload's arrays and frees them with it.
///
/// By default arrays are heap memory filled with the deterministic sample values. For page-fault
/// measurements (`layoutlab measure`) a `PageAllocator` hands out never-touched, zero-filled pages
/// instead and nothing is written before the kernel runs, so every page is first touched inside
/// the measured kernel; the values are then all zero, which changes no address.
public final class Buffers {
    let pages: PageAllocator?
    private var owned: [(UnsafeMutableRawPointer, Int, Bool)] = []

    /// Whether arrays get sample values (false with a page allocator).
    public var fills: Bool { pages == nil }

    public init(pages: PageAllocator? = nil) { self.pages = pages }

    /// `count` elements of `T`, zeroed (sample values, if any, are the workload's to write).
    func make<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(count, 1) * MemoryLayout<T>.stride
        if let pages, let p = pages.allocate(bytes: bytes) {
            owned.append((p, bytes, true))
            return p.bindMemory(to: T.self, capacity: max(count, 1))
        }
        let p = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        p.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        owned.append((p, bytes, false))
        return p.bindMemory(to: T.self, capacity: max(count, 1))
    }

    deinit {
        for (p, bytes, paged) in owned {
            if paged { pages!.release(p, bytes: bytes) } else { p.deallocate() }
        }
    }
}

/// A source of fresh, zero-filled, never-touched pages (mmap on Linux).
public protocol PageAllocator: AnyObject {
    func allocate(bytes: Int) -> UnsafeMutableRawPointer?
    func release(_ p: UnsafeMutableRawPointer, bytes: Int)
}
