import ResultsSchema
import Foundation
import Engine

/// Element types an experiment can name.
public enum ElementType: String, CaseIterable, Sendable {
    case f32, f64, i8
    /// Bytes per input element.
    public var size: Int { self == .f32 ? 4 : self == .f64 ? 8 : 1 }
    /// Bytes per accumulator (C / output) element.
    public var accumulatorSize: Int { self == .f64 ? 8 : 4 }
}

/// A decoded, checked experiment: machine, kernel, shape, variants and sweep axes.
public struct ExperimentSpec: Sendable {
    public enum Kernel: String, CaseIterable, Sendable { case gemm, conv }
    public var name: String
    /// The experiment's own words (the claim it tests), from its `description` key.
    public var description: String?
    public var file: String
    public var machine: MachineSpec
    public var kernel: Kernel
    /// Base shape values by key (m, n, k for gemm; n, c, k, h, w, r, s, stride, padding for conv).
    public var shape: [String: Int]
    public var element: ElementType
    public var variants: [VariantSpec]
    /// Sweep axes in file order; the cross product is run.
    public var sweep: [(key: String, values: [SweepValue])]
    /// Quantitative claims the report judges (`claim:`, one mapping or a list).
    public var claims: [Claim] = []
    /// PAPI events to measure (empty: the defaults).
    public var events: [String]
    public var repetitions: Int
    /// Every run, resolved once when the file is read, in the sweep's run order: points in sweep
    /// order (outermost), within a point the variants in file order. Shards number runs by their
    /// position here.
    public internal(set) var runs: [RunSpec] = []

    /// Every sweep point, as key -> value (one empty point without a sweep).
    public var points: [SweepPoint] {
        sweep.reduce([[:]]) { acc, axis in acc.flatMap { p in axis.values.map { v in p.merging([axis.key: v]) { $1 } } }
        }
    }
}

/// One variant as written: its name, where it is, and its keys.
public struct VariantSpec: Sendable {
    public var name: String
    public var line: Int?
    public var path: String
    public var values: [String: String]
}
