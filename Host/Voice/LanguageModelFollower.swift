import PluginHost
import Speech
import Locks

/// Keeps a recogniser's domain language model built from every registered example phrase: each
/// plugin change (load, unload, reload) schedules a rebuild; rebuilds run one after another, each
/// from the registry as it is when it runs, so a burst of reloads ends with one current model.
/// Streams already open keep the model they started with.
public final class LanguageModelFollower: Sendable {
    public let recognizer: PocketSphinxRecognizer
    private let plugins: PluginHost
    private let extraPhrases: [String]
    private let state = Mutex(State())

    private struct State {
        var tail: Task<Void, Never>?
        var builtFrom = -1
        var lastError: String?
    }

    /// Starts following `plugins`; the first rebuild runs at once. `extraPhrases` (the business
    /// profile's sentences) go into every model besides the registered examples.
    public init(recognizer: PocketSphinxRecognizer, plugins: PluginHost, extraPhrases: [String] = []) {
        self.recognizer = recognizer
        self.plugins = plugins
        self.extraPhrases = extraPhrases
        plugins.observe { [weak self] _ in self?.schedule() }
        schedule()
    }

    /// Waits for every rebuild scheduled so far.
    public func settle() async {
        await state.withLock { $0.tail }?.value
    }

    /// Why the last rebuild failed, if it did (the previous model keeps serving).
    public var lastError: String? { state.withLock { $0.lastError } }

    private func schedule() {
        state.withLock { state in
            let previous = state.tail
            state.tail = Task { [self] in
                await previous?.value
                await rebuildIfChanged()
            }
        }
    }

    private func rebuildIfChanged() async {
        let registry = plugins.registry
        guard state.withLock({ $0.builtFrom }) != registry.version else { return }
        let phrases = registry.intents.values.sorted { $0.name < $1.name }.flatMap(\.examples) + extraPhrases
        do {
            try await recognizer.rebuild(phrases: phrases)
            state.withLock {
                $0.builtFrom = registry.version
                $0.lastError = nil
            }
        } catch {
            state.withLock { $0.lastError = "the language model could not be rebuilt: \(error)" }
        }
    }
}
