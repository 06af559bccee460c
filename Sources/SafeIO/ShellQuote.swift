import Foundation

/// Commands printed or written for a shell (the report's "Regenerate with" line, the Slurm
/// scripts and the resubmit hint): every argument is one POSIX shell word that the shell reads
/// back unchanged, so pasting a command runs that command and nothing else, whatever the
/// file names hold (`$(...)`, backquotes, quotes, spaces, newlines).
package enum ShellQuote {
    /// Whether `s` needs no quoting: not empty and only ASCII letters, digits and `@%+=:,./_-`
    /// (no character the shell expands, splits on or treats as an operator).
    package static func isPlain(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { isAlphanumeric($0) || "@%+=:,./_-".unicodeScalars.contains($0) }
    }

    /// ASCII letters and digits (the characters every quoting and file-name rule keeps).
    package static func isAlphanumeric(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
    }

    /// `s` in single quotes, each `'` written as `'\''` (inside single quotes nothing is special,
    /// a newline included).
    package static func always(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// `s` as one shell word: unchanged when plain, else single-quoted.
    package static func word(_ s: String) -> String { isPlain(s) ? s : always(s) }

    /// The arguments as one command line, each argument a word.
    package static func command(_ args: [String]) -> String { args.map(word).joined(separator: " ") }
}
