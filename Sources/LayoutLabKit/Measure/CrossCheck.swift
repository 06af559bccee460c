import Counters

/// Comparisons of simulated and measured counts.
public enum CrossCheck {
    /// Kendall's tau-b between two rankings of the same items (ties handled); nil for fewer
    /// than two items or when either side is constant.
    public static func kendallTau(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count)
        var concordant = 0.0, discordant = 0.0, tiesX = 0.0, tiesY = 0.0
        for i in 0..<x.count {
            for j in (i + 1)..<max(x.count, i + 1) {
                let dx = x[i] - x[j], dy = y[i] - y[j]
                if dx == 0 && dy == 0 { continue }
                if dx == 0 {
                    tiesX += 1
                    continue
                }
                if dy == 0 {
                    tiesY += 1
                    continue
                }
                if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
            }
        }
        let denom = ((concordant + discordant + tiesX) * (concordant + discordant + tiesY)).squareRoot()
        return denom == 0 ? nil : (concordant - discordant) / denom
    }

    /// What the hardware events count on this vendor, and the differences from a demand-only
    /// simulator that follow from it.
    public static func vendorNotes(vendor: String, hardwareEventsAvailable: Bool) -> [String] {
        var notes: [String] = []
        if !hardwareEventsAvailable {
            notes.append(
                "No hardware event could be counted here (every PAPI preset answered that it does not exist): this is what a virtual machine without a virtual PMU looks like. Only software events (page faults, task clock) are measured; the simulated cache figures stand alone."
            )
        }
        let v = vendor.lowercased()
        if v.contains("amd") {
            notes.append(
                "AMD Zen: PAPI_L1_DCM maps to L1 data-cache fills, which include hardware-prefetched lines; L2 events include prefetch requests. Expect measured > simulated (demand-only) for streaming variants, less so for conflict-bound ones."
            )
        } else if v.contains("intel") {
            notes.append(
                "Intel: L1 misses are typically counted as L1D.REPLACEMENT, replacements including lines brought by the prefetchers; L2 misses include prefetch and RFO traffic. Expect measured > simulated for streaming variants."
            )
        } else if v.contains("arm") {
            notes.append("ARM: L1D_CACHE_REFILL counts refills, prefetched lines included.")
        }
        notes.append(
            "Hardware prefetchers hide streaming misses that the simulator counts when its machine has no prefetcher; compare rankings (Kendall tau) rather than absolute counts."
        )
        notes.append(
            "Page faults: the native runs use fresh zero-filled mmap pages. `simulatedPages` is the number of distinct 4 KiB pages the access stream touches; a page first read and later written faults twice (the read maps the shared zero page, the write takes a private copy), so the expected count is `predictedFaults` = pages + such pages. For GEMM that is one extra fault per page of C, which is loaded before it is stored. Transparent huge pages would make the measured count lower."
        )
        return notes
    }
}
