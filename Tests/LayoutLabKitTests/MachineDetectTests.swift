import Foundation
import Testing
@testable import LayoutLabKit
import LayoutConfig
import Reporting
import TestSupport

/// `machine detect`'s core figures from fixture /proc/cpuinfo and cpufreq texts (the reader takes
/// the text), the file it writes loading back, and what it says it could not detect.
@Suite struct MachineDetectTests {
    /// An x86 host: three CPUs at different clocks, AVX2 but not AVX-512.
    static let x86 = """
        processor\t: 0
        model name\t: Some x86 CPU
        cpu MHz\t\t: 800.000
        flags\t\t: fpu vme sse sse2 ssse3 avx avx2 fma
        processor\t: 1
        cpu MHz\t\t: 3600.512
        flags\t\t: fpu vme sse sse2 ssse3 avx avx2 fma
        processor\t: 2
        cpu MHz\t\t: 2400.0
        flags\t\t: fpu vme sse sse2 ssse3 avx avx2 fma

        """
    /// An Arm host: no clock in cpuinfo, Advanced SIMD.
    static let arm = "processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes crc32\n"
    let scratch = TestDirectory("layoutlab-detect")

    @Test func theHighestCpuMHzAndTheWidestVectorFlag() {
        let c = MachineDetect.core(cpuinfo: Self.x86, maxFreq: nil)
        // 3600.512 MHz is the highest of the three: 3.600512 GHz; avx2 gives 32-byte vectors.
        #expect(c.clockGHz == 3.600512)
        #expect(c.clockSource?.contains("cpu MHz") == true)
        #expect(c.vectorBytes == 32 && c.vectorFlag == "avx2")
        let wide = Self.x86.replacingOccurrences(of: "fma", with: "fma avx512f")
        let avx512 = MachineDetect.core(cpuinfo: wide, maxFreq: nil)
        #expect(avx512.vectorBytes == 64 && avx512.vectorFlag == "avx512f")
        let sse = MachineDetect.core(cpuinfo: "flags\t: fpu sse sse2\n", maxFreq: nil)
        #expect(sse.vectorBytes == 16 && sse.clockGHz == nil)
    }

    @Test func cpufreqsMaximumWinsOverTheMomentaryClocks() {
        // 4,700,000 kHz = 4.7 GHz, above every `cpu MHz`.
        let c = MachineDetect.core(cpuinfo: Self.x86, maxFreq: "4700000\n")
        #expect(c.clockGHz == 4.7)
        #expect(c.clockSource?.contains("cpuinfo_max_freq") == true)
        // A value no machine file accepts (0 kHz) is not taken: the cpuinfo clock is.
        #expect(MachineDetect.core(cpuinfo: Self.x86, maxFreq: "0").clockGHz == 3.600512)
    }

    @Test func armWithoutAClockSaysSo() {
        let c = MachineDetect.core(cpuinfo: Self.arm, maxFreq: nil)
        #expect(c.vectorBytes == 16 && c.vectorFlag == "asimd")
        #expect(c.clockGHz == nil)
        let missing = MachineDetect.notDetected(c)
        #expect(missing.first == "core.clock")
        #expect(missing.contains("core.flopsPerCycle") && missing.contains("memory.bandwidth"))
        #expect(!missing.contains("core.loadBytes"))
        #expect(MachineDetect.notDetected(MachineDetect.core(cpuinfo: nil, maxFreq: nil)).contains("core.loadBytes"))
    }

    /// A sysfs cache folder: L1D 32 KiB 8-way and a unified L2 1 MiB 16-way, 64-byte lines.
    func sysfs() throws -> String {
        let root = scratch.file("cache")
        for (index, type, level, size, ways) in [
            ("index0", "Data", "1", "32K", "8"), ("index1", "Instruction", "1", "32K", "8"),
            ("index2", "Unified", "2", "1024K", "16"),
        ] {
            let dir = root + "/" + index
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for (f, v) in [
                ("type", type), ("level", level), ("size", size), ("coherency_line_size", "64"),
                ("ways_of_associativity", ways),
            ] {
                try (v + "\n").write(toFile: dir + "/" + f, atomically: true, encoding: .utf8)
            }
        }
        return root
    }

    @Test func theWrittenFileLoadsBackWithItsFiguresAndNamesWhatIsMissing() throws {
        let core = MachineDetect.core(cpuinfo: Self.x86, maxFreq: nil)
        let text = try MachineDetect.yaml(root: try sysfs(), core: core)
        let path = scratch.file("host.yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let spec = try MachineSpec.load(path: path)
        // The clock to the MHz: 3600.512 MHz -> 3.601 GHz; 32-byte loads and stores (avx2).
        #expect(spec.performance.core?.clockGHz == 3.601)
        #expect(spec.performance.core?.loadBytes == 32 && spec.performance.core?.storeBytes == 32)
        #expect(spec.levels.map(\.name) == ["L1", "L2"])
        #expect(text.contains("# not detected (give them for the cost model): core.flopsPerCycle, core.loadsPerCycle"))
        #expect(text.contains("# core.loadBytes, core.storeBytes: the vector width of the CPU flag avx2 (32 bytes)"))
        // machine show prints it.
        let show = try CLIProcess.run(["machine", "show", path])
        #expect(show.status == 0, "\(show.err)")
        #expect(show.out.contains("core: 3.601 GHz; loads of 32 B; stores of 32 B"), "\(show.out)")
    }

    @Test func theCommandSaysOnStderrWhatItCouldNotDetect() throws {
        guard FileManager.default.fileExists(atPath: "/sys/devices/system/cpu/cpu0/cache") else { return }
        let r = try CLIProcess.run(["machine", "detect"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("machine detect: not detected (give them for the cost model): "), "\(r.err)")
        #expect(r.err.contains("core.flopsPerCycle"))
        let path = scratch.file("detected.yaml")
        try r.out.write(toFile: path, atomically: true, encoding: .utf8)
        let show = try CLIProcess.run(["machine", "show", path])
        #expect(show.status == 0, "\(show.err)")
    }

    @Test func oneStoreOrLoadPerCycleIsSingular() throws {
        // zen4's file gives 2 loads and 1 store per cycle of 32 B.
        let lines = MachinePerformanceText.lines(try MachineSpec.resolve("zen4"))
        #expect(lines.first?.contains("2 loads per cycle of 32 B; 1 store per cycle of 32 B") == true, "\(lines)")
    }
}
