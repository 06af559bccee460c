/// Orders text with numbers in it as a reader does: "16" before "128" before "200", and "a
/// working set of 257 lines" before "a working set of 1024 lines" (runs of digits compare as
/// numbers, the rest as text), so lists in notes never read "128, 16, 200".
enum NaturalOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        let x = chunks(a), y = chunks(b)
        for (p, q) in zip(x, y) where p != q {
            switch (p, q) {
            case (.number(let m), .number(let n)):
                let (u, v) = (value(m), value(n))
                if u != v { return u.count != v.count ? u.count < v.count : u < v }
                return m < n
            case (.number, .text): return true
            case (.text, .number): return false
            case (.text(let s), .text(let t)): return s < t
            }
        }
        return x.count < y.count
    }

    /// Digits without their leading zeros, so that the longer is the larger.
    static func value(_ digits: Substring) -> Substring {
        let v = digits.drop { $0 == "0" }
        return v.isEmpty ? "0" : v
    }

    /// A run of digits or of other characters, as written.
    enum Chunk: Equatable {
        case number(Substring)
        case text(Substring)
    }

    static func chunks(_ s: String) -> [Chunk] {
        var out: [Chunk] = []
        var i = s.startIndex
        while i < s.endIndex {
            let digit = s[i].isASCII && s[i].isNumber
            let j = s[i...].firstIndex { ($0.isASCII && $0.isNumber) != digit } ?? s.endIndex
            let part = s[i..<j]
            out.append(digit ? .number(part) : .text(part))
            i = j
        }
        return out
    }
}
