/// Sentences `measure` prints on stderr and its report repeats, so both say the same: which cache
/// geometry was simulated, and what LayoutLab's native kernel is.
public enum MeasureText {
    /// "L1 32 KiB 8-way 64 B lines, L2 1 MiB 8-way 64 B lines" for (name, size, ways, line) levels.
    public static func geometry(_ levels: [(name: String, size: Int, ways: Int, line: Int)]) -> String {
        levels.map { "\($0.name) " + level(size: $0.size, ways: $0.ways, line: $0.line) }.joined(separator: ", ")
    }

    /// "32 KiB 8-way 64 B lines".
    public static func level(size: Int, ways: Int, line: Int) -> String {
        "\(Fmt.bytes(size)) \(ways)-way \(line) B lines"
    }

    /// Which geometry the simulation used and whether the experiment's `machine:` was: `from` is
    /// `--machine` when the option named the machine, else `sysfs` (the host's caches).
    /// Plain text (names are not escaped here: the caller escapes for its medium).
    public static func simulated(machine: String, from: String, experimentMachine: String?, geometry: String)
        -> String
    {
        if from == "--machine" {
            return "simulated: machine \(machine), named by --machine (\(geometry)); "
                + "the native kernels ran on this host, whatever its caches are"
        }
        var s = "simulated: this host's caches as sysfs describes them (\(geometry))"
        if let e = experimentMachine {
            s +=
                "; the experiment's machine (\(e)) is not used for a real run on this host unless "
                + "--machine names it (--machine \(e))"
        }
        return s
    }

    /// "LayoutLab's native kernel (Swift, built with -O)": `build` is the optimisation the
    /// measuring binary was built with (`-O` or `-Onone`), nil for a document that does not say.
    public static func nativeKernel(build: String?) -> String {
        guard let build else { return "LayoutLab's native kernel (Swift)" }
        return build == "-O"
            ? "LayoutLab's native kernel (Swift, built with -O)"
            : "LayoutLab's native kernel (Swift, built with \(build): a debug build, not representative of its speed)"
    }
}
