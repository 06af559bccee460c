/// The results document of `simulate --json` and `measure --json` (and of one shard of a sweep):
/// what was run and on what machine, one record a run, and what was measured. Each record is
/// defined once, here and in the records beside it; `SchemaEncoder` writes it with the keys in the
/// order its stored properties are declared (a contract: bundled reports and merged shards stay
/// byte-identical), leaving out optionals that are nil, and `SchemaDecoder` reads it back, every
/// number range-checked (`check()`), errors naming the JSON path.
///
/// Adding an optional field is one line: a stored property `public var name: T?` declared at the
/// place its key goes (a documented range goes into `check()` beside it).
public struct ResultsDocument: Codable, Sendable {
    public var experiment: String = ""
    public var machine = MachineRecord()
    public var runs: [RunRecord] = []
    public var description: String?
    public var kernel: String?
    public var element: String?
    /// Dimension -> size (sorted by name).
    public var shape: Fields<Int>?
    /// Axis -> its values, in the experiment's order.
    public var sweep: Fields<[SweepValue]>?
    /// Each variant's `name` and its keys, as strings.
    public var variants: [Fields<String>]?
    /// The LayoutLab version that wrote the document.
    public var layoutlab: String?
    public var command: String?
    public var claims: [Claim]?
    /// `measure`: the rank agreement of simulated and measured figures, and the vendor's notes.
    public var crossCheck: CrossCheckRecord?
    /// A shard's partial document: which shard of which sweep.
    public var shard: ShardRecord?

    public init() {}
}
