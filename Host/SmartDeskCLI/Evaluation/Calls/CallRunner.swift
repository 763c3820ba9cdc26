import Agent
import Core
import Embeddings
import Foundation
import PluginHost

/// Runs scripted calls through a real agent: the plugins loaded with `dlopen` into a host of their
/// own with a fresh data folder per call, the call's fixed clock, and the stores read through the
/// skills' tools before and after.
public struct CallRunner: Sendable {
    /// The phone numbers whose stores are compared (the demo customers; the caller's is added).
    static let demoPhones = ["+15551230001", "+15551230002", "+15551230003"]

    let embedder: any TextEmbedding
    let cache = EmbeddingCache()
    let plugins: [URL]
    let settings: [String: [String: String]]
    let session: SessionConfiguration
    let decision: IntentDecisionSettings
    let scratch: URL

    /// `scratch` is where each call's data folder is made (and removed afterwards).
    public init(
        embedder: any TextEmbedding, plugins: [URL], settings: [String: [String: String]] = [:],
        session: SessionConfiguration = SessionConfiguration(), decision: IntentDecisionSettings = IntentDecisionSettings(),
        scratch: URL = FileManager.default.temporaryDirectory
    ) {
        self.embedder = embedder
        self.plugins = plugins
        self.settings = settings
        self.session = session
        self.decision = decision
        self.scratch = scratch
    }

    /// Runs every call file in `folder` (those whose name contains `only`, when given) with the
    /// folder's `smartdesk.toml` as the host configuration.
    public static func runSuite(
        in folder: URL, only: String? = nil, embedder: any TextEmbedding, plugins: [URL]
    ) async throws -> CallSuiteReport {
        var scripts = try CallScript.loadSuite(folder)
        if let only { scripts = scripts.filter { $0.name.contains(only) } }
        let configPath = folder.appendingPathComponent(ConfigFile.defaultPath).path
        let config = try ConfigFile.load(path: FileManager.default.fileExists(atPath: configPath) ? configPath : nil, environment: [:])
        var session = SessionConfiguration()
        config.applySession(to: &session)
        if let threshold = config.threshold { session.policy.threshold = threshold }
        let runner = CallRunner(
            embedder: embedder, plugins: plugins, settings: config.pluginSettings, session: session, decision: config.decisionSettings
        )
        var results: [CallResult] = []
        for script in scripts { results.append(try await runner.run(script)) }
        return CallSuiteReport(results: results)
    }

    public func run(_ script: CallScript) async throws -> CallResult {
        let data = scratch.appendingPathComponent("smartdesk-eval-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        var configuration = PluginHostConfiguration()
        configuration.dataDirectory = data
        configuration.settings = settings
        configuration.log = { _ in }
        let host = PluginHost(configuration: configuration)
        do {
            let result = try await run(script, host: host)
            await host.shutdown()
            return result
        } catch {
            await host.shutdown()
            throw error
        }
    }

    private func run(_ script: CallScript, host: PluginHost) async throws -> CallResult {
        for plugin in plugins {
            do { try host.load(path: plugin.path) } catch { throw CLIError("\(error)") }
        }
        guard let now = LocalTime(parsing: script.now) else { throw CLIError("\(script.name): bad time \(script.now)") }
        let agent = Agent(
            plugins: host, embedder: embedder, configuration: AgentConfiguration(session: session, clock: .fixed(now), decision: decision),
            cache: cache
        )
        await agent.settle()
        if let problem = agent.indexError { throw CLIError(problem) }
        // The calendar seeds itself on its first turn, from that turn's date: let it, so the
        // snapshot before the call holds the demo appointments.
        _ = await host.runIntent("scheduling.list", turn: TurnInput(
            callID: "eval-seed", intent: "scheduling.list", caller: "+15550000000", now: now.description
        ))
        var phones = Self.demoPhones
        if let caller = script.caller, !phones.contains(caller) { phones.append(caller) }
        let before = try await StoreSnapshot.read(from: host, phones: phones)

        var tracker = CallTracker(script: script)
        let call = agent.startCall(caller: script.caller, callID: "eval-\(script.name)")
        tracker.agentSaid(await call.begin().replies)
        for turn in script.turns {
            guard !tracker.finished else {
                tracker.skipped += 1
                continue
            }
            let report = await call.handle(turn.caller)
            tracker.record(turn, report: report)
        }
        let after = try await StoreSnapshot.read(from: host, phones: phones)
        return tracker.result(changes: after.changes(since: before), handoffsQueued: after.handoffs - before.handoffs)
    }
}

/// Follows one scripted call turn by turn and judges it at the end.
struct CallTracker {
    let script: CallScript
    var transcript: [CallResult.Line] = []
    var failures: [String] = []
    var callerTurns = 0
    var notUnderstood = 0
    var clarifications = 0
    var clarificationsSucceeded = 0
    /// A clarifying question waiting for the answer that settles it.
    var openClarification = false
    var routedIntents: [String] = []
    var transferred = false
    var transferAfterThanks = false
    var ended = false
    var skipped = 0

    init(script: CallScript) { self.script = script }

    var finished: Bool { ended || transferred }

    mutating func agentSaid(_ replies: [String]) {
        let text = replies.joined(separator: " ")
        if !text.isEmpty { transcript.append(.init(speaker: "agent", text: text)) }
    }

    mutating func record(_ turn: CallScript.Turn, report: TurnReport) {
        callerTurns += 1
        transcript.append(.init(speaker: "caller", text: turn.caller))
        let ranked = report.candidates.prefix(3).map { "\($0.intent) \(String(format: "%.2f", $0.score))" }.joined(separator: ", ")
        transcript.append(.init(
            speaker: "route",
            text: "\(report.path?.rawValue ?? "-") \(report.intent ?? "-") · calibrated \(report.calibrated?.description ?? "none") · cosine \(ranked)"
        ))
        agentSaid(report.replies)
        let reply = report.replies.joined(separator: " ").lowercased()
        for expected in turn.says where !Self.contains(reply, expected) {
            failures.append("turn \(callerTurns) (\"\(turn.caller)\"): the reply lacks \"\(expected)\"")
        }
        for unwanted in turn.notSays where reply.contains(unwanted.lowercased()) {
            failures.append("turn \(callerTurns) (\"\(turn.caller)\"): the reply says \"\(unwanted)\"")
        }
        var missed = false
        for event in report.events {
            switch event {
            case .clarificationAsked:
                if openClarification { clarifications += 1 }  // asked again: the first one failed
                openClarification = true
            case .intentRouted(let intent, let path, _):
                routedIntents.append(intent)
                if openClarification {
                    openClarification = false
                    clarifications += 1
                    let wanted = script.tasks.contains { $0.matches(intent: intent) }
                    if wanted && (path != .escalation || script.expectsHandoff) { clarificationsSucceeded += 1 }
                }
            case .notUnderstood:
                missed = true
            case .escalated:
                if openClarification {
                    openClarification = false
                    clarifications += 1
                    // A caller who wanted a person and got one, whatever was asked before.
                    if script.expectsHandoff { clarificationsSucceeded += 1 }
                }
            default:
                break
            }
        }
        if missed { notUnderstood += 1 }
        if report.transfer != nil {
            transferred = true
            if Self.thanks(turn.caller) { transferAfterThanks = true }
        }
        if report.ended { ended = true }
    }

    /// Whether `text` (lower-cased) holds `expected` or, for "a | b", any of its alternatives.
    static func contains(_ text: String, _ expected: String) -> Bool {
        expected.lowercased().components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            .contains { !$0.isEmpty && text.contains($0) }
    }

    static func thanks(_ said: String) -> Bool {
        let lowered = said.lowercased()
        return ["thank", "thanks", "cheers", "appreciate"].contains { lowered.contains($0) }
    }

    func result(changes: [StoreChange], handoffsQueued: Int) -> CallResult {
        var failures = self.failures
        var clarifications = self.clarifications
        if openClarification { clarifications += 1 }
        let handedOff = transferred || handoffsQueued > 0
        let everything = transcript.filter { $0.speaker == "agent" }.map(\.text).joined(separator: " ").lowercased()

        var completed = 0
        for task in script.tasks {
            var missing: [String] = []
            let made = Set(changes.map(\.check))
            for check in task.changeChecks where !made.contains(check.key) { missing.append(check.missing) }
            if task.handoff, !handedOff { missing.append("nobody was handed the call") }
            for fact in task.says where !Self.contains(everything, fact) { missing.append("never said \"\(fact)\"") }
            if task.changeChecks.isEmpty, !task.handoff, task.says.isEmpty, !routedIntents.contains(where: task.matches(intent:)) { missing.append("never routed") }
            if missing.isEmpty {
                completed += 1
            } else {
                failures.append("task \(task.intent): " + missing.joined(separator: "; "))
            }
        }
        let unasked = changes.filter { change in !script.tasks.contains { change.isAsked(by: $0) } }
        for change in unasked { failures.append("unasked action: \(change)") }
        let unaskedTransfer = handedOff && !script.expectsHandoff
        if unaskedTransfer { failures.append("handed to a person who did not ask") }
        if let ended = script.expect.ended, ended != self.ended {
            failures.append(ended ? "the agent did not end the call" : "the agent ended the call")
        }
        if skipped > 0, !script.expectsHandoff, script.expect.ended != true {
            failures.append("the call was over with \(skipped) caller turns left")
        }
        for fact in script.expect.says where !Self.contains(everything, fact) {
            failures.append("the agent never said \"\(fact)\"")
        }
        for fact in script.expect.neverSays where everything.contains(fact.lowercased()) {
            failures.append("the agent said \"\(fact)\"")
        }
        return CallResult(
            name: script.name, description: script.description, failures: failures, transcript: transcript,
            tasks: script.tasks.count, tasksCompleted: completed, clarifications: clarifications,
            clarificationsSucceeded: clarificationsSucceeded, callerTurns: callerTurns, notUnderstood: notUnderstood,
            unaskedTransfer: unaskedTransfer, unaskedActions: unasked.map(\.description),
            // A callback the caller accepted with thanks ("oh yes please, I'd appreciate that") was asked for.
            transferAfterThanks: transferAfterThanks && !script.expectsHandoff
        )
    }
}

/// How one scripted call went.
public struct CallResult: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var speaker: String
        public var text: String
    }

    public var name: String
    public var description: String
    /// Every expectation that did not hold; empty when the call passed.
    public var failures: [String]
    public var transcript: [Line]
    public var tasks: Int
    public var tasksCompleted: Int
    public var clarifications: Int
    public var clarificationsSucceeded: Int
    public var callerTurns: Int
    public var notUnderstood: Int
    public var unaskedTransfer: Bool
    public var unaskedActions: [String]
    public var transferAfterThanks: Bool

    public var passed: Bool { failures.isEmpty }
}
