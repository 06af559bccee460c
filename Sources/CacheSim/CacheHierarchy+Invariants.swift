/// The hierarchy's internal invariants, checked only in builds with `LAYOUTLAB_INTERNAL_CHECKS`
/// (the debug build: `Package.swift`); elsewhere `_checkInvariants` is an empty inline
/// function, so release builds pay nothing. The differential tests call it after their runs.
///
/// What holds after any sequence of accesses, per level (the instruction level included):
/// - every valid way's line maps to its set, and no line is held twice in a set;
/// - an empty way is empty: no flags (dirty, prefetched) and no owner; on a level that keeps
///   stamps its stamp is 0 (below every valid line's: the LRU and FIFO victim searches rely
///   on it), and under LRU or FIFO a valid way's stamp is not 0;
/// - an order-word level's order words are permutations of its ways with the empty ways at
///   the old end, and its hints match its tags;
/// - inclusion: every clean line of a level above an inclusive level is in it (a dirty one may
///   not be: a store that covers a whole line fills it without a fetch, as in DineroIV; and
///   between levels of different line sizes only until a single-line invalidation record,
///   which DineroIV applies line by line at each level);
/// - exclusion: no clean line is both in an exclusive level and in the level above it (a
///   dirty one may be, filled above by a whole-line store), where both have one line size,
///   the level above writes back, the exclusive level has no prefetcher and no instruction
///   level sits beside L1; checked until the first copy-back, whose write-backs reach the
///   exclusive level while the line stays above.
#if LAYOUTLAB_INTERNAL_CHECKS
    extension CacheHierarchy {
        /// Whether this build checks its invariants (`_checkInvariants` does something).
        public static var _internalChecksEnabled: Bool { true }

        /// Traps with the violated invariants, if any (at most five named).
        @inline(never)
        public func _checkInvariants() {
            let problems = _invariantViolations()
            let named = problems.prefix(5).joined(separator: "; ")
            precondition(problems.isEmpty, "cache hierarchy invariants: \(named)")
        }

        /// Every violated invariant, one line each; empty when the state is consistent.
        public func _invariantViolations() -> [String] {
            var out: [String] = []
            for level in 0..<count { checkWays(levels + level, "L\(level + 1)", &out) }
            if let instruction { checkWays(instruction, "instruction level", &out) }
            checkInclusion(&out)
            checkExclusion(&out)
            return out
        }

        /// Sets, duplicates, empty ways, stamps, order words and hints of one level.
        private func checkWays(_ L: UnsafeMutablePointer<CacheLevel>, _ name: String, _ out: inout [String]) {
            let ways = L.pointee.ways
            let orderWord = L.pointee.path == .orderWord
            let ordered = L.pointee.policy.traits.ordersWays
            for set in 0..<L.pointee.sets {
                let base = set * ways
                for way in 0..<ways {
                    let slot = base + way
                    let tag = L.pointee.tags[slot]
                    let at = "\(name) set \(set) way \(way)"
                    if tag == CacheLevel.invalid {
                        let flags = L.pointee.flags[slot], owner = L.pointee.owners[slot]
                        if flags != 0 { out.append("\(at): empty way with flags \(flags)") }
                        if owner != 0 { out.append("\(at): empty way owned by region \(owner)") }
                        if !orderWord && L.pointee.stamps[slot] != 0 { out.append("\(at): empty way with a stamp") }
                        continue
                    }
                    if L.setIndex(tag) != set { out.append("\(at): line \(tag) belongs to set \(L.setIndex(tag))") }
                    for other in (way + 1)..<max(ways, way + 1) where L.pointee.tags[base + other] == tag {
                        out.append("\(at): line \(tag) also in way \(other)")
                    }
                    if orderWord && L.pointee.hints[slot] != L.hint(tag) {
                        out.append("\(at): hint does not match line \(tag)")
                    }
                    if !orderWord && ordered && L.pointee.stamps[slot] == 0 {
                        out.append("\(at): valid way with stamp 0")
                    }
                }
                if orderWord { checkOrder(L, set: set, "\(name) set \(set)", &out) }
            }
        }

        /// One order word: a permutation of the ways, nothing above them, empty ways oldest.
        private func checkOrder(_ L: UnsafeMutablePointer<CacheLevel>, set: Int, _ at: String, _ out: inout [String]) {
            let ways = L.pointee.ways
            let word = L.pointee.order[set]
            let positions = L.orderWays(set: set)
            if Set(positions) != Set(0..<ways) {
                out.append("\(at): order word \(word) is not a permutation of \(ways) ways")
            }
            if ways < 16 && word >> UInt64(4 * ways) != 0 {
                out.append("\(at): order word \(word) has bits above its ways")
            }
            var seenEmpty = false
            for way in positions {
                let empty = L.pointee.tags[set * ways + way] == CacheLevel.invalid
                if seenEmpty && !empty { out.append("\(at): way \(way) is valid but older than an empty way") }
                seenEmpty = seenEmpty || empty
            }
        }

        /// Every line above an inclusive level is in it.
        private func checkInclusion(_ out: inout [String]) {
            for j in 1..<max(count, 1) where levels[j].inclusion == .inclusive {
                var above = (0..<j).map { levels + $0 }
                if let instruction { above.append(instruction) }
                let lines = levels[j].lineBytes
                for U in above where U.pointee.lineBytes == lines || totals[TotalSlot.lineInvalidations] == 0 {
                    for (line, dirty) in U.pointee.residentLines() where !dirty {
                        guard !holds(levels + j, line << U.pointee.lineShift) else { continue }
                        let bytes = U.pointee.lineBytes
                        out.append("L\(j + 1) is inclusive but lacks clean line \(line) (\(bytes) B) above it")
                    }
                }
            }
        }

        /// No line in an exclusive level and in the level above it.
        private func checkExclusion(_ out: inout [String]) {
            guard totals[TotalSlot.copyBacks] == 0 else { return }
            for j in 1..<max(count, 1) where levels[j].inclusion == .exclusive {
                let U = levels + (j - 1), B = levels + j
                guard U.pointee.lineBytes == B.pointee.lineBytes, U.pointee.writeBack, B.pointee.prefetch == .none,
                    j > 1 || instruction == nil
                else { continue }
                for (line, dirty) in U.pointee.residentLines() where !dirty && holds(B, line << U.pointee.lineShift) {
                    out.append("L\(j + 1) is exclusive but holds clean line \(line) of L\(j) too")
                }
            }
        }

        /// Whether level `L` holds the line with byte `address`.
        private func holds(_ L: UnsafeMutablePointer<CacheLevel>, _ address: UInt64) -> Bool {
            let line = address >> L.pointee.lineShift
            return L.find(line, base: L.setIndex(line) * L.pointee.ways) >= 0
        }
    }
#else
    extension CacheHierarchy {
        /// Whether this build checks its invariants (`_checkInvariants` does something).
        @inlinable public static var _internalChecksEnabled: Bool { false }

        /// Does nothing: the checks are compiled only with `LAYOUTLAB_INTERNAL_CHECKS`.
        @inlinable @inline(__always)
        public func _checkInvariants() {}

        /// Empty: the checks are compiled only with `LAYOUTLAB_INTERNAL_CHECKS`.
        @inlinable @inline(__always)
        public func _invariantViolations() -> [String] { [] }
    }
#endif
