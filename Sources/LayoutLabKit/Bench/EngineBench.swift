import CacheSim
import Dispatch
import Engine
import AccessSink

/// Engine figures for `layoutlab bench`: the native kernel (no-op sink) against a plain
/// hand-written loop over the same arrays, and the engine driving the simulator directly.
public enum EngineBench {
    /// The rows, with n = 256 f32 naive GEMM (67 million emitted accesses), and a note giving
    /// the native kernel's time as a multiple of the hand-written loop's.
    /// `done` gets each simulator row as it finishes.
    public static func rows(
        levels: [LevelConfig], runs: Int, n: Int = 256,
        done: (BenchJob.Row) -> Void = { _ in }
    ) -> (rows: [BenchJob.Row], note: String) {
        let shape = GemmShape(m: n, n: n, k: n)
        let emitted = UInt64(4 * n * n * n)
        let w = GemmWorkload<Float>(shape: shape, variant: GemmVariant(algorithm: .naive(.ikj)))!
        // The two kernels take about a millisecond each, so they alternate, many times over,
        // and each figure is the median of its own runs: drift in the machine hits both alike.
        var nativeTimes: [Double] = [], handTimes: [Double] = []
        var nativeResult = 0.0, handResult = 0.0
        for _ in 0..<max(4 * runs, 21) {
            w.resetC()
            var sink = NullSink()
            nativeTimes.append(time { w.run(sink: &sink) })
            nativeResult = w.result(n - 1, n - 1)
            w.resetC()
            handTimes.append(time { handWrittenIKJ(w.operands.a, w.operands.b, w.operands.c, n) })
            handResult = w.result(n - 1, n - 1)
        }
        precondition(handResult == nativeResult, "hand-written loop disagrees with the native kernel")
        let native = BenchJob.median(nativeTimes), hand = BenchJob.median(handTimes)
        let note =
            "native / hand-written GEMM time: " + String(format: "%.2f", native / hand)
            + " (medians of \(nativeTimes.count) alternating runs each)"
        func simulate(_ order: LoopOrder, classify: Bool) -> Double {
            let v = GemmWorkload<Float>(shape: shape, variant: GemmVariant(algorithm: .naive(order)))!
            return BenchJob.median(
                (0..<runs).map { _ in
                    var sim = CacheHierarchy(levels, classify: classify)
                    return time { v.run(sink: &sim) }
                })
        }
        var rows = [
            BenchJob.Row(
                name: "engine: native naive GEMM ikj n=\(n) (NullSink)", accesses: emitted, medianSeconds: native),
            BenchJob.Row(name: "engine: hand-written ikj loop, same arrays", accesses: emitted, medianSeconds: hand),
        ]
        rows.forEach(done)
        for (order, classify) in [(LoopOrder.ijk, false), (.ikj, false), (.ijk, true)] {
            let row = BenchJob.Row(
                name: "simulate: naive GEMM \(order) n=\(n), L1+L2 LRU" + (classify ? " + 3C" : ""),
                accesses: emitted, medianSeconds: simulate(order, classify: classify))
            done(row)
            rows.append(row)
        }
        return (rows, note)
    }

    /// C += A·B for n x n row-major f32 arrays, written the way a performance-minded person
    /// would in Swift: A(i,p) in a register, row pointers for B and C, unit-stride inner loop.
    @inline(never)
    static func handWrittenIKJ(
        _ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>,
        _ c: UnsafeMutablePointer<Float>, _ n: Int
    ) {
        for i in 0..<n {
            let cRow = c + i * n
            for p in 0..<n {
                let aip = a[i * n + p]
                let bRow = b + p * n
                for j in 0..<n { cRow[j] += aip * bRow[j] }
            }
        }
    }

    static func time(_ body: () -> Void) -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }
}
