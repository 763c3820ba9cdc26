import Locks

/// The intent index a running host serves from: example phrases are added and removed while calls
/// query it (plugins load and unload, learned examples arrive).
///
/// Readers take the current ``IntentIndex`` snapshot and search it without holding the lock; a
/// change builds the next snapshot and swaps it in at once, so a query never sees half a plugin.
public final class LiveIntentIndex: Sendable {
    /// One example phrase of an intent.
    public struct Phrase: Sendable, Hashable {
        public let intent: String
        public let text: String
        public init(intent: String, text: String) {
            self.intent = intent
            self.text = text
        }
    }

    /// What a registration did: phrases added, how many of them had to be embedded (the rest came
    /// from the cache), and phrases of the replaced source removed.
    public struct Registration: Sendable, Equatable {
        public let added: Int
        public let embedded: Int
        public let removed: Int

        public init(added: Int, embedded: Int, removed: Int) {
            self.added = added
            self.embedded = embedded
            self.removed = removed
        }
    }

    /// What one utterance matched: every intent's best example cosine, highest first, and the
    /// calibrated decision when a model trained on the index as it is now exists.
    public struct Classification: Sendable {
        public let matches: [IntentMatch]
        public let decision: IntentDecision?
    }

    public let embedder: any TextEmbedding
    public let cache: EmbeddingCache
    public let decisionSettings: IntentDecisionSettings
    private let current: Mutex<Current>
    /// Serialises writers so two registrations cannot interleave their swaps.
    private let writer = Mutex(())
    /// Serialises training, so a slow older training cannot replace a newer model.
    private let trainer = Mutex(())

    private struct Current {
        var index: IntentIndex
        /// Bumped by every change; a model is used only while its version is current.
        var version = 0
        var model: (version: Int, model: IntentDecisionModel)?
    }

    public init(
        embedder: any TextEmbedding, cache: EmbeddingCache = EmbeddingCache(),
        decisionSettings: IntentDecisionSettings = IntentDecisionSettings()
    ) {
        self.embedder = embedder
        self.cache = cache
        self.decisionSettings = decisionSettings
        self.current = Mutex(Current(index: IntentIndex(dimension: embedder.dimension)))
    }

    /// The index as it is now; later changes do not affect the returned value.
    public var snapshot: IntentIndex { current.withLock { $0.index } }

    /// The calibrated decision trained on the index as it is now, if ``retrain()`` has caught up.
    public var model: IntentDecisionModel? {
        current.withLock { current in current.model.flatMap { $0.version == current.version ? $0.model : nil } }
    }

    /// Trains the calibrated decision on the index as it is now and puts it in service (unless
    /// the index changed meanwhile: the next retrain covers that). Takes tens of milliseconds
    /// for hundreds of examples; call it off the calls' path. Returns the model, `nil` when
    /// the index has fewer than two intents.
    @discardableResult
    public func retrain() -> IntentDecisionModel? {
        trainer.withLock { _ in
            let (index, version) = current.withLock { ($0.index, $0.version) }
            if let existing = current.withLock({ $0.model }), existing.version == version { return existing.model }
            let model = IntentDecisionModel.train(index, settings: decisionSettings)
            current.withLock { current in
                guard current.version == version else { return }
                current.model = model.map { (version, $0) }
            }
            return model
        }
    }

    /// Adds `phrases` under `source`, replacing everything `replacing` had registered, in one swap.
    /// Only phrases not embedded before are run through the model.
    @discardableResult
    public func register(_ phrases: [Phrase], source: String, replacing oldSource: String? = nil) async throws -> Registration {
        let (vectors, embedded) = try await cache.vectors(for: phrases.map(\.text), using: embedder)
        return apply { index in
            let removed = oldSource.map { index.remove(source: $0) } ?? 0
            for (phrase, vector) in zip(phrases, vectors) {
                index.add(intent: phrase.intent, text: phrase.text, vector: vector, source: source)
            }
            return Registration(added: phrases.count, embedded: embedded, removed: removed)
        }
    }

    /// Removes everything `source` registered; returns how many phrases went.
    @discardableResult
    public func unregister(source: String) -> Int {
        apply { $0.remove(source: source) }
    }

    /// Removes one phrase of an intent (a learned example withdrawn, say).
    @discardableResult
    public func remove(intent: String, text: String) -> Int {
        apply { $0.remove(intent: intent, text: text) }
    }

    /// The best score per intent for `text`, highest first.
    public func query(_ text: String, topK: Int = 5) async throws -> [IntentMatch] {
        let vector = try await embedder.embed([text])[0]
        return snapshot.query(vector, topK: topK)
    }

    /// The best score per intent for `text` (at most `topK`) and, when the model is current, the
    /// calibrated decision, from one pass over the examples.
    public func classify(_ text: String, topK: Int = 5) async throws -> Classification {
        try await classify(batch: [text], topK: topK)[0]
    }

    /// ``classify(_:topK:)`` for several texts, embedded together and decided by the same model.
    public func classify(batch texts: [String], topK: Int = 5) async throws -> [Classification] {
        guard !texts.isEmpty else { return [] }
        let vectors = try await embedder.embed(texts)
        let (index, model) = current.withLock { current in
            (current.index, current.model.flatMap { $0.version == current.version ? $0.model : nil })
        }
        return vectors.map { vector in
            guard let model else { return Classification(matches: index.query(vector, topK: topK), decision: nil) }
            let decision = model.decide(vector)
            return Classification(matches: Array(decision.matches.prefix(topK)), decision: decision)
        }
    }

    /// Edits a copy of the current index and swaps it in. The copy is made outside the read lock,
    /// so readers wait only for the pointer swap.
    private func apply<Result>(_ edit: (inout IntentIndex) -> Result) -> Result {
        writer.withLock { _ in
            var next = snapshot
            let result = edit(&next)
            current.withLock {
                $0.index = next
                $0.version += 1
            }
            return result
        }
    }
}
