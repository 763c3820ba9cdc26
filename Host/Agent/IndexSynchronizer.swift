import Embeddings
import Foundation
import PluginHost
import Synchronization

/// Keeps the embedding index equal to the plugin registry: every generation's example phrases
/// are registered under `name#generation`, replacing the previous generation's in one swap, and
/// removed when the plugin goes. Syncs run one after another, each against the registry as it is
/// when it runs, so a burst of reloads ends in the right state.
final class IndexSynchronizer: Sendable {
    let index: LiveIntentIndex
    private let plugins: PluginHost
    private let learned: LearnedExampleStore
    private let state = Mutex(State())

    /// The source learned examples are registered under.
    static let learnedSource = "learned"

    private struct State {
        /// plugin name → the source key its phrases are under.
        var indexed: [String: String] = [:]
        /// The learned phrases in the index now.
        var learned: Set<LiveIntentIndex.Phrase> = []
        var tail: Task<Void, Never>?
        var lastError: String?
        var learningError: String?
    }

    init(index: LiveIntentIndex, plugins: PluginHost, learned: LearnedExampleStore) {
        self.index = index
        self.plugins = plugins
        self.learned = learned
    }

    var learningError: String? { state.withLock { $0.learningError } }
    func noteLearningError(_ message: String) { state.withLock { $0.learningError = message } }

    /// Queues a sync; returns the task that finishes when it (and all before it) are done.
    @discardableResult
    func schedule() -> Task<Void, Never> {
        state.withLock { state in
            let previous = state.tail
            let task = Task { [self] in
                await previous?.value
                await self.syncNow()
            }
            state.tail = task
            return task
        }
    }

    /// Waits for every sync queued so far.
    func settle() async {
        let tail = state.withLock { $0.tail }
        await tail?.value
    }

    var lastError: String? { state.withLock { $0.lastError } }

    private func syncNow() async {
        let registry = plugins.registry
        let indexed = state.withLock { $0.indexed }
        var next = indexed
        for plugin in registry.plugins {
            let source = "\(plugin.name)#\(plugin.generation)"
            guard indexed[plugin.name] != source else { continue }
            let phrases = registry.intents.values.filter { $0.plugin == plugin.name && $0.generation == plugin.generation }
                .flatMap { intent in intent.examples.map { LiveIntentIndex.Phrase(intent: intent.name, text: $0) } }
            do {
                try await index.register(phrases, source: source, replacing: indexed[plugin.name])
                next[plugin.name] = source
            } catch {
                state.withLock { $0.lastError = "could not index \(plugin.name): \(error)" }
            }
        }
        let live = Set(registry.plugins.map(\.name))
        for (name, source) in indexed where !live.contains(name) {
            index.unregister(source: source)
            next[name] = nil
        }
        state.withLock { $0.indexed = next }
        // Learned examples of the intents that exist now (those of an unloaded plugin wait).
        let learnedPhrases = learned.all.filter { registry.intents[$0.intent] != nil }
            .map { LiveIntentIndex.Phrase(intent: $0.intent, text: $0.text) }
        if Set(learnedPhrases) != state.withLock({ $0.learned }) {
            do {
                try await index.register(learnedPhrases, source: Self.learnedSource, replacing: Self.learnedSource)
                state.withLock { $0.learned = Set(learnedPhrases) }
            } catch {
                state.withLock { $0.lastError = "could not index the learned examples: \(error)" }
            }
        }
        await retrain()
    }

    /// Trains the calibrated decision on the index as it now is, on a thread of its own (it is
    /// plain CPU work, up to about a second for thousands of examples), so calls keep the
    /// cooperative threads. Until it is done, calls decide with the cosine rule.
    private func retrain() async {
        let index = self.index
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                index.retrain()
                done.resume()
            }
            thread.name = "smartdesk-intent-training"
            thread.start()
        }
    }
}
