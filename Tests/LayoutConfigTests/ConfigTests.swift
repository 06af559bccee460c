import Foundation
import Testing
@testable import LayoutConfig
import TestSupport

@Suite struct ConfigTests {
    @Test func everyShippedMachineParsesAndMatchesItsPreset() throws {
        let dir = repoRoot + "/Configs/machines"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 4)
        for f in files {
            let spec = try MachineSpec.load(path: dir + "/" + f)
            let name = String(f.dropLast(5))
            if let preset = MachinePresets.all[name] {
                #expect(
                    try String(contentsOfFile: dir + "/" + f, encoding: .utf8) == preset,
                    "\(f) differs from the bundled preset")
                #expect(try MachineSpec.resolve(name).levels == spec.levels)
            }
        }
    }

    @Test func everyShippedExperimentParses() throws {
        let dir = repoRoot + "/Configs/experiments"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for f in files { _ = try ExperimentSpec.load(path: dir + "/" + f) }
        // Every file is built in under its name, word for word, and runs by name.
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(BundledExperiments.all.keys))
        for f in files {
            #expect(
                try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
                    == BundledExperiments.all[String(f.dropLast(5))], "\(f)")
        }
        #expect(try ExperimentSpec.resolve("register-blocking").claims.count == 4)
        #expect(throws: ConfigError.self) { try ExperimentSpec.resolve("no-such-experiment") }
    }

    func machineError(_ text: String) -> String {
        do {
            _ = try MachineSpec.decode(text, file: "m.yaml")
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func dineroOptionsDecode() throws {
        let text =
            """
            name: x\nlevels:\n  - {name: L1, size: 1KiB, line: 64, ways: 2, policy: fifo, shadow: fifo, prefetch: \
            tagged, distance: 2}\n
            """
            + "  - {name: L2, size: 4KiB, line: 64, ways: 4, prefetch: {kind: always, distance: 3}}\n"
        let m = try MachineSpec.decode(text, file: "m.yaml")
        #expect(m.levels[0].fifoShadow && m.levels[0].prefetch == .tagged && m.levels[0].prefetchDistance == 2)
        #expect(!m.levels[1].fifoShadow && m.levels[1].prefetch == .always && m.levels[1].prefetchDistance == 3)
        let base = "name: x\nlevels:\n  - name: L1\n    size: 1KiB\n    line: 64\n    ways: 2\n"
        #expect(
            machineError(base + "    shadow: plru\n") == "m.yaml:7: levels[0].shadow: `plru` is not one of lru | fifo")
        #expect(machineError(base + "    distance: 0\n").hasPrefix("m.yaml:7: levels[0].distance:"))
    }

    @Test func machineErrorsNameFileLineAndKey() {
        let base = "name: x\nlevels:\n  - name: L1\n    size: 1KiB\n    line: 64\n"
        #expect(
            machineError(base + "    ways: 3\n")
                == "m.yaml:4: levels[0].size: size 1024 is not a whole number of sets of 3 ways x 64-byte lines")
        #expect(
            machineError(base + "    ways: 4\n    polcy: lru\n").hasPrefix(
                "m.yaml:7: levels[0].polcy: unknown key (did you mean `policy`?)"))
        #expect(
            machineError("name: x\nlevels:\n  - size: 1KiB\n    line: 48\n    ways: 2\n").hasPrefix(
                "m.yaml:4: levels[0].line: must be a power of two"))
        #expect(
            machineError(base + "    ways: 4\n  - name: L2\n    size: 4KiB\n    line: 32\n    ways: 4\n")
                .hasPrefix("m.yaml:9: levels[1].line: line 32 is smaller than the line 64"))
        #expect(
            machineError(base + "    ways: 4\n    write: through\n    allocate: true\n").contains(
                "levels[0].allocate: write-through with write-allocate"))
        #expect(
            machineError("\u{FEFF}name: x\r\nlevels:\r\n  - size: 1KiB\r\n    line: 64\r\n    ways: full\r\n")
                == "no error")
        #expect(machineError("").contains("is empty"))
        #expect(machineError("name: [unclosed\n").hasPrefix("m.yaml:"))
    }

    @Test func nonPowerOfTwoSetsAreAccepted() throws {
        let m = try MachineSpec.decode("name: x\nlevels:\n  - size: 12KiB\n    line: 64\n    ways: 4\n", file: "m")
        #expect(m.levels[0].sets == 48 && !m.levels[0].setsArePowerOfTwo)
    }

    func experimentError(_ text: String) -> String {
        do {
            _ = try ExperimentSpec.decode(text, file: "e.yaml")
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func experimentErrors() {
        let head = "name: e\nmachine: tiny\nkernel: gemm\nshape: {m: 8, n: 8, k: 8}\nvariants:\n"
        #expect(experimentError(head + "  - {name: a, loops: ijk}\n") == "no error")
        #expect(
            experimentError(head + "  - {name: a, loops: ijq}\n").hasPrefix(
                "e.yaml:6: variants[0].loops: `ijq` is not one of"))
        #expect(
            experimentError(head + "  - {name: a, algorithm: regblock, mr: 16}\n").contains(
                "mr = 16 exceeds m = 8; allowed 1...8"))
        #expect(
            experimentError(head + "  - {name: a, algorithm: blis, mr: 4, mc: 6}\n").contains(
                "mc = 6 must be a multiple of mr = 4"))
        #expect(
            experimentError(head + "  - {name: a, colour: red}\n").hasPrefix(
                "e.yaml:6: variants[0].colour: unknown key"))
        #expect(
            experimentError("name: e\nmachine: nope\nkernel: gemm\nshape: {m: 8, n: 8, k: 8}\nvariants: [{name: a}]\n")
                .hasPrefix("e.yaml:2: machine:"))
        #expect(
            experimentError("name: e\nmachine: tiny\nkernel: fft\nshape: {m: 8}\nvariants: [{name: a}]\n").hasPrefix(
                "e.yaml:3: kernel:"))
        #expect(
            experimentError("name: e\nmachine: tiny\nkernel: gemm\nshape: {m: 0, n: 8, k: 8}\nvariants: [{name: a}]\n")
                .contains("shape.m: must be between 1"))
        // 4 x 10^12 accesses are read: the 10^12 limit is on explicit work, checked by the
        // commands that simulate (WarpSimulateTests); 1.7 x 10^15 in all is refused here.
        #expect(
            experimentError(
                "name: e\nmachine: tiny\nkernel: gemm\nshape: {m: 10000, n: 10000, k: 10000}\nvariants: [{name: a}]\n")
                == "no error")
    }

    @Test func sweepIsACrossProduct() throws {
        let e = try ExperimentSpec.decode(
            """
            name: e\nmachine: tiny\nkernel: gemm\nshape: {k: 8}\nvariants: [{name: a}]\nsweep:\n  m: [4, 8]\n  n: \
            [2, 4, 6]\n
            """,
            file: "e")
        #expect(e.points.count == 6)
    }
}
