#define _GNU_SOURCE
#include "layoutlab_interrupt.h"
#include <dirent.h>
#include <malloc.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

enum { SLOTS = 1024, KIND_FILE = 1, KIND_TREE = 2, KIND_CHILD = 3 };

/// One registered thing. `path` is owned by whoever swaps it out of the slot (exchange), so a
/// slot forgotten by the program while the handler runs is never freed under the handler.
typedef struct {
    atomic_int state;  // 0 free, 1 being filled, 2 registered
    _Atomic(char *) path;
    atomic_int kind;
    atomic_int pid;
} Slot;

static Slot slots[SLOTS];
static _Atomic(char *) message;
static int exit_status = 130;

static int add(int kind, const char *path, pid_t pid) {
    char *copy = strdup(path ? path : "");
    if (!copy) return -1;
    for (int i = 0; i < SLOTS; i++) {
        int expected = 0;
        if (!atomic_compare_exchange_strong(&slots[i].state, &expected, 1)) continue;
        atomic_store(&slots[i].kind, kind);
        atomic_store(&slots[i].pid, (int)pid);
        atomic_store(&slots[i].path, copy);
        atomic_store(&slots[i].state, 2);
        return i;
    }
    free(copy);
    return -1;
}

int layoutlab_interrupt_add_file(const char *path) { return add(KIND_FILE, path, 0); }
int layoutlab_interrupt_add_tree(const char *path) { return add(KIND_TREE, path, 0); }
int layoutlab_interrupt_add_child(pid_t pid) { return add(KIND_CHILD, NULL, pid); }

void layoutlab_interrupt_forget(int slot) {
    if (slot < 0 || slot >= SLOTS) return;
    char *p = atomic_exchange(&slots[slot].path, NULL);
    if (p) {
        free(p);
        atomic_store(&slots[slot].state, 0);
    }
}

static void set_blocked(int how) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(how, &set, NULL);
}

void layoutlab_interrupt_block(void) { set_blocked(SIG_BLOCK); }
void layoutlab_interrupt_unblock(void) { set_blocked(SIG_UNBLOCK); }

pid_t layoutlab_interrupt_spawn(char *const argv[], char *const envp[], const char *out_path,
                                const char *err_path, int *slot) {
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&at);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null",
                                     O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err_path ? err_path : "/dev/null",
                                     O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGXFSZ);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &defaults);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    set_blocked(SIG_BLOCK);
    pid_t pid = -1;
    int e = posix_spawn(&pid, argv[0], &fa, &at, argv, envp);
    if (e == 0) *slot = layoutlab_interrupt_add_child(pid);
    set_blocked(SIG_UNBLOCK);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    if (e != 0) {
        errno = e;
        return -1;
    }
    return pid;
}

void layoutlab_interrupt_set_message(const char *text) {
    size_t n = strlen(text);
    char *line = malloc(n + 14);
    if (!line) return;
    memcpy(line, "\nlayoutlab: ", 12);
    memcpy(line + 12, text, n);
    line[n + 12] = '\n';
    line[n + 13] = 0;
    char *old = atomic_exchange(&message, line);
    (void)old;  // never freed: a handler may be printing it
}

struct linux_dirent64 {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/// Removes `dir` and the entries in it (sub-folders one level deep), with raw system calls only.
static void remove_tree(const char *dir, int depth) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        char buf[4096];
        for (;;) {
            long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
            if (n <= 0) break;
            int removed = 0;
            for (long off = 0; off < n;) {
                struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
                off += d->d_reclen;
                if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) continue;
                if (unlinkat(fd, d->d_name, 0) == 0) {
                    removed = 1;
                } else if (errno == EISDIR && depth > 0) {
                    char sub[4096];
                    size_t a = strlen(dir), b = strlen(d->d_name);
                    if (a + b + 2 < sizeof sub) {
                        memcpy(sub, dir, a);
                        sub[a] = '/';
                        memcpy(sub + a + 1, d->d_name, b + 1);
                        remove_tree(sub, depth - 1);
                        removed = 1;
                    }
                }
            }
            if (removed) lseek(fd, 0, SEEK_SET);
            else break;
        }
        close(fd);
    }
    rmdir(dir);
}

void layoutlab_interrupt_cleanup(void) {
    // Children first, so that nothing writes into the folders while they are removed.
    for (int i = 0; i < SLOTS; i++) {
        if (atomic_load(&slots[i].state) != 2 || atomic_load(&slots[i].kind) != KIND_CHILD) continue;
        char *p = atomic_exchange(&slots[i].path, NULL);
        if (!p) continue;
        pid_t pid = (pid_t)atomic_load(&slots[i].pid);
        if (pid > 0) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        }
    }
    for (int i = 0; i < SLOTS; i++) {
        if (atomic_load(&slots[i].state) != 2) continue;
        int kind = atomic_load(&slots[i].kind);
        if (kind != KIND_FILE && kind != KIND_TREE) continue;
        char *p = atomic_exchange(&slots[i].path, NULL);
        if (!p) continue;
        if (kind == KIND_FILE) unlink(p);
        else remove_tree(p, 2);
    }
}

static void handler(int sig) {
    (void)sig;
    layoutlab_interrupt_cleanup();
    char *m = atomic_load(&message);
    if (m) {
        size_t n = strlen(m), off = 0;
        while (off < n) {
            ssize_t r = write(2, m + off, n - off);
            if (r <= 0) break;
            off += (size_t)r;
        }
    }
    _exit(exit_status);
}

void layoutlab_interrupt_install(int status) {
    exit_status = status;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigfillset(&sa.sa_mask);  // one signal at a time: a second Ctrl-C waits for the first cleanup
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    // A parent may have started us with these signals blocked (spawned children inherit the
    // mask); then they would wait unseen until exit and the temporaries would stay.
    set_blocked(SIG_UNBLOCK);
}

void layoutlab_single_malloc_arena(void) { mallopt(M_ARENA_MAX, 1); }
