import Foundation
import Locks

extension PluginHost {
    /// Loads `path` in a worker process. Answers nil when the file's plugin is to run in-process
    /// after all (the worker is then stopped and the caller loads it here); throws the worker's
    /// refusal, or why it died loading (a plugin whose code crashes while loading never reaches
    /// the host's address space, whatever its mode).
    func loadIsolated(path: String, replacing: String?) throws(Refusal) -> Generation? {
        let file = try PluginImage.copy(path, into: configuration.copyDirectory)
        let load = WorkerLoad(
            path: file.path,
            dataDirectory: configuration.dataDirectory.path,
            copyDirectory: configuration.copyDirectory.appendingPathComponent("worker-\(UUID().uuidString.prefix(8).lowercased())").path,
            settings: settings.withLock { $0 },
            handlerDeadlineMilliseconds: Int(configuration.handlerDeadline.nanoseconds / 1_000_000),
            toolDeadlineMilliseconds: Int(configuration.toolDeadline.nanoseconds / 1_000_000),
            lifecycleDeadlineMilliseconds: Int(configuration.lifecycleDeadline.nanoseconds / 1_000_000)
        )
        let options = IsolatedPlugin.Options(
            executable: configuration.isolation.executable, load: load,
            lifecycleDeadline: configuration.lifecycleDeadline,
            memoryLimitBytes: configuration.isolation.memoryLimitMegabytes << 20,
            maximumBackoff: configuration.isolation.maximumBackoff,
            currentSettings: { [weak self] in self?.settings.withLock { $0 } ?? [:] },
            log: configuration.log
        )
        let worker: IsolatedPlugin
        do throws(Refusal) {
            worker = try IsolatedPlugin.start(options: options)
        } catch {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(atPath: load.copyDirectory)
            throw error
        }
        let descriptor = worker.loaded.descriptor
        guard configuration.isolation.mode(of: descriptor.name) == .process else {
            worker.stop()
            return nil
        }
        let reservation = try reserve(descriptor, replacing: replacing) { worker.stop() }
        let generation = Generation(
            id: reservation.id, number: reservation.number, descriptor: descriptor, path: path,
            backend: .worker(worker), registrations: Self.registrations(worker.loaded, generation: reservation.number)
        )
        // By id: the generation holds the worker, so the worker must not hold the generation.
        let generationID = generation.id
        worker.onFault { [weak self] reason in
            guard let self, let registry = state.withLock({ $0.degrade(generationID, reason: reason) }) else { return }
            observers.publish(registry)
        }
        do throws(Refusal) {
            try commit(generation)
        } catch {
            state.withLock { $0.cancelReservation(descriptor.name) }
            throw error
        }
        log(descriptor.name, .info, "\(generation.label) runs in its own worker process (pid \(worker.processID.map(String.init) ?? "?"))")
        return generation
    }

    /// What the worker registered, as this host's generation of it. Handlers are called by name
    /// in the worker, so the registrations carry no addresses; the worker runs all its plugin's
    /// call-start hooks for one entry.
    private static func registrations(_ loaded: WorkerLoaded, generation: Int) -> Registrations {
        Registrations(
            intents: loaded.intents.map { intent in
                var info = intent
                info.generation = generation
                return IntentRegistration(info: info, handler: 0, userdata: 0)
            },
            tools: loaded.tools.map { tool in
                var info = tool
                info.generation = generation
                return ToolRegistration(info: info, body: .json(function: 0, userdata: 0))
            },
            hooks: loaded.hookCount > 0 ? [HookRegistration(handler: 0, userdata: 0)] : []
        )
    }

    /// The process id of the plugin's current worker; nil when it runs in-process, is not
    /// loaded, or its worker is restarting.
    public func workerProcessID(of name: String) -> Int32? {
        state.withLock { $0.activeGeneration(name) }?.worker?.processID
    }

    // MARK: Running in a worker

    /// Runs an intent's handler (`intent` non-nil) or the plugin's call-start hooks in its worker
    /// under the handler deadline. A worker that crashes answers `.failed` (the caller hears an
    /// apology); one that overruns answers `.timedOut`, marks the plugin degraded and is killed.
    func runInWorker(_ worker: IsolatedPlugin, intent: String?, turn: TurnInput, lease: Lease) async -> TurnOutcome {
        defer { release(lease) }
        let generation = lease.generation
        let deadline = configuration.handlerDeadline
        let wire = WireTurn(turn)
        let answer = await worker.call(deadline: deadline, summary: turn.summaryProvider) { id in
            if let intent { .intent(id: id, name: intent, turn: wire) } else { .hooks(id: id, turn: wire) }
        }
        let what = intent.map { "the handler of intent '\($0)'" } ?? "a call-start hook"
        switch answer {
        case .success(.outcome(_, var outcome)):
            outcome.plugin = generation.name
            outcome.generation = generation.number
            if case .failed(let reason) = outcome.status {
                log(generation.name, .warning, "\(generation.label): \(what) failed: \(reason)")
            }
            return outcome
        case .failure(.timedOut):
            overran(lease, "\(what) did not return within \(deadline.spoken); its worker is restarted")
            return TurnOutcome(plugin: generation.name, generation: generation.number, status: .timedOut)
        case .failure(.ended(let reason)):
            return TurnOutcome(plugin: generation.name, generation: generation.number, status: .failed("its worker \(reason)"))
        case .success:
            return TurnOutcome(plugin: generation.name, generation: generation.number, status: .failed("its worker answered out of turn"))
        }
    }

    /// Calls a tool in its plugin's worker under the tool deadline.
    func callToolInWorker(_ worker: IsolatedPlugin, tool: String, arguments: String, lease: Lease) async throws(PluginError) -> String {
        defer { release(lease) }
        let deadline = configuration.toolDeadline
        let plugin = lease.generation.name
        switch await worker.call(deadline: deadline, { id in .tool(id: id, name: tool, arguments: arguments) }) {
        case .success(.toolResult(_, let json)):
            return json
        case .success(.toolError(_, let message, let invalid)):
            throw invalid ? PluginError.invalidArguments(tool, message) : PluginError.toolFailed(tool, plugin: plugin, message)
        case .failure(.timedOut):
            overran(lease, "tool '\(tool)' did not return within \(deadline.spoken); its worker is restarted")
            throw PluginError.toolFailed(tool, plugin: plugin, "it did not return within \(deadline.spoken)")
        case .failure(.ended(let reason)):
            throw PluginError.toolFailed(tool, plugin: plugin, "its worker \(reason)")
        case .success:
            throw PluginError.toolFailed(tool, plugin: plugin, "its worker answered out of turn")
        }
    }

    /// `reconfigure` of an isolated plugin: the worker takes the values and runs
    /// `sd_plugin_configure`; on failure the previous values return.
    func reconfigure(
        _ worker: IsolatedPlugin, lease: Lease, settings newSettings: [String: String], previous: [String: String]?
    ) throws(PluginError) {
        let name = lease.generation.name
        let deadline = configuration.lifecycleDeadline
        let answer = BlockingCall.run { await worker.call(deadline: deadline) { id in .configure(id: id, settings: newSettings) } }
        release(lease)
        let failure: String? =
            switch answer {
            case .success(.configured(_, let error)): error
            case .failure(.timedOut): "sd_plugin_configure did not return within \(deadline.spoken); its worker is restarted"
            case .failure(.ended(let reason)): "its worker \(reason)"
            case .success: "its worker answered out of turn"
            }
        if let failure {
            settings.withLock { $0[name] = previous }
            log(name, .error, PluginError.reconfigure(name, failure).message + "; the previous values are back")
            throw PluginError.reconfigure(name, failure)
        }
        log(name, .info, "Reconfigured \(name)")
    }
}

/// Runs async work from synchronous code (the host's reconfigure is synchronous), waiting on a
/// semaphore; never call it from the cooperative pool's last thread.
enum BlockingCall {
    static func run<Value: Sendable>(_ body: @escaping @Sendable () async -> Value) -> Value {
        let box = ResultBox<Value>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.set(await body())
            done.signal()
        }
        done.wait()
        return box.get()!
    }
}

private final class ResultBox<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    func set(_ value: Value) { self.value.withLock { $0 = value } }
    func get() -> Value? { value.withLock { $0 } }
}
