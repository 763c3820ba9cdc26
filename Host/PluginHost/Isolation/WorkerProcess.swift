import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `smartdesk plugin-worker` child process and the host's end of its Unix socket (the child
/// has the other end as descriptor 3). Spawned with `posix_spawn`, every other descriptor of the
/// host closed in the child.
struct WorkerProcess: Sendable {
    let pid: pid_t
    /// The host's end of the socket pair.
    let socket: Int32

    /// Starts `executable plugin-worker` with a fresh socket pair.
    static func spawn(executable: String) throws(Refusal) -> WorkerProcess {
        guard access(executable, X_OK) == 0 else {
            throw Refusal("the plugin worker executable \(executable) is missing or not executable")
        }
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw Refusal("cannot make a socket for a plugin worker: \(String(cString: strerror(errno)))")
        }
        // A worker that stops reading must not block a host thread forever on a write.
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(pair[0], SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pair[1], 3)
        // Nothing of the host's but the socket: every other descriptor open now is closed in the
        // child before it runs (glibc ignores a close of one that is gone by then). Done here, not
        // in the worker, whose runtime has opened descriptors of its own by the time it runs.
        for descriptor in Self.openDescriptors() where descriptor > 3 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let arguments = [executable, "plugin-worker"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        // A crash in a plugin is reported by the host; the Swift backtracer would only delay the
        // worker's end by a second.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        let status = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
        close(pair[1])
        guard status == 0 else {
            close(pair[0])
            throw Refusal("cannot start the plugin worker \(executable): \(String(cString: strerror(status)))")
        }
        return WorkerProcess(pid: pid, socket: pair[0])
    }

    /// This process's open descriptors, from /proc/self/fd.
    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    /// Waits for the process to end (at most `grace`, then kills it) and says how it ended.
    func reap(grace: Duration) -> String {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: grace)
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return Self.describe(status) }
            if result < 0 && errno != EINTR { return "it ended (its status is lost: \(String(cString: strerror(errno))))" }
            if clock.now >= end {
                Glibc.kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return Self.describe(status) + " (killed: it had not exited \(grace.spoken) after its socket closed)"
            }
            usleep(2_000)
        }
    }

    /// Sends SIGKILL.
    func kill() {
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// Resident memory in bytes, nil when the process is gone.
    var residentBytes: Int? {
        // /proc files report a size of 0: read them with read(2), not as a sized file.
        let descriptor = open("/proc/\(pid)/statm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
        guard count > 0 else { return nil }
        let fields = String(decoding: buffer[..<count], as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// "killed by signal 11 (Segmentation fault)", "exited with status 3".
    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        if signal == 0 { return "exited with status \((status >> 8) & 0xff)" }
        let name = strsignal(signal).map { String(cString: $0) } ?? "unknown"
        return "killed by signal \(signal) (\(name))"
    }
}
