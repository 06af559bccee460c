import AccessSink
/// How a matrix's elements are laid out in memory.
public enum StorageLayout: Equatable, Sendable {
    case rowMajor
    case colMajor
    /// Tile-contiguous ("packed") storage: `rows x cols` tiles stored one after another in
    /// row-major tile order, each tile row-major inside.
    case blocked(rows: Int, cols: Int)
}

/// An m x n matrix placed in the simulated address space: layout, leading dimension, base
/// address, element size and region. `offset(i, j)` is the element index in its buffer.
public struct MatrixDesc: Sendable {
    public let rows: Int
    public let cols: Int
    public let layout: StorageLayout
    /// Elements between consecutive rows (row-major) or columns (column-major).
    public let ld: Int
    public let elementSize: Int
    public let region: Region
    public var base: UInt64 = 0
    @usableFromInline let rowStride: Int
    @usableFromInline let colStride: Int
    @usableFromInline let blocked: Bool
    @usableFromInline let tr: Int
    @usableFromInline let tc: Int
    @usableFromInline let tilesPerRow: Int

    /// `pad` extra elements are added to the leading dimension (ignored for blocked layouts).
    public init(rows: Int, cols: Int, layout: StorageLayout, pad: Int = 0, elementSize: Int, region: Region) {
        self.rows = rows
        self.cols = cols
        self.layout = layout
        self.elementSize = elementSize
        self.region = region
        switch layout {
        case .rowMajor:
            ld = cols + pad
            rowStride = ld
            colStride = 1
            blocked = false
            tr = 1
            tc = 1
            tilesPerRow = 1
        case .colMajor:
            ld = rows + pad
            rowStride = 1
            colStride = ld
            blocked = false
            tr = 1
            tc = 1
            tilesPerRow = 1
        case .blocked(let r, let c):
            ld = c
            rowStride = 0
            colStride = 0
            blocked = true
            tr = r
            tc = c
            tilesPerRow = (cols + c - 1) / c
        }
    }

    /// Elements the buffer holds (padding and partial tiles included).
    public var storageCount: Int {
        switch layout {
        case .rowMajor: return rows == 0 ? 0 : (rows - 1) * ld + cols
        case .colMajor: return cols == 0 ? 0 : (cols - 1) * ld + rows
        case .blocked: return (rows + tr - 1) / tr * tr * tilesPerRow * tc
        }
    }

    public var bytes: UInt64 { UInt64(storageCount) * UInt64(elementSize) }

    /// The divisions cannot trap (tiles are at least 1 x 1), and are written so the compiler knows:
    /// an offset nobody uses (a no-op sink's argument) is then dead code, even in blocked layouts.
    @inlinable @inline(__always)
    public func offset(_ i: Int, _ j: Int) -> Int {
        if !blocked { return i &* rowStride &+ j &* colStride }
        let ti = i.dividedReportingOverflow(by: tr).partialValue, ri = i.remainderReportingOverflow(dividingBy: tr)
        let tj = j.dividedReportingOverflow(by: tc).partialValue, rj = j.remainderReportingOverflow(dividingBy: tc)
        return (ti &* tilesPerRow &+ tj) &* (tr &* tc) &+ ri.partialValue &* tc &+ rj.partialValue
    }

    @inlinable @inline(__always)
    public func address(_ off: Int) -> UInt64 { base &+ UInt64(truncatingIfNeeded: off &* elementSize) }
}

extension AccessSink {
    /// Emits one element access of `m` at element index `off`.
    @inlinable @inline(__always)
    public mutating func touch(_ m: MatrixDesc, _ off: Int, _ kind: AccessKind) {
        access(
            address: m.address(off), size: UInt32(truncatingIfNeeded: m.elementSize), kind: kind,
            region: m.region.rawValue)
    }

    /// Emits one vector access of `m`: `count` consecutive elements from element index `off`, as one
    /// access of `count` x element bytes (the simulator touches every line it covers, as for any
    /// multi-byte access).
    @inlinable @inline(__always)
    public mutating func touchVector(_ m: MatrixDesc, _ off: Int, _ count: Int, _ kind: AccessKind) {
        access(
            address: m.address(off), size: UInt32(truncatingIfNeeded: m.elementSize &* count), kind: kind,
            region: m.region.rawValue)
    }
}
