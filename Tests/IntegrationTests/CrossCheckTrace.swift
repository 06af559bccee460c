import Foundation

/// Seeded random traces for the cross-checks against other simulators, as extended din text.
/// `Tests/CrossCheck/crosscheck_trace.py` builds the same text from the same parameters (the
/// DineroIV fixture records each trace's FNV-1a hash, so the two cannot drift apart unnoticed).
struct CrossCheckTrace: Codable, Sendable {
    var seed: UInt64
    var count: Int
    /// Addresses fall in [0, span).
    var span: Int
    /// Sizes are drawn from 1, 2, 4, ... 128 bytes, up to this.
    var maxSize: Int
    /// Roughly this many stores per thousand accesses.
    var writePermille: Int
    /// Of the other accesses, roughly this many misc reads (`m`) per thousand.
    var miscPermille: Int? = nil
    /// Roughly this many copy-back (`c`; one in eight of the whole cache) or invalidate (`v`)
    /// records per thousand, in place of accesses.
    var maintenancePermille: Int? = nil
    /// Of the plain reads left, roughly this many instruction fetches (`i`) per thousand.
    var instructionPermille: Int? = nil

    /// A hot 256-byte block, a region an eighth of the span, a walk with a 72-byte stride and
    /// uniform addresses, in equal parts; sizes at any alignment, so some accesses cross lines.
    var text: String {
        let sizes = [1, 2, 4, 8, 16, 32, 64, 128].filter { $0 <= maxSize }
        var x = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var walk: UInt64 = 0, out = ""
        let span = UInt64(span)
        for _ in 0..<count {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17  // xorshift64
            let address: UInt64
            switch x % 4 {
            case 0: address = (x >> 8) % 256
            case 1: address = (x >> 8) % (span / 8)
            case 2:
                walk = (walk + 72) % span
                address = walk
            default: address = (x >> 8) % span
            }
            var size = sizes[Int((x >> 40) % UInt64(sizes.count))]
            var kind =
                (x >> 50) % 1000 < UInt64(writePermille)
                ? "w"
                : (x >> 20) % 1000 < UInt64(miscPermille ?? 0) ? "m" : "r"
            if kind == "r" && (x >> 30) % 1000 < UInt64(instructionPermille ?? 0) { kind = "i" }
            if (x >> 10) % 1000 < UInt64(maintenancePermille ?? 0) {
                kind = (x >> 5) & 1 == 1 ? "v" : "c"
                if kind == "c" && (x >> 12) % 8 == 0 { size = 0 }
            }
            out += "\(kind) \(String(address, radix: 16)) \(String(size, radix: 16))\n"
        }
        return out
    }

    static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h
    }
}
