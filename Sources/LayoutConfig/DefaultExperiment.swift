/// The experiment `layoutlab simulate` runs when given none; also shipped as
/// `Configs/experiments/loop-orders.yaml` (a test keeps the two identical).
public enum DefaultExperiment {
    public static let name = "loop-orders"
    public static let yaml = """
    name: loop-orders
    description: naive GEMM in all six loop orders, row- and column-major, with and without padding
    machine: zen4
    kernel: gemm
    shape: {m: 256, n: 256, k: 256}
    element: f32
    variants:
      - {name: ijk-row, loops: ijk}
      - {name: ikj-row, loops: ikj}
      - {name: jik-row, loops: jik}
      - {name: jki-row, loops: jki}
      - {name: kij-row, loops: kij}
      - {name: kji-row, loops: kji}
      - {name: ijk-col, loops: ijk, layout: col}
      - {name: jki-col, loops: jki, layout: col}
      - {name: ijk-row-pad16, loops: ijk, pad: 16}

    """

    /// The decoded default experiment.
    public static func spec() throws -> ExperimentSpec { try ExperimentSpec.decode(yaml, file: "builtin:\(name)") }
}
