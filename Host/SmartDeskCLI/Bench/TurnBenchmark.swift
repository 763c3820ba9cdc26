import Agent
import Core
import Embeddings
import Foundation
import PluginHost

/// `smartdesk bench turns`: what the host core costs per text turn, what a plugin reload costs,
/// and whether turns slow down as a call grows long.
struct TurnBenchmark {
    let embedder: SentenceEmbedder
    let plugins: [URL]
    let calls: Int
    let reloads: Int

    /// Skill answers cycled through a long call: every one of them runs a plugin handler.
    static let cycle = [
        "what's my balance", "what are your opening hours", "when is my appointment",
        "when was my last payment", "what email do you have for me", "how much do I owe",
        "what time do you close",
    ]

    func run() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("smartdesk-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        var configuration = PluginHostConfiguration()
        configuration.dataDirectory = data
        configuration.log = { _ in }
        let host = PluginHost(configuration: configuration)
        let agent = Agent(plugins: host, embedder: embedder, configuration: AgentConfiguration(clock: .fixed(LocalTime(parsing: "2026-11-25T10:00")!)))
        for plugin in plugins { try host.load(path: plugin.path) }
        await agent.settle()
        print("plugins: \(host.registry.plugins.map { "\($0.name) (\($0.intentNames.count) intents)" }.joined(separator: ", "))")

        // Warm-up: first turns touch every plugin's database.
        for _ in 0..<3 { _ = try await longCall(agent, turns: Self.cycle.count) }

        var hostTime = LatencyRecorder(), embedding = LatencyRecorder(), total = LatencyRecorder(), handlers = LatencyRecorder()
        var byTurn: [[Duration]] = Array(repeating: [], count: 50)
        var handlersByTurn: [[Duration]] = Array(repeating: [], count: 50)
        for _ in 0..<calls {
            let reports = try await longCall(agent, turns: 50)
            for (index, report) in reports.enumerated() {
                hostTime.record(report.host)
                embedding.record(report.embedding)
                handlers.record(report.handlers)
                total.record(report.host + report.embedding)
                byTurn[index].append(report.host)
                handlersByTurn[index].append(report.handlers)
            }
        }
        print("Text turn, skill answer (\(calls) calls × 50 turns, fast path, one plugin handler each):")
        print("  host (session + entities + plugin), embedding excluded: \(hostTime.summary)")
        print("    of which inside plugin handlers:                    \(handlers.summary)")
        print("  embedding + index search:                             \(embedding.summary)")
        print("  whole turn:                                           \(total.summary)")
        let first = Self.median(byTurn[0]), fiftieth = Self.median(byTurn[49])
        print(String(format: "  turn 50 / turn 1 host time (medians over %d calls, same utterance): %.3f ms / %.3f ms = %.2f",
                     calls, fiftieth.milliseconds, first.milliseconds, fiftieth.milliseconds / max(first.milliseconds, 1e-9)))
        let ownFirst = first - Self.median(handlersByTurn[0]), ownFiftieth = fiftieth - Self.median(handlersByTurn[49])
        print(String(format: "  the same without the plugin handler (the host's own work): %.3f ms / %.3f ms = %.2f",
                     ownFiftieth.milliseconds, ownFirst.milliseconds, ownFiftieth.milliseconds / max(ownFirst.milliseconds, 1e-9)))
        let sameUtterance = stride(from: 0, to: 50, by: Self.cycle.count).map { String(format: "%d: %.3f", $0 + 1, Self.median(byTurn[$0]).milliseconds) }
        print("  host time by turn, same utterance (turn: median ms): " + sameUtterance.joined(separator: "  "))
        let inPlugins = stride(from: 0, to: 50, by: Self.cycle.count).map { String(format: "%d: %.3f", $0 + 1, Self.median(handlersByTurn[$0]).milliseconds) }
        print("    of which in the plugin handler:                   " + inPlugins.joined(separator: "  "))
        // Each utterance of the cycle at its first turn (1…7) and its last (43…49).
        let perUtterance = (0..<Self.cycle.count).map { i in
            Self.median(byTurn[42 + i]).milliseconds / max(Self.median(byTurn[i]).milliseconds, 1e-9)
        }
        let geometric = exp(perUtterance.map { log($0) }.reduce(0, +) / Double(perUtterance.count))
        print(String(format: "  each utterance's last turn (43–49) / its first (1–7): %@; geometric mean %.2f",
                     perUtterance.map { String(format: "%.2f", $0) }.joined(separator: " "), geometric))
        let early = Self.median(byTurn[0..<10].flatMap { $0 }), late = Self.median(byTurn[40..<50].flatMap { $0 })
        print(String(format: "  turns 41–50 / turns 1–10 host time (medians): %.3f ms / %.3f ms = %.2f",
                     late.milliseconds, early.milliseconds, late.milliseconds / max(early.milliseconds, 1e-9)))

        if let resident = ProcessMemory.residentMegabytes() { print(String(format: "Resident memory before the reloads: %.0f MB", resident)) }
        for name in host.registry.plugins.map(\.name) {
            var reload = LatencyRecorder()
            let count = host.registry.plugin(named: name)?.keepMapped == true ? min(reloads, 20) : reloads
            let clock = ContinuousClock()
            for _ in 0..<count {
                let started = clock.now
                try host.reload(name: name)
                reload.record(clock.now - started)
            }
            await agent.settle()
            let mapped = host.registry.plugin(named: name)?.keepMapped == true ? " (Swift: images stay mapped)" : ""
            print("Reload \(name)\(mapped): \(reload.summary)")
        }
        if let resident = ProcessMemory.residentMegabytes() { print(String(format: "Resident memory after the reloads: %.0f MB", resident)) }
        await host.shutdown()
    }

    /// One call of `turns` skill answers; returns every turn's report.
    private func longCall(_ agent: Agent, turns: Int) async throws -> [TurnReport] {
        let call = agent.startCall(caller: "+15551230002")
        _ = await call.begin()
        var reports: [TurnReport] = []
        for turn in 0..<turns {
            let report = await call.handle(Self.cycle[turn % Self.cycle.count])
            guard report.path == .fastPath, !report.handledBy.isEmpty else {
                throw CLIError("turn \(turn + 1) (\(Self.cycle[turn % Self.cycle.count])) was not a fast-path skill answer: \(report.replies)")
            }
            reports.append(report)
        }
        return reports
    }

    static func median(_ values: [Duration]) -> Duration {
        guard !values.isEmpty else { return .zero }
        return values.sorted()[values.count / 2]
    }
}
