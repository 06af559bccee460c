import Foundation
import Reporting
import ResultsSchema
import Testing
import TestSupport
import LayoutLabKit

typealias LayoutLabCPUInfo = LayoutLabKit.CPUInfo

/// The measured part of a report on hand-made `measure` documents: wall time beside the cost
/// model's roofline and ECM times, the roofline bound flagged, ECM's rank agreement as Kendall
/// tau-b with 1% ties, and the wording (sources in the headings, one CPU line, medians only for
/// repetitions). Every expected figure is worked out by hand in the comments.
@Suite struct MeasuredTimeReportTests {
    /// A run of the hand-made GEMM (200 x 300 x 150 = 9,000,000 MNK) with a cost of `roofline` and
    /// `ecm` cycles per MNK and a measured median of `ms` milliseconds over `reps` repetitions.
    static func run(_ variant: String, roofline: Double, ecm: Double, ms: Double, reps: Int = 5) -> JSON {
        guard
            case .object(var o) = HandMadeDocument.run(
                variant, [], accesses: 100, [HandMadeDocument.level("L1", accesses: 100, misses: 10)])
        else { return .null }
        let time = JSON.object([
            ("medianSeconds", .double(ms / 1000)), ("minSeconds", .double(ms / 1000 * 0.9)),
            ("repetitions", .int(Int64(reps))), ("gflops", .double(18e6 / (ms / 1000) / 1e9)),
        ])
        o.append(
            (
                "measured",
                .object([
                    ("PAPI_L1_DCM", .object([("status", .string("unavailable")), ("reason", .string("no PMU"))])),
                    ("time", time),
                ])
            ))
        o.append(
            (
                "cost",
                .object([
                    ("unit", .string("MNK")), ("flops", .double(18e6)), ("boundaries", .array([])),
                    ("core", .object([("peakFlopsPerCycle", .double(16)), ("cycles", .double(0.125))])),
                    (
                        "roofline",
                        .object([("cycles", .double(roofline)), ("gflops", .double(1)), ("bound", .string("core"))])
                    ),
                    (
                        "ecm",
                        .object([
                            ("cycles", .double(ecm)), ("gflops", .double(1)), ("overlap", .double(0.125)),
                            ("nonOverlap", .double(ecm)),
                        ])
                    ),
                ])
            ))
        return .object(o)
    }

    /// A measure document at a 2 GHz clock, its crossCheck as `measure` writes it.
    static func doc(
        _ runs: [JSON], reps: Int = 5, vendor: String = "AuthenticAMD", model: String = "AMD EPYC",
        cpuSource: String? = "/proc/cpuinfo"
    ) -> JSON {
        guard case .object(var machine) = HandMadeDocument.machine("m", ["L1"]) else { return .null }
        machine.append(("core", .object([("clock", .double(2))])))
        var cc: [(String, JSON)] = [
            ("vendor", .string(vendor)), ("model", .string(model)), ("hardwareCounters", .int(0)),
            ("eventGroups", .int(0)), ("pinned", .bool(true)), ("kendallTau", .array([])), ("notes", .array([])),
        ]
        if let cpuSource {
            cc += [
                ("cpuSource", .string(cpuSource)), ("repetitions", .int(Int64(reps))),
                (
                    "simulated",
                    .object([
                        ("machine", .string("host")), ("from", .string("sysfs")),
                        ("experimentMachine", .string("zen4")),
                    ])
                ),
                ("nativeKernel", .string("-O")),
            ]
        }
        return HandMadeDocument.doc(
            "t", machine: .object(machine), runs: runs, extra: [("crossCheck", .object(cc))])
    }

    static func report(_ docs: [JSON]) throws -> String {
        let inputs = try docs.enumerated().map { try ReportInput.decode($1, file: "d\($0).json") }
        return try Report.build(inputs, stem: "t", command: "layoutlab report d.json -o t.md").markdown
    }

    @Test func measuredTimeBesideTheModelAndTheRooflineBoundFlagged() throws {
        // 9,000,000 MNK at 2 GHz: one cycle per MNK is 9e6 / 2e9 s = 4.5 ms.
        //   fast: roofline 0.5 -> 2.25 ms, ECM 1 -> 4.50 ms; measured 2.00 ms < 2.25 ms: below the bound
        //         (2.00 / 2.25 = 0.89); ECM error (4.5 - 2) / 2 = +125%.
        //   slow: roofline 0.5 -> 2.25 ms, ECM 2 -> 9.00 ms; measured 7.50 ms (3.33x the bound);
        //         ECM error (9 - 7.5) / 7.5 = +20%.
        //   tie:  roofline 0.3 -> 1.35 ms, ECM 3 -> 13.5 ms; measured 7.56 ms (5.60x the bound), within 1%
        //         of slow's 7.50 (0.06 <= 0.0756); ECM error (13.5 - 7.56) / 7.56 = +78.6%.
        // Kendall tau-b of ECM (4.5, 9, 13.5) against measured (2.00, 7.50, 7.56): pairs fast-slow and
        // fast-tie concordant, slow-tie tied in the measurement only: (2 - 0) / sqrt((2 + 0) (2 + 1)) =
        // 2 / sqrt(6) = 0.816. Counted exactly (no 1% rule) it would be 1.00.
        let md = try Self.report([
            Self.doc([
                Self.run("fast", roofline: 0.5, ecm: 1, ms: 2.0), Self.run("slow", roofline: 0.5, ecm: 2, ms: 7.5),
                Self.run("tie", roofline: 0.3, ecm: 3, ms: 7.56),
            ])
        ])
        #expect(md.contains("### Wall time\n"))
        #expect(
            md.contains(
                "| variant | point | median ms | min ms | GFLOP/s | roofline ms | ECM ms | measured / roofline "
                    + "| ECM error |"
            ))
        // GFLOP/s at the median: 18e6 flops / 2 ms = 9 GFLOP/s (/ 7.5 ms = 2.4, / 7.56 ms = 2.38); the
        // minimum is 0.9 x the median in these documents.
        #expect(md.contains("| fast | - | 2.00 | 1.80 | 9 | 2.25 | 4.50 | 0.89 **below the bound** | +125% |"), "\(md)")
        #expect(md.contains("| slow | - | 7.50 | 6.75 | 2.4 | 2.25 | 9.00 | 3.33 | +20% |"))
        #expect(md.contains("| tie | - | 7.56 | 6.80 | 2.38 | 1.35 | 13.5 | 5.60 | +79% |"))
        #expect(
            md.contains(
                "- **fast**: measured 2.00 ms is below the roofline's lower bound 2.25 ms (bound: core): a defect of "
                    + "the model's parameters for this host"))
        #expect(!md.contains("**slow**: measured"))
        #expect(!md.contains("The roofline bound holds"))
        #expect(md.contains("from +20% to +125%; rank agreement Kendall tau-b **0.82** over 3 run(s)"))
    }

    @Test func theBoundHoldingIsSaid() throws {
        // 3.00 ms >= 2.25 ms and 7.50 ms >= 2.25 ms.
        let md = try Self.report([
            Self.doc([
                Self.run("a", roofline: 0.5, ecm: 1, ms: 3.0), Self.run("b", roofline: 0.5, ecm: 2, ms: 7.5),
            ])
        ])
        #expect(md.contains("- The roofline bound holds: every measured time is at or above it (2 of 2 runs).\n"))
        #expect(!md.contains("below the bound"))
    }

    @Test func kendallTauBWithTiesWorkedByHand() {
        // x = ECM (1, 2, 3, 4, 5), y = measured (10, 10.05, 30, 25, 50). The 10 pairs: (1,2) tied in y
        // (|10 - 10.05| = 0.05 <= 1% of 10.05); (3,4) discordant (3 < 4 but 30 > 25); the other 8
        // concordant. tau-b = (8 - 1) / sqrt((8 + 1 + 0) (8 + 1 + 1)) = 7 / sqrt(90) = 0.737865.
        let x: [Double] = [1, 2, 3, 4, 5], y: [Double] = [10, 10.05, 30, 25, 50]
        let tau = KendallTau.tauB(x, y, yTied: KendallTau.withinOnePercent)
        #expect(abs(tau! - 7 / 90.0.squareRoot()) < 1e-12)
        #expect(abs(tau! - 0.737865) < 1e-6)
        // Exact ties only: (1,2) is concordant, (9 - 1) / 10 = 0.8, the near-tie deciding the figure.
        #expect(abs(KendallTau.tauB(x, y)! - 0.8) < 1e-12)
        // A tie in x: x = (1, 1, 2), y = (1, 2, 3): (1,2) tied in x, (1,3) and (2,3) concordant:
        // 2 / sqrt((2 + 1) (2 + 0)) = 2 / sqrt(6) = 0.816497.
        #expect(abs(KendallTau.tauB([1, 1, 2], [1, 2, 3])! - 2 / 6.0.squareRoot()) < 1e-12)
        // Tied on both sides: the pair counts nowhere, (2 - 0) / sqrt(2 x 2) = 1.
        #expect(KendallTau.tauB([1, 1, 2], [5, 5.01, 7], yTied: KendallTau.withinOnePercent) == 1)
        // 1% is of the larger value: 100 and 101 are tied (1 <= 1.01), 100 and 101.1 are not (1.1 > 1.011).
        #expect(KendallTau.withinOnePercent(100, 101) && !KendallTau.withinOnePercent(100, 101.1))
        #expect(KendallTau.tauB([1], [1]) == nil && KendallTau.tauB([1, 2], [3, 3]) == nil)
    }

    @Test func wordingNamesTheSourcesOnceWithoutMediansOfOneRun() throws {
        let one = try Self.report([
            Self.doc([Self.run("a", roofline: 0.5, ecm: 1, ms: 3.0, reps: 1)], reps: 1)
        ])
        #expect(one.contains("## Measured on this host\n"))
        #expect(one.contains("### PAPI on the host CPU\n\nOne measured run per event group, after a warm-up run;"))
        #expect(one.contains("| variant | point | ms | GFLOP/s | roofline ms |"))
        #expect(one.contains("One warm-up run, then one timed run of each native kernel"))
        #expect(!one.lowercased().contains("median"), "\(one)")
        #expect(!one.contains("compiled code") && !one.contains("Measured on the host (PAPI)"))
        #expect(one.components(separatedBy: "- CPU: ").count == 2)
        #expect(
            one.contains("- CPU: AMD EPYC (AuthenticAMD), from /proc/cpuinfo; PAPI event groups: 0; pinned to CPU 0\n"))
        #expect(
            one.contains(
                "- Simulated: this host's caches as sysfs describes them (L1 32 KiB 8-way 64 B lines); the "
                    + "experiment's machine (zen4) is not used for a real run on this host unless --machine names it "
                    + "(--machine zen4)."))
        #expect(one.contains("- Measured code: LayoutLab's native kernel (Swift, built with -O) of each variant"))
        let five = try Self.report([Self.doc([Self.run("a", roofline: 0.5, ecm: 1, ms: 3.0)])])
        #expect(five.contains("Medians over 5 repetitions per event group"))
        #expect(five.contains("median and minimum"))
        // Two documents of the same CPU: one CPU line. A document from before `cpuSource`, whose vendor
        // and model were both "not read (PAPI not used)", prints that once, not twice.
        let two = try Self.report([
            Self.doc([Self.run("a", roofline: 0.5, ecm: 1, ms: 3.0)]),
            Self.doc([Self.run("b", roofline: 0.5, ecm: 1, ms: 3.0)]),
        ])
        #expect(two.components(separatedBy: "- CPU: ").count == 2)
        let old = try Self.report([
            Self.doc(
                [Self.run("a", roofline: 0.5, ecm: 1, ms: 3.0)], vendor: "not read (PAPI not used)",
                model: "not read (PAPI not used)", cpuSource: nil)
        ])
        #expect(old.contains("- CPU: not read (PAPI not used); PAPI event groups: 0; pinned to CPU 0\n"))
    }

    /// A time that is not one: one error naming the JSON path and what was wrong.
    @Test func badTimesAreRefusedWithTheirPath() throws {
        func refused(_ time: JSON) -> String? {
            guard case .object(var run) = Self.run("a", roofline: 0.5, ecm: 1, ms: 3.0),
                let m = run.firstIndex(where: { $0.0 == "measured" })
            else { return nil }
            run[m].1 = .object([("time", time)])
            do {
                _ = try ReportInput.decode(Self.doc([.object(run)]), file: "bad.json")
                return nil
            } catch {
                return "\(error)"
            }
        }
        func time(_ median: JSON, _ min: JSON, _ reps: JSON) -> JSON {
            .object([("medianSeconds", median), ("minSeconds", min), ("repetitions", reps), ("gflops", .null)])
        }
        let at = "bad.json: runs[0].measured.time"
        #expect(refused(time(.double(-1), .double(0), .int(1)))?.hasPrefix("\(at).medianSeconds: ") == true)
        #expect(refused(time(.double(1), .double(2), .int(1))) == "\(at).minSeconds: 2.0 is above the median (1.0)")
        #expect(refused(time(.double(1), .double(1), .int(0))) == "\(at).repetitions: must be at least 1")
        #expect(refused(time(.double(1), .double(1), .int(1001)))?.hasPrefix("\(at).repetitions: 1001 is out") == true)
        #expect(refused(.string("fast"))?.hasPrefix("\(at): expected an object") == true)
        #expect(refused(time(.double(1), .double(1), .int(5))) == nil)
    }

    @Test func cpuinfoIsParsed() {
        // Hypothetical /proc/cpuinfo texts: x86 names the model; many ARM kernels give only the codes.
        let x86 =
            "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold 6338\n\n"
            + "processor\t: 1\nvendor_id\t: Other\nmodel name\t: Other\n"
        let p = LayoutLabCPUInfo.parse(x86)
        #expect(p.vendor == "GenuineIntel" && p.model == "Intel(R) Xeon(R) Gold 6338")
        let arm = "processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n"
        let a = LayoutLabCPUInfo.parse(arm)
        #expect(a.vendor == nil && a.model == "CPU implementer 0x41, part 0xd0c")
    }
}
