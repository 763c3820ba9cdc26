import Agent
import Core
import Embeddings
import Foundation
import PluginHost
import TestSupport

/// A real agent for tests: the real model, real plugins loaded with dlopen, a fresh data folder
/// and a fixed clock (Wednesday 2026-11-25, 10:00 unless told otherwise).
public struct AgentHarness: Sendable {
    public let agent: Agent
    public let host: PluginHost
    public let dataDirectory: URL

    public static let embedder: SentenceEmbedder? = try? SentenceEmbedder(location: ModelLocation(directory: TestPaths.modelDirectory))

    public init(
        plugins: [URL], now: String = "2026-11-25T10:00", settings: [String: [String: String]] = [:],
        handlerDeadline: Duration = .seconds(2), log: @escaping @Sendable (PluginLogRecord) -> Void = { _ in },
        languageModel: LanguageModelRouter? = nil, answerComposer: AnswerComposer? = nil,
        events: (any CallEventSink)? = nil, hostName: String = "test-host", paraphraser: Paraphraser? = nil,
        embedding: (any TextEmbedding)? = nil
    ) async throws {
        guard let embedder = embedding ?? Self.embedder else { throw MissingTestData(path: TestPaths.modelDirectory.path) }
        dataDirectory = try TestPaths.temporaryDirectory("agent-data")
        var configuration = PluginHostConfiguration()
        configuration.dataDirectory = dataDirectory
        configuration.settings = settings
        configuration.handlerDeadline = handlerDeadline
        configuration.log = log
        host = PluginHost(configuration: configuration)
        agent = Agent(
            plugins: host, embedder: embedder, configuration: AgentConfiguration(clock: .fixed(LocalTime(parsing: now)!)),
            languageModel: languageModel, answerComposer: answerComposer, events: events, hostName: hostName,
            paraphraser: paraphraser
        )
        for plugin in plugins {
            try host.load(path: plugin.path)
        }
        await agent.settle()
    }

    /// The four bundled plugins as built beside the test binary.
    public static func bundled() throws -> [URL] {
        try ["Scheduling", "Billing", "CRM", "Handoff"].map { try TestPaths.bundledPlugin($0) }
    }

    public func close() async {
        await host.shutdown()
        try? FileManager.default.removeItem(at: dataDirectory)
    }
}
