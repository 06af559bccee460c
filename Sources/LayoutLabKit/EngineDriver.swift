import Engine
import LayoutConfig
import AccessSink

/// Runs one resolved kernel through a sink. Generic over the sink and dispatching on the element
/// type, so every (element, sink) pair is a specialised, direct-call instantiation of the engine.
public enum EngineDriver {
    /// Builds the run's arrays from `buffers`, executes it once into `sink`, and returns its
    /// arrays' placement. Throws when the arrays do not fit the 64-bit address space.
    @discardableResult
    public static func drive<S: AccessSink>(
        _ run: RunSpec, element: ElementType, sink: inout S,
        buffers: Buffers = Buffers()
    ) throws -> [(region: Region, base: UInt64, bytes: UInt64)] {
        switch element {
        case .f32: return try drive(run, Float.self, &sink, buffers)
        case .f64: return try drive(run, Double.self, &sink, buffers)
        case .i8: return try drive(run, Int8.self, &sink, buffers)
        }
    }

    static func drive<E: GemmElement, S: AccessSink>(_ run: RunSpec, _: E.Type, _ sink: inout S, _ buffers: Buffers)
        throws
        -> [(region: Region, base: UInt64, bytes: UInt64)]
    {
        switch run.kernel {
        case .gemm(let shape, let variant):
            guard let w = GemmWorkload<E>(shape: shape, variant: variant, buffers: buffers) else { throw overflow(run) }
            w.run(sink: &sink)
            return w.arrays
        case .conv(let shape, let variant):
            guard let w = ConvWorkload<E>(shape: shape, variant: variant, buffers: buffers) else { throw overflow(run) }
            w.run(sink: &sink)
            return w.arrays
        }
    }

    static func overflow(_ run: RunSpec) -> ConfigError {
        ConfigError(
            file: run.variant, line: nil, key: "shape", message: "the arrays do not fit in the 64-bit address space")
    }
}

extension EngineDriver {
    /// The native twin of a run: its arrays built from `buffers` now, and a closure that runs the
    /// kernel once with the no-op sink (nothing instrumented is left in it).
    public static func nativeKernel(_ run: RunSpec, element: ElementType, buffers: Buffers) throws -> () -> Void {
        switch element {
        case .f32: return try native(run, Float.self, buffers)
        case .f64: return try native(run, Double.self, buffers)
        case .i8: return try native(run, Int8.self, buffers)
        }
    }

    static func native<E: GemmElement>(_ run: RunSpec, _: E.Type, _ buffers: Buffers) throws -> () -> Void {
        switch run.kernel {
        case .gemm(let shape, let variant):
            guard let w = GemmWorkload<E>(shape: shape, variant: variant, buffers: buffers) else { throw overflow(run) }
            return {
                var sink = NullSink()
                w.run(sink: &sink)
            }
        case .conv(let shape, let variant):
            guard let w = ConvWorkload<E>(shape: shape, variant: variant, buffers: buffers) else { throw overflow(run) }
            return {
                var sink = NullSink()
                w.run(sink: &sink)
            }
        }
    }
}

/// Counts the distinct 4 KiB pages an access stream touches, and predicts the minor page faults
/// a run on fresh anonymous memory takes: one per page, plus one more for each page whose first
/// touch is a read and which is written later (the read maps the shared zero page, the write
/// then faults again to get a private copy).
public struct PageSink: AccessSink {
    /// Per page: bit 0 touched, bit 1 first touch was a read, bit 2 written after that read.
    var state: [UInt64: UInt8] = [:]
    var lastPage = UInt64.max
    var lastKind = AccessKind.load
    public init() {}

    /// Distinct pages touched.
    public var pages: Int { state.count }
    /// Page faults expected on fresh, zero-filled memory.
    public var predictedFaults: Int { state.count + state.values.filter { $0 & 4 != 0 }.count }

    public mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        let first = address >> 12, last = (address &+ UInt64(max(size, 1)) &- 1) >> 12
        if first == last && first == lastPage && (kind == .load || lastKind == .store) { return }
        for p in first...max(first, last) {
            let s = state[p] ?? 0
            if s == 0 {
                state[p] = kind == .load ? 3 : 1
            } else if kind == .store && s & 2 != 0 {
                state[p] = s | 4
            }
        }
        lastPage = last
        lastKind = kind
    }
}
