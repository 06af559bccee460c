import Engine
import LayoutConfig

/// Runs one resolved kernel through a sink. Generic over the sink and dispatching on the element
/// type, so every (element, sink) pair is a specialised, direct-call instantiation of the engine.
public enum EngineDriver {
    /// Builds the run's arrays, executes it once into `sink`, and returns its arrays' placement.
    /// Throws when the arrays do not fit the 64-bit address space.
    @discardableResult
    public static func drive<S: AccessSink>(_ run: RunSpec, element: ElementType, sink: inout S) throws
        -> [(region: Region, base: UInt64, bytes: UInt64)] {
        switch element {
        case .f32: return try drive(run, Float.self, &sink)
        case .f64: return try drive(run, Double.self, &sink)
        case .i8: return try drive(run, Int8.self, &sink)
        }
    }

    static func drive<E: GemmElement, S: AccessSink>(_ run: RunSpec, _: E.Type, _ sink: inout S) throws
        -> [(region: Region, base: UInt64, bytes: UInt64)] {
        switch run.kernel {
        case .gemm(let shape, let variant):
            guard let w = GemmWorkload<E>(shape: shape, variant: variant) else { throw overflow(run) }
            w.run(sink: &sink)
            return w.arrays
        case .conv(let shape, let variant):
            guard let w = ConvWorkload<E>(shape: shape, variant: variant) else { throw overflow(run) }
            w.run(sink: &sink)
            return w.arrays
        }
    }

    static func overflow(_ run: RunSpec) -> ConfigError {
        ConfigError(file: run.variant, line: nil, key: "shape", message: "the arrays do not fit in the 64-bit address space")
    }
}
