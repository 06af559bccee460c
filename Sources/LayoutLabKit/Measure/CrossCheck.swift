import Counters
import Reporting

/// Comparisons of simulated and measured counts.
public enum CrossCheck {
    /// Kendall's tau-b between two rankings of the same items (exact ties; `KendallTau.tauB`);
    /// nil for fewer than two items, rankings of different lengths, or when either side is constant.
    public static func kendallTau(_ x: [Double], _ y: [Double]) -> Double? { KendallTau.tauB(x, y) }

    /// What the hardware events count on this vendor, and the differences from a demand-only
    /// simulator that follow from it.
    public static func vendorNotes(vendor: String, hardwareEventsAvailable: Bool) -> [String] {
        var notes: [String] = []
        if !hardwareEventsAvailable {
            notes.append(
                """
                No hardware event could be counted here (every PAPI preset answered that it does not exist): this \
                is what a virtual machine without a virtual PMU looks like. Only software events (page faults, \
                task clock) are measured; the simulated cache figures stand alone.
                """
            )
        }
        let v = vendor.lowercased()
        if v.contains("amd") {
            notes.append(
                """
                AMD Zen: PAPI_L1_DCM maps to L1 data-cache fills, which include hardware-prefetched lines; L2 \
                events include prefetch requests. Expect measured > simulated (demand-only) for streaming \
                variants, less so for conflict-bound ones.
                """
            )
        } else if v.contains("intel") {
            notes.append(
                """
                Intel: L1 misses are typically counted as L1D.REPLACEMENT, replacements including lines brought by \
                the prefetchers; L2 misses include prefetch and RFO traffic. Expect measured > simulated for \
                streaming variants.
                """
            )
        } else if v.contains("arm") {
            notes.append("ARM: L1D_CACHE_REFILL counts refills, prefetched lines included.")
        }
        notes.append(
            """
            Hardware prefetchers hide streaming misses that the simulator counts when its machine has no \
            prefetcher; compare rankings (Kendall tau) rather than absolute counts.
            """
        )
        notes.append(
            """
            Page faults: the native runs use fresh zero-filled mmap pages. `simulatedPages` is the number of \
            distinct 4 KiB pages the access stream touches; a page first read and later written faults twice (the \
            read maps the shared zero page, the write takes a private copy), so the expected count is \
            `predictedFaults` = pages + such pages. For GEMM that is one extra fault per page of C, which is \
            loaded before it is stored. Transparent huge pages would make the measured count lower.
            """
        )
        return notes
    }
}
