import Foundation

/// Which plugins run in a worker process of their own (`isolation = "process"` in
/// smartdesk.toml) instead of the host's address space, and how their workers run.
///
/// A crash, abort, leak or hang in an isolated plugin ends only its worker: the caller hears a
/// graceful line, the worker restarts with back-off, and the plugin shows degraded. Isolation
/// contains faults; it is not a security sandbox (the worker runs as the same user).
public struct PluginIsolation: Sendable, Equatable {
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// Loaded into the host with `dlopen` (the default: no per-call overhead).
        case inProcess = "in-process"
        /// Loaded by a `smartdesk plugin-worker` process.
        case process
    }

    /// The mode of plugins not named in `plugins`.
    public var defaultMode: Mode
    /// The mode by plugin name.
    public var plugins: [String: Mode]
    /// The `smartdesk` executable that runs workers; nil: the one this process runs (or the one
    /// beside it, for a test runner).
    public var workerExecutable: String?
    /// A worker whose resident memory passes this many megabytes is restarted (a leak).
    public var memoryLimitMegabytes: Int
    /// The longest wait between restarts of a worker that keeps crashing.
    public var maximumBackoff: Duration

    public init(
        defaultMode: Mode = .inProcess, plugins: [String: Mode] = [:], workerExecutable: String? = nil,
        memoryLimitMegabytes: Int = 1024, maximumBackoff: Duration = .seconds(10)
    ) {
        self.defaultMode = defaultMode
        self.plugins = plugins
        self.workerExecutable = workerExecutable
        self.memoryLimitMegabytes = memoryLimitMegabytes
        self.maximumBackoff = maximumBackoff
    }

    public func mode(of plugin: String) -> Mode {
        plugins[plugin] ?? defaultMode
    }

    /// True when some plugin may need a worker: every load then starts in one, because a file's
    /// plugin name is known only once its code has run.
    var anyProcess: Bool {
        defaultMode == .process || plugins.values.contains(.process)
    }

    /// The executable that runs workers.
    var executable: String {
        if let workerExecutable { return workerExecutable }
        let running = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if running.lastPathComponent == "smartdesk" { return running.path }
        return running.deletingLastPathComponent().appendingPathComponent("smartdesk").path
    }
}
