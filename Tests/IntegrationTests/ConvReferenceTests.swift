import Counters
import Foundation
import Testing
import TestSupport

/// The native twins of the bundled direct-convolution nests against the same nests written in C
/// (CReferences/conv.c) and built with the toolchain's `clang -O2`: Callgrind's data reads plus
/// writes (Dr + Dw) per multiply-add, the kernel alone (between Callgrind's client requests).
/// The native twin is the engine's kernel with the no-op sink, built here with `swiftc -O` from
/// Sources/AccessSink and Sources/Engine (the debug build the tests run is not optimised) and
/// driven by CReferences/native_conv.swift. Everything is built in a private mkdtemp folder.
/// Skipped, with the reason, without Valgrind, the toolchain's clang or swiftc.
@Suite struct ConvReferenceTests {
    /// The toolchain's binaries: `swift` on PATH with its links resolved, and its siblings.
    static let toolchain: (swiftc: String, clang: String)? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let swift = "\(dir)/swift"
            guard FileManager.default.isExecutableFile(atPath: swift) else { continue }
            let bin = URL(fileURLWithPath: swift).resolvingSymlinksInPath().deletingLastPathComponent().path
            let swiftc = bin + "/swiftc", clang = bin + "/clang"
            guard FileManager.default.isExecutableFile(atPath: swiftc),
                FileManager.default.isExecutableFile(atPath: clang)
            else { return nil }
            return (swiftc, clang)
        }
        return nil
    }()

    /// Valgrind on PATH and its client-request header (this build has it, so the compilers here
    /// find it too: without it the kernels would run uncounted).
    static var ready: Bool {
        toolchain != nil && Callgrind.valgrindPath() != nil && Callgrind.clientRequestsBuiltIn
    }

    /// One bundled variant at a test-sized shape: n, c, k, h, w, r, s, stride, padding.
    struct Case: CustomStringConvertible, Sendable {
        var nest: String, layout: String, filter: String, shape: [Int]
        var description: String { "\(nest) \(layout) \(filter) \(shape)" }
        /// Multiply-adds: taps inside the image, N·K·C·(valid (y, r) pairs)·(valid (x, s) pairs).
        var macs: Int {
            let (n, c, k, h, w, r, s, st, p) = (
                shape[0], shape[1], shape[2], shape[3], shape[4], shape[5], shape[6], shape[7], shape[8]
            )
            func valid(_ size: Int, _ taps: Int) -> Int {
                let out = (size + 2 * p - taps) / st + 1
                var v = 0
                for o in 0..<out { for t in 0..<taps where (0..<size).contains(o * st + t - p) { v += 1 } }
                return v
            }
            return n * k * c * valid(h, r) * valid(w, s)
        }
    }

    /// The bundled shapes' channel counts (64 -> 64 with 3x3, 256 -> 16 of the 64 with 1x1, as the
    /// innermost loops' lengths decide the per-loop overhead) on a small image (CI time).
    static let threeByThree = [1, 64, 64, 6, 6, 3, 3, 1, 1]
    static let oneByOne = [1, 256, 16, 4, 4, 1, 1, 1, 0]
    static let cases: [Case] = [
        Case(nest: "nkyxcrs", layout: "nchw", filter: "kcrs", shape: threeByThree),
        Case(nest: "nkcyxrs", layout: "nchw", filter: "kcrs", shape: threeByThree),
        Case(nest: "nkyxrsc", layout: "nhwc", filter: "krsc", shape: threeByThree),
        Case(nest: "nyxkrsc", layout: "nhwc", filter: "krsc", shape: threeByThree),
        Case(nest: "nyxrsck", layout: "nhwc", filter: "rsck", shape: threeByThree),
        Case(nest: "nyxkrsc", layout: "nhwc", filter: "rsck", shape: threeByThree),
        Case(nest: "nkyxcrs", layout: "nchw", filter: "kcrs", shape: oneByOne),
        Case(nest: "nkcyxrs", layout: "nchw", filter: "kcrs", shape: oneByOne),
        Case(nest: "nkyxrsc", layout: "nhwc", filter: "krsc", shape: oneByOne),
        Case(nest: "nyxkrsc", layout: "nhwc", filter: "krsc", shape: oneByOne),
    ]

    /// Runs `argv` to completion; its standard output, or the failure with its standard error.
    static func run(_ argv: [String], in dir: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        env["TMPDIR"] = dir
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw CallgrindError(
                "\(argv[0]) exited \(p.terminationStatus): \(String(decoding: e, as: UTF8.self).prefix(2000))")
        }
        return String(decoding: o, as: UTF8.self)
    }

    /// Builds the C references and the native twin's driver into `scratch`.
    static func build(
        _ t: (swiftc: String, clang: String), _ scratch: PrivateScratch
    ) throws -> (c: String, swift: String) {
        let d = scratch.path, src = repoRoot + "/Sources", refs = repoRoot + "/Tests/IntegrationTests/CReferences"
        func sources(_ dir: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".swift") }.sorted()
                .map { dir + "/" + $0 }
        }
        _ = try run([t.clang, "-O2", "-o", d + "/conv", refs + "/conv.c"], in: d)
        for module in ["AccessSink", "Engine"] {
            _ = try run(
                [
                    t.swiftc, "-O", "-wmo", "-parse-as-library", "-module-name", module, "-I", d, "-emit-module",
                    "-emit-module-path", d + "/\(module).swiftmodule", "-emit-library", "-static",
                    "-o", d + "/lib\(module).a",
                ] + (try sources(src + "/" + module)), in: d)
        }
        _ = try run(
            [
                t.swiftc, "-O", "-wmo", "-I", d, "-I", src + "/CCallgrind", "-L", d, "-lEngine", "-lAccessSink",
                "-o", d + "/native_conv", refs + "/native_conv.swift",
            ], in: d)
        return (d + "/conv", d + "/native_conv")
    }

    @Test(.enabled(if: ready, "needs valgrind (on PATH, with valgrind/callgrind.h), the toolchain's clang and swiftc"))
    func nativeTwinsMakeTheAccessesOfTheCLoops() throws {
        let t = try #require(Self.toolchain)
        let scratch = try PrivateScratch(prefix: "layoutlab-convref")
        defer { scratch.remove() }
        let (c, swift) = try Self.build(t, scratch)
        let d1 = Callgrind.Geometry(size: 32768, ways: 8, line: 64)
        let ll = Callgrind.Geometry(size: 1_048_576, ways: 16, line: 64)
        for k in Self.cases {
            let args = [k.nest, k.layout, k.filter] + k.shape.map(String.init) + ["0"]
            // The checksums printed agree: both computed the same convolution.
            #expect(try Self.run([c] + args, in: scratch.path) == (try Self.run([swift] + args, in: scratch.path)))
            let cTotals = try Callgrind.run(executable: c, arguments: args, d1: d1, ll: ll, scratch: scratch).get()
            let sTotals = try Callgrind.run(executable: swift, arguments: args, d1: d1, ll: ll, scratch: scratch).get()
            let macs = Double(k.macs)
            let cPer = Double(cTotals["Dr", default: 0] + cTotals["Dw", default: 0]) / macs
            let sPer = Double(sTotals["Dr", default: 0] + sTotals["Dw", default: 0]) / macs
            print("ConvReferenceTests: \(k): C \(cPer) Swift \(sPer) Dr+Dw per multiply-add (ratio \(sPer / cPer))")
            // The C nests are scalar: at least the loads of the multiply-adds (input and filter).
            #expect(cPer >= 2 && sPer > 0, "\(k)")
            #expect(sPer <= 1.10 * cPer, "\(k): Swift \(sPer) against C \(cPer)")
        }
    }
}
