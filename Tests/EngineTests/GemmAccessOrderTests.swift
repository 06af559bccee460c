import AccessSink
import Engine
import Testing

/// The naive and tiled GEMM kernels' access streams, access by access (kind, address, size,
/// region, in order), against a plain reference written here from README ("What the engine
/// emits"), as `ConvLoopNestTests` does for convolution (issue 26: GEMM order was pinned only by
/// stored trace hashes, so a C store emitted before its load survived):
/// - the naive nest runs i (rows of C), j (columns), k (reduction) in the variant's order,
///   outermost first; each multiply-add C(i,j) += A(i,k) B(k,j) emits load A(i,k), load B(k,j),
///   load C(i,j), store C(i,j);
/// - tiled GEMM visits tm x tn x tk tiles in the same order (partial tiles at the edges) and runs
///   the naive nest in that order inside each tile;
/// - element (r, c) of a row-major matrix is at index r·(cols + pad) + c, of a column-major one at
///   r + c·(rows + pad), of a blocked one (R x C tiles, row-major tile order, row-major inside)
///   at ((r / R)·⌈cols / C⌉ + c / C)·R·C + (r mod R)·C + c mod C; an access covers one element;
/// - arrays are placed A, B, C in that order from 0x1000_0000, page-aligned (4 KiB), each followed
///   by a 4 KiB guard page.
@Suite struct GemmAccessOrderTests {
    struct Event: Equatable, CustomStringConvertible {
        var store: Bool, address: UInt64, size: UInt32, region: RegionTag
        var description: String { "\(store ? "st" : "ld") r\(region) 0x\(String(address, radix: 16)) size \(size)" }
    }

    /// Records the stream.
    struct Recorder: AccessSink {
        var events: [Event] = []
        mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
            events.append(Event(store: kind == .store, address: address, size: size, region: region))
        }
    }

    /// A matrix as the reference sees it: its element index rule and byte size.
    struct RefMatrix {
        var rows: Int, cols: Int, layout: StorageLayout, pad: Int, elementSize: Int, region: RegionTag
        var base: UInt64 = 0

        func index(_ r: Int, _ c: Int) -> Int {
            switch layout {
            case .rowMajor: return r * (cols + pad) + c
            case .colMajor: return r + c * (rows + pad)
            case .blocked(let tr, let tc):
                let tilesPerRow = (cols + tc - 1) / tc
                return ((r / tr) * tilesPerRow + c / tc) * tr * tc + (r % tr) * tc + c % tc
            }
        }

        /// Bytes the buffer spans: up to the last element's end (padding after it is not stored),
        /// whole tiles for the blocked layout.
        var bytes: UInt64 {
            let elements: Int
            switch layout {
            case .rowMajor: elements = (rows - 1) * (cols + pad) + cols
            case .colMajor: elements = (cols - 1) * (rows + pad) + rows
            case .blocked(let tr, let tc): elements = (rows + tr - 1) / tr * tr * ((cols + tc - 1) / tc) * tc
            }
            return UInt64(elements * elementSize)
        }

        func event(_ r: Int, _ c: Int, store: Bool) -> Event {
            Event(
                store: store, address: base + UInt64(index(r, c) * elementSize), size: UInt32(elementSize),
                region: region)
        }
    }

    /// The three operands, placed by the documented rule.
    static func operands(_ shape: GemmShape, _ v: GemmVariant, element: Int, accumulator: Int)
        -> (RefMatrix, RefMatrix, RefMatrix)
    {
        var a = RefMatrix(rows: shape.m, cols: shape.k, layout: v.layoutA, pad: v.padA, elementSize: element, region: 1)
        var b = RefMatrix(rows: shape.k, cols: shape.n, layout: v.layoutB, pad: v.padB, elementSize: element, region: 2)
        var c = RefMatrix(
            rows: shape.m, cols: shape.n, layout: v.layoutC, pad: v.padC, elementSize: accumulator,
            region: 3)
        let page: UInt64 = 4096
        var next: UInt64 = 0x1000_0000
        for i in 0..<3 {
            let base = next
            let bytes = [a.bytes, b.bytes, c.bytes][i]
            next = (base + bytes + page - 1) / page * page + page
            if i == 0 { a.base = base } else if i == 1 { b.base = base } else { c.base = base }
        }
        return (a, b, c)
    }

    /// Runs the loops named by `order` (a permutation of "ijk") over the given ranges, outermost
    /// first, calling `body(i, j, k)` innermost.
    static func nest(_ order: LoopOrder, _ ranges: [Character: [Int]], _ body: (Int, Int, Int) -> Void) {
        let letters = Array(order.rawValue)
        var v: [Character: Int] = [:]
        func level(_ l: Int) {
            if l == 3 {
                body(v["i"]!, v["j"]!, v["k"]!)
                return
            }
            for x in ranges[letters[l]]! {
                v[letters[l]] = x
                level(l + 1)
            }
        }
        level(0)
    }

    /// The stream README prescribes for a naive or tiled variant.
    static func reference(_ shape: GemmShape, _ v: GemmVariant, element: Int, accumulator: Int) -> [Event] {
        let (a, b, c) = operands(shape, v, element: element, accumulator: accumulator)
        var out: [Event] = []
        func naive(_ order: LoopOrder, _ I: Range<Int>, _ J: Range<Int>, _ K: Range<Int>) {
            nest(order, ["i": Array(I), "j": Array(J), "k": Array(K)]) { i, j, k in
                out.append(a.event(i, k, store: false))
                out.append(b.event(k, j, store: false))
                out.append(c.event(i, j, store: false))
                out.append(c.event(i, j, store: true))
            }
        }
        switch v.algorithm {
        case .naive(let order):
            naive(order, 0..<shape.m, 0..<shape.n, 0..<shape.k)
        case .tiled(let order, let tm, let tn, let tk):
            let tiles: [Character: [Int]] = [
                "i": Array(stride(from: 0, to: shape.m, by: tm)),
                "j": Array(stride(from: 0, to: shape.n, by: tn)),
                "k": Array(stride(from: 0, to: shape.k, by: tk)),
            ]
            nest(order, tiles) { i0, j0, k0 in
                naive(order, i0..<min(i0 + tm, shape.m), j0..<min(j0 + tn, shape.n), k0..<min(k0 + tk, shape.k))
            }
        default:
            Issue.record("no reference for \(v.algorithm)")
        }
        return out
    }

    /// nil when equal, else the first difference (the streams are too long to print whole).
    static func firstDifference(_ got: [Event], _ want: [Event]) -> String? {
        let n = min(got.count, want.count)
        guard let i = (0..<n).first(where: { got[$0] != want[$0] }) ?? (got.count == want.count ? nil : n) else {
            return nil
        }
        let g = i < got.count ? got[i].description : "end", w = i < want.count ? want[i].description : "end"
        return "at access \(i) of \(got.count) (reference \(want.count)): got \(g), reference \(w)"
    }

    static func check<E: GemmElement>(_: E.Type, _ shape: GemmShape, _ v: GemmVariant, accumulator: Int) throws {
        let w = try #require(GemmWorkload<E>(shape: shape, variant: v))
        var rec = Recorder()
        w.run(sink: &rec)
        let size = MemoryLayout<E>.size
        let want = reference(shape, v, element: size, accumulator: accumulator)
        #expect(want.count == 4 * shape.m * shape.n * shape.k)
        let diff = firstDifference(rec.events, want)
        #expect(
            diff == nil,
            "\(E.self) \(shape) \(v.algorithm) A \(v.layoutA) B \(v.layoutB) C \(v.layoutC): \(diff ?? "")")
    }

    static let layouts: [StorageLayout] = [.rowMajor, .colMajor]
    static let shapes = [GemmShape(m: 5, n: 3, k: 4), GemmShape(m: 4, n: 6, k: 3)]

    /// Every naive order x row/column-major A, B and C (and padding), on two odd shapes.
    @Test(arguments: LoopOrder.allCases)
    func defect26_naiveGemmStreamFollowsTheReference(_ order: LoopOrder) throws {
        for shape in Self.shapes {
            for la in Self.layouts {
                for lb in Self.layouts {
                    for lc in Self.layouts {
                        for pad in [0, 2] {
                            let v = GemmVariant(
                                algorithm: .naive(order), layoutA: la, layoutB: lb, layoutC: lc,
                                padA: pad, padB: pad, padC: pad)
                            try Self.check(Float.self, shape, v, accumulator: 4)
                        }
                    }
                }
            }
        }
        // Other element sizes (int8 accumulates in int32) and a blocked layout of each operand.
        let shape = GemmShape(m: 6, n: 5, k: 7)
        for la in Self.layouts {
            for lc in Self.layouts {
                let v = GemmVariant(algorithm: .naive(order), layoutA: la, layoutC: lc)
                try Self.check(Int8.self, shape, v, accumulator: 4)
                try Self.check(Double.self, shape, v, accumulator: 8)
            }
        }
        let blocked = StorageLayout.blocked(rows: 2, cols: 4)
        for v in [
            GemmVariant(algorithm: .naive(order), layoutA: blocked),
            GemmVariant(algorithm: .naive(order), layoutB: blocked),
            GemmVariant(algorithm: .naive(order), layoutC: blocked),
        ] {
            try Self.check(Float.self, shape, v, accumulator: 4)
        }
    }

    /// Tiled GEMM in every order, whole and partial tiles, row/column-major operands.
    @Test(arguments: LoopOrder.allCases)
    func defect26_tiledGemmStreamFollowsTheReference(_ order: LoopOrder) throws {
        let shape = GemmShape(m: 7, n: 6, k: 5)
        for (tm, tn, tk) in [(2, 3, 2), (4, 4, 4), (7, 6, 5)] {
            for la in Self.layouts {
                for lb in Self.layouts {
                    for lc in Self.layouts {
                        let v = GemmVariant(
                            algorithm: .tiled(order, tm: tm, tn: tn, tk: tk),
                            layoutA: la, layoutB: lb, layoutC: lc)
                        try Self.check(Float.self, shape, v, accumulator: 4)
                    }
                }
            }
        }
    }

    /// The placement rule the reference uses is the engine's.
    @Test func arraysArePlacedAsDocumented() throws {
        let shape = GemmShape(m: 33, n: 17, k: 9)
        let v = GemmVariant(algorithm: .naive(.ijk), layoutA: .colMajor, padA: 3, padB: 1)
        let w = try #require(GemmWorkload<Float>(shape: shape, variant: v))
        let (a, b, c) = Self.operands(shape, v, element: 4, accumulator: 4)
        // A: 9 columns of 33 + 3 floats, the last one unpadded: (8·36 + 33)·4 = 1284 B, so B starts
        // two pages (the rounded-up page and the guard page) after A.
        #expect(a.bytes == 1284 && b.base == 0x1000_0000 + 2 * 4096)
        #expect(w.arrays.map(\.base) == [a.base, b.base, c.base])
        #expect(w.arrays.map(\.bytes) == [a.bytes, b.bytes, c.bytes])
    }
}
