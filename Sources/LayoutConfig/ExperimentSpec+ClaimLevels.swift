extension ExperimentSpec {
    /// Refuses, before any work, a machine given by `--machine` that lacks a level one of the
    /// experiment's claims names (an L3 claim on a two-level machine): the results document could
    /// not carry the claim. `machine` is that machine; the experiment's own was checked when read.
    public func checkClaimLevels(on machine: MachineSpec) throws {
        let names = machine.levels.map(\.name)
        for (i, c) in claims.enumerated() {
            guard let level = c.level, !names.contains(level) else { continue }
            throw ConfigError(
                file: file, line: nil, key: "claim[\(i)].level",
                message:
                    "no level `\(level)` in machine \(machine.name) (from --machine); levels: "
                    + names.joined(separator: ", "))
        }
    }
}
