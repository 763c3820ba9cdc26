import Synchronization

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

    public let embedder: any TextEmbedding
    public let cache: EmbeddingCache
    private let current: Mutex<IntentIndex>
    /// Serialises writers so two registrations cannot interleave their swaps.
    private let writer = Mutex(())

    public init(embedder: any TextEmbedding, cache: EmbeddingCache = EmbeddingCache()) {
        self.embedder = embedder
        self.cache = cache
        self.current = Mutex(IntentIndex(dimension: embedder.dimension))
    }

    /// The index as it is now; later changes do not affect the returned value.
    public var snapshot: IntentIndex { current.withLock { $0 } }

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

    /// Edits a copy of the current index and swaps it in. The copy is made outside the read lock,
    /// so readers wait only for the pointer swap.
    private func apply<Result>(_ edit: (inout IntentIndex) -> Result) -> Result {
        writer.withLock { _ in
            var next = snapshot
            let result = edit(&next)
            current.withLock { $0 = next }
            return result
        }
    }
}
