#if canImport(Glibc)
    import Glibc
#endif
import CInterrupt
import CacheSim
import LayoutConfig
import SafeIO

/// Ctrl-C (SIGINT) and SIGTERM: kill the child processes (Valgrind), remove the temporaries of
/// outputs being written and private scratch folders, print one line saying what was saved
/// and how to resume, then exit with status 130, whatever the command. Finished runs are
/// already on disk (the sweep journal), so nothing is lost. The handler is in C
/// (`CInterrupt`) and calls only async-signal-safe functions; outputs register their
/// temporaries there as they are created (`AtomicFile`), scratch folders and children likewise.
enum Interrupt {
    /// Every command's handler, before it does anything: exit 130 with a generic line.
    static func installDefault() {
        layoutlab_interrupt_set_message("interrupted: outputs being written were removed; earlier ones are intact")
        layoutlab_interrupt_install(130)
    }

    /// The line to print instead of the generic one. `removing`: further temporary files to
    /// delete if the signal comes (those `AtomicFile` writes are registered by it).
    static func onInterrupt(_ text: String, removing: [String] = []) {
        layoutlab_interrupt_set_message(text)
        for path in removing { _ = layoutlab_interrupt_add_file(path) }
        layoutlab_interrupt_install(130)
    }

    /// Under an address-space limit (`ulimit -v`), one malloc arena for all threads: glibc
    /// otherwise reserves 64 MiB of address space per thread's arena, which the limit counts
    /// and the memory budget cannot foresee.
    static func limitMallocArenas() {
        if MemoryBudget.addressSpaceLimit() != nil { layoutlab_single_malloc_arena() }
    }

    /// A failed allocation of the 3C state (under `ulimit -v` or a cgroup limit, mid-replay)
    /// ends in one line and exit 1, temporaries and children removed as on a signal.
    static func reportFailedGrowth() {
        ShadowGrowth.onFailure = { bytes in
            layoutlab_interrupt_cleanup()
            let line =
                "layoutlab: error: out of memory: the 3C classification could not grow its state by "
                + "\(bytes / 1_048_576 + 1) MiB (the address-space or memory limit); "
                + "run with --no3c or raise the limit\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
            _exit(1)
        }
    }

    /// A closed stdout (`| head`) must not kill the process before it writes the files asked
    /// for: SIGPIPE is ignored, and printing to a closed pipe then just fails. A file-size limit
    /// (`ulimit -f`) must not kill it either: SIGXFSZ is ignored, so the write fails with EFBIG
    /// ("File too large"), which the writer reports in one line after removing its temporary.
    static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
    }
}
