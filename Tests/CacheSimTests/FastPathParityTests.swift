import Testing
@testable import CacheSim
import AccessSink

/// The fast paths against the general one (`fastPaths: false`) on what DineroIV parity added:
/// misc reads, copy-back and invalidate records (single lines and whole caches) mixed into
/// random traces, on hierarchies with a no-allocate L1, FIFO levels with the FIFO 3C shadow,
/// and DineroIV's fetch policies below. With the 3C split every counter must agree; without
/// it, every other counter.
@Suite struct FastPathParityTests {
    static let hierarchies: [[LevelConfig]] = {
        var fifoL1 = level(size: 512, line: 32, ways: 4, policy: .fifo)
        fifoL1.fifoShadow = true
        var distance2 = level("L2", size: 2048, line: 64, ways: 4, prefetch: .always)
        distance2.prefetchDistance = 2
        return [
            [level(size: 512, line: 32, ways: 8), level("L2", size: 2048, line: 32, ways: 4, prefetch: .nextLine)],
            [level(size: 512, line: 32, ways: 2, allocate: false), level("L2", size: 4096, line: 64, ways: 8)],
            [fifoL1, distance2, level("L3", size: 8192, line: 64, ways: 8, policy: .fifo, prefetch: .tagged)],
        ]
    }()

    @Test(arguments: hierarchies.indices)
    func fastPathsMatchGeneralPath(_ index: Int) {
        let cfgs = Self.hierarchies[index]
        var full = CacheHierarchy(cfgs, classify: true, fastPaths: false)
        var fast3C = CacheHierarchy(cfgs, classify: true)
        var fast = CacheHierarchy(cfgs, classify: false)
        var x: UInt64 = 0x2545_F491_4F6C_DD1D
        for (addr, size, store) in ReferenceModelTests.trace(
            seed: 70 + UInt64(index), count: 20000, span: 16384, local: true)
        {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            let region = RegionTag(truncatingIfNeeded: addr >> 11)
            switch x % 100 {
            case 0:  // one line, or (1 in 16) everything
                let s: UInt32 = x >> 8 % 16 == 0 ? 0 : 4
                full.copyBack(address: addr, size: s)
                fast3C.copyBack(address: addr, size: s)
                fast.copyBack(address: addr, size: s)
            case 1:
                let s: UInt32 = x >> 8 % 64 == 0 ? 0 : 4
                full.invalidate(address: addr, size: s)
                fast3C.invalidate(address: addr, size: s)
                fast.invalidate(address: addr, size: s)
            case 2..<12 where !store:
                full.accessMisc(address: addr, size: UInt32(size), region: region)
                fast3C.accessMisc(address: addr, size: UInt32(size), region: region)
                fast.accessMisc(address: addr, size: UInt32(size), region: region)
            default:
                let kind: AccessKind = store ? .store : .load
                full.access(address: addr, size: UInt32(size), kind: kind, region: region)
                fast3C.access(address: addr, size: UInt32(size), kind: kind, region: region)
                fast.access(address: addr, size: UInt32(size), kind: kind, region: region)
            }
        }
        for sim in [full, fast3C, fast] { sim._checkInvariants() }
        full.flush()
        fast3C.flush()
        fast.flush()
        for sim in [full, fast3C, fast] { sim._checkInvariants() }
        let a = full.stats(), b = fast.stats()
        #expect(fast3C.stats() == a, "hierarchy \(index): fast paths with 3C")
        #expect(
            a.accesses == b.accesses && a.memoryBytesRead == b.memoryBytesRead
                && a.memoryBytesWritten == b.memoryBytesWritten)
        for i in cfgs.indices {
            var t = a.levels[i].total
            t.compulsory = 0
            t.capacity = 0
            t.conflict = 0
            #expect(t == b.levels[i].total, "hierarchy \(index) level \(i)")
            #expect(t.misses > 0 && t.writebacks > 0, "hierarchy \(index) level \(i) never misses or writes back")
        }
        if cfgs.contains(where: { $0.prefetch != .none }) { #expect(a.levels.contains { $0.total.prefetches > 0 }) }
    }
}
