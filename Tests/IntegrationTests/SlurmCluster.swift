import Foundation
@testable import LayoutLabKit
import TestSupport

/// A private single-node Slurm cluster on localhost for one test: `munged` with its own key
/// and socket, `slurmctld` and `slurmd` with a private `slurm.conf` on two free ports, state,
/// spool, logs and pid files in a temporary folder. Runs as root without cgroups or systemd
/// (Debian's `slurmctld slurmd slurm-client munge`). `stop()` cancels every job and ends the
/// daemons by their pid files; call it whatever happens.
final class SlurmCluster {
    static let tools = [
        "mungekey", "munged", "munge", "slurmctld", "slurmd", "sbatch", "scontrol", "squeue", "scancel", "sinfo",
    ]

    /// Why the cluster cannot start here, or nil.
    static var unavailable: String? {
        let missing = tools.filter { find($0) == nil }
        if !missing.isEmpty {
            return
                """
                Slurm is not installed (\(missing.joined(separator: ", ")) missing): apt-get install -y slurmctld \
                slurmd slurm-client munge
                """
        }
        return getuid() == 0 ? nil : "the private Slurm cluster runs its daemons as root; run the tests as root"
    }

    static func find(_ tool: String) -> String? {
        (["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init))
            .map { $0 + "/" + tool }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let scratch = TestDirectory("layoutlab-slurm")
    var dir: String { scratch.path }
    var conf: String { dir + "/slurm.conf" }
    /// Exported before a command that talks to this cluster.
    var shellPrefix: String { "export SLURM_CONF='\(conf)' PATH=/usr/sbin:/usr/bin:/sbin:/bin" }
    /// Seconds from start() to an idle node.
    private(set) var startSeconds = 0.0

    /// Runs `tool` with this cluster's SLURM_CONF to its end; returns status and stdout +
    /// stderr. Spawned directly rather than with Foundation's Process: the daemons fork and
    /// would inherit (and hold open) the descriptors Process watches, and the test process's
    /// blocked signal mask, which would keep them from seeing SIGTERM. Here the child gets an
    /// empty mask, default signal handlers, no descriptors but 0-2, and its output goes to a file.
    @discardableResult
    func run(_ tool: String, _ args: [String]) throws -> (Int32, String) {
        let path = Self.find(tool) ?? tool
        let file = dir + "/.output-\(UUID().uuidString.prefix(8))"
        defer { unlink(file) }
        var actions = posix_spawn_file_actions_t(), attr = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attr)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attr)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        _ = Self.closeFrom(&actions, 3)
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let env = ProcessInfo.processInfo.environment.merging(["SLURM_CONF": conf]) { $1 }.map { "\($0)=\($1)" }
        let argv = ([path] + args).map { strdup($0) } + [nil], envp = env.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        if rc != 0 { throw StartError(description: "\(path): cannot start: \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exit, (try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
    }

    struct StartError: Error, CustomStringConvertible { var description: String }

    func start() throws {
        let t0 = Date()
        chmod(dir, 0o755)  // munged wants its socket's folder searchable by all
        for sub in ["state", "spool"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        try check(run("mungekey", ["--create", "--keyfile=\(dir)/munge.key"]), "mungekey")
        chmod(dir + "/munge.key", 0o600)
        try check(
            run(
                "munged",
                [
                    "--key-file=\(dir)/munge.key", "--socket=\(dir)/munge.sock", "--pid-file=\(dir)/munged.pid",
                    "--log-file=\(dir)/munged.log", "--seed-file=\(dir)/munge.seed",
                ]), "munged")
        let (_, node) = try run("slurmd", ["-C"])
        guard let line = node.split(separator: "\n").first(where: { $0.hasPrefix("NodeName=") }) else {
            throw StartError(description: "slurmd -C printed no NodeName line: \(node)")
        }
        let hardware = line.split(separator: " ").dropFirst().filter { !$0.hasPrefix("UpTime") }.joined(separator: " ")
        let ports = Self.freePorts(2)
        try """
        ClusterName=layoutlab-test
        SlurmctldHost=localhost
        SlurmctldPort=\(ports[0])
        SlurmdPort=\(ports[1])
        AuthType=auth/munge
        AuthInfo=socket=\(dir)/munge.sock
        SlurmUser=root
        SlurmdUser=root
        ProctrackType=proctrack/linuxproc
        TaskPlugin=task/none
        JobAcctGatherType=jobacct_gather/none
        AccountingStorageType=accounting_storage/none
        SelectType=select/cons_tres
        SelectTypeParameters=CR_Core
        SchedulerParameters=batch_sched_delay=0
        MpiDefault=none
        MailProg=/bin/true
        ReturnToService=2
        StateSaveLocation=\(dir)/state
        SlurmdSpoolDir=\(dir)/spool
        SlurmctldPidFile=\(dir)/slurmctld.pid
        SlurmdPidFile=\(dir)/slurmd.pid
        SlurmctldLogFile=\(dir)/slurmctld.log
        SlurmdLogFile=\(dir)/slurmd.log
        NodeName=localhost NodeAddr=127.0.0.1 \(hardware) State=UNKNOWN
        PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP

        """.write(toFile: conf, atomically: true, encoding: .utf8)
        try check(run("slurmctld", ["-c"]), "slurmctld")
        try check(run("slurmd", ["-N", "localhost"]), "slurmd")
        let deadline = Date().addingTimeInterval(30)
        while try run("sinfo", ["-h", "-o", "%t"]).1.trimmingCharacters(in: .whitespacesAndNewlines) != "idle" {
            if Date() > deadline {
                throw StartError(description: "the node is not idle after 30 s; see \(dir)/slurmd.log")
            }
            usleep(100_000)
        }
        startSeconds = Date().timeIntervalSince(t0)
    }

    func check(_ r: (Int32, String), _ what: String) throws {
        if r.0 != 0 { throw StartError(description: "\(what) failed (exit \(r.0)): \(r.1)") }
    }

    /// Cancels every job, then TERMs slurmd and slurmctld, then munged, each by its pid file
    /// (only if that pid still runs the daemon named), KILL after 15 s.
    func stop() {
        _ = try? run("scancel", ["--user=root"])
        for group in [["slurmd", "slurmctld"], ["munged"]] {
            let pids = group.compactMap { name -> pid_t? in
                guard let text = try? String(contentsOfFile: "\(dir)/\(name).pid", encoding: .utf8),
                    let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1,
                    let cmd = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
                    cmd.split(separator: "\0").first.map({ ($0 as Substring).hasSuffix(name) }) == true
                else { return nil }
                kill(pid, SIGTERM)
                return pid
            }
            let deadline = Date().addingTimeInterval(15)
            while pids.contains(where: { kill($0, 0) == 0 && !Self.zombie($0) }) && Date() < deadline { usleep(50_000) }
            for p in pids where kill(p, 0) == 0 { kill(p, SIGKILL) }
        }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 on), which Swift's Glibc module
    /// does not export: every descriptor from the given one up is closed in the child.
    static let closeFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        guard let sym = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
            fatalError("glibc 2.34 or later needed")
        }
        return unsafeBitCast(
            sym, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    static func zombie(_ pid: pid_t) -> Bool {
        ((try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "").contains(") Z ")
    }

    /// `n` TCP ports on 127.0.0.1 that nothing listens on now (the kernel picks them).
    static func freePorts(_ n: Int) -> [Int] {
        var fds: [Int32] = [], ports: [Int] = []
        for _ in 0..<n {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = 0
            a.sin_addr.s_addr = inet_addr("127.0.0.1")
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
            _ = withUnsafeMutablePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
            }
            ports.append(Int(UInt16(bigEndian: a.sin_port)))
            fds.append(fd)
        }
        fds.forEach { close($0) }
        return ports
    }
}
