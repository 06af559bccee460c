/// The machine files bundled with LayoutLab, usable by name (`machine: zen4`). Each is also
/// shipped as `Configs/machines/NAME.yaml`; a test keeps the two identical.
public enum MachinePresets {
    public static let all: [String: String] = [
        "zen4": zen4, "skylake": skylake, "cortex-a53": cortexA53, "tiny": tiny,
    ]

    /// AMD Zen 4 (this project's development machines): L1D 32 KiB 8-way, L2 1 MiB 8-way,
    /// L3 32 MiB 16-way (one CCD), 64-byte lines.
    public static let zen4 = """
    name: zen4
    description: AMD Zen 4 core, data side (L1D 32 KiB 8-way, L2 1 MiB 8-way, L3 32 MiB 16-way per CCD)
    levels:
      - name: L1
        size: 32KiB
        line: 64
        ways: 8
        policy: lru
        write: back
        allocate: true
      - name: L2
        size: 1MiB
        line: 64
        ways: 8
        policy: lru
        inclusion: inclusive
      - name: L3
        size: 32MiB
        line: 64
        ways: 16
        policy: lru
        inclusion: exclusive

    """

    /// A typical Intel core (Skylake client): L1D 32 KiB 8-way, L2 256 KiB 4-way, L3 8 MiB 16-way.
    public static let skylake = """
    name: skylake
    description: Intel Skylake client core (L1D 32 KiB 8-way, L2 256 KiB 4-way, L3 8 MiB 16-way)
    levels:
      - name: L1
        size: 32KiB
        line: 64
        ways: 8
        policy: plru
      - name: L2
        size: 256KiB
        line: 64
        ways: 4
        policy: lru
      - name: L3
        size: 8MiB
        line: 64
        ways: 16
        policy: lru
        inclusion: inclusive

    """

    /// An ARM Cortex-A53, the little core QNNPACK's kernels target: L1D 32 KiB 4-way, L2 512 KiB 16-way.
    public static let cortexA53 = """
    name: cortex-a53
    description: ARM Cortex-A53 (L1D 32 KiB 4-way, shared L2 512 KiB 16-way), a QNNPACK target
    levels:
      - name: L1
        size: 32KiB
        line: 64
        ways: 4
        policy: lru
      - name: L2
        size: 512KiB
        line: 64
        ways: 16
        policy: lru

    """

    /// A teaching hierarchy small enough to follow by hand: L1 256 B direct-mapped-ish, L2 1 KiB.
    public static let tiny = """
    name: tiny
    description: teaching hierarchy (L1 256 B 2-way, L2 1 KiB 4-way, 16-byte lines)
    levels:
      - name: L1
        size: 256
        line: 16
        ways: 2
        policy: lru
      - name: L2
        size: 1KiB
        line: 16
        ways: 4
        policy: lru

    """
}
