import CacheSim
import Foundation
import ResultsSchema
import SafeIO
import TestSupport
import Testing

/// Reading documents: exact 64-bit counts, errors naming the JSON path in the one-line style,
/// absent and null kept apart, ordered maps in file order, and the declaration order of a
/// record being the key order written.
@Suite struct SchemaDecodingTests {
    static func level(_ fields: String) throws -> LevelRecord {
        try SchemaDecoder.decode(LevelRecord.self, from: try JSON.parse(Data(fields.utf8)), file: "l.json")
    }

    /// 2^64 - 1 and 2^53 + 1 (which a Double cannot hold: it rounds to 2^53) read back exactly.
    @Test func countsAbove2To53DecodeExactly() throws {
        let max = try Self.level(#"{"name": "L1", "loads": 18446744073709551615, "stores": 0}"#)
        #expect(max.counters.loads == 18_446_744_073_709_551_615)
        #expect(max.counters.loads == UInt64.max)
        let odd = try Self.level(#"{"name": "L1", "loads": 9007199254740993, "loadMisses": 9007199254740993}"#)
        #expect(odd.counters.loads == 9_007_199_254_740_993)
        #expect(odd.counters.misses == (1 << 53) + 1)
        // and they are written back digit for digit
        #expect(SchemaEncoder.encode(max).serialized().contains(#""loads":18446744073709551615"#))
    }

    /// A wrong value deep in a bundled document is named by its path, in `file: path: what`.
    @Test func errorsNameTheJSONPath() throws {
        let text = try String(contentsOfFile: repoRoot + "/Reports/loop-orders.json", encoding: .utf8)
        let doc = try JSON.parse(Data(text.utf8))
        func set(_ j: JSON, _ path: [String], _ v: JSON) -> JSON {
            guard let k = path.first else { return v }
            switch j {
            case .object(let o):
                return .object(o.map { $0.0 == k ? ($0.0, set($0.1, Array(path.dropFirst()), v)) : $0 })
            case .array(let a):
                let i = Int(k) ?? -1
                return .array(
                    a.enumerated().map { $0.offset == i ? set($0.element, Array(path.dropFirst()), v) : $0.element })
            default: return j
            }
        }
        func message(_ j: JSON) -> String {
            do {
                _ = try SchemaDecoder.decode(ResultsDocument.self, from: j, file: "d.json").check()
                return "no error"
            } catch let e as SchemaError {
                return "d.json: " + e.description
            } catch {
                return "\(error)"
            }
        }
        #expect(
            message(set(doc, ["runs", "3", "levels", "1", "misses"], .string("many")))
                == #"d.json: runs[3].levels[1].misses: expected a non-negative integer count, got the string "many""#)
        #expect(
            message(set(doc, ["runs", "3", "levels", "1", "misses"], .int(-1)))
                == "d.json: runs[3].levels[1].misses: expected a non-negative integer count, got -1")
        #expect(
            message(set(doc, ["runs", "0", "variant"], .null)) == "d.json: runs[0].variant: expected a string, got null"
        )
        #expect(
            message(set(doc, ["machine", "levels", "0", "ways"], .uint(1 << 40))).hasPrefix(
                "d.json: machine.levels[0].ways: 1099511627776 is out of range"))
        #expect(
            message(set(doc, ["runs", "2", "levels", "0", "hits"], .uint(1))).hasPrefix(
                "d.json: runs[2].levels[0].hits: 1 is not accesses - misses"))
        #expect(message(doc) == "no error")
    }

    /// Absent, null and a value stay apart: `warp` null is written as null, absent is left out.
    @Test func absentAndNullStayApart() throws {
        let level = LevelRecord(
            name: "L1", counters: LevelCounters(), regions: [], flushed: nil, classified: true)
        var run = RunRecord()
        run.variant = "v"
        run.levels = [level]
        #expect(SchemaEncoder.encode(run)["warp"] == nil)
        run.warp = OrNull(nil)
        #expect(SchemaEncoder.encode(run).serialized().contains(#""warp":null"#))
        let back = try SchemaDecoder.decode(RunRecord.self, from: SchemaEncoder.encode(run), file: "r")
        #expect(back.warp != nil && back.warp?.value == nil)
        let absent = try SchemaDecoder.decode(
            RunRecord.self, from: try JSON.parse(Data(#"{"variant": "v", "accesses": 0, "levels": []}"#.utf8)),
            file: "r")
        #expect(absent.warp == nil)
    }

    /// Keys are written in the order the record declares them, with data keys (`point`,
    /// `regions`) in the order given, not sorted; a key written twice is refused by name.
    @Test func keyOrderIsDeclarationOrder() throws {
        var run = RunRecord()
        run.variant = "v"
        run.point = Fields([("z", .int(1)), ("a", .text("x"))])
        run.costNote = "n"
        run.modelNote = "m"
        #expect(
            SchemaEncoder.encode(run).serialized()
                == #"{"variant":"v","point":{"z":1,"a":"x"},"accesses":0,"levels":[],"modelNote":"m","costNote":"n"}"#)
        let twice = try JSON.parse(
            Data(#"{"variant": "v", "point": {"n": 1, "n": 2}, "accesses": 0, "levels": []}"#.utf8))
        #expect(throws: LayoutLabError.self) { try SchemaDecoder.decode(RunRecord.self, from: twice, file: "t") }
        do {
            _ = try SchemaDecoder.decode(RunRecord.self, from: twice, file: "t")
        } catch {
            #expect("\(error)" == "t: point.n: named twice")
        }
    }

    /// A sweep value past 2^24 and a median past 1e18 are refused where they stand.
    @Test func rangesAreCheckedWhereRead() throws {
        let point = try JSON.parse(
            Data(#"{"variant": "v", "point": {"n": 16777217}, "accesses": 0, "levels": []}"#.utf8))
        do {
            _ = try SchemaDecoder.decode(RunRecord.self, from: point, file: "p")
            Issue.record("a sweep value past 2^24 was accepted")
        } catch {
            #expect("\(error)" == "p: point.n: 16777217 is out of range (at most 16777216)")
        }
    }
}
