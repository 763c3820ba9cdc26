import Agent
import Core
import Foundation
import LLM
import PluginHost
import Locks

/// `smartdesk bench llm`, third part: a caller turn that needs the model, through the real agent
/// and bundled plugins — a question no skill covers, answered from the business profile by a
/// server on loopback that streams its answer after a set first-token time. Measured: from the
/// caller's words reaching the agent to the answer's first sentence in the speech queue, against
/// that first-token time (the rest of voice-to-voice is the recogniser's before and a sentence's
/// first frame after, both measured on their own).
struct LLMTurnBenchmark {
    static let question = "I use a wheelchair, can I get into the building?"
    let model: ModelOptions
    let host: HostOptions
    let turns: Int

    func run() async throws {
        let server = await StandInModelServer.start()

        let config = try host.config()
        let plugins = try host.makeHost(config: config, log: { _ in })
        let composer = server.composer()
        let agent = Agent(plugins: plugins, embedder: try model.loadEmbedder(), configuration: AgentConfiguration(), answerComposer: composer)
        try host.loadPlugins(into: plugins, config: config)
        await agent.settle()

        print("a turn that needs the model (a question no skill covers), caller's words → first sentence queued for speech:")
        for delay in [Duration.zero, .milliseconds(300), .milliseconds(800)] {
            server.firstToken = delay
            var toSentence = LatencyRecorder()
            var overhead = LatencyRecorder()
            for index in 0..<(turns + 3) {
                let call = agent.startCall(caller: "+15551230001")
                _ = await call.begin()
                let first = Mutex<ContinuousClock.Instant?>(nil)
                let started = ContinuousClock.now
                let report = await call.handle(Self.question) { _, _ in
                    first.withLock { if $0 == nil { $0 = .now } }
                }
                guard let at = first.withLock({ $0 }) else {
                    throw CLIError("no sentence was streamed (replies: \(report.replies))")
                }
                guard index >= 3 else { continue }  // warm-up
                toSentence.record(at - started)
                overhead.record(at - started - delay)
            }
            print("  first token after \(Int(delay.milliseconds)) ms: \(toSentence.summary); beyond the first token: \(overhead.summary)")
        }
        // The same question late in a long call: the history the model gets is folded to its
        // budget, so the turn costs what it did early on.
        server.firstToken = .zero
        print("the same turn after 4 and after 49 earlier turns (first token at once):")
        for earlier in [4, 49] {
            var toSentence = LatencyRecorder()
            var promptBytes = 0
            for _ in 0..<max(3, turns / 3) {
                let call = agent.startCall(caller: "+15551230001")
                _ = await call.begin()
                for index in 0..<earlier {
                    _ = await call.handle(index.isMultiple(of: 2) ? "what's my balance" : "what are your opening hours")
                }
                let first = Mutex<ContinuousClock.Instant?>(nil)
                let started = ContinuousClock.now
                _ = await call.handle(Self.question) { _, _ in
                    first.withLock { if $0 == nil { $0 = .now } }
                }
                if let at = first.withLock({ $0 }) { toSentence.record(at - started) }
                let memory = await call.memory
                let context = CallContext(callID: "bench", turn: earlier + 1, caller: "+15551230001", memory: memory)
                promptBytes = composer.prompt(Self.question, context: context, offered: [])
                    .reduce(0) { $0 + ($1.content?.utf8.count ?? 0) }
            }
            print("  turn \(earlier + 1): \(toSentence.summary); prompt without tools \(promptBytes) characters")
        }
        await plugins.shutdown()
        await server.stop()
    }
}
