import AccessSink

/// Named address ranges a replay attributes its accesses to (`replay --region`, `--regions`),
/// as the engine attributes its accesses to its arrays: each name gets a region tag (1, 2, ...
/// in the order names are first given), an access the tag of the range that holds its first
/// byte, and an access in no range tag 0, named `other`. Ranges are half-open, `start..<end`,
/// and never overlap; one name may own several ranges (the segments of one file in a
/// `/proc/PID/maps` listing). Building one checks every rule and names the offending origin
/// (`--region a=...` or `FILE:LINE`) in a one-line `RegionError`.
public struct AddressRegions: Sendable, Equatable {
    /// One range and where it was given.
    public struct Range: Sendable, Equatable {
        public var name: String
        public var start: UInt64
        /// Exclusive.
        public var end: UInt64
        public var tag: RegionTag
        /// `--region \`a=0x10:0x20\`` or `FILE:LINE`, for errors.
        public var origin: String
    }

    /// The name of addresses in no range (tag 0).
    public static let otherName = "other"
    /// Tags are one byte and tag 0 is `other`.
    public static let maxNames = 255
    /// Ranges in all (a `/proc/PID/maps` listing has a few hundred lines).
    public static let maxRanges = 4096

    /// Every range, sorted by start.
    public private(set) var ranges: [Range] = []
    /// The region names, tag `i + 1` at index `i`.
    public private(set) var names: [String] = []
    /// Names that may gain further ranges (those from `/proc/PID/maps` lines).
    private var mergeable: Set<String> = []

    public init() {}

    /// Whether no range was given.
    public var isEmpty: Bool { ranges.isEmpty }

    /// Tag -> name for reports: every name, and `other` for tag 0.
    public var regionNames: [RegionTag: String] {
        var out: [RegionTag: String] = [0: Self.otherName]
        for (i, n) in names.enumerated() { out[RegionTag(i + 1)] = n }
        return out
    }

    /// Adds `name` = `start..<end`. `merge` (maps lines) lets a name seen before on a line that
    /// also allowed it gain this range; otherwise a name given twice is an error. `check`
    /// validates the name (the caller's `SafeName` rule) and returns why it is refused, if it is.
    public mutating func add(
        name: String, start: UInt64, end: UInt64, origin: String, merge: Bool = false,
        check: (String) -> String? = { _ in nil }
    ) throws {
        if name == Self.otherName {
            throw RegionError("\(origin): region name `other` is reserved for the addresses in no range")
        }
        if let why = check(name) { throw RegionError("\(origin): region name \(why)") }
        if end <= start {
            throw RegionError(
                "\(origin): region `\(name)` is empty: END \(Self.hex(end)) is not above START \(Self.hex(start)) "
                    + "(END is exclusive)")
        }
        let known = names.firstIndex(of: name)
        if known != nil && !(merge && mergeable.contains(name)) {
            let first = ranges.first { $0.name == name }?.origin ?? "?"
            throw RegionError("\(origin): region name `\(name)` is given twice (first at \(first))")
        }
        if known == nil && names.count >= Self.maxNames {
            throw RegionError(
                "\(origin): more than \(Self.maxNames) region names (tags are one byte; tag 0 is `other`)")
        }
        // The first range starting at or after `start`; its predecessor must end by `start`.
        let at = ranges.partitionPoint { $0.start >= start }
        for j in [at - 1, at] where j >= 0 && j < ranges.count {
            let o = ranges[j]
            if o.start < end && start < o.end {
                throw RegionError(
                    "\(origin): region `\(name)` (\(Self.hex(start))-\(Self.hex(end))) overlaps region "
                        + "`\(o.name)` (\(Self.hex(o.start))-\(Self.hex(o.end)), \(o.origin))")
            }
        }
        guard ranges.count < Self.maxRanges else {
            throw RegionError("\(origin): more than \(Self.maxRanges) address ranges")
        }
        let tag: RegionTag
        if let known {
            tag = RegionTag(known + 1)
        } else {
            names.append(name)
            if merge { mergeable.insert(name) }
            tag = RegionTag(names.count)
        }
        ranges.insert(Range(name: name, start: start, end: end, tag: tag, origin: origin), at: at)
    }

    /// The tag of `address`: its range's, or 0 (`other`).
    public func tag(of address: UInt64) -> RegionTag {
        let at = ranges.partitionPoint { $0.start > address }
        guard at > 0, address < ranges[at - 1].end else { return 0 }
        return ranges[at - 1].tag
    }

    /// `0x1f` (addresses in messages).
    public static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
}

/// A bad region option or regions file line: one line naming it.
public struct RegionError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension Array {
    /// The first index whose element satisfies `pred`, where `pred` is false then true along
    /// the array (binary search); `count` when none does.
    fileprivate func partitionPoint(_ pred: (Element) -> Bool) -> Int {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if pred(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
