import AccessSink
/// Predicts what warping will do for a kernel without simulating it (`simulate --warp-plan`):
/// driven like a simulator, it counts the accesses made outside warpable loops and records each
/// warpable loop instead of running its body.
///
/// The prediction for one loop: period q (`WarpPeriod.tried`); warm-up W, the iterations the
/// largest level needs to fill with data placed relative to the current iteration,
/// ceil(capacity / bytes the moving arrays move per iteration); the first match at the first
/// period-aligned iteration at least W + q in, then every whole period left skipped.
public struct WarpPlanner: AccessSink {
    public let levels: [LevelConfig]
    public let settings: WarpSettings
    /// Accesses outside warpable loops.
    public private(set) var outside: UInt64 = 0
    /// Each distinct loop in the order met, with how many times it ran (consecutive equal loops
    /// merged, as the i loops inside a naive nest's outer loops are).
    public private(set) var loops: [(loop: WarpLoop, times: Int)] = []

    public init(_ levels: [LevelConfig], settings: WarpSettings = WarpSettings()) {
        self.levels = levels
        self.settings = settings
    }

    public mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) { outside &+= 1 }

    public mutating func warpLoop(_ loop: WarpLoop, _ body: (inout WarpPlanner, Int) -> Void) {
        if let last = loops.last, last.loop == loop {
            loops[loops.count - 1].times += 1
        } else {
            loops.append((loop, 1))
        }
    }

    /// One loop's prediction: nil period when warping will not try it.
    public struct Prediction: Sendable {
        public var period: Int?
        public var warmup: Int
        public var skippedIterations: Int
    }

    public func predict(_ loop: WarpLoop) -> Prediction {
        let moved = loop.shifts.reduce(0) { $0 + Int($1.bytes.magnitude) }
        let capacity = levels.map(\.size).max() ?? 0
        let warmup = moved == 0 ? loop.count : min(loop.count, (capacity + moved - 1) / moved)
        guard WarpPeriod.exact(levels),
            let q = WarpPeriod.tried(levels, loop, settings: settings, lines: WarpPeriod.lines(levels))
        else {
            return Prediction(period: nil, warmup: warmup, skippedIterations: 0)
        }
        let lo = loop.uniform.lowerBound, hi = min(loop.uniform.upperBound, loop.count)
        let first = lo + (warmup + q - 1) / q * q + q
        let skipped = first + q <= hi ? (hi - first) / q * q : 0
        return Prediction(period: q, warmup: warmup, skippedIterations: skipped)
    }

    /// Accesses in total and predicted skipped, over every loop met.
    public func totals() -> (accesses: UInt64, skipped: UInt64) {
        var all = outside, skipped: UInt64 = 0
        for (loop, times) in loops {
            all &+= UInt64(loop.count) &* loop.accessesPerIteration &* UInt64(times)
            skipped &+= UInt64(predict(loop).skippedIterations) &* loop.accessesPerIteration &* UInt64(times)
        }
        return (all, skipped)
    }
}
