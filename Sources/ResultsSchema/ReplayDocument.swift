/// `replay --json`: one trace's counters, and what was replayed.
public struct ReplayDocument: Codable, Sendable {
    /// Data accesses simulated.
    public var accesses: UInt64 = 0
    /// Instruction fetches simulated (absent in documents from before they were).
    public var instructions: UInt64?
    /// Records skipped (instruction fetches without an instruction level).
    public var skipped: UInt64?
    /// Copy-back and invalidate records executed.
    public var maintenance: UInt64?
    public var levels: [LevelRecord] = []
    public var trace: String?
    public var format: String?
    /// The replay's name (`replay --name`; default the trace's file name without its extension).
    public var name: String?
    public var machine: MachineRecord?
    public var layoutlab: String?
    public var command: String?

    public init() {}
}
