// swift-tools-version:6.0
import PackageDescription

// Module tree (leaves first):
//   AccessSink            the access protocol shared by engine and simulator; no dependencies
//   CacheSim  -> AccessSink, CPrefetch   the hierarchy simulator (hot path, no Foundation)
//   Engine    -> AccessSink          instrumented GEMM / convolution kernels (no Foundation)
//   Traces    -> AccessSink          trace readers and writers
//   SafeIO -> CInterrupt      atomic files, output locks and checks, safe names, terminal text, shell quoting
//   LayoutConfig -> AccessSink, CacheSim, Engine, ResultsSchema, SafeIO, Yams   machine and experiment files -> checked specs
//   CInterrupt                what a signal must undo (temporaries, scratch folders, children), in C
//   CPAPI, CCallgrind (system libraries), CInterrupt <- Counters   PAPI wrapper, Callgrind runs
//   Models -> CacheSim, Engine, LayoutConfig   models beside the simulation: working sets
//                                      (AnalyticModel), BLIS block sizes, the cost model
//   ResultsSchema -> CacheSim, SafeIO   the results documents' records, defined once; the ordered JSON writer,
//                                      the Decodable reader (exact UInt64s, JSON paths in errors), range checks
//   Reporting -> AccessSink, CacheSim, Models, ResultsSchema, SafeIO, CInterrupt   tables, markdown, SVG, CSV
//   LayoutLabKit -> everything above         the jobs each subcommand runs, in folders by command family:
//                                      Simulate/ (and sweeps), Shards/ (and Slurm), Measure/, Replay/ (and trace), Bench/
//   layoutlab -> LayoutLabKit, LayoutConfig, Traces, Reporting, CacheSim, SafeIO, ArgumentParser  thin CLI
// Every dependency is declared and imported where used (no `@_exported import`).
let package = Package(
    name: "LayoutLab",
    products: [
        .executable(name: "layoutlab", targets: ["layoutlab"]),
        .library(name: "LayoutLabKit", targets: ["LayoutLabKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .target(name: "AccessSink"),
        // The compiler's prefetch builtin as a header-only C function (nothing is linked).
        .systemLibrary(name: "CPrefetch"),
        // `_checkInvariants()` checks the hierarchy's state in debug builds (the tests) only.
        .target(name: "CacheSim", dependencies: ["AccessSink", "CPrefetch"],
                swiftSettings: [.define("LAYOUTLAB_INTERNAL_CHECKS", .when(configuration: .debug))]),
        .target(name: "Engine", dependencies: ["AccessSink"]),
        .target(name: "Traces", dependencies: ["AccessSink"]),
        // Files and terminal: atomic files, output locks and checks, safe names, terminal text, shell quoting.
        .target(name: "SafeIO", dependencies: ["CInterrupt"]),
        // The results documents' records, defined once: written by the ordered JSON writer, read with Decodable.
        .target(name: "ResultsSchema", dependencies: ["CacheSim", "SafeIO"]),
        .target(name: "LayoutConfig", dependencies: ["AccessSink", "CacheSim", "Engine", "ResultsSchema", "SafeIO", "Yams"]),
        // PAPI's headers only: libpapi itself is loaded with dlopen by `measure`, so that
        // simulate, replay and the rest run on machines without it.
        .systemLibrary(name: "CPAPI", providers: [.apt(["libpapi-dev"])]),
        // Callgrind's client requests (valgrind/callgrind.h, header only; no-ops without it).
        .systemLibrary(name: "CCallgrind", providers: [.apt(["valgrind"])]),
        // The signal handler's registry and a process-group spawn, async-signal-safe in C.
        .target(name: "CInterrupt"),
        .target(name: "Counters", dependencies: ["CPAPI", "CCallgrind", "CInterrupt"]),
        .target(name: "Models", dependencies: ["CacheSim", "Engine", "LayoutConfig"]),
        .target(name: "Reporting", dependencies: [
            "AccessSink", "CacheSim", "Models", "ResultsSchema", "SafeIO", "CInterrupt",
        ]),
        .target(name: "LayoutLabKit", dependencies: [
            "AccessSink", "CacheSim", "Engine", "Traces", "LayoutConfig", "Counters", "Models", "Reporting", "ResultsSchema",
            "SafeIO",
            "CInterrupt",
        ]),
        .executableTarget(name: "layoutlab", dependencies: [
            "LayoutLabKit", "LayoutConfig", "Traces", "Reporting", "ResultsSchema", "CacheSim", "SafeIO", "CInterrupt",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "CacheSimTests", dependencies: ["CacheSim", "AccessSink"]),
        .testTarget(name: "ResultsSchemaTests", dependencies: ["ResultsSchema", "CacheSim", "SafeIO", "TestSupport"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "AccessSink", "CacheSim"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "LayoutConfig", "CacheSim"]),
        // Test targets: one per module, the kit's jobs in LayoutLabKitTests, and IntegrationTests for whatever runs
        // the built CLI or an outside tool (Slurm, PAPI, Callgrind, DineroIV's fixture, pycachesim). TestSupport
        // holds the helpers they share (repoRoot, TestDirectory, CLIProcess, hand-made results documents).
        .target(name: "TestSupport", dependencies: ["Reporting", "ResultsSchema", "SafeIO"], path: "Tests/TestSupport"),
        .testTarget(name: "LayoutConfigTests", dependencies: [
            "LayoutConfig", "CacheSim", "Engine", "ResultsSchema", "SafeIO", "TestSupport",
        ]),
        .testTarget(name: "TracesTests", dependencies: ["Traces", "AccessSink", "TestSupport"]),
        .testTarget(name: "ReportingTests", dependencies: [
            "Reporting", "LayoutConfig", "LayoutLabKit", "CacheSim", "Engine", "Models", "SafeIO", "AccessSink", "TestSupport",
            "ResultsSchema",
        ], exclude: ["Snapshots"]),
        .testTarget(name: "LayoutLabKitTests", dependencies: [
            "LayoutLabKit", "LayoutConfig", "Traces", "Reporting", "CacheSim", "Engine", "Models", "AccessSink", "SafeIO",
            "TestSupport", "ResultsSchema",
        ]),
        .testTarget(name: "IntegrationTests", dependencies: [
            "LayoutLabKit", "LayoutConfig", "Traces", "Reporting", "Counters", "CacheSim", "Engine", "Models", "AccessSink",
            "SafeIO", "TestSupport", "ResultsSchema",
        ], exclude: ["CReferences"]),  // built by the tests that compare against them, not by SwiftPM
    ]
)
