import CacheSim
import LayoutConfig
import Engine
import Reporting
import ResultsSchema

/// What warping did in one run: the JSON's `"warp": {"skippedAccesses", "explicitAccesses", "period"}`.
public struct WarpSummary: Sendable, Equatable {
    /// Accesses whose counts came from repeating a period instead of simulating them.
    public var skippedAccesses: UInt64
    /// Accesses simulated one by one.
    public var explicitAccesses: UInt64
    /// The largest warping period tried (iterations of the warpable loop).
    public var period: Int

    /// The document's record.
    public var record: WarpRecord {
        var r = WarpRecord()
        r.skippedAccesses = skippedAccesses
        r.explicitAccesses = explicitAccesses
        r.period = UInt64(period)
        return r
    }

    public var json: JSON { SchemaEncoder.encode(record) }
}

extension SimulateJob {
    /// Drives `run` through `sim` wrapped in a `WarpingSimulator` (the hierarchy is shared, so
    /// `sim` holds the result); sets `summary` when some warpable loop was tried.
    static func driveWarped(_ run: RunSpec, element: ElementType, sim: CacheHierarchy, summary: inout WarpSummary?)
        throws
        -> [(region: Region, base: UInt64, bytes: UInt64)]
    {
        var warped = WarpingSimulator(sim)
        let arrays = try EngineDriver.drive(run, element: element, sink: &warped)
        let st = warped.state
        if st.attempted, let q = st.period {
            summary = WarpSummary(
                skippedAccesses: st.skippedAccesses,
                explicitAccesses: sim.stats().accesses &- st.skippedAccesses, period: q)
        }
        return arrays
    }
}
