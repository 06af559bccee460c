/// Places a kernel's arrays at fixed, page-aligned simulated addresses so results never depend
/// on the allocator: the first array starts at `base` (256 MiB), each next one at the first page
/// boundary after the previous array's end plus one guard page (4 KiB).
public struct AddressSpace: Sendable {
    public static let base: UInt64 = 0x1000_0000
    public static let page: UInt64 = 4096
    public private(set) var next: UInt64 = AddressSpace.base
    public init() {}

    /// Reserves `bytes` and returns the start address; nil if the space would pass 2^64.
    public mutating func place(bytes: UInt64) -> UInt64? {
        let start = next
        let (end, o1) = start.addingReportingOverflow(bytes)
        let (rounded, o2) = end.addingReportingOverflow(2 * AddressSpace.page - 1)
        if o1 || o2 { return nil }
        next = rounded & ~(AddressSpace.page - 1)
        return start
    }
}
