import Agent
import Analytics
import Core
import AgentTestSupport
import Foundation
import HTTPClient
import Logging
@testable import Server
import ServiceLifecycle
import Locks
import TestSupport
import Voice

/// A real host on a free loopback port: the bundled plugins, real speech, real sockets.
final class ServerHarness: Sendable {
    let agent: AgentHarness
    let server: SmartDeskServer
    let group: ServiceGroup
    let port: Int
    private let running: Task<Void, any Error>
    /// Set once `group.run()` has returned: `stopped(timeout:)` polls it, because awaiting a task's
    /// value does not end when the waiter is cancelled (a host that never stops would hang the run).
    private let finished: Flag

    var url: String { "http://127.0.0.1:\(port)" }
    var context: ServerContext { server.context }

    private init(
        agent: AgentHarness, server: SmartDeskServer, group: ServiceGroup, port: Int, running: Task<Void, any Error>,
        finished: Flag
    ) {
        self.agent = agent
        self.server = server
        self.group = group
        self.port = port
        self.running = running
        self.finished = finished
    }

    static let logger: Logger = {
        var logger = Logger(label: "smartdesk.test")
        logger.logLevel = ProcessInfo.processInfo.environment["SMARTDESK_TEST_LOG"] == nil ? .critical : .debug
        return logger
    }()

    static func start(
        events: (any CallEventSink)? = nil, analytics: ServerAnalytics = ServerAnalytics(), hostName: String = "test-host",
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> ServerHarness {
        let agent = try await AgentHarness(plugins: try AgentHarness.bundled(), events: events, hostName: hostName)
        let engines = try SpeechHarness.engines(for: agent.host)
        // Calls still live when a test closes the host are cut after 2 s (tests of draining set more).
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, drainDeadline: .seconds(2))
        configuration.pluginDirectories = [try TestPaths.bundledPlugin("CRM").deletingLastPathComponent().path]
        configure(&configuration)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = SmartDeskServer(
            agent: agent.agent, engines: engines, configuration: configuration, logger: logger, analytics: analytics,
            onRunning: { port in continuation.yield(port) }
        )
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        let finished = Flag()
        let running = Task {
            defer { finished.raise() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the server did not start") }
        return ServerHarness(agent: agent, server: server, group: group, port: port, running: running, finished: finished)
    }

    /// SIGTERM's path: graceful shutdown (drain, then stop).
    func shutDown() async {
        await group.triggerGracefulShutdown()
    }

    /// Waits for the server to stop.
    func stopped(timeout: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !finished.isRaised {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    func close() async {
        await group.triggerGracefulShutdown()
        _ = await stopped(timeout: .seconds(10))
        running.cancel()
        await agent.close()
    }

    func get(_ path: String) async throws -> HTTPResponse {
        try await HTTPClient.send(HTTPRequest(url: url + path))
    }

    func post(_ path: String, form: [(name: String, value: String)], headers: [(String, String)] = []) async throws -> HTTPResponse {
        try await HTTPClient.send(HTTPRequest(
            method: "POST", url: url + path, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers,
            body: Data(FormEncoding.encode(form).utf8)
        ))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
