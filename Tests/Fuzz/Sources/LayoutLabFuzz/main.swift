import Foundation
import LayoutConfig
import LayoutLabKit

// One libFuzzer entry point for every reader; LAYOUTLAB_FUZZ_TARGET picks which:
// machine | experiment | din | dinero-binary | lackey | llt.
// Every input must end in a result or a thrown error: a crash, a hang or runaway memory is a bug.

let target = ProcessInfo.processInfo.environment["LAYOUTLAB_FUZZ_TARGET"] ?? "machine"
let tiny = try! MachineSpec.resolve("tiny")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    FuzzTarget.run(target, bytes, machine: tiny)
    return 0
}
