import Agent
import Caller
import Core
import Foundation
import Logging
import PluginHost
import Server
import ServiceLifecycle
import Speech
import Voice

/// `smartdesk bench voice`: whole calls over the Twilio protocol against an in-process host on
/// loopback (bundled plugins, embedded engines, no LLM), with callers speaking Flite audio in
/// real time. Voice-to-voice latency is measured where the caller is: from the end of its
/// speech to the first byte of agent audio, endpointing included.
struct VoiceBenchmark {
    let model: ModelOptions
    let host: HostOptions
    let calls: Int
    let concurrent: Int
    var checksSlotAnswers = true
    /// First-token times of a stand-in model server for the model-turn figures (none: skipped).
    var modelFirstTokens: [Duration] = []

    static let script = [
        "what are your opening hours", "I'd like to book an appointment", "next thursday", "three thirty", "yes please",
        "what's my balance",
    ]

    /// Names the turns slower than a second (what was said before them), so outliers can be traced.
    static func reportSlow(_ turns: [TwilioCaller.Turn]) {
        for turn in turns.dropFirst() {
            guard let latency = turn.latency, latency > .seconds(1) else { continue }
            print(String(format: "  slow turn: %.0f ms after \"%@\"", latency.milliseconds, turn.said ?? ""))
        }
    }

    func run() async throws {
        let host = try await InProcessHost.start(model: model, host: self.host,
                                                 voice: VoiceCallConfiguration(checksSlotAnswers: checksSlotAnswers))
        let url = host.url
        let logger = InProcessHost.quietLogger
        let synthesizer = host.engines.synthesizer
        let ear = try PocketSphinxRecognizer.generalEnglish()

        let caller: @Sendable ([String], Duration?, String) -> TwilioCaller = { script, bargeIn, from in
            TwilioCaller(
                configuration: .init(url: url, from: from, utterances: script, bargeInAfter: bargeIn, transcribes: false),
                synthesizer: synthesizer, ear: ear, logger: logger
            )
        }

        // One call at a time.
        print("voice-to-voice, one call at a time (\(calls) calls × \(Self.script.count) turns, μ-law 8 kHz, real time):")
        var single = LatencyRecorder()
        var greetings = LatencyRecorder()
        var underruns = 0
        for index in 0..<calls {
            let result = try await caller(Self.script, nil, "+1555000\(1000 + index)").run()
            if let greeting = result.turns.first?.latency { greetings.record(greeting) }
            for turn in result.turns.dropFirst() { if let latency = turn.latency { single.record(latency) } }
            underruns += result.underruns
            Self.reportSlow(result.turns)
        }
        print("  end of caller speech → first agent audio: \(single.summary)")
        print("  start sent → first greeting audio: \(greetings.summary)")
        print("  underruns: \(underruns)")

        // Barge-in.
        var bargeIns = LatencyRecorder()
        for _ in 0..<max(1, calls) {
            let result = try await caller(["what are your opening hours", "I'd like to book an appointment"], .milliseconds(1_200), "+15551230001").run()
            for latency in result.bargeInLatencies { bargeIns.record(latency) }
        }
        print("barge-in, caller speech onset → clear received: \(bargeIns.summary)")

        // Many calls at once.
        print("\(concurrent) calls at once (staggered by 150 ms):")
        var loaded = LatencyRecorder()
        var loadedUnderruns = 0
        var completed = 0
        try await withThrowingTaskGroup(of: TwilioCaller.Result.self) { tasks in
            for index in 0..<concurrent {
                tasks.addTask {
                    try await Task.sleep(for: .milliseconds(150 * index))
                    return try await caller(Self.script, nil, "+1555100\(1000 + index)").run()
                }
            }
            for try await result in tasks {
                for turn in result.turns.dropFirst() { if let latency = turn.latency { loaded.record(latency) } }
                loadedUnderruns += result.underruns
                Self.reportSlow(result.turns)
                if result.turns.dropFirst().allSatisfy({ $0.latency != nil }) { completed += 1 }
            }
        }
        print("  end of caller speech → first agent audio: \(loaded.summary)")
        print(String(format: "  p50 ratio to one call: %.2f; p99 ratio: %.2f",
                     loaded.milliseconds(atPercentile: 50) / max(single.milliseconds(atPercentile: 50), 0.001),
                     loaded.milliseconds(atPercentile: 99) / max(single.milliseconds(atPercentile: 99), 0.001)))
        print("  calls with every turn answered: \(completed)/\(concurrent); underruns: \(loadedUnderruns)")

        await host.stop()
        if !modelFirstTokens.isEmpty { try await runModelTurns() }
    }

    /// Voice-to-voice on turns that need the model: a question no skill covers, answered from the
    /// business profile by a stand-in server streaming after a set first-token time, heard as the
    /// caller hears it (end of its speech → first agent audio). Only turns the server answered count.
    func runModelTurns() async throws {
        let server = await StandInModelServer.start()
        let host = try await InProcessHost.start(model: model, host: self.host,
                                                 voice: VoiceCallConfiguration(checksSlotAnswers: checksSlotAnswers),
                                                 answerComposer: server.composer(), profilePhrases: [StandInModelServer.fact])
        let ear = try PocketSphinxRecognizer.generalEnglish()
        let question = "is there step free access"
        print("voice-to-voice on turns the model answers (\"\(question)\", \(calls) calls × 3 turns):")
        for delay in modelFirstTokens {
            server.firstToken = delay
            var latencies = LatencyRecorder()
            var unanswered = 0
            for index in 0..<calls {
                let before = server.requests
                let result = try await TwilioCaller(
                    configuration: .init(url: host.url, from: "+1555200\(1000 + index)", utterances: Array(repeating: question, count: 3),
                                         transcribes: false),
                    synthesizer: host.engines.synthesizer, ear: ear, logger: InProcessHost.quietLogger
                ).run()
                let asked = server.requests - before
                unanswered += 3 - asked
                // A turn the recogniser sent elsewhere is not a model turn: count only as many as
                // the server answered (the slowest first, so none is flattered).
                let turns = result.turns.dropFirst().compactMap(\.latency).sorted(by: >)
                for latency in turns.prefix(asked) { latencies.record(latency) }
            }
            print("  first token after \(Int(delay.milliseconds)) ms: end of caller speech → first agent audio \(latencies.summary)"
                  + (unanswered > 0 ? "; \(unanswered) turns not sent to the model" : ""))
        }
        await host.stop()
        await server.stop()
    }
}
