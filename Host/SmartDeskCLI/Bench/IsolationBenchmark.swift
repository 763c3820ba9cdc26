import Agent
import Foundation
import HummingbirdWSClient
import Logging
import NIOWebSocket
import PluginHost
import Locks

/// `smartdesk bench isolation`: what running a plugin in its own worker process costs per call,
/// and what faults in one isolated plugin do to calls on the others: real `plugin-worker`
/// processes, a real fault plugin (the test fixture, compiled with `cc`), and text calls over
/// loopback WebSockets against the whole host.
struct IsolationBenchmark {
    let model: ModelOptions
    let host: HostOptions
    let samples: Int
    let calls: Int
    let seconds: Int
    let reloads: Int
    let reloadCalls: Int
    let fixture: String

    func run() async throws {
        let faults = try buildFaultPlugin()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: faults).deletingLastPathComponent().path) }
        try await overhead(faults)
        try await chaos(faults)
        if reloads > 0 { try await reloadsUnderLoad() }
    }

    // MARK: Per-call overhead

    /// The same plugin loaded in-process and in a worker; the same handler and tools called one
    /// after another in each, alternating, so both see the same machine.
    private func overhead(_ faults: String) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("smartdesk-bench-isolation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        func makeHost(_ mode: PluginIsolation.Mode) throws -> PluginHost {
            var configuration = PluginHostConfiguration()
            configuration.dataDirectory = data.appendingPathComponent(mode.rawValue)
            configuration.isolation = PluginIsolation(defaultMode: mode)
            configuration.log = { _ in }
            let host = PluginHost(configuration: configuration)
            try host.load(path: faults)
            return host
        }
        let local = try makeHost(.inProcess), isolated = try makeHost(.process)
        let turn = TurnInput(callID: "bench", utterance: "echo please", intent: "alpha.echo", slots: [:], callValues: ["a.b": "c"])
        let kinds: [(String, @Sendable (PluginHost) async throws -> Void)] = [
            ("intent handler (alpha.echo: reads the turn, says a line)", { host in _ = await host.runIntent("alpha.echo", turn: turn) }),
            ("JSON tool (alpha_echo)", { host in _ = try await host.callTool("alpha_echo", argumentsJSON: #"{"x":1}"#) }),
            ("typed tool through libffi (alpha_add)", { host in _ = try await host.callTool("alpha_add", argumentsJSON: #"{"a":2,"b":3}"#) }),
        ]
        print("Per call into a plugin, in-process vs in its own worker (\(samples) calls each, one at a time):")
        for (label, call) in kinds {
            for _ in 0..<200 {
                try await call(local)
                try await call(isolated)
            }
            var inProcess = LatencyRecorder(), worker = LatencyRecorder()
            let clock = ContinuousClock()
            for _ in 0..<samples {
                var start = clock.now
                try await call(local)
                inProcess.record(clock.now - start)
                start = clock.now
                try await call(isolated)
                worker.record(clock.now - start)
            }
            print("  \(label)")
            print("    in-process:  \(Self.micros(inProcess))")
            print("    own process: \(Self.micros(worker))")
            print(String(format: "    overhead: p50 %.0f µs, p99 %.0f µs", Self.percentile(worker, 50) - Self.percentile(inProcess, 50),
                         Self.percentile(worker, 99) - Self.percentile(inProcess, 99)))
        }
        await local.shutdown()
        await isolated.shutdown()
    }

    // MARK: Faults while calls talk

    /// `calls` text calls talk to the bundled skills (in-process) for `seconds` while the fault
    /// plugin, isolated, segfaults, aborts, hangs and leaks in a loop.
    private func chaos(_ faults: String) async throws {
        var options = host
        options.extraPlugins.append(faults)
        options.handlerDeadlineMilliseconds = 500
        let server = try await InProcessHost.start(model: model, host: options, domainModel: false, isolation: PluginIsolation(
            plugins: ["alpha": .process], memoryLimitMegabytes: 128, maximumBackoff: .milliseconds(500)
        ))
        let turnsPerCall = max(1, seconds)
        let tally = TextCaller.Tally()
        let clock = ContinuousClock()
        let started = clock.now
        let faultLoop = Task { [plugins = server.plugins] in
            var faults = FaultCounts()
            var index = 0
            let kinds = ["alpha.crash", "alpha.abort", "alpha.hang", "alpha.leak"]
            while !Task.isCancelled {
                // Each fault hits a running worker: wait for the restart of the last one.
                let waitStart = ContinuousClock.now
                while plugins.workerProcessID(of: "alpha") == nil, !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                guard let worker = plugins.workerProcessID(of: "alpha") else { break }
                if index > 0 { faults.restartWaits.record(ContinuousClock.now - waitStart) }
                if faults.workers.last != worker { faults.workers.append(worker) }
                let intent = kinds[index % kinds.count]
                index += 1
                let outcome = await plugins.runIntent(intent, turn: TurnInput(callID: "faults", intent: intent, slots: ["mb": "160"]))
                faults.injected[intent, default: 0] += 1
                if outcome.status != .completed {
                    faults.failed[intent, default: 0] += 1
                    if faults.reasons[intent] == nil { faults.reasons[intent] = "\(outcome.status)" }
                }
                // A leak is found by the memory check within a second; the next fault waits for it.
                if intent == "alpha.leak" {
                    while plugins.workerProcessID(of: "alpha") == worker, !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(20))
                    }
                }
            }
            return faults
        }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<calls {
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(1000 * index / max(calls, 1)))
                    await TextCaller.call(port: server.port, id: "chaos-\(index)", turns: turnsPerCall, interval: .seconds(1), tally: tally)
                }
            }
        }
        faultLoop.cancel()
        let faults = await faultLoop.value
        let elapsed = (clock.now - started).milliseconds / 1000
        print(String(format: "Faults in an isolated plugin while %d text calls talk to the other skills (%.0f s):", calls, elapsed))
        for intent in faults.injected.keys.sorted() {
            print("  \(intent): \(faults.injected[intent] ?? 0) injected, \(faults.failed[intent] ?? 0) turns answered failed or timed out"
                + (faults.reasons[intent].map { " (first: \($0))" } ?? ""))
        }
        print("  worker processes: \(faults.workers.count) (each fault ended one); from a fault to the next worker serving: \(faults.restartWaits.summary)")
        let health = server.plugins.registry.plugin(named: "alpha")?.health
        print("  fault plugin now: \(health.map { "\($0)" } ?? "not loaded")")
        tally.print(calls: calls)
        await server.stop()
    }

    struct FaultCounts: Sendable {
        var injected: [String: Int] = [:]
        var failed: [String: Int] = [:]
        /// The first failure of each kind, as the turn saw it.
        var reasons: [String: String] = [:]
        var workers: [Int32] = []
        var restartWaits = LatencyRecorder()
    }

    // MARK: Reloads while calls talk

    /// `reloadCalls` text calls talk while billing (in-process) is reloaded `reloads` times.
    private func reloadsUnderLoad() async throws {
        let server = try await InProcessHost.start(model: model, host: host, domainModel: false)
        let tally = TextCaller.Tally()
        let finished = Flag()
        let clock = ContinuousClock()
        let calling = Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<reloadCalls {
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(1000 * index / max(reloadCalls, 1)))
                        await TextCaller.call(port: server.port, id: "reload-\(index)", turns: 1_000_000, interval: .milliseconds(500),
                                        tally: tally, until: { finished.isSet })
                    }
                }
            }
        }
        // Every call is talking before the first reload.
        try await Task.sleep(for: .seconds(2))
        let started = clock.now
        var done = 0, refused = 0
        for _ in 0..<reloads {
            do {
                try server.plugins.reload(name: "billing")
                done += 1
            } catch {
                refused += 1
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let seconds = (clock.now - started).milliseconds / 1000
        try await Task.sleep(for: .seconds(1))
        finished.set()
        await calling.value
        print(String(format: "%d reloads of billing (%d refused) over %.1f s while %d text calls talk (a turn every 0.5 s each):",
                     done, refused, seconds, reloadCalls))
        tally.print(calls: reloadCalls)
        await server.stop()
    }

    final class Flag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    // MARK: Support

    /// Compiles the fault plugin (the test fixture with its fault intents) with `cc`.
    private func buildFaultPlugin() throws -> String {
        guard FileManager.default.fileExists(atPath: fixture) else {
            throw CLIError("the fault plugin's source \(fixture) is missing (run from the repository, or give --fixture)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smartdesk-faults-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("libalpha.so").path
        let include = URL(fileURLWithPath: fixture).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SDK/include").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cc", "-shared", "-fPIC", "-O1", "-w", "-DCHAOS", "-I", include, fixture, "-o", output]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CLIError("cc could not build the fault plugin from \(fixture)") }
        return output
    }

    static func percentile(_ recorder: LatencyRecorder, _ percentile: Double) -> Double {
        recorder.milliseconds(atPercentile: percentile) * 1000
    }

    static func micros(_ recorder: LatencyRecorder) -> String {
        String(format: "p50 %.0f µs  p90 %.0f µs  p99 %.0f µs  max %.0f µs  (n=%d)", percentile(recorder, 50), percentile(recorder, 90),
               percentile(recorder, 99), recorder.maxMilliseconds * 1000, Int(recorder.count))
    }
}
