import Foundation
import PluginHost
import Locks
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Plugins loaded with `isolation = "process"`: real `smartdesk plugin-worker` processes over a
/// Unix socket, and real faults (SIGSEGV, abort, a hang, a leak) in the plugin's code.
@Suite(.serialized) struct IsolationTests {
    static let chaos = ["CHAOS"]

    /// A host that isolates `alpha` and loads `beta` in-process.
    static func harness(handlerDeadline: Duration = .seconds(2), memoryLimit: Int = 1024) -> Harness {
        Harness(
            handlerDeadline: handlerDeadline,
            isolation: PluginIsolation(
                plugins: ["alpha": .process], memoryLimitMegabytes: memoryLimit, maximumBackoff: .milliseconds(200)
            )
        )
    }

    static func loadBoth(_ harness: Harness) async throws {
        try await harness.host.load(path: harness.install(chaos, as: "libalpha.so"))
        try await harness.host.load(path: harness.install([Fixtures.name("beta"), Fixtures.reply("b1")], as: "libbeta.so"))
    }

    static func alphaHealthy(_ harness: Harness) -> Bool {
        harness.host.registry.plugin(named: "alpha")?.health == .healthy
    }

    @Test func anIsolatedPluginAnswersExactlyAsInProcess() async throws {
        let input = TurnInput(
            callID: "call-7", utterance: "book it", intent: "alpha.context", confidence: 0.87,
            slots: ["date": "2026-12-01"], entitiesJSON: "[]", caller: "+15551234567", now: "2026-11-25T14:05:00",
            callValues: ["test.in": "x"], customerJSON: nil, summary: "caller wants a booking"
        )
        let inProcess = Harness()
        try await inProcess.host.load(path: inProcess.install(Self.chaos, as: "libalpha.so"))
        let isolated = Self.harness()
        try await isolated.host.load(path: isolated.install(Self.chaos, as: "libalpha.so"))

        #expect(isolated.host.registry.plugin(named: "alpha")?.isolated == true)
        #expect(inProcess.host.registry.plugin(named: "alpha")?.isolated == false)
        #expect(isolated.host.registry.intents == inProcess.host.registry.intents)
        #expect(isolated.host.registry.tools == inProcess.host.registry.tools)
        let expected = await inProcess.host.runIntent("alpha.context", turn: input)
        let got = await isolated.host.runIntent("alpha.context", turn: input)
        #expect(got == expected)
        #expect(got.says.count == 2 && got.status == .completed)
        let hooks = await isolated.host.runCallStartHooks(TurnInput(callID: "call-8"))
        #expect(hooks.says == ["hello from alpha (alpha.started=none)"])
        #expect(hooks.callValueChanges == [CallValueChange(key: "alpha.started", value: "yes")])
        // Tools: JSON, typed, a tool's own error, arguments the schema refuses.
        #expect(try await isolated.host.callTool("alpha_echo", argumentsJSON: #"{"a":1}"#) == #"{"a":1}"#)
        #expect(try await isolated.host.callTool("alpha_add", argumentsJSON: #"{"a":2,"b":40}"#) == "42")
        await #expect(throws: PluginError.self) { try await isolated.host.callTool("alpha_error", argumentsJSON: "{}") }
        do {
            _ = try await isolated.host.callTool("alpha_pay", argumentsJSON: #"{"amount":"ten"}"#)
            Issue.record("the schema should refuse a string amount")
        } catch {
            #expect(error.isInvalidArguments)
        }
        do {
            _ = try await isolated.host.callTool("alpha_add", argumentsJSON: #"{"a":"x","b":1}"#)
            Issue.record("the typed tool should refuse a string")
        } catch {
            #expect(error.isInvalidArguments, "\(error)")
        }
        await inProcess.finish()
        await isolated.finish()
    }

    @Test func theSummaryIsAskedOfTheHostOnlyWhenAHandlerReadsIt() async throws {
        let harness = Self.harness()
        try await harness.host.load(path: harness.install(Self.chaos, as: "libalpha.so"))
        let asked = Counter()
        var turn = makeTurn("alpha.summary")
        turn.summaryProvider = DeferredText {
            asked.increment()
            return "wants to pay 60 dollars"
        }
        let outcome = await harness.host.runIntent("alpha.summary", turn: turn)
        #expect(outcome.says == ["wants to pay 60 dollars"])
        #expect(asked.value == 1)
        _ = await harness.host.runIntent("alpha.echo", turn: turn)
        #expect(asked.value == 1)
        await harness.finish()
    }

    @Test(arguments: [("alpha.crash", "signal 11"), ("alpha.abort", "signal 6")])
    func aCrashEndsOnlyTheWorkerWhichRestarts(intent: String, signal: String) async throws {
        let harness = Self.harness()
        try await Self.loadBoth(harness)
        let firstWorker = try #require(workerPID(harness))

        let outcome = await harness.host.runIntent(intent, turn: makeTurn(intent))

        guard case .failed(let reason) = outcome.status else {
            Issue.record("expected a failed turn, got \(outcome.status)")
            return
        }
        #expect(reason.contains(signal), "\(reason)")
        #expect(!Self.alphaHealthy(harness))
        #expect(kill(firstWorker, 0) != 0, "the crashed worker is reaped")
        // The in-process plugin never noticed.
        #expect(await harness.host.runIntent("beta.echo", turn: makeTurn("beta.echo")).says == ["b1"])
        // The worker comes back, with the same code.
        #expect(await waitUntil(.seconds(10)) { workerPID(harness).map { $0 != firstWorker } ?? false })
        #expect(await harness.host.runIntent("alpha.echo", turn: makeTurn("alpha.echo")).says == ["v1"])
        #expect(harness.logged("worker restarted"))
        // Degraded stays until an operator reloads it.
        #expect(!Self.alphaHealthy(harness))
        try harness.host.reload(name: "alpha")
        #expect(Self.alphaHealthy(harness))
        await harness.finish()
    }

    @Test func aHangIsAnsweredAtTheDeadlineAndItsWorkerReplaced() async throws {
        let harness = Self.harness(handlerDeadline: .milliseconds(300))
        try await Self.loadBoth(harness)
        let firstWorker = try #require(workerPID(harness))
        let clock = ContinuousClock()
        let start = clock.now

        let outcome = await harness.host.runIntent("alpha.hang", turn: makeTurn("alpha.hang"))

        #expect(outcome.status == .timedOut)
        // Liveness only (the handler never returns): answered, not left waiting on the worker.
        #expect(start.duration(to: clock.now) < .seconds(10))
        #expect(!Self.alphaHealthy(harness))
        #expect(await waitUntil(.seconds(10)) { workerPID(harness).map { $0 != firstWorker } ?? false })
        #expect(kill(firstWorker, 0) != 0, "the hung worker is killed")
        #expect(await harness.host.runIntent("alpha.echo", turn: makeTurn("alpha.echo")).says == ["v1"])
        // Nothing is left overrunning: the stuck code died with its process.
        #expect(harness.host.generations().first { $0.plugin == "alpha" && $0.state == .active }?.overrunning == 0)
        await harness.finish()
    }

    @Test(.enabled(if: TestTiming.realTime, "the worker's 96 MB limit is below a sanitizer-instrumented worker's own shadow memory"))
    func aLeakingWorkerIsRestartedAtItsMemoryLimit() async throws {
        let harness = Self.harness(memoryLimit: 96)
        try await Self.loadBoth(harness)
        let firstWorker = try #require(workerPID(harness))

        let outcome = await harness.host.runIntent("alpha.leak", turn: makeTurn("alpha.leak", slots: ["mb": "200"]))

        #expect(outcome.says == ["leaked"])
        #expect(await waitUntil(.seconds(10)) { harness.logged("over its limit of 96 MB") })
        #expect(await waitUntil(.seconds(10)) { workerPID(harness).map { $0 != firstWorker } ?? false })
        #expect(await harness.host.runIntent("alpha.echo", turn: makeTurn("alpha.echo")).says == ["v1"])
        await harness.finish()
    }

    @Test func aPluginThatCrashesWhileLoadingIsRefusedAndTheHostLives() async throws {
        let harness = Self.harness()
        let path = try await harness.install(["CRASH_INIT"], as: "libalpha.so")
        do {
            try harness.host.load(path: path)
            Issue.record("a load that crashes must be refused")
        } catch {
            #expect(error.message.contains("killed by signal 11"), "\(error.message)")
        }
        #expect(harness.host.registry.plugins.isEmpty)
        // Even a plugin meant to run in-process is tried in a worker first when any is isolated.
        let other = try await harness.install(["CRASH_INIT", Fixtures.name("beta")], as: "libbeta.so")
        #expect(throws: PluginError.self) { try harness.host.load(path: other) }
        await harness.finish()
    }

    @Test func reloadSwapsWorkersAndRetiresTheOldOne() async throws {
        let harness = Self.harness()
        let path = try await harness.install(Self.chaos, as: "libalpha.so")
        try harness.host.load(path: path)
        let firstWorker = try #require(workerPID(harness))
        try await harness.install(Self.chaos + [Fixtures.reply("v2")], as: "libalpha.so")

        let info = try harness.host.reload(name: "alpha")

        #expect(info.generation == 2 && info.isolated)
        #expect(await harness.host.runIntent("alpha.echo", turn: makeTurn("alpha.echo")).says == ["v2"])
        #expect(await waitUntil { kill(firstWorker, 0) != 0 })
        #expect(harness.logged("unloading alpha v1"), "the old worker ran sd_plugin_unload")
        await harness.finish()
    }

    @Test func configurationReachesTheWorker() async throws {
        let harness = Harness(
            settings: ["alpha": ["greeting": "hi"]], isolation: PluginIsolation(defaultMode: .process)
        )
        try await harness.host.load(path: harness.install(Self.chaos, as: "libalpha.so"))
        #expect(await harness.host.runIntent("alpha.config", turn: makeTurn("alpha.config")).says.first == "hi")
        try harness.host.reconfigure(name: "alpha", settings: ["greeting": "hello"])
        #expect(await harness.host.runIntent("alpha.config", turn: makeTurn("alpha.config")).says.first == "hello")
        #expect(throws: PluginError.self) { try harness.host.reconfigure(name: "alpha", settings: ["greeting": "fail"]) }
        #expect(await harness.host.runIntent("alpha.config", turn: makeTurn("alpha.config")).says.first == "hello")
        await harness.finish()
    }

    @Test func aWorkerGetsNothingOfTheHostsButItsSocket() async throws {
        let harness = Self.harness()
        // A descriptor the host holds without close-on-exec, as a careless library might.
        let secret = harness.root.appendingPathComponent("host-only.txt")
        try Data("host".utf8).write(to: secret)
        let descriptor = open(secret.path, O_RDONLY)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        try await harness.host.load(path: harness.install(Self.chaos, as: "libalpha.so"))
        let worker = try #require(workerPID(harness))

        let open = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(worker)/fd").compactMap { Int32($0) }
        let targets = open.map { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(worker)/fd/\($0)")) ?? "" }
        #expect(!targets.contains(secret.path), "\(targets)")
        #expect(targets.filter { $0.hasPrefix("socket:") }.count == 1, "\(targets)")
        await harness.finish()
    }

    @Test func shutdownEndsTheWorkers() async throws {
        let harness = Self.harness()
        try await harness.host.load(path: harness.install(Self.chaos, as: "libalpha.so"))
        let worker = try #require(workerPID(harness))
        await harness.finish()
        #expect(kill(worker, 0) != 0)
        #expect(harness.logged("unloading alpha v1"))
    }
}

/// The worker process of `alpha`, found among this process's children by its command line.
func workerPID(_ harness: Harness) -> pid_t? {
    harness.host.workerProcessID(of: "alpha")
}

final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
