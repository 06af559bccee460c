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
        # Performance figures for the cost model (a Ryzen 9 7950X core). The roofline is a lower bound on
        # time, so bandwidths are upper bounds: measured maxima of one core, converted at the 4.5 GHz clock.
        core:
          clock: 4.5              # GHz: Ryzen 9 7950X base clock
          # Two 256-bit FMA pipes (AMD Software Optimization Guide for Family 19h, 2.11.1): 2 x 4 f64 x 2;
          # 2 x 8 f32 x 2; i8: VPDPBUSD ymm twice per cycle (uops.info), 2 x 32 multiply-adds x 2.
          flopsPerCycle: {f64: 16, f32: 32, i8: 128}
          loadsPerCycle: 2        # vector loads per cycle (two FP load pipes; same guide, 2.12)
          storesPerCycle: 1       # "throughput is limited to one per cycle" (same guide, 2.11)
          loadBytes: 32           # 256-bit load pipes (same guide, 2.12)
          storeBytes: 32
        levels:
          - name: L1
            size: 32KiB
            line: 64
            ways: 8
            policy: lru
            write: back
            allocate: true
            # L1<->L2: 254.3 GB/s read from a 128 KiB footprint, one thread (Roy Longbottom's MemSpeed on a
            # 7950X, EntityFX/anybench results), plus the write-backs (x1.5): 381 GB/s / 4.5 GHz.
            bandwidth: 85
            latency: 4            # cycles, load-to-use (same guide, 2.12)
          - name: L2
            size: 1MiB
            line: 64
            ways: 8
            policy: lru
            inclusion: inclusive
            # L2<->L3: 242.8 GB/s read from a 4 MiB footprint (same MemSpeed run), plus write-backs (x1.5):
            # 364 GB/s / 4.5 GHz.
            bandwidth: 81
            latency: 14           # cycles (AMD's Zen 4 launch figures: 12 on Zen 3, 14 on Zen 4)
          - name: L3
            size: 32MiB
            line: 64
            ways: 16
            policy: lru
            inclusion: exclusive
            latency: 50           # cycles (same launch figures)
        memory:
          # STREAM copy, one thread, DDR5-6000: 38.5 GB/s, which leaves out the write-allocate reads that a
          # cache simulator counts (x1.5) (EntityFX/anybench, Ryzen 9 7950X).
          bandwidth: 58           # GB/s
          latency: 63.6           # ns, AIDA64 with DDR5-6000 and a 2000 MHz fabric clock

        """

    /// A typical Intel core (Skylake client): L1D 32 KiB 8-way, L2 256 KiB 4-way, L3 8 MiB 16-way.
    public static let skylake = """
        name: skylake
        description: Intel Skylake client core (L1D 32 KiB 8-way, L2 256 KiB 4-way, L3 8 MiB 16-way)
        # Performance figures for the cost model (a Core i7-6700K core). The roofline is a lower bound on
        # time, so bandwidths are upper bounds: the peak figures of Intel's optimization manual.
        core:
          clock: 4.0              # GHz: Core i7-6700K base clock
          # FMA on ports 0 and 1, 256 bits each: 2 x 4 f64 x 2; 2 x 8 f32 x 2; i8: VPMADDUBSW ymm on the
          # same two ports, 2 x 32 multiply-adds x 2 (an upper bound: int8 GEMM also needs VPMADDWD).
          flopsPerCycle: {f64: 16, f32: 32, i8: 128}
          loadsPerCycle: 2        # "2*32B load + 1*32B store" per cycle (Intel 64 and IA-32 Architectures
          storesPerCycle: 1       # Optimization Reference Manual, Skylake client cache table)
          loadBytes: 32
          storeBytes: 32
        levels:
          - name: L1
            size: 32KiB
            line: 64
            ways: 8
            policy: plru
            bandwidth: 64         # L1<->L2, peak 64 B/cycle (sustained about 29; same table)
            latency: 4            # cycles, fastest load-to-use (same table)
          - name: L2
            size: 256KiB
            line: 64
            ways: 4
            policy: lru
            bandwidth: 32         # L2<->L3, peak 32 B/cycle (sustained about 18; same table)
            latency: 12           # cycles (same table)
          - name: L3
            size: 8MiB
            line: 64
            ways: 16
            policy: lru
            inclusion: inclusive
            latency: 44           # cycles (same table)
        memory:
          bandwidth: 25           # GB/s: 25.4 GB/s read, one thread, i7-6700K with DDR4-3233 (generous at stock memory)
          latency: 61.5           # ns: 42 cycles + 51 ns at 4.0 GHz (7-cpu.com, Skylake)

        """

    /// An ARM Cortex-A53, the little core QNNPACK's kernels target: L1D 32 KiB 4-way, L2 512 KiB 16-way.
    public static let cortexA53 = """
        name: cortex-a53
        description: ARM Cortex-A53 (L1D 32 KiB 4-way, shared L2 512 KiB 16-way), a QNNPACK target
        # Performance figures for the cost model (a Raspberry Pi 3 core, BCM2837 at 1.2 GHz). No public
        # figure was found for the L1<->L2 bandwidth, so the cost model names it as missing.
        core:
          clock: 1.2              # GHz: Raspberry Pi 3 Model B
          # One 128-bit FMLA per cycle (LLVM's Cortex-A53 scheduling model, AArch64SchedA53.td): 4 f32 x 2,
          # 2 f64 x 2. An upper bound: another reading of the same model gives half. i8: not found.
          flopsPerCycle: {f64: 4, f32: 8}
          loadsPerCycle: 1        # one load/store pipe: "two load/stores cannot simultaneously issue"
          storesPerCycle: 1       # (GCC's cortex-a53 pipeline description, contributed by ARM)
          loadBytes: 8            # 64-bit load path
          storeBytes: 16          # 128-bit store path
        levels:
          - name: L1
            size: 32KiB
            line: 64
            ways: 4
            policy: lru
            latency: 3            # cycles, load-to-use (LLVM's Cortex-A53 scheduling model)
          - name: L2
            size: 512KiB
            line: 64
            ways: 16
            policy: lru
        memory:
          bandwidth: 3.6          # GB/s: LPDDR2-900 on a 32-bit bus, the peak (about 1.75 GB/s measured, one thread)

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
