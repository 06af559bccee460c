// swift-tools-version:6.0
// The fuzzing harness, a package of its own so the main build never needs --sanitize=fuzzer.
// Build and run: see README.md beside this file.
import PackageDescription

let package = Package(
    name: "LayoutLabFuzz",
    dependencies: [.package(name: "LayoutLab", path: "../..")],
    targets: [
        .executableTarget(name: "LayoutLabFuzz", dependencies: [.product(name: "LayoutLabKit", package: "LayoutLab")])
    ]
)
