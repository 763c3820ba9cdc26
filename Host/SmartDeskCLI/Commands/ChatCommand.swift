import Agent
import Analytics
import ArgumentParser
import Core
import Embeddings
import Foundation
import LLM
import Logging
import PluginHost

/// `smartdesk chat`: talk to the agent in the terminal as a caller would, or run a script of
/// caller lines and print the transcript.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk to the agent as a caller (bundled plugins, no audio).",
        discussion: """
        Interactive: type what the caller says; an empty line or end of input hangs up.
        With --script FILE, each non-empty line that does not start with # is one caller turn
        (a leading "caller:" is allowed) and the transcript is printed: a caller: line and an
        agent: line per turn, then handoff: when the call was handed to a person.
        """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var host: HostOptions
    @OptionGroup var analytics: AnalyticsOptions

    @Flag(name: .shortAndLong, help: "Show intent, path, confidence and latency per turn.")
    var verbose = false

    @Option(help: "Caller ID, e.g. +15551230001 (a demo customer).")
    var caller: String?

    @Option(help: "Run these caller lines instead of reading the terminal.")
    var script: String?

    @Option(help: "The business's local time for the call, e.g. 2026-11-25T10:00 (default: now).")
    var now: String?

    @Option(help: "Lowest similarity that decides on the fast path (default 0.85, or [agent] threshold).")
    var threshold: Float?

    func run() async throws {
        var clock = AgentClock.system
        if let now {
            guard let time = LocalTime(parsing: now) else { throw CLIError.exit(CLIError("--now wants YYYY-MM-DDTHH:MM, got \(now)")) }
            clock = .fixed(time)
        }
        let lines: [String]?
        if let script {
            do { lines = try Self.scriptLines(at: script) } catch { throw CLIError.exit(error) }
        } else {
            lines = nil
        }
        let agent: Agent
        let pipeline: EventPipeline?
        do {
            let config = try host.config()
            var logger = Logger(label: "smartdesk.chat")
            logger.logLevel = .warning
            pipeline = try analytics.location(config).map { analytics.pipeline($0, config: config, logger: logger) }
            let embedder = try model.loadEmbedder()
            let plugins = try host.makeHost(config: config)
            var session = SessionConfiguration()
            session.policy.threshold = threshold ?? config.threshold ?? FastPathPolicy.defaultThreshold
            config.applySession(to: &session)
            // A console session learns in memory unless a file is configured.
            agent = Agent(
                plugins: plugins, embedder: embedder,
                configuration: AgentConfiguration(session: session, clock: clock, decision: config.decisionSettings),
                learned: try config.learnedExampleStore(fallback: nil),
                languageModel: try config.llmConfiguration().map { LanguageModelRouter(client: LLMClient($0)) },
                answerComposer: try config.llmConfiguration().map {
                    config.answerComposer(client: LLMClient($0))
                },
                events: pipeline, hostName: config.analytics.hostName ?? ProcessInfo.processInfo.hostName
            )
            try host.loadPlugins(into: plugins, config: config)
            await agent.settle()
            if let problem = agent.indexError { HostOptions.warn(problem) }
        } catch let error as CLIError {
            throw CLIError.exit(error)
        } catch {
            throw CLIError.exit(error)
        }
        let call = agent.startCall(caller: caller, transport: "chat")
        let greeting = await call.begin()
        printAgent(greeting, caller: nil)
        var next = lines?.makeIterator()
        while true {
            let said: String?
            if lines != nil {
                said = next?.next()
            } else {
                FileHandle.standardOutput.write(Data("you: ".utf8))
                said = Swift.readLine()
            }
            guard let said, !said.isEmpty else { break }
            let report = await call.handle(said)
            printAgent(report, caller: said)
            if let transfer = report.transfer {
                await call.recordHandoff(transfer, delivery: "callback: a console chat cannot be transferred")
            }
            if report.ended || report.transfer != nil || report.state.isFinished { break }
        }
        await call.end(reason: lines == nil ? "the caller left the console" : "the script ended")
        await agent.plugins.shutdown()
        pipeline?.stop()
    }

    private func printAgent(_ report: TurnReport, caller said: String?) {
        var out = ""
        if let said, script != nil { out += "caller: \(said)\n" }
        out += "agent: \(report.replies.joined(separator: " "))\n"
        if verbose {
            let intent = report.intent ?? "-"
            let path = report.path?.rawValue ?? "-"
            let confidence = report.confidence.map { String(format: "%.3f", $0) } ?? "-"
            let best = report.candidates.prefix(3).map { "\($0.intent) \(String(format: "%.2f", $0.score))" }.joined(separator: ", ")
            out += "  [intent \(intent) · \(path) · \(confidence) · state \(report.state) · \(report.style.rawValue) · embed \(Self.ms(report.embedding)) · host \(Self.ms(report.host)) (plugins \(Self.ms(report.handlers)))]\n"
            if !best.isEmpty { out += "  [candidates \(best)]\n" }
        }
        if let transfer = report.transfer { out += "handoff: \(transfer.summary)\n" }
        if report.ended { out += "-- call ended\n" }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    static func ms(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.2f ms", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }

    static func scriptLines(at path: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError("cannot read script \(path)")
        }
        return text.split(whereSeparator: \.isNewline).compactMap { raw in
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { return nil }
            if line.lowercased().hasPrefix("caller:") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            return line.isEmpty ? nil : line
        }
    }
}
