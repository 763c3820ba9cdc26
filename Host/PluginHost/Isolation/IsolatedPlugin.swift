import Dispatch
import Foundation
import Locks

/// One generation of a plugin running in a worker process: the current worker, restarted with
/// back-off whenever it ends without being asked to (a crash, a kill after a hang or a leak), and
/// stopped when the generation retires. The worker always loads the host's private copy of the
/// file, so a restart runs exactly the code that was validated.
final class IsolatedPlugin: Sendable {
    struct Options: Sendable {
        var executable: String
        var load: WorkerLoad
        var lifecycleDeadline: Duration
        var memoryLimitBytes: Int
        var maximumBackoff: Duration
        /// The configuration values a restarted worker loads with (they change on reconfigure).
        var currentSettings: @Sendable () -> [String: [String: String]]
        var log: @Sendable (PluginLogRecord) -> Void
    }

    private struct State {
        var connection: WorkerConnection?
        var stopping = false
        /// Crashes since the worker last ran for a while: the back-off grows with them.
        var consecutiveCrashes = 0
        var startedAt = ContinuousClock.now
        /// Told about every fault (a crash, a kill): the host marks the plugin degraded.
        var onFault: (@Sendable (String) -> Void)?
        var monitor: (any DispatchSourceTimer)?
    }

    let name: String
    /// What the first worker registered; restarts must register the same names.
    let loaded: WorkerLoaded
    private let options: Options
    private let state = Mutex(State())

    /// Starts the first worker and loads the file in it. Throws the load's refusal.
    static func start(options: Options) throws(Refusal) -> IsolatedPlugin {
        let holder = Holder()
        let (connection, loaded) = try WorkerConnection.start(
            executable: options.executable, load: options.load, deadline: options.lifecycleDeadline + .seconds(2),
            onLog: { level, message, fromPlugin in
                options.log(PluginLogRecord(plugin: holder.name, level: level, message: message, fromPlugin: fromPlugin))
            },
            onEnd: { connection, reason, asked in holder.plugin?.ended(connection, reason, asked: asked) }
        )
        let plugin = IsolatedPlugin(name: loaded.descriptor.name, loaded: loaded, options: options, connection: connection)
        holder.set(plugin)
        plugin.startMonitor()
        // A worker that ended before it had a plugin to tell is restarted like any other.
        if connection.hasEnded { plugin.ended(connection, "ended right after loading", asked: false) }
        return plugin
    }

    private init(name: String, loaded: WorkerLoaded, options: Options, connection: WorkerConnection) {
        self.name = name
        self.loaded = loaded
        self.options = options
        state.withLock { $0.connection = connection }
    }

    /// Sets who is told about faults (once the generation exists).
    func onFault(_ handler: @escaping @Sendable (String) -> Void) {
        state.withLock { $0.onFault = handler }
    }

    /// The host's private copy of the file that every worker loads.
    var filePath: String { options.load.path }

    var processID: Int32? {
        state.withLock { $0.connection?.process.pid }
    }

    // MARK: Calls

    /// Sends a request to the current worker; `.ended` at once while it restarts. A request that
    /// times out kills the worker: its plugin code is stuck, and only a new process frees it.
    func call(deadline: Duration, summary: DeferredText? = nil, _ make: (Int) -> WorkerRequest) async -> WorkerConnection.Answer {
        guard let connection = state.withLock({ $0.connection }) else {
            return .failure(.ended("is restarting after a fault"))
        }
        let answer = await connection.call(deadline: deadline, summary: summary, make)
        if case .failure(.timedOut) = answer {
            replace(connection)
        }
        return answer
    }

    /// Stops sending to a worker that must go (stuck, or over its memory) and kills it; the
    /// restart follows its end. Calls meanwhile fail at once instead of reaching a dying process.
    private func replace(_ connection: WorkerConnection) {
        state.withLock { state in
            if state.connection === connection { state.connection = nil }
        }
        connection.kill()
    }

    /// Unloads the plugin in the worker and ends it (killed after the lifecycle deadline).
    func stop() {
        let (connection, monitor) = state.withLock { state in
            state.stopping = true
            defer { state.connection = nil; state.monitor = nil }
            return (state.connection, state.monitor)
        }
        monitor?.cancel()
        connection?.stop(grace: options.lifecycleDeadline)
        try? FileManager.default.removeItem(atPath: options.load.path)
        try? FileManager.default.removeItem(atPath: options.load.copyDirectory)
    }

    // MARK: Faults and restarts

    /// A worker ended: unless it was asked to, the plugin is marked and a restart scheduled.
    private func ended(_ connection: WorkerConnection, _ reason: String, asked: Bool) {
        guard connection.claimEnd() else { return }
        state.withLock { state in
            if state.connection === connection { state.connection = nil }
        }
        guard !asked else { return }
        scheduleRestart(after: "its worker \(reason)")
    }

    /// Restarts after a back-off that doubles with each fault in a row (from 100 ms up to the
    /// maximum; a worker that served 30 s starts the count again).
    private func scheduleRestart(after fault: String) {
        let (restartAfter, onFault) = state.withLock { state -> (Duration?, (@Sendable (String) -> Void)?) in
            guard !state.stopping else { return (nil, nil) }
            if state.startedAt.duration(to: .now) > .seconds(30) { state.consecutiveCrashes = 0 }
            state.consecutiveCrashes += 1
            let backoff = Duration.milliseconds(100) * (1 << min(state.consecutiveCrashes - 1, 10))
            return (min(backoff, options.maximumBackoff), state.onFault)
        }
        guard let restartAfter else { return }
        options.log(PluginLogRecord(
            plugin: name, level: .error,
            message: "\(name): \(fault); its calls fail gracefully until it restarts in \(restartAfter.spoken)",
            fromPlugin: false
        ))
        onFault?(fault)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: restartAfter.nanoseconds))) {
            self.restart()
        }
    }

    private func restart() {
        guard !state.withLock({ $0.stopping }) else { return }
        // The holder learns of this plugin only once the worker has loaded: a worker that dies
        // while loading is this attempt's failure alone (one restart is scheduled, below).
        let holder = Holder()
        var load = options.load
        load.settings = options.currentSettings()
        do throws(Refusal) {
            let (connection, loaded) = try WorkerConnection.start(
                executable: options.executable, load: load, deadline: options.lifecycleDeadline + .seconds(2),
                onLog: { [options, name] level, message, fromPlugin in
                    options.log(PluginLogRecord(plugin: name, level: level, message: message, fromPlugin: fromPlugin))
                },
                onEnd: { connection, reason, asked in holder.plugin?.ended(connection, reason, asked: asked) }
            )
            guard Set(loaded.intents.map(\.name)) == Set(self.loaded.intents.map(\.name)),
                Set(loaded.tools.map(\.name)) == Set(self.loaded.tools.map(\.name))
            else {
                connection.stop(grace: options.lifecycleDeadline)
                throw Refusal("the restarted worker registered other intents or tools than the first")
            }
            let stopping = state.withLock { state in
                if !state.stopping {
                    state.connection = connection
                    state.startedAt = .now
                }
                return state.stopping
            }
            if stopping {
                connection.stop(grace: options.lifecycleDeadline)
                return
            }
            holder.set(self)
            if connection.hasEnded { ended(connection, "ended right after loading", asked: false) }
            options.log(PluginLogRecord(plugin: name, level: .info, message: "\(name)'s worker restarted (pid \(connection.process.pid))", fromPlugin: false))
        } catch {
            options.log(PluginLogRecord(plugin: name, level: .error, message: "\(name)'s worker could not restart: \(error.reason)", fromPlugin: false))
            // Counts as another crash: the back-off grows.
            scheduleRestart(after: "its worker could not restart (\(error.reason))")
        }
    }

    /// Checks the worker's resident memory every second; over the limit, the worker is killed
    /// (and restarts): a leak in the plugin costs one worker, not the host.
    private func startMonitor() {
        state.withLock { state in
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + 1, repeating: 1)
            timer.setEventHandler { [weak self] in self?.checkMemory() }
            state.monitor = timer
            timer.resume()
        }
    }

    private func checkMemory() {
        guard let connection = state.withLock({ $0.connection }),
            let resident = connection.process.residentBytes, resident > options.memoryLimitBytes
        else { return }
        options.log(PluginLogRecord(
            plugin: name, level: .error,
            message: "\(name)'s worker uses \(resident >> 20) MB, over its limit of \(options.memoryLimitBytes >> 20) MB (a leak?); restarting it",
            fromPlugin: false
        ))
        replace(connection)
    }
}

/// Lets a connection's callbacks reach the plugin that is created after it.
private final class Holder: Sendable {
    private let value = Mutex<IsolatedPlugin?>(nil)
    private let pluginName = Mutex<String?>(nil)

    var plugin: IsolatedPlugin? { value.withLock { $0 } }
    var name: String? { pluginName.withLock { $0 } ?? plugin?.name }

    func set(_ plugin: IsolatedPlugin) {
        value.withLock { $0 = plugin }
        pluginName.withLock { $0 = plugin.name }
    }
}
