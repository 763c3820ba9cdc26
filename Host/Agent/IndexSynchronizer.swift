import Embeddings
import Foundation
import PluginHost
import Locks

/// Keeps the embedding index equal to the plugin registry: every generation's example phrases
/// are registered under `name#generation`, replacing the previous generation's in one swap, and
/// removed when the plugin goes. Syncs run one after another, each against the registry as it is
/// when it runs, so a burst of reloads ends in the right state.
final class IndexSynchronizer: Sendable {
    let index: LiveIntentIndex
    private let plugins: PluginHost
    private let learned: LearnedExampleStore
    private let paraphraser: Paraphraser?
    private let state = Mutex(State())

    /// The source learned examples are registered under.
    static let learnedSource = "learned"
    /// The source a plugin's kept paraphrases are registered under.
    static func paraphraseSource(_ plugin: String) -> String { IntentIndex.generatedSourcePrefix + plugin }

    private struct State {
        /// plugin name → the source key its phrases are under.
        var indexed: [String: String] = [:]
        /// The learned phrases in the index now.
        var learned: Set<LiveIntentIndex.Phrase> = []
        var tail: Task<Void, Never>?
        var lastError: String?
        var learningError: String?
        /// plugin name → the generation whose paraphrases are in the index.
        var paraphrased: [String: Int] = [:]
        /// plugin name → the generation being paraphrased, and the job doing it.
        var paraphrasing: [String: (generation: Int, job: Task<Void, Never>)] = [:]
        var paraphraseReport: String?
    }

    init(index: LiveIntentIndex, plugins: PluginHost, learned: LearnedExampleStore, paraphraser: Paraphraser? = nil) {
        self.index = index
        self.plugins = plugins
        self.learned = learned
        self.paraphraser = paraphraser
    }

    /// What the last round of paraphrasing did ("41 of 60 paraphrases kept …"), once one ran.
    var paraphraseReport: String? { state.withLock { $0.paraphraseReport } }

    var learningError: String? { state.withLock { $0.learningError } }
    func noteLearningError(_ message: String) { state.withLock { $0.learningError = message } }

    /// Queues a sync; returns the task that finishes when it (and all before it) are done.
    @discardableResult
    func schedule() -> Task<Void, Never> {
        enqueue { [self] in await self.syncNow() }
    }

    /// Runs `step` after every step queued before it.
    @discardableResult
    private func enqueue(_ step: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        state.withLock { state in
            let previous = state.tail
            let task = Task {
                await previous?.value
                await step()
            }
            state.tail = task
            return task
        }
    }

    /// Waits for every sync queued so far and every paraphrasing job running, and what they queued.
    func settleParaphrases() async {
        while true {
            await settle()
            let jobs = state.withLock { $0.paraphrasing.values.map(\.job) }
            if jobs.isEmpty { return }
            for job in jobs { await job.value }
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
        var toParaphrase: [(name: String, generation: Int, intents: [Paraphraser.Intent])] = []
        for plugin in registry.plugins {
            let source = "\(plugin.name)#\(plugin.generation)"
            guard indexed[plugin.name] != source else { continue }
            let intents = registry.intents.values.filter { $0.plugin == plugin.name && $0.generation == plugin.generation }
                .sorted { $0.name < $1.name }
            let phrases = intents.flatMap { intent in intent.examples.map { LiveIntentIndex.Phrase(intent: intent.name, text: $0) } }
            do {
                try await index.register(phrases, source: source, replacing: indexed[plugin.name])
                next[plugin.name] = source
                // The previous generation's paraphrases go with it (its intents may have changed);
                // the new one's come back from the cache for every intent whose examples did not.
                dropParaphrases(of: plugin.name)
                toParaphrase.append((plugin.name, plugin.generation, intents.map {
                    Paraphraser.Intent(name: $0.name, description: $0.description, examples: $0.examples)
                }))
            } catch {
                state.withLock { $0.lastError = "could not index \(plugin.name): \(error)" }
            }
        }
        let live = Set(registry.plugins.map(\.name))
        for (name, source) in indexed where !live.contains(name) {
            index.unregister(source: source)
            dropParaphrases(of: name)
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
        for plugin in toParaphrase { startParaphrasing(plugin.name, generation: plugin.generation, intents: plugin.intents) }
    }

    /// Takes a plugin's paraphrases out of the index and stops any job still writing them.
    private func dropParaphrases(of plugin: String) {
        let job = state.withLock { state in
            state.paraphrased[plugin] = nil
            return state.paraphrasing.removeValue(forKey: plugin)?.job
        }
        job?.cancel()
        index.unregister(source: Self.paraphraseSource(plugin))
    }

    /// Asks for paraphrases of a plugin generation's intents in the background (the model may take
    /// minutes; calls route with the examples meanwhile) and queues their installation.
    private func startParaphrasing(_ plugin: String, generation: Int, intents: [Paraphraser.Intent]) {
        guard let paraphraser, !intents.isEmpty else { return }
        let index = self.index
        state.withLock { state in
            let job = Task { [self] in
                let outcome = await paraphraser.paraphrases(for: intents, index: index)
                guard !Task.isCancelled else { return }
                await self.enqueue { await self.installParaphrases(outcome, plugin: plugin, generation: generation) }.value
                self.state.withLock { state in
                    if state.paraphrasing[plugin]?.generation == generation { state.paraphrasing[plugin] = nil }
                }
            }
            state.paraphrasing[plugin] = (generation, job)
        }
    }

    /// Puts a plugin's kept paraphrases in the index, if that generation is still the live one.
    private func installParaphrases(_ outcome: Paraphraser.Outcome, plugin: String, generation: Int) async {
        guard plugins.registry.plugins.contains(where: { $0.name == plugin && $0.generation == generation }),
              state.withLock({ $0.paraphrasing[plugin]?.generation == generation })
        else { return }
        do {
            let source = Self.paraphraseSource(plugin)
            try await index.register(outcome.kept, source: source, replacing: source)
            state.withLock { state in
                state.paraphrased[plugin] = generation
                state.paraphraseReport = "\(plugin): \(outcome.summary)"
            }
            paraphraser?.log("\(plugin): \(outcome.summary)")
        } catch {
            state.withLock { $0.lastError = "could not index \(plugin)'s paraphrases: \(error)" }
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
