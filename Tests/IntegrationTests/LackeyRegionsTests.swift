import ResultsSchema
import Counters
import Foundation
import Reporting
import Testing
import TestSupport

/// `replay --regions` on a real Lackey trace with real `nm -S` lines (the flow of
/// docs/examples.md, on a program small enough to count by hand). Needs Valgrind and a C
/// compiler; skipped, saying so, without them.
@Suite struct LackeyRegionsTests {
    let dir = TestDirectory("lackey-regions")

    /// The first of `names` found on PATH.
    static func onPath(_ names: [String]) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        for n in names {
            for p in paths where FileManager.default.isExecutableFile(atPath: "\(p)/\(n)") { return "\(p)/\(n)" }
        }
        return nil
    }
    static let cc = onPath(["clang", "cc"])

    func run(_ tool: String, _ args: [String], stdout: String? = nil) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        if let stdout {
            FileManager.default.createFile(atPath: stdout, contents: nil)
            p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
        }
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// `volatile` makes every access a real one: A gets 256 stores then 256 loads, Bv 64 stores;
    /// the sum stays in a register. So, by hand, A's L1 record holds 256 loads and 256 stores,
    /// Bv's 0 loads and 64 stores.
    @Test(
        .enabled(
            if: Callgrind.valgrindPath() != nil && cc != nil && onPath(["nm"]) != nil,
            "needs valgrind, a C compiler and nm (apt-get install valgrind binutils)"))
    func aLackeyTraceIsAttributedToTheArraysNmNames() throws {
        try #require(CLIProcess.built)
        let src = dir.file("p.c")
        try """
        volatile int A[256];
        volatile int Bv[64];
        int main(void) {
            for (int i = 0; i < 256; i++) A[i] = i;
            int s = 0;
            for (int i = 0; i < 256; i++) s += A[i];
            for (int i = 0; i < 64; i++) Bv[i] = s;
            return s == 0;
        }

        """.write(toFile: src, atomically: true, encoding: .utf8)
        let exe = dir.file("p")
        #expect(try run(Self.cc!, ["-O1", "-g0", "-no-pie", "-o", exe, src]) == 0)
        let trace = dir.file("p.lackey")
        _ = try run(Callgrind.valgrindPath()!, ["--tool=lackey", "--trace-mem=yes", "--log-file=\(trace)", exe])
        let nmOut = dir.file("p.nm")
        #expect(try run(Self.onPath(["nm"])!, ["-S", exe], stdout: nmOut) == 0)
        // The arrays' lines, as nm prints them (ADDRESS SIZE TYPE NAME).
        let lines = try String(contentsOfFile: nmOut, encoding: .utf8).split(separator: "\n").filter {
            $0.hasSuffix(" A") || $0.hasSuffix(" Bv")
        }
        #expect(lines.count == 2)
        let regions = dir.file("p.regions")
        try (lines.joined(separator: "\n") + "\n").write(toFile: regions, atomically: true, encoding: .utf8)
        let r = try CLIProcess.run(["replay", trace, "--machine", "zen4", "--regions", regions, "--json"])
        #expect(r.status == 0, "\(r.err)")
        let doc = try JSON.parse(Data(r.out.utf8))
        #expect(doc["name"]?.string == "p")
        let l1 = doc["levels"]?.array?.first?["regions"]
        #expect(l1?["A"]?["loads"]?.uint64 == 256)
        #expect(l1?["A"]?["stores"]?.uint64 == 256)
        #expect(l1?["Bv"]?["loads"]?.uint64 == 0)
        #expect(l1?["Bv"]?["stores"]?.uint64 == 64)
        #expect((l1?["other"]?["accesses"]?.uint64 ?? 0) > 0)
    }
}
