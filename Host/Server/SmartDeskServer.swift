import Agent
import Analytics
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import Voice

/// The host's HTTP and WebSocket server: health, Twilio, and (as they arrive) the text protocol,
/// local audio and the admin API. Run it as a service: on graceful shutdown (SIGTERM) it stops
/// taking calls, lets the live ones finish up to `drainDeadline`, cuts the rest, then stops.
public struct SmartDeskServer: Service {
    public let context: ServerContext
    private let onRunning: @Sendable (Int) async -> Void

    /// A server for `agent` with `engines`; `onRunning` gets the bound port (useful with port 0).
    public init(
        agent: Agent, engines: VoiceEngines, configuration: ServerConfiguration, logger: Logger, analytics: ServerAnalytics = ServerAnalytics(),
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        context = ServerContext(agent: agent, engines: engines, configuration: configuration, logger: logger, analytics: analytics)
        self.onRunning = onRunning
    }

    /// Every route of the host (OpenAPIDocument lists the same ones; a test checks).
    static func makeRouter(context: ServerContext) -> Router<SmartDeskRequestContext> {
        let router = Router(context: SmartDeskRequestContext.self)
        HealthRoutes.add(to: router, context: context)
        TwilioRoutes.add(to: router, context: context)
        TextProtocolRoutes.add(to: router, context: context)
        AdminRoutes.add(to: router, context: context)
        MetricsRoutes.add(to: router, context: context)
        DashboardRoutes.add(to: router, context: context)
        LocalAudioRoutes.add(to: router, context: context)
        return router
    }

    /// The routes as `METHOD /path/{parameter}`, sorted.
    static func routeList(context: ServerContext) -> [String] {
        makeRouter(context: context).routes.map { "\($0.method.rawValue) \($0.path.description)" }.sorted()
    }

    public func run() async throws {
        let router = Self.makeRouter(context: context)
        if context.configuration.adminToken == nil {
            context.logger.notice("admin API: no SMARTDESK_ADMIN_TOKEN set, so /admin answers loopback clients only")
        }
        let context = self.context
        let onRunning = self.onRunning
        let application = Application(
            router: router,
            server: Self.serverBuilder(router: router, configuration: context.configuration),
            configuration: .init(address: .hostname(context.configuration.host, port: context.configuration.port), serverName: "SmartDesk"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? context.configuration.port
                context.setBoundPort(port)
                context.logger.info("serving on \(context.baseURL)")
                await onRunning(port)
            },
            logger: context.logger
        )
        // The application runs shielded from this service's graceful shutdown (a detached task
        // inherits no shutdown signal): on SIGTERM its WebSockets would close at once, dropping
        // live calls. Instead the calls drain first, then the application is shut down.
        let inner = ServiceGroup(configuration: .init(services: [application], logger: context.logger))
        let running = Task.detached { try await inner.run() }
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await running.value
            } onGracefulShutdown: {
                context.logger.info("shutdown requested: no new calls; \(context.calls.count) live")
                Task {
                    await self.drain()
                    await inner.triggerGracefulShutdown()
                }
            }
        } onCancel: {
            running.cancel()
        }
    }

    /// How long past the goodbye grace the drain still waits for cut calls to end: a transport
    /// ends each call at the grace and then tells its client why (the server's own shutdown, once
    /// the drain returns, would close the socket before that last message).
    static let endingMargin = Duration.seconds(3)

    /// Stops taking calls and waits for the live ones (up to the deadline). Call before the
    /// server's own graceful shutdown.
    public func drain() async {
        let cut = await context.calls.drain(
            deadline: context.configuration.drainDeadline, goodbye: context.configuration.goodbyeGrace + Self.endingMargin
        )
        if cut > 0 { context.logger.warning("\(cut) call(s) cut at the drain deadline") }
    }

    /// HTTP/1 with WebSocket upgrades; a connection that sends no complete request head within
    /// `idleTimeout` (a header trickled byte by byte, or nothing) is closed, as is one idle that
    /// long between requests; WebSockets ping every 30 s and close a peer that stops answering.
    static func serverBuilder(router: Router<SmartDeskRequestContext>, configuration: ServerConfiguration) -> HTTPServerBuilder {
        let webSocketResponder = router.buildResponder()
        let idle = TimeAmount.nanoseconds(
            configuration.idleTimeout.components.seconds * 1_000_000_000 + configuration.idleTimeout.components.attoseconds / 1_000_000_000
        )
        let channelConfiguration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(idleTimeout: idle),
            ws: .init(maxFrameSize: max(configuration.maximumMessageSize, configuration.maximumTextMessageSize))
        )
        return HTTPServerBuilder { responder in
            RequestHeadDeadline(
                inner: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocketResponder, configuration: channelConfiguration),
                deadline: configuration.idleTimeout
            )
        }
    }
}
