import Foundation
import Testing
@testable import LayoutLabKit
@testable import LayoutConfig
import Reporting
import TestSupport

/// Issue 14, library level: careless and hostile input ends in a result or a one-line error.
@Suite struct HostileInputTests {
    let scratch = TestDirectory("layoutlab-hostile")
    func tmp(_ name: String) -> String { scratch.file(name) }
    func err(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch { return "\(error)" }
    }
    func write(_ text: String, _ name: String) -> String {
        let p = tmp(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }
    static let machine = "name: m\nlevels:\n  - {size: 1KiB, line: 64, ways: 2}\n"
    static let experiment = "name: e\nmachine: tiny\nkernel: gemm\nshape: {m: 4, n: 4, k: 4}\nvariants: [{name: a}]\n"

    @Test func nestingIsLimitedBeforeParsing() {
        // 65 flow levels on line 2 pass the limit of 64; 60 do not (Yams then reads them).
        let deep = "name: x\nlevels: " + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "\n"
        #expect(
            err { _ = try MachineSpec.decode(deep, file: "d.yaml") }
                == "d.yaml:2: nests deeper than 64 levels; a machine or experiment file nests a few")
        let ok = "name: x\nlevels: " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + "\n"
        #expect(!err { _ = try MachineSpec.decode(ok, file: "d.yaml") }.contains("nests deeper"))
        // Block nesting: 70 `- ` on one line, and 70 indentation steps.
        let dashes = "name: x\nlevels:\n" + String(repeating: "- ", count: 70) + "a\n"
        #expect(err { _ = try MachineSpec.decode(dashes, file: "d.yaml") }.hasPrefix("d.yaml:3: nests deeper"))
        let steps = (0..<70).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n"
        #expect(err { _ = try ExperimentSpec.decode(steps, file: "s.yaml") }.hasPrefix("s.yaml:65: nests deeper"))
        // Brackets inside quotes and comments are not nesting.
        let quoted =
            "name: '" + String(repeating: "[", count: 100) + "' # " + String(repeating: "{", count: 100)
            + "\nlevels:\n  - {size: 1KiB, line: 64, ways: 2}\n"
        #expect(err { _ = try MachineSpec.decode(quoted, file: "q.yaml") } == "no error")
    }

    @Test func configsAreReadThroughSymlinks() throws {
        let m = write(Self.machine, "m.yaml"),
            e = write(Self.experiment.replacingOccurrences(of: "tiny", with: "lm.yaml"), "e.yaml")
        try FileManager.default.createSymbolicLink(atPath: tmp("lm.yaml"), withDestinationPath: m)
        try FileManager.default.createSymbolicLink(atPath: tmp("le.yaml"), withDestinationPath: e)
        #expect(try MachineSpec.load(path: tmp("lm.yaml")).levels.count == 1)
        #expect(try MachineSpec.resolve(tmp("lm.yaml")).name == "m")
        #expect(try ExperimentSpec.load(path: tmp("le.yaml")).machine.name == "m")
        // What a link leads to must still be a regular file.
        #expect(mkfifo(tmp("fifo"), 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: tmp("lf.yaml"), withDestinationPath: tmp("fifo"))
        #expect(err { _ = try MachineSpec.load(path: tmp("lf.yaml")) } == "\(tmp("lf.yaml")): is not a regular file")
        try FileManager.default.createSymbolicLink(atPath: tmp("ld.yaml"), withDestinationPath: scratch.path)
        #expect(
            err { _ = try ExperimentSpec.load(path: tmp("ld.yaml")) } == "\(tmp("ld.yaml")): is a directory, not a file"
        )
    }

    @Test func machineDeviceIsTheExperimentsError() {
        let e = write(Self.experiment.replacingOccurrences(of: "tiny", with: "/dev/zero"), "e.yaml")
        #expect(err { _ = try ExperimentSpec.load(path: e) } == "\(e):2: machine: `/dev/zero` is not a regular file")
    }

    @Test func namesThatWouldEscapeTheOutputFolderAreRefused() {
        func exp(_ name: String) -> String {
            Self.experiment.replacingOccurrences(of: "name: e", with: "name: \(name)")
        }
        #expect(
            err { _ = try ExperimentSpec.decode(exp("../escaped"), file: "e.yaml") }
                == "e.yaml:1: name: `../escaped` contains `/`; names become file names and must not name folders")
        #expect(
            err { _ = try ExperimentSpec.decode(exp("'..'"), file: "e.yaml") }
                == "e.yaml:1: name: `..` cannot name a file")
        #expect(
            err { _ = try ExperimentSpec.decode(exp("\"a\\e[31mb\""), file: "e.yaml") }
                == "e.yaml:1: name: `a\\u{1B}[31mb` contains control characters")
        #expect(err { _ = try ExperimentSpec.decode(exp("''"), file: "e.yaml") } == "e.yaml:1: name: must not be empty")
        // Level names become chart file names.
        let m = Self.machine.replacingOccurrences(of: "{size", with: "{name: ../L1, size")
        #expect(
            err { _ = try MachineSpec.decode(m, file: "m.yaml") }.hasPrefix(
                "m.yaml:3: levels[0].name: `../L1` contains `/`"))
        #expect(err { _ = try ExperimentSpec.decode(exp("gemm-v2.1"), file: "e.yaml") } == "no error")
    }

    @Test func fullAssociativityKeepsTheWaysCap() throws {
        // 2 GiB of 64-byte lines is 2^25 ways, twice the 2^24 cap a number is held to.
        let m = "name: m\nlevels:\n  - {size: 2GiB, line: 64, ways: full}\n"
        #expect(
            err { _ = try MachineSpec.decode(m, file: "m.yaml") }
                == """
                m.yaml:3: levels[0].ways: `full` makes 33554432 ways (size / line); at most 16777216 ways are \
                supported
                """
        )
        let small = "name: m\nlevels:\n  - {size: 1KiB, line: 64, ways: full}\n"
        #expect(try MachineSpec.decode(small, file: "m.yaml").levels[0].ways == 16)
    }

    @Test func runsSideBySideFitTogether() {
        // Budget 5 GB: two 3 GB runs cannot run at once (6 > 5), one can; 1 GB runs: 5 fit, capped by 2 cores.
        #expect(SimulateJob.concurrency(runBytes: [3e9, 3e9, 1e9], budget: 5e9, cores: 2) == 1)
        #expect(SimulateJob.concurrency(runBytes: [1e9, 1e9, 1e9], budget: 5e9, cores: 2) == 2)
        #expect(SimulateJob.concurrency(runBytes: [1e9, 1e9, 1e9], budget: 5e9, cores: 16) == 5)
        // A run over the budget alone was refused when read; the scheduler still runs one at a time.
        #expect(SimulateJob.concurrency(runBytes: [9e9], budget: 5e9, cores: 4) == 1)
        // tiny: 256 B / 16 + 1 KiB / 16 = 80 lines of 58 bytes each.
        #expect(SimulateJob.tagStoreBytes(try! MachineSpec.resolve("tiny").levels) == 80 * 58)
    }
}
