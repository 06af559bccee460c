/// Whether a memory access reads or writes.
///
/// Instruction fetches are not a kind: they go to `AccessSink.fetchInstruction`, and only
/// to a sink that simulates an instruction side (else trace readers count them as skipped).
public enum AccessKind: UInt8, Sendable {
    case load = 0
    case store = 1
}

/// A small integer naming the array an access belongs to (A, B, C, packed buffers, ...),
/// so the simulator can attribute every counter to an operand. Tag 0 means "untagged".
public typealias RegionTag = UInt8
