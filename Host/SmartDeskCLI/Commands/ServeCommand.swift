import Agent
import Analytics
import ArgumentParser
import Core
import Foundation
import LLM
import Logging
import PluginHost
import Server
import ServiceLifecycle
import Speech
import UnixSignals
import Voice

/// `smartdesk serve`: the phone agent host. Twilio points its voice webhook at
/// `/twilio/voice`; `/healthz` and `/readyz` are for the load balancer.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve calls: Twilio media streams, health checks (bundled plugins unless told otherwise).",
        discussion: """
        SIGTERM or Ctrl-C stops taking calls and gives live ones [server] drain_seconds (30) to
        finish. Twilio signatures are checked when SMARTDESK_TWILIO_AUTH_TOKEN is set; with
        SMARTDESK_TWILIO_ACCOUNT_SID as well, transfers dial [server] transfer_number through
        Twilio's REST API.
        """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var host: HostOptions
    @OptionGroup var analytics: AnalyticsOptions

    @Option(name: .customLong("host"), help: "Address to listen on (default 127.0.0.1, or [server] host).")
    var address: String?

    @Option(help: "Port to listen on (default 8080, or [server] port; 0 picks a free one).")
    var port: Int?

    @Option(help: "The URL callers and Twilio reach this host at (default http://HOST:PORT, or [server] public_url).")
    var publicURL: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "smartdesk")
        let config: ConfigFile
        let agent: Agent
        let engines: VoiceEngines
        let follower: LanguageModelFollower
        let observed: HostAnalytics
        do {
            config = try host.config()
            observed = try HostAnalytics.make(options: analytics, config: config, logger: logger,
                                              hostName: config.analytics.hostName ?? ProcessInfo.processInfo.hostName)
            if let store = observed.server.store {
                // Fails early on a store that cannot be migrated; an unreachable one only spills.
                // (The connection opened here is the one the learned examples are read through next.)
                do {
                    try store.with { _ in () }
                } catch let error as StoreError where !error.isUnreachable {
                    throw CLIError("the analytics store \(store.location): \(error)")
                } catch {
                    logger.error("the analytics store \(store.location) is unreachable for now (events spill until it is back): \(error)")
                }
                logger.info("analytics: \(store.location)")
            }
            let embedder = try model.loadEmbedder()
            let plugins = try host.makeHost(config: config)
            var session = SessionConfiguration()
            session.policy.threshold = config.threshold ?? FastPathPolicy.defaultThreshold
            config.applySession(to: &session)
            agent = Agent(
                plugins: plugins, embedder: embedder,
                configuration: AgentConfiguration(session: session, decision: config.decisionSettings),
                learned: try config.learnedExampleStore(analytics: observed.server.store) { logger.notice("\($0)") },
                languageModel: try config.llmConfiguration().map { LanguageModelRouter(client: LLMClient($0)) },
                answerComposer: try config.llmConfiguration().map {
                    config.answerComposer(client: LLMClient($0))
                },
                events: observed.events, hostName: config.analytics.hostName ?? ProcessInfo.processInfo.hostName,
                paraphraser: try config.paraphraser { [logger] in logger.info("paraphrases: \($0)") }
            )
            try host.loadPlugins(into: plugins, config: config)
            await agent.settle()
            if let problem = agent.indexError { logger.warning("\(problem)") }
            let phrases = plugins.registry.intents.values.sorted { $0.name < $1.name }.flatMap(\.examples)
            let profilePhrases = config.business?.recognizerPhrases ?? []
            let recognizer = try PocketSphinxRecognizer(phrases: phrases + profilePhrases)
            follower = LanguageModelFollower(recognizer: recognizer, plugins: plugins, extraPhrases: profilePhrases)
            engines = VoiceEngines(recognizer: recognizer, synthesizer: try FliteSynthesizer())
        } catch {
            throw CLIError.exit(error)
        }

        var server = ServerConfiguration()
        server.host = address ?? config.server.host ?? server.host
        server.port = port ?? config.server.port ?? server.port
        server.publicURL = publicURL ?? config.server.publicURL
        server.transferNumber = config.server.transferNumber
        if let seconds = config.server.drainSeconds { server.drainDeadline = .seconds(seconds) }
        if let check = config.server.checkSlotAnswers { server.voice.checksSlotAnswers = check }
        if let detector = config.server.detector.flatMap(SpeechDetector.init(rawValue:)) { server.voice.detector = detector }
        if let token = config.twilioAuthToken {
            server.twilio = TwilioCredentials(accountSid: config.twilioAccountSid, authToken: token)
        } else {
            logger.warning("SMARTDESK_TWILIO_AUTH_TOKEN is not set: Twilio signatures are not checked (fine for local testing only)")
        }
        server.adminToken = config.adminToken
        server.pluginDirectories = host.pluginDirectories(config)
        server.textSecret = config.textSecret
        server.audioSecret = config.audioSecret
        if server.textSecret == nil { logger.notice("text protocol: callers are anonymous (set SMARTDESK_TEXT_SECRET for the platform to present)") }
        if server.audioSecret == nil { logger.notice("local audio: callers are anonymous (set SMARTDESK_AUDIO_SECRET for clients to present)") }

        let service = SmartDeskServer(agent: agent, engines: engines, configuration: server, logger: logger, analytics: observed.server)
        let group = ServiceGroup(configuration: .init(
            services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ))
        // Other hosts on the same store learn too: read what they learned every 15 s.
        let learning = Task { [learned = agent.learned] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                do { try learned.refresh() } catch { logger.debug("learned examples not refreshed: \(error)") }
            }
        }
        defer { learning.cancel() }
        do {
            try await group.run()
        } catch {
            logger.error("the server stopped: \(error)")
            await agent.plugins.shutdown()
            observed.server.pipeline?.stop()
            throw ExitCode.failure
        }
        _ = follower
        // Calls have ended (drained): their last events go to the store, or to the spill file.
        await agent.settleEndings()
        await agent.plugins.shutdown()
        observed.server.pipeline?.stop()
        observed.server.store?.close()
        logger.info("stopped")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
