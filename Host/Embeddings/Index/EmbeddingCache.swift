import Locks

/// Vectors of texts already embedded, so that re-registering the same example phrases (a plugin
/// reload, a restart of the learned-examples sync) embeds only the phrases that changed.
///
/// Bounded: past `capacity` entries the least recently used tenth is dropped.
public final class EmbeddingCache: Sendable {
    private struct Entry {
        var vector: [Float]
        var lastUse: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var clock: UInt64 = 0
        var hits = 0
        var misses = 0
    }

    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 100_000) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
    }

    public var count: Int { state.withLock { $0.entries.count } }
    /// Lookups answered from the cache and lookups that were not, since creation.
    public var statistics: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    /// The cached vector of each text, `nil` where there is none.
    public func lookup(_ texts: [String]) -> [[Float]?] {
        state.withLock { state in
            texts.map { text in
                state.clock &+= 1
                guard var entry = state.entries[text] else {
                    state.misses += 1
                    return nil
                }
                state.hits += 1
                entry.lastUse = state.clock
                state.entries[text] = entry
                return entry.vector
            }
        }
    }

    public func store(_ texts: [String], vectors: [[Float]]) {
        precondition(texts.count == vectors.count, "one vector per text")
        state.withLock { state in
            for (text, vector) in zip(texts, vectors) {
                state.clock &+= 1
                state.entries[text] = Entry(vector: vector, lastUse: state.clock)
            }
            if state.entries.count > capacity {
                let excess = state.entries.count - capacity + capacity / 10
                let oldest = state.entries.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(excess)
                for (text, _) in oldest { state.entries.removeValue(forKey: text) }
            }
        }
    }

    /// Vectors for `texts`, embedding only the ones not cached; `embedded` counts those.
    public func vectors(for texts: [String], using embedder: some TextEmbedding) async throws -> (vectors: [[Float]], embedded: Int) {
        var vectors = lookup(texts)
        var seen = Set<String>()
        var missing: [String] = []
        for i in texts.indices where vectors[i] == nil && seen.insert(texts[i]).inserted {
            missing.append(texts[i])
        }
        if !missing.isEmpty {
            var fresh: [[Float]] = []
            fresh.reserveCapacity(missing.count)
            let chunk = 64
            for start in stride(from: 0, to: missing.count, by: chunk) {
                fresh += try await embedder.embed(Array(missing[start..<min(start + chunk, missing.count)]))
            }
            store(missing, vectors: fresh)
            let byText = Dictionary(uniqueKeysWithValues: zip(missing, fresh))
            for i in texts.indices where vectors[i] == nil { vectors[i] = byText[texts[i]] }
        }
        return (vectors.map { $0! }, missing.count)
    }
}
