import Embeddings
import Testing

@Suite("Live intent index, embedding cache and batching, on the real model")
struct LiveIndexTests {
    static let scheduling: [LiveIntentIndex.Phrase] = [
        .init(intent: "book_appointment", text: "I'd like to book an appointment"),
        .init(intent: "book_appointment", text: "can I schedule a visit"),
        .init(intent: "cancel_appointment", text: "please cancel my appointment"),
        .init(intent: "cancel_appointment", text: "I can't make it, cancel the booking"),
    ]
    static let billing: [LiveIntentIndex.Phrase] = [
        .init(intent: "check_balance", text: "what's my account balance"),
        .init(intent: "check_balance", text: "how much do I owe"),
    ]

    @Test("registered phrases are found; unloading a source removes its intents")
    func registerAndUnregister() async throws {
        let index = LiveIntentIndex(embedder: try SharedModel.get())
        try await index.register(Self.scheduling, source: "scheduling#1")
        try await index.register(Self.billing, source: "billing#1")
        #expect(try await index.query("book me an appointment for Tuesday")[0].intent == "book_appointment")
        #expect(try await index.query("what is my balance")[0].intent == "check_balance")

        #expect(index.unregister(source: "billing#1") == 2)
        let after = try await index.query("what is my balance")
        #expect(!after.contains { $0.intent == "check_balance" })
        #expect(Set(index.snapshot.intents) == ["book_appointment", "cancel_appointment"])
    }

    @Test("a reload re-embeds only the phrases that changed and swaps in one step")
    func reloadUsesCache() async throws {
        let cache = EmbeddingCache()
        let index = LiveIntentIndex(embedder: try SharedModel.get(), cache: cache)
        let first = try await index.register(Self.scheduling, source: "scheduling#1")
        #expect(first == .init(added: 4, embedded: 4, removed: 0))

        var changed = Self.scheduling
        changed[3] = .init(intent: "cancel_appointment", text: "call off my visit")
        changed.append(.init(intent: "reschedule", text: "move my appointment to another day"))
        let second = try await index.register(changed, source: "scheduling#2", replacing: "scheduling#1")
        #expect(second == .init(added: 5, embedded: 2, removed: 4))
        #expect(index.snapshot.count == 5)
        #expect(Set(index.snapshot.examples.map(\.source)) == ["scheduling#2"])
        #expect(try await index.query("I need to move my appointment")[0].intent == "reschedule")
    }

    @Test("cached vectors equal freshly computed ones, and the cache stays bounded")
    func cacheBounded() async throws {
        let embedder = try SharedModel.get()
        let cache = EmbeddingCache(capacity: 10)
        let texts = (0..<25).map { "phrase number \($0)" }
        let (vectors, embedded) = try await cache.vectors(for: texts, using: embedder)
        #expect(embedded == 25)
        #expect(cache.count <= 10)
        let again = try await cache.vectors(for: Array(texts.suffix(5)), using: embedder)
        #expect(again.embedded == 0)
        for (a, b) in zip(again.vectors, vectors.suffix(5)) { #expect(a == b) }
    }

    @Test("duplicate texts in one registration are embedded once")
    func duplicates() async throws {
        let cache = EmbeddingCache()
        let (vectors, embedded) = try await cache.vectors(for: ["same", "same", "other"], using: try SharedModel.get())
        #expect(embedded == 2)
        #expect(vectors[0] == vectors[1])
    }

    @Test("concurrent requests share forward passes and get the same vectors as alone")
    func batchingGathers() async throws {
        let embedder = try SharedModel.get()
        var configuration = BatchingEmbedder.Configuration()
        configuration.maxBatchSize = 16
        configuration.maxWait = .milliseconds(20)
        let batching = BatchingEmbedder(embedder: embedder, configuration: configuration)
        defer { batching.shutDown() }
        let texts = (0..<48).map { "caller number \($0) wants to pay a bill" }
        let vectors = try await batching.embed(texts)
        let statistics = batching.statistics
        #expect(statistics.sentences == 48)
        #expect(statistics.largestBatch <= 16)
        #expect(statistics.batches < 48)  // gathered, not one pass per request
        for (text, vector) in zip(texts, vectors).prefix(8) {
            #expect(VectorMath.dot(vector, embedder.embed([text])[0]) > 0.99999)
        }
    }

    @Test("a pass never holds more tokens than allowed, but a long request alone still runs")
    func tokenBudget() async throws {
        var configuration = BatchingEmbedder.Configuration()
        configuration.maxBatchTokens = 40
        configuration.maxWait = .milliseconds(20)
        let batching = BatchingEmbedder(embedder: try SharedModel.get(), configuration: configuration)
        defer { batching.shutDown() }
        let long = String(repeating: "appointment ", count: 60)  // 62 tokens, over the budget alone
        let texts = [long] + (0..<12).map { "pay my bill number \($0)" }  // 7–8 tokens each
        let vectors = try await batching.embed(texts)
        #expect(vectors.allSatisfy { $0.count == 384 })
        let statistics = batching.statistics
        #expect(statistics.sentences == 13)
        #expect(statistics.batches >= 4)  // 62 alone, then at most 5 short ones a pass
        #expect(statistics.largestBatch <= 5)
    }

    @Test("requests after shut-down fail with a clear error instead of hanging")
    func shutDown() async throws {
        let batching = BatchingEmbedder(embedder: try SharedModel.get())
        batching.shutDown()
        await #expect(throws: EmbeddingError.embedderShutDown) {
            _ = try await batching.embed(["hello"])
        }
    }
}

@Suite("Live index with the calibrated decision, on the real model")
struct LiveIndexDecisionTests {
    @Test("the model serves only the index it was trained on; a change makes it stale until retrained")
    func modelFollowsTheIndex() async throws {
        let index = LiveIntentIndex(embedder: try SharedModel.get())
        try await index.register(LiveIndexTests.scheduling, source: "scheduling#1")
        #expect(index.model == nil)
        #expect(try await index.classify("book me in for Tuesday").decision == nil)
        let model = try #require(index.retrain())
        #expect(model.intents.sorted() == ["book_appointment", "cancel_appointment"])
        let classified = try await index.classify("book me in for Tuesday")
        #expect(classified.decision?.intent == "book_appointment")
        #expect(classified.matches.first?.intent == "book_appointment")

        try await index.register(LiveIndexTests.billing, source: "billing#1")
        #expect(index.model == nil)
        #expect(try await index.classify("what is my balance").decision == nil)
        #expect(index.retrain()?.intents.count == 3)
        #expect(try await index.classify("what is my balance").decision?.intent == "check_balance")
    }
}
