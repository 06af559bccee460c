// What an interrupted layoutlab must undo, kept where a signal handler can reach it: the
// temporaries being written, private scratch folders, and child processes (each the leader of
// its own process group). On SIGINT or SIGTERM the handler kills the children's groups, waits
// for them, removes the files and folders, prints one line and exits. It calls only
// async-signal-safe functions (kill, waitpid, unlink, open, getdents64, unlinkat, rmdir, write,
// _exit); the registry is lock-free (atomic slots), so registering never blocks the handler.
#ifndef LAYOUTLAB_INTERRUPT_H
#define LAYOUTLAB_INTERRUPT_H
#include <sys/types.h>

/// Registers a file to unlink if a signal comes; returns a slot for `layoutlab_interrupt_forget`
/// (-1 when the registry is full: the file is then left to the stale-temporary sweep).
int layoutlab_interrupt_add_file(const char *path);
/// Registers a private folder to remove with everything in it (one level of files deep).
int layoutlab_interrupt_add_tree(const char *path);
/// Registers a child process, the leader of its own process group, to kill (SIGKILL) and reap.
int layoutlab_interrupt_add_child(pid_t pid);
/// Forgets a slot returned by the functions above (the work finished normally).
void layoutlab_interrupt_forget(int slot);

/// Blocks SIGINT and SIGTERM in this thread until `layoutlab_interrupt_unblock`: around creating
/// something and registering it, so that a signal in between cannot leave it behind.
void layoutlab_interrupt_block(void);
void layoutlab_interrupt_unblock(void);

/// Starts `argv[0]` (an absolute path) with `envp` as the leader of a new process group, its
/// stdout and stderr sent to the given files (created 0600, or /dev/null when NULL), signals
/// at their defaults and none blocked, and registers it (`*slot`) before a signal can come.
/// Returns the pid, or -1 with errno set.
pid_t layoutlab_interrupt_spawn(char *const argv[], char *const envp[], const char *out_path,
                                const char *err_path, int *slot);

/// The line printed on a signal (without "layoutlab: " and the newlines), replacing the last.
void layoutlab_interrupt_set_message(const char *text);
/// Installs the handler for SIGINT and SIGTERM (exit status `status`) and unblocks both.
void layoutlab_interrupt_install(int status);
/// What the handler does before printing: kill the children, remove the files and folders.
/// Also safe to call outside a handler (then nothing is printed).
void layoutlab_interrupt_cleanup(void);

/// One malloc arena for every thread (glibc's M_ARENA_MAX = 1): under an address-space limit
/// each further arena would reserve 64 MiB of it.
void layoutlab_single_malloc_arena(void);

#endif
