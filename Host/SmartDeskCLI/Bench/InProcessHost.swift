import Agent
import Foundation
import Logging
import PluginHost
import Server
import ServiceLifecycle
import Speech
import Voice

/// A whole host for a benchmark: the configured plugins, the embedder, real speech engines and
/// the server on a free loopback port; the clients under test connect to `url`.
struct InProcessHost {
    let agent: Agent
    let plugins: PluginHost
    let engines: VoiceEngines
    let port: Int
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    var url: String { "http://127.0.0.1:\(port)" }

    /// A logger that stays quiet (benchmarks print their own figures); `SMARTDESK_BENCH_LOG=info`
    /// (or another level) shows the host's log on stderr, to trace an outlier.
    static let quietLogger: Logger = {
        var logger = Logger(label: "smartdesk.bench")
        logger.logLevel = ProcessInfo.processInfo.environment["SMARTDESK_BENCH_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    /// Starts it; `domainModel: false` gives the recogniser a one-phrase model (text-only runs);
    /// `answerComposer` answers what no skill covers, and `profilePhrases` go into the
    /// recogniser's model as `serve` puts the business profile's there.
    static func start(model: ModelOptions, host: HostOptions, domainModel: Bool = true, drainDeadline: Duration = .seconds(1),
                      voice: VoiceCallConfiguration = .init(), answerComposer: AnswerComposer? = nil,
                      profilePhrases: [String] = [], isolation: PluginIsolation? = nil) async throws -> InProcessHost {
        var config = try host.config()
        if let isolation { config.isolation = isolation }
        let plugins = try host.makeHost(config: config, log: { _ in })
        let agent = Agent(plugins: plugins, embedder: try model.loadEmbedder(), configuration: AgentConfiguration(), answerComposer: answerComposer)
        try host.loadPlugins(into: plugins, config: config)
        await agent.settle()
        let phrases = domainModel ? plugins.registry.intents.values.sorted { $0.name < $1.name }.flatMap(\.examples) + profilePhrases : ["hello"]
        let engines = VoiceEngines(recognizer: try PocketSphinxRecognizer(phrases: phrases), synthesizer: try FliteSynthesizer())
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = SmartDeskServer(
            agent: agent, engines: engines,
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, drainDeadline: drainDeadline, voice: voice),
            logger: quietLogger, onRunning: { continuation.yield($0) }
        )
        let group = ServiceGroup(configuration: .init(services: [server], logger: quietLogger))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CLIError("the host did not start") }
        return InProcessHost(agent: agent, plugins: plugins, engines: engines, port: port, group: group, running: running)
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        await plugins.shutdown()
    }
}
