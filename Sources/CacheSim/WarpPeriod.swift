import AccessSink
/// The warping period of a loop on a hierarchy (see `WarpingSimulator`): the fewest
/// iterations after which every moving array has moved by a multiple of `sets x line` at every
/// level, so that renaming its lines by that move keeps every line in its set. A stationary
/// operand (GEMM's B across the i loop) pins its sets, so no other renaming can work:
///
///     q = lcm over levels L and moving arrays X of (sets_L * line_L) / gcd(sets_L * line_L, shift_X)
public enum WarpPeriod {
    /// The period, or nil when no array moves (nothing to rename) or it passes `limit`.
    public static func period(_ levels: [LevelConfig], _ loop: WarpLoop, limit: Int = 1 << 40) -> Int? {
        let shifts = loop.shifts
        if shifts.isEmpty { return nil }
        var q = 1
        for c in levels {
            let g = UInt64(c.sets * c.line)
            for s in shifts {
                let step = Int(g / gcd(g, s.bytes.magnitude))
                q = q / Int(gcd(UInt64(q), UInt64(step))) * step
                if q > limit { return nil }
            }
        }
        return q
    }

    /// The period `WarpingSimulator` tries `loop` with, or nil when it does not try: no whole
    /// period after the first comparison fits the uniform range, or one period's accesses are
    /// fewer than `settings.minWorkPerLine` x the `lines` the hierarchy holds.
    public static func tried(_ levels: [LevelConfig], _ loop: WarpLoop, settings: WarpSettings, lines: Int) -> Int? {
        guard let q = period(levels, loop, limit: loop.uniform.count / 2), q >= 1 else { return nil }
        if Double(q) * Double(loop.accessesPerIteration) < settings.minWorkPerLine * Double(lines) { return nil }
        return q
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    /// Whether warping can be exact on these levels without the 3C split: no prefetcher (its
    /// state and targets are not in the snapshot) and every policy one the snapshot records
    /// (`PolicyTraits.snapshot`: opt-in, random's generator never repeats).
    /// `CacheHierarchy.warpable` is this plus no 3C shadow.
    public static func exact(_ levels: [LevelConfig]) -> Bool {
        levels.allSatisfy { $0.prefetch == .none && $0.policy.traits.warpable }
    }

    /// Lines the hierarchy can hold (what one snapshot costs, roughly).
    public static func lines(_ levels: [LevelConfig]) -> Int { levels.reduce(0) { $0 + $1.size / $1.line } }
}
