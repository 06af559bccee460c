import CacheSim

/// One level of a run (or of a replay): the counters at the end of the trace, each region's,
/// and the final flush's. The counters are those of `LevelCounters.fields` (the one counter
/// table), so a new counter reaches the documents with no edit here. Keys: `name`, `accesses`,
/// `hits`, `misses`, the table's core block, `regions`, `flushed`, then the table's extras; a 3C
/// counter is null when the split was not kept.
public struct LevelRecord: Codable, Sendable {
    public var name: String
    public var counters: LevelCounters
    /// Region name -> its counters, in tag order.
    public var regions: [(name: String, counters: LevelCounters)]
    /// Write-backs and misses of the final flush.
    public var flushed: Flushed?
    /// Whether the 3C counters were kept (null in the document when not).
    public var classified: Bool

    public struct Flushed: Codable, Sendable {
        public var writebacks: UInt64 = 0
        public var misses: UInt64 = 0

        public init() {}
    }

    public init(
        name: String, counters: LevelCounters, regions: [(name: String, counters: LevelCounters)],
        flushed: Flushed?, classified: Bool
    ) {
        self.name = name
        self.counters = counters
        self.regions = regions
        self.flushed = flushed
        self.classified = classified
    }

    /// A key of a level or region entry.
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: Key("name"))
        try Self.encode(counters, .core, classified: classified, derived: true, into: &c)
        var r = c.nestedContainer(keyedBy: Key.self, forKey: Key("regions"))
        for region in regions {
            var rc = r.nestedContainer(keyedBy: Key.self, forKey: Key(region.name))
            try Self.encode(region.counters, .core, classified: classified, derived: true, into: &rc)
            try Self.encode(region.counters, .extra, classified: classified, derived: false, into: &rc)
        }
        try c.encodeIfPresent(flushed, forKey: Key("flushed"))
        try Self.encode(counters, .extra, classified: classified, derived: false, into: &c)
    }

    /// One block of the field table, after the derived `accesses`, `hits` and `misses` when `derived`.
    static func encode(
        _ counters: LevelCounters, _ block: LevelCounters.Field.Block, classified: Bool, derived: Bool,
        into c: inout KeyedEncodingContainer<Key>
    ) throws {
        if derived {
            try c.encode(counters.accesses, forKey: Key("accesses"))
            try c.encode(counters.hits, forKey: Key("hits"))
            try c.encode(counters.misses, forKey: Key("misses"))
        }
        for f in LevelCounters.fields where f.block == block {
            if f.threeC && !classified {
                try c.encodeNil(forKey: Key(f.name))
            } else {
                try c.encode(counters[keyPath: f.keyPath], forKey: Key(f.name))
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        name = try c.decode(String.self, forKey: Key("name"))
        counters = try Self.counters(c)
        regions = []
        if let r = try c.decodeIfPresent(Fields<Region>.self, forKey: Key("regions")) {
            regions = r.entries.map { ($0.key, $0.value.counters) }
        }
        flushed = try c.decodeIfPresent(Flushed.self, forKey: Key("flushed"))
        classified = try !LevelCounters.fields.contains { f in
            try f.threeC && c.contains(Key(f.name)) && c.decodeNil(forKey: Key(f.name))
        }
    }

    /// A region's entry: a counter block.
    struct Region: Codable, Sendable {
        var counters: LevelCounters

        init(from decoder: any Decoder) throws {
            counters = try LevelRecord.counters(try decoder.container(keyedBy: Key.self))
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try LevelRecord.encode(counters, .core, classified: true, derived: true, into: &c)
            try LevelRecord.encode(counters, .extra, classified: true, derived: false, into: &c)
        }
    }

    /// A counter block; a counter absent or null is 0 (a 3C counter not kept). Sums are checked:
    /// loads + stores and loadMisses + storeMisses must fit 64 bits and agree with `accesses`
    /// and `misses`. A block without loads and stores (documents from before them) counts its
    /// `accesses` as loads.
    static func counters(_ c: KeyedDecodingContainer<Key>) throws -> LevelCounters {
        func fail(_ key: String, _ what: String) -> SchemaError { SchemaError(c.codingPath + [Key(key)], what) }
        func count(_ key: String) throws -> UInt64? { try c.decodeIfPresent(UInt64.self, forKey: Key(key)) }
        var v = LevelCounters()
        for f in LevelCounters.fields { v[keyPath: f.keyPath] = try count(f.name) ?? 0 }
        let accesses = try count("accesses")
        if v.loads == 0 && v.stores == 0 { v.loads = accesses ?? 0 }
        if v.loads.addingReportingOverflow(v.stores).overflow {
            throw fail("stores", "the loads and stores add up past 2^64 (\(v.loads) + \(v.stores))")
        }
        if v.loadMisses.addingReportingOverflow(v.storeMisses).overflow {
            throw fail(
                "storeMisses", "the load and store misses add up past 2^64 (\(v.loadMisses) + \(v.storeMisses))")
        }
        if let a = accesses, a != v.accesses {
            throw fail("accesses", "\(a) is not loads + stores (\(v.accesses))")
        }
        if let m = try count("misses"), m != v.misses {
            throw fail("misses", "\(m) is not loadMisses + storeMisses (\(v.misses))")
        }
        if v.misses > v.accesses { throw fail("misses", "\(v.misses) misses exceed \(v.accesses) accesses") }
        if let h = try count("hits"), h != v.hits { throw fail("hits", "\(h) is not accesses - misses (\(v.hits))") }
        return v
    }
}
