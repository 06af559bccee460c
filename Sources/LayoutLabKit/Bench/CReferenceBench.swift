import Counters
import Engine
import AccessSink
import Foundation

/// `bench`'s native / C time ratios (issue 28): each GEMM variant's native kernel (the engine's
/// kernel with the no-op sink, as `measure` runs it) against the same loop in C,
/// `Tests/IntegrationTests/CReferences/gemm.c`, built at run time with the Swift toolchain's own
/// `clang -O2` into a private temporary folder. Available where that file is under the current
/// directory (a checkout) and clang is beside `swift` on PATH; otherwise one note says why.
public enum CReferenceBench {
    /// A variant: its name, the engine's variant, and the C program's arguments after `M N K`.
    struct Case {
        var name: String
        var variant: GemmVariant
        var c: [String]
    }

    static let n = 192
    static var cases: [Case] {
        let k = "\(n)"
        var list = LoopOrder.allCases.map {
            Case(
                name: "naive \($0)", variant: GemmVariant(algorithm: .naive($0)), c: ["naive", $0.rawValue, "row", "0"])
        }
        list += [
            Case(
                name: "naive jki col-major",
                variant: GemmVariant(
                    algorithm: .naive(.jki), layoutA: .colMajor, layoutB: .colMajor, layoutC: .colMajor),
                c: ["naive", "jki", "col", "0"]),
            Case(
                name: "tiled ikj 32", variant: GemmVariant(algorithm: .tiled(.ikj, tm: 32, tn: 32, tk: 32)),
                c: ["tiled", "ikj", "32", "32", "32"]),
            Case(
                name: "regblock 4x4",
                variant: GemmVariant(algorithm: .registerBlocked(mr: 4, nr: 4, kc: n, kInner: true)),
                c: ["regblock", "4", "4", k, "1"]),
            Case(
                name: "qnnpack 4x8", variant: GemmVariant(algorithm: .qnnpack(mr: 4, nr: 8)),
                c: ["regblock", "4", "8", k, "1"]),
            Case(
                name: "blis 4x4", variant: GemmVariant(algorithm: .blis(mr: 4, nr: 4, kc: 256, mc: 128, nc: 512)),
                c: ["blis", "4", "4", "256", "128", "512"]),
        ]
        return list
    }

    /// The C reference source, relative to the current directory.
    public static let source = "Tests/IntegrationTests/CReferences/gemm.c"

    /// The clang beside the `swift` driver on PATH (symbolic links resolved), if any: the LLVM
    /// Swift uses, so that C references and native kernels are compiled alike. Also used by the
    /// native-kernel tests.
    public static func clang() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let swift = URL(fileURLWithPath: "\(dir)/swift")
            guard FileManager.default.isExecutableFile(atPath: swift.path) else { continue }
            let c = swift.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("clang").path
            return FileManager.default.isExecutableFile(atPath: c) ? c : nil
        }
        return nil
    }

    /// One note per variant, "native / C time, NAME: R (medians of alternating runs)", or one note
    /// saying why there are none.
    public static func notes(runs: Int) -> [String] {
        guard FileManager.default.fileExists(atPath: source) else {
            return [
                "native / C time: not measured (\(source) is not under the current directory; run bench in a checkout)"
            ]
        }
        guard let clang = clang() else {
            return ["native / C time: not measured (no clang beside swift on PATH)"]
        }
        guard let scratch = try? PrivateScratch(prefix: "layoutlab-cref") else {
            return ["native / C time: not measured (no private temporary folder)"]
        }
        defer { scratch.remove() }
        let binary = scratch.path + "/gemm-ref"
        guard run([clang, "-O2", "-o", binary, source]) != nil else {
            return ["native / C time: not measured (clang -O2 \(source) failed)"]
        }
        let shape = GemmShape(m: n, n: n, k: n)
        let rounds = max(runs, 5)
        return cases.map { x in
            guard let w = GemmWorkload<Float>(shape: shape, variant: x.variant) else { return "\(x.name): no arrays" }
            var native: [Double] = [], c: [Double] = []
            // Alternating: a C run (its median of 3, after one warm-up), then the native kernel 3 times.
            for _ in 0..<rounds {
                let out = run([binary, "time", "3", x.c[0], "\(n)", "\(n)", "\(n)"] + x.c.dropFirst())
                if let s = out.flatMap({ Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) { c.append(s) }
                var sink = NullSink()
                w.run(sink: &sink)
                native.append(BenchJob.median((0..<3).map { _ in EngineBench.time { w.run(sink: &sink) } }))
            }
            guard !c.isEmpty else { return "native / C time, \(x.name): not measured (the C program failed)" }
            let ratio = BenchJob.median(native) / BenchJob.median(c)
            return "native / C time, \(x.name) n=\(n): " + String(format: "%.2f", ratio)
                + " (medians of \(rounds) alternating runs)"
        }
    }

    /// Runs `argv` and returns its standard output, or nil when it could not run or exited non-zero.
    static func run(_ argv: [String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
