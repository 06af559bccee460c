import CacheSim
import LayoutConfig
import Reporting
import Traces

/// `layoutlab replay`: one trace through one machine.
public enum ReplayJob {
    /// Streams `path` ("-" for standard input) through a fresh hierarchy built from `machine`.
    /// `regions`, when given, attribute every access to the named range holding its address
    /// (`other` for none), replacing any tags the trace carries. `progress`, when given, gets a
    /// live line (`ReplayProgress`) twice a second, without its terminator, and a last one that
    /// clears it.
    public static func run(
        path: String, format: TraceFormat?, machine: MachineSpec, regions: AddressRegions? = nil,
        classify: Bool = true, progress: (@Sendable (String) -> Void)? = nil
    ) throws -> ReplayResult {
        let source = try ByteSource(path: path)
        var sim = CacheHierarchy(machine.levels, classify: classify)
        let live = progress.map { ReplayProgress(source: source, sim: sim, write: $0) }
        live?.begin()
        defer { live?.end() }
        let fmt: TraceFormat
        var summary: TraceSummary
        if let regions {
            var tagged = RegionMapSink(sim, regions: regions)
            (fmt, summary) = try TraceReader.replay(source, format: format, into: &tagged)
            sim = tagged.inner
            summary.regionNames = regions.regionNames
        } else {
            (fmt, summary) = try TraceReader.replay(source, format: format, into: &sim)
        }
        let end = sim.stats()
        sim.flush()
        return ReplayResult(
            format: fmt, summary: summary, machine: machine,
            stats: SimulationStats(end: end, flushed: sim.stats(), regionNames: summary.regionNames))
    }
}

/// What `replay` found.
public struct ReplayResult: Sendable {
    public var format: TraceFormat
    public var summary: TraceSummary
    public var machine: MachineSpec
    public var stats: SimulationStats
}
