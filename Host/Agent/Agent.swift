import Core
import Embeddings
import Foundation
import PluginHost
import Locks

/// The host core in one object: the plugins, the embedding index that follows them, and calls.
///
/// ```swift
/// let agent = Agent(plugins: host, embedder: embedder)
/// host.loadAll(in: pluginDirectory)
/// await agent.settle()                                   // index caught up with the plugins
/// let call = agent.startCall(caller: "+15551230001")
/// print(await call.begin().replies)                      // ["Hi Dana, thanks for calling …"]
/// print(await call.handle("what's my balance").replies)  // ["Your balance is $142.50."]
/// ```
public final class Agent: Sendable {
    public let plugins: PluginHost
    public let configuration: AgentConfiguration
    /// Examples learned from confirmed clarifications; they join the index for every call.
    public let learned: LearnedExampleStore
    /// Asked when the fast path is unsure of a request; `nil`: no language model.
    public let languageModel: LanguageModelRouter?
    /// Puts the facts a skill defers to the model into words; `nil`: no language model.
    public let answerComposer: AnswerComposer?
    /// Where calls' analytics events go (`nil`: nowhere), and the name this host records them under.
    public let events: (any CallEventSink)?
    public let hostName: String
    let synchronizer: IndexSynchronizer
    private let catalogCache = Mutex<(version: Int, catalog: SkillCatalog)?>(nil)
    private let callCounter = Atomic<Int>(0)
    /// Calls' last words to analytics still on their way (a transport that stops synchronously
    /// hands the call's end over as a task): `settleEndings` waits for them.
    private let endings = Mutex<[Int: Task<Void, Never>]>([:])
    private let endingCounter = Atomic<Int>(0)

    /// `cache` may be shared between agents that embed the same phrases (one per scripted call).
    public init(
        plugins: PluginHost, embedder: any TextEmbedding, configuration: AgentConfiguration = AgentConfiguration(),
        cache: EmbeddingCache = EmbeddingCache(), learned: LearnedExampleStore = LearnedExampleStore(),
        languageModel: LanguageModelRouter? = nil, answerComposer: AnswerComposer? = nil,
        events: (any CallEventSink)? = nil, hostName: String = ProcessInfo.processInfo.hostName,
        paraphraser: Paraphraser? = nil
    ) {
        self.events = events
        self.hostName = hostName
        var configuration = configuration
        // With a model, a question no skill covers goes to it first (it answers from the business
        // profile and the tools offered to it; with neither it is not asked).
        if answerComposer != nil { configuration.session.answersOpenQuestions = true }
        self.plugins = plugins
        self.configuration = configuration
        self.learned = learned
        self.languageModel = languageModel
        self.answerComposer = answerComposer
        let index = LiveIntentIndex(embedder: embedder, cache: cache, decisionSettings: configuration.decision)
        self.synchronizer = IndexSynchronizer(index: index, plugins: plugins, learned: learned, paraphraser: paraphraser)
        plugins.observe { [synchronizer] _ in synchronizer.schedule() }
        learned.observe { [synchronizer] in synchronizer.schedule() }
        synchronizer.schedule()
    }

    /// Why the last confirmed example could not be kept, if it could not.
    public var learningError: String? { synchronizer.learningError }

    func learn(intent: String, utterance: String) {
        do {
            try learned.add(intent: intent, text: utterance)
        } catch {
            synchronizer.noteLearningError("could not keep a learned example: \(error)")
        }
    }

    /// Runs `work` (a call's end) in a task of its own that ``settleEndings(timeout:)`` waits for.
    public func ending(_ work: @escaping @Sendable () async -> Void) {
        let key = endingCounter.wrappingAdd(1, ordering: .relaxed).newValue
        endings.withLock { endings in
            endings[key] = Task { [weak self] in
                await work()
                _ = self?.endings.withLock { $0.removeValue(forKey: key) }
            }
        }
    }

    /// Waits (at most `timeout`) until every call's end handed to ``ending(_:)`` has run: a host
    /// stopping its analytics after the calls drained loses none of their last events.
    public func settleEndings(timeout: Duration = .seconds(2)) async {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let pending = endings.withLock { Array($0.values) }
            if pending.isEmpty { return }
            for task in pending { await task.value }
        }
    }

    /// The embedding index the calls route with.
    public var index: LiveIntentIndex { synchronizer.index }

    /// Waits until the index reflects every plugin change made so far.
    public func settle() async {
        await synchronizer.settle()
    }

    /// Waits until the index reflects every plugin change so far, paraphrases included (a model
    /// writing them may take minutes; calls do not wait for this).
    public func settleParaphrases() async {
        await synchronizer.settleParaphrases()
    }

    /// What the last round of paraphrasing did, once one ran ("scheduling: 41 of 60 kept …").
    public var paraphraseReport: String? { synchronizer.paraphraseReport }

    /// Why the index last failed to follow a plugin, if it did.
    public var indexError: String? { synchronizer.lastError }

    /// The intents as the conversation engine sees them, from the current registry.
    public var catalog: SkillCatalog {
        let registry = plugins.registry
        if let cached = catalogCache.withLock({ $0 }), cached.version == registry.version {
            return cached.catalog
        }
        let catalog = SkillCatalog(registry.intents.values.map { intent in
            IntentProfile(
                name: intent.name, description: intent.description,
                slots: intent.slots.map { SlotRequirement(name: $0.name, kind: $0.kind, question: $0.question, optional: $0.optional) },
                isEscalationTarget: intent.isEscalationTarget, hasSideEffects: intent.hasSideEffects, examples: intent.examples
            )
        })
        catalogCache.withLock { $0 = (registry.version, catalog) }
        return catalog
    }

    /// A new call; `begin()` it to hear the greeting.
    public func startCall(caller: String?, callID: String? = nil, transport: String = "text") -> AgentCall {
        let number = callCounter.wrappingAdd(1, ordering: .relaxed).newValue
        return AgentCall(agent: self, callID: callID ?? "call-\(number)", caller: caller, transport: transport)
    }
}
