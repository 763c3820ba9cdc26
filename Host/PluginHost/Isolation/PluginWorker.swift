import Dispatch
import Foundation
import Locks
#if canImport(Glibc)
import Glibc
#endif

/// The worker process of a plugin loaded with `isolation = "process"` (`smartdesk plugin-worker`):
/// an in-process ``PluginHost`` of its own that loads the one plugin, serving the host on the
/// other side of descriptor 3 with ``WorkerRequest``s and ``WorkerReply``s. Whatever the plugin
/// does (a null pointer, `abort()`, a leak, a hang) ends at most this process.
public enum PluginWorker {
    /// The socket the host hands the worker.
    public static let descriptor: Int32 = 3

    /// Serves the host until it asks for a shutdown or closes the socket, then exits the process.
    public static func serve() -> Never {
        let side = WorkerSide(socket: descriptor)
        side.readLoop()
    }
}

/// The worker's end: reads requests on the main thread, runs each on its own task, and writes
/// replies under one lock.
private final class WorkerSide: Sendable {
    private let socket: Int32
    private let writer = Mutex(())
    private let host = Mutex<PluginHost?>(nil)
    /// Handlers waiting for the host's answer to `turn_summary`, by turn request id.
    private let summaries = Mutex<[Int: SummaryWait]>([:])

    init(socket: Int32) {
        self.socket = socket
    }

    func send(_ reply: WorkerReply) {
        guard let payload = try? WorkerCodec.encode(reply) else { return }
        do {
            try writer.withLock { _ throws(WorkerFrames.Failure) in try WorkerFrames.write(payload, to: socket) }
        } catch {
            // The host is gone: nothing is left to serve.
            _exit(0)
        }
    }

    func readLoop() -> Never {
        var reader = WorkerFrames.Reader(descriptor: socket)
        while true {
            let frame: Data
            do {
                frame = try reader.next()
            } catch {
                _exit(0)
            }
            guard let request = try? WorkerCodec.decodeRequest(frame) else {
                send(.log(level: PluginLogRecord.Level.error.rawValue, message: "plugin worker: unreadable request", fromPlugin: false))
                _exit(2)
            }
            handle(request)
        }
    }

    private func handle(_ request: WorkerRequest) {
        switch request {
        case .load(let load):
            send(self.load(load))
        case .intent(let id, let name, let turn):
            guard let host = host.withLock({ $0 }) else { return send(.outcome(id: id, outcome: Self.notLoaded)) }
            let input = turn.input(summary: summaryProvider(id))
            // Straight onto a thread of its own: the host keeps the deadline, and a handler that
            // blocks holds only that thread.
            HostThread.start(name: "sd-worker") { [self] in send(.outcome(id: id, outcome: host.runIntentHere(name, turn: input))) }
        case .hooks(let id, let turn):
            guard let host = host.withLock({ $0 }) else { return send(.outcome(id: id, outcome: Self.notLoaded)) }
            let input = turn.input(summary: summaryProvider(id))
            Task { send(.outcome(id: id, outcome: await host.runCallStartHooks(input))) }
        case .tool(let id, let name, let arguments):
            guard let host = host.withLock({ $0 }) else {
                return send(.toolError(id: id, message: "the plugin is not loaded", invalidArguments: false))
            }
            HostThread.start(name: "sd-worker") { [self] in
                do throws(PluginError) {
                    send(.toolResult(id: id, json: try host.callToolHere(name, argumentsJSON: arguments)))
                } catch {
                    send(.toolError(id: id, message: error.detail, invalidArguments: error.isInvalidArguments))
                }
            }
        case .configure(let id, let settings):
            guard let host = host.withLock({ $0 }), let name = host.registry.plugins.first?.name else {
                return send(.configured(id: id, error: "the plugin is not loaded"))
            }
            Thread.detachNewThread { [self] in
                do {
                    try host.reconfigure(name: name, settings: settings)
                    send(.configured(id: id, error: nil))
                } catch let error as PluginError {
                    send(.configured(id: id, error: error.detail))
                } catch {
                    send(.configured(id: id, error: "\(error)"))
                }
            }
        case .summary(let id, let text):
            summaries.withLock { $0[id] }?.deliver(text)
        case .shutdown:
            let host = host.withLock { $0 }
            Task {
                await host?.shutdown()
                send(.stopped)
                _exit(0)
            }
        }
    }

    private static let notLoaded = TurnOutcome(status: .failed("the plugin is not loaded in its worker"))

    /// Loads the plugin with the host's settings; the deadlines are the host's, doubled: the host
    /// decides when plugin code has overrun (and ends this process), not the worker.
    private func load(_ load: WorkerLoad) -> WorkerReply {
        guard host.withLock({ $0 }) == nil else { return .refused(reason: "the worker has already loaded a plugin") }
        var configuration = PluginHostConfiguration(
            dataDirectory: URL(fileURLWithPath: load.dataDirectory, isDirectory: true),
            copyDirectory: URL(fileURLWithPath: load.copyDirectory, isDirectory: true),
            settings: load.settings,
            handlerDeadline: .milliseconds(load.handlerDeadlineMilliseconds * 2 + 1000),
            toolDeadline: .milliseconds(load.toolDeadlineMilliseconds * 2 + 1000),
            lifecycleDeadline: .milliseconds(load.lifecycleDeadlineMilliseconds),
            log: { [self] record in
                // The worker host's own progress lines would repeat the host's.
                guard record.fromPlugin || record.level >= .warning else { return }
                send(.log(level: record.level.rawValue, message: record.message, fromPlugin: record.fromPlugin))
            }
        )
        configuration.argumentsChecked = true
        let plugins = PluginHost(configuration: configuration)
        do {
            let info = try plugins.load(path: load.path)
            let loaded = plugins.state.withLock { state -> WorkerLoaded? in
                guard let descriptor = state.activeGeneration(info.name)?.descriptor else { return nil }
                let registry = state.snapshot.registry
                return WorkerLoaded(
                    descriptor: descriptor,
                    intents: registry.intents.values.sorted { $0.name < $1.name },
                    tools: registry.tools.values.sorted { $0.name < $1.name },
                    hookCount: state.snapshot.hooks.count
                )
            }
            guard let loaded else { return .refused(reason: "it was unloaded while loading") }
            host.withLock { $0 = plugins }
            return .loaded(loaded)
        } catch {
            return .refused(reason: error.detail)
        }
    }

    /// What a handler's `turn_summary` runs in the worker: asks the host, waits at most 2 s.
    private func summaryProvider(_ id: Int) -> DeferredText {
        DeferredText { [self] in
            let wait = SummaryWait()
            summaries.withLock { $0[id] = wait }
            defer { _ = summaries.withLock { $0.removeValue(forKey: id) } }
            send(.summaryRequest(id: id))
            return wait.wait(.seconds(2)) ?? ""
        }
    }
}

/// One handler waiting for a summary from the host.
private final class SummaryWait: Sendable {
    private let text = Mutex<String?>(nil)
    private let signal = DispatchSemaphore(value: 0)

    func deliver(_ value: String) {
        text.withLock { $0 = value }
        signal.signal()
    }

    func wait(_ timeout: Duration) -> String? {
        guard signal.wait(timeout: .now() + .nanoseconds(Int(clamping: timeout.nanoseconds))) == .success else { return nil }
        return text.withLock { $0 }
    }
}
