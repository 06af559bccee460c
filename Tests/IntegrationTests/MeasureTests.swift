import Foundation
import Testing
import Counters
@testable import LayoutLabKit
import TestSupport
import LayoutConfig

@Suite(.serialized) struct MeasureTests {
    @Test func papiErrorsCarryCallCodeAndMessage() throws {
        nonisolated(unsafe) var lookup: Result<Int32, Error>!
        try PAPIThread.shared.run {
            try PAPI.libraryInit()
            lookup = Result { try PAPI.eventNameToCode("LAYOUTLAB_NO_SUCH_EVENT") }
        }
        // papi.h: PAPI_ENOEVNT is -7, "Event does not exist".
        #expect(PAPI.ENOEVNT == -7)
        do {
            _ = try lookup.get()
            Issue.record("an unknown event name was accepted")
        } catch let e as PAPIError {
            #expect(e.call == "PAPI_event_name_to_code(LAYOUTLAB_NO_SUCH_EVENT)")
            #expect(e.code < 0 && e.message == PAPI.strerror(e.code) && !e.message.isEmpty)
            #expect(e.description == "\(e.call): \(e.message) (PAPI code \(e.code))")
            #expect(e.meansUnavailable)
        }
    }

    /// Why PAPI's perf_event component is disabled on this machine, or nil where it works. Where
    /// libpfm4 finds no PMU it knows (a VM without one, or a CPU newer than the library), PAPI
    /// disables the component, its software events too: page faults are then unavailable, and
    /// the tests check that they are reported so, with that reason.
    static func perfEventDisabled() throws -> String? {
        nonisolated(unsafe) var why: String?
        try PAPIThread.shared.run { why = try PAPI.componentDisabledReason("perf_event") }
        return why
    }

    @Test func unknownEventsAreUnavailableNeverZero() throws {
        nonisolated(unsafe) var plan: EventPlan!, out: CounterRun.Outcome!
        try PAPIThread.shared.run {
            plan = try EventPlan.make(["LAYOUTLAB_NO_SUCH_EVENT", "perf::PAGE-FAULTS"])
            out = try CounterRun.measure(plan: plan, repetitions: 3) { {} }
        }
        guard case .unavailable(let reason)? = out.events["LAYOUTLAB_NO_SUCH_EVENT"] else {
            Issue.record("expected unavailable")
            return
        }
        #expect(!reason.isEmpty)
        if let why = try Self.perfEventDisabled() {
            #expect(plan.unavailable.map(\.name) == ["LAYOUTLAB_NO_SUCH_EVENT", "perf::PAGE-FAULTS"])
            #expect(plan.groups.isEmpty)
            guard case .unavailable(let pf)? = out.events["perf::PAGE-FAULTS"] else {
                Issue.record("page faults not unavailable")
                return
            }
            #expect(pf.hasSuffix("(PAPI's perf_event component is disabled: \(why))"), "\(pf)")
            return
        }
        #expect(plan.unavailable.map(\.name) == ["LAYOUTLAB_NO_SUCH_EVENT"])
        #expect(plan.groups.flatMap { $0 }.map(\.name) == ["perf::PAGE-FAULTS"])
        guard case .ok? = out.events["perf::PAGE-FAULTS"] else {
            Issue.record("page faults not measured")
            return
        }
        #expect(out.seconds.count == 3)
    }

    @Test func pageSinkPredictsFaults() {
        // Page 0: read then written -> 2 faults. Page 1: written then read -> 1. Page 2: read only -> 1.
        var s = PageSink()
        s.access(address: 0x0010, size: 4, kind: .load, region: 0)
        s.access(address: 0x0020, size: 4, kind: .store, region: 0)
        s.access(address: 0x1000, size: 4, kind: .store, region: 0)
        s.access(address: 0x1008, size: 4, kind: .load, region: 0)
        s.access(address: 0x2ffe, size: 1, kind: .load, region: 0)
        #expect(s.pages == 3 && s.predictedFaults == 4)
        // An access straddling pages touches both.
        var t = PageSink()
        t.access(address: 0x0ffc, size: 8, kind: .store, region: 0)
        #expect(t.pages == 2 && t.predictedFaults == 2)
    }

    @Test func kendallTau() {
        #expect(CrossCheck.kendallTau([1, 2, 3], [10, 20, 30]) == 1)
        #expect(CrossCheck.kendallTau([1, 2, 3], [30, 20, 10]) == -1)
        // 4 items, 6 pairs, one discordant (2,3): (5 - 1) / 6.
        #expect(abs(CrossCheck.kendallTau([1, 2, 3, 4], [1, 3, 2, 4])! - 4.0 / 6.0) < 1e-12)
        #expect(CrossCheck.kendallTau([1, 1, 1], [1, 2, 3]) == nil)
    }

    @Test func measureEndToEndAndPageFaultCrossCheck() throws {
        let scratch = TestDirectory("layoutlab-measure")
        defer { withExtendedLifetime(scratch) {} }  // keep the directory to the end of the test
        let path = scratch.file("m.yaml")
        try """
        name: m
        machine: tiny
        kernel: gemm
        shape: {m: 64, n: 48, k: 40}
        repetitions: 3
        variants:
          - {name: ijk, loops: ijk}
          - {name: blis, algorithm: blis, mr: 4, nr: 4, kc: 16, mc: 16, nc: 32}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let spec = try ExperimentSpec.load(path: path)
        nonisolated(unsafe) var result: MeasureResult!
        try PAPIThread.shared.run {
            result = try MeasureJob.run(
                spec, machine: MachineSpec.resolve("tiny"),
                events: ["perf::PAGE-FAULTS", "LAYOUTLAB_NO_SUCH_EVENT"], repetitions: nil)
        }
        let r = result!
        let perfDisabled = try Self.perfEventDisabled()
        #expect(r.runs.count == 2)
        for run in r.runs {
            // ijk: A 64x40, B 40x48, C 64x48 f32 = 10240 + 7680 + 12288 bytes; every page of each array is
            // touched, C's pages are read first then written (two faults each).
            if run.simulated.variant == "ijk" {
                let pages = (10240 + 4095) / 4096 + (7680 + 4095) / 4096 + (12288 + 4095) / 4096
                #expect(run.simulatedPages == pages)
                #expect(run.predictedFaults == pages + 3)
            }
            if case .unavailable? = run.measured["LAYOUTLAB_NO_SUCH_EVENT"] {
            } else {
                Issue.record("bogus event not unavailable")
            }
            if let why = perfDisabled {
                guard case .unavailable(let pf)? = run.measured["perf::PAGE-FAULTS"] else {
                    Issue.record("page faults not unavailable")
                    continue
                }
                #expect(pf.hasSuffix("(PAPI's perf_event component is disabled: \(why))"), "\(pf)")
                continue
            }
            guard case .ok(let median, _, _)? = run.measured["perf::PAGE-FAULTS"] else {
                Issue.record("no page faults")
                continue
            }
            #expect(
                abs(median - Double(run.predictedFaults)) <= 4,
                "\(run.simulated.variant): measured \(median), predicted \(run.predictedFaults)")
        }
        let doc = MeasureJob.json(spec, r)
        #expect(doc["runs"]?.array?.first?["measured"]?["LAYOUTLAB_NO_SUCH_EVENT"]?["status"]?.string == "unavailable")
        #expect(doc["runs"]?.array?.first?["simulatedPages"]?.uint64 != nil)
    }
}
