import ArgumentParser

/// `--machine M` where it overrides the experiment's machine (`simulate`, `slurm`).
struct MachineOverride: ParsableArguments {
    @Option(name: .long, help: "Machine file or bundled machine name, overriding the experiment's.")
    var machine: String?
}

/// `--no3c`, the same flag wherever a hierarchy is simulated (`simulate`, `slurm`, `replay`).
struct ThreeCOption: ParsableArguments {
    @Flag(
        name: .customLong("no3c"),
        help: """
            Skip the 3C (compulsory/capacity/conflict) classification, for speed (several times faster); \
            the report and JSON then show it as not computed.
            """)
    var no3c = false
}
