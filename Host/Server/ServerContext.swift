import Agent
import Analytics
import Logging
import Locks
import Voice

/// What every route and connection of one host shares.
public final class ServerContext: Sendable {
    public let agent: Agent
    public let engines: VoiceEngines
    public let configuration: ServerConfiguration
    public let calls: LiveCalls
    public let tokens = SessionTokens()
    public let handoffs = HandoffLog()
    let textCalls = TextCalls()
    public let logger: Logger
    /// The store, pipeline, metrics and alerts (docs/analytics.md).
    public let analytics: ServerAnalytics
    /// The analytics store: the handoff queue every host shares, the daily figures (`nil`: off).
    public var store: AnalyticsStore? { analytics.store }
    let signature: TwilioSignature?
    let rest: TwilioREST?
    private let port = Mutex<Int?>(nil)

    public init(agent: Agent, engines: VoiceEngines, configuration: ServerConfiguration, logger: Logger, analytics: ServerAnalytics = ServerAnalytics()) {
        self.agent = agent
        self.analytics = analytics
        self.engines = engines
        self.configuration = configuration
        self.calls = LiveCalls(limit: configuration.maximumLiveCalls)
        self.logger = logger
        signature = configuration.twilio.map { TwilioSignature(authToken: $0.authToken) }
        rest = configuration.twilio.flatMap { $0.canUseREST ? TwilioREST(credentials: $0, apiBase: configuration.twilioAPIBase) : nil }
    }

    /// The port the server is bound to (known once it runs).
    public var boundPort: Int? { port.withLock { $0 } }
    func setBoundPort(_ value: Int) { port.withLock { $0 = value } }

    /// The public base URL (`https://agent.example.com`).
    public var baseURL: String { configuration.baseURL(boundPort: boundPort ?? configuration.port) }
    /// The public WebSocket base URL (`wss://agent.example.com`).
    public var webSocketBaseURL: String { configuration.webSocketBaseURL(boundPort: boundPort ?? configuration.port) }
}
