import Reporting
import ResultsSchema

/// Results documents built by hand, in the order and with the keys `simulate` writes, so that the report's tests
/// can choose every number and derive the expected sentences from them (ReportingTests, and CallgrindTests'
/// measured runs in IntegrationTests).
public enum HandMadeDocument {
    /// A level entry: misses split into loads/stores (all loads), 3C as given or null.
    /// `conflict` (with `compulsory`) splits the rest between capacity and conflict; `bytesIn` and
    /// `bytesOut` (what the level read from and wrote to the next) are written only when given.
    public static func level(
        _ name: String, accesses: UInt64, misses: UInt64, compulsory: UInt64? = nil,
        regions: [(String, UInt64, UInt64)] = [], conflict: UInt64 = 0, bytesIn: UInt64? = nil,
        bytesOut: UInt64? = nil
    ) -> JSON {
        let three: [(String, JSON)] = ["compulsory", "capacity", "conflict"].enumerated().map { i, k in
            (k, compulsory.map { .uint(i == 0 ? $0 : i == 1 ? misses - $0 - conflict : conflict) } ?? .null)
        }
        let bytes: [(String, JSON)] =
            (bytesIn.map { [("bytesRead", JSON.uint($0))] } ?? [])
            + (bytesOut.map { [("bytesWritten", JSON.uint($0))] } ?? [])
        let regs = regions.map { region in
            (
                region.0,
                JSON.object([
                    ("accesses", .uint(region.1 + region.2)), ("loads", .uint(region.1)),
                    ("stores", .uint(region.2)), ("misses", .uint(0)),
                ])
            )
        }
        let counts: [(String, JSON)] = [
            ("name", .string(name)), ("accesses", .uint(accesses)), ("hits", .uint(accesses - misses)),
            ("misses", .uint(misses)), ("loadMisses", .uint(misses)), ("storeMisses", .uint(0)),
            ("writebacks", .uint(0)),
        ]
        let flushed = JSON.object([("writebacks", .uint(0)), ("misses", .uint(0))])
        return .object(
            counts + three + [("prefetches", .uint(0))] + bytes + [("regions", .object(regs)), ("flushed", flushed)])
    }

    /// A machine of LRU levels, 32 KiB, 1 MiB, 32 MiB, ... with 64-byte lines and 8 ways.
    public static func machine(_ name: String, _ levels: [String]) -> JSON {
        .object([
            ("name", .string(name)),
            (
                "levels",
                .array(
                    levels.enumerated().map { i, l in
                        .object([
                            ("name", .string(l)), ("size", .uint(UInt64(32768 << (5 * i)))), ("line", .uint(64)),
                            ("ways", .uint(8)), ("sets", .uint(UInt64(64 << (5 * i)))), ("policy", .string("lru")),
                        ])
                    })
            ),
        ])
    }

    /// A document of a GEMM 200 x 300 x 150 experiment (f64) with the given runs; `extra` keys go last.
    public static func doc(
        _ experiment: String, machine: JSON, runs: [JSON], kernel: String = "gemm",
        sweep: [(String, JSON)] = [], extra: [(String, JSON)] = []
    ) -> JSON {
        let shape = JSON.object([("m", .uint(200)), ("n", .uint(300)), ("k", .uint(150))])
        return .object(
            [
                ("experiment", .string(experiment)), ("machine", machine), ("runs", .array(runs)),
                ("kernel", .string(kernel)), ("element", .string("f64")), ("shape", shape),
                ("sweep", .object(sweep)), ("layoutlab", .string("test")),
            ] + extra)
    }

    /// A run entry of `variant` at `point` with the given level entries.
    public static func run(_ variant: String, _ point: [(String, JSON)], accesses: UInt64, _ levels: [JSON]) -> JSON {
        .object([
            ("variant", .string(variant)), ("point", .object(point)), ("accesses", .uint(accesses)),
            ("footprintBytes", .uint(0)), ("levels", .array(levels)),
        ])
    }

    /// `doc` with run `i`'s fields `fields` added (or replaced): `sameAs`, `model`, `cost` ...
    public static func editingRuns(_ doc: JSON, _ fields: [Int: [(String, JSON)]]) -> JSON {
        guard case .object(let o) = doc, case .array(let runs)? = doc["runs"] else { return doc }
        let edited: [JSON] = runs.enumerated().map { i, run in
            guard case .object(let r) = run, let add = fields[i] else { return run }
            return .object(r.filter { kv in !add.contains { $0.0 == kv.0 } } + add)
        }
        return .object(o.map { $0.0 == "runs" ? ("runs", .array(edited)) : $0 })
    }
}
