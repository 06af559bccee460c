import Foundation
import ResultsSchema
import TestSupport
import Testing

/// The schema's records against the bundled documents, which the writer before the schema
/// wrote (key by key, by hand): decoded and written again they must be the same bytes, so the
/// records hold every key, in the order that writer used.
@Suite struct SchemaRoundTripTests {
    static let documents = [
        "blis-model-a53", "blis-model-zen4", "conv-1x1", "conv-3x3", "gemm-loop-orders", "loop-orders",
        "measure-small-callgrind", "packing", "qnnpack-vs-packed", "register-blocking",
    ]

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: repoRoot + "/Reports/\(name).json", encoding: .utf8)
    }

    @Test(arguments: documents)
    func bundledDocumentRoundTripsByteIdentical(_ name: String) throws {
        let text = try Self.text(name)
        let doc = try SchemaDecoder.decode(ResultsDocument.self, from: try JSON.parse(Data(text.utf8)), file: name)
        try doc.check()
        let again = SchemaEncoder.encode(doc).serialized(pretty: true) + "\n"
        #expect(again == text, "\(name): the records wrote other bytes than the file")
    }

    /// The bundled documents cover what the records are for: a measured run (its events, pages,
    /// wall time, cross-check), a cost and a cost note, warp null, claims and the model.
    @Test func bundledDocumentsCoverTheRecords() throws {
        var keys: Set<String> = []
        for name in Self.documents {
            let doc = try JSON.parse(Data(try Self.text(name).utf8))
            keys.formUnion(doc.object?.map(\.0) ?? [])
            for r in doc["runs"]?.array ?? [] { keys.formUnion(r.object?.map(\.0) ?? []) }
        }
        for k in ["claims", "crossCheck", "measured", "wallSeconds", "cost", "costNote", "warp", "model", "modelNote"] {
            #expect(keys.contains(k), "no bundled document has `\(k)`")
        }
    }

    /// A replay document (written by the replay command's record) reads back and writes the same bytes.
    @Test func replayDocumentRoundTrips() throws {
        let text = """
            {
              "accesses": 5,
              "instructions": 0,
              "skipped": 1,
              "maintenance": 0,
              "levels": [
                {
                  "name": "L1",
                  "accesses": 5,
                  "hits": 3,
                  "misses": 2,
                  "loadMisses": 2,
                  "storeMisses": 0,
                  "writebacks": 0,
                  "compulsory": null,
                  "capacity": null,
                  "conflict": null,
                  "prefetches": 0,
                  "regions": {},
                  "flushed": {
                    "writebacks": 0,
                    "misses": 0
                  },
                  "loads": 5,
                  "stores": 0,
                  "usefulPrefetches": 0,
                  "bytesRead": 128,
                  "bytesWritten": 0,
                  "backInvalidations": 0
                }
              ],
              "trace": "t.txt",
              "format": "text"
            }
            """
        let doc = try SchemaDecoder.decode(ReplayDocument.self, from: try JSON.parse(Data(text.utf8)), file: "r")
        try doc.check()
        #expect(doc.levels[0].classified == false)
        #expect(doc.levels[0].counters.misses == 2)
        #expect(SchemaEncoder.encode(doc).serialized(pretty: true) == text)
    }
}
