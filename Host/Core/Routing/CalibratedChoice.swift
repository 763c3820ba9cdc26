/// The calibrated fast-path decision's verdict on one utterance: its best intent, the estimated
/// probability that this intent is right, and the threshold that meets the operator's target
/// precision. The embedding layer computes it; the session acts on it (``decide(among:)``).
public struct CalibratedChoice: Sendable, Equatable, CustomStringConvertible {
    public let intent: String
    public let confidence: Float
    /// `.infinity` when the examples cannot support any decision at the target precision.
    public let threshold: Float
    /// The threshold for intents that only answer (no side effects), at a lower target precision.
    public let answerThreshold: Float
    /// The words are one of the intent's examples, near enough verbatim: decided like the target.
    public let isExampleMatch: Bool
    /// The language model chose it (the fast path was unsure).
    public var fromLanguageModel = false
    /// Slot values the language model read from the caller's words, by slot name: used only for
    /// a slot the caller's words themselves fill with nothing.
    public var slotHints: [String: String] = [:]

    public init(intent: String, confidence: Float, threshold: Float, answerThreshold: Float? = nil, isExampleMatch: Bool = false) {
        self.intent = intent
        self.confidence = confidence
        self.threshold = threshold
        self.answerThreshold = min(answerThreshold ?? threshold, threshold)
        self.isExampleMatch = isExampleMatch
    }

    public var isConfident: Bool { confidence >= threshold || isExampleMatch }

    /// The language model's choice: decided for an intent that only answers; for one that acts,
    /// started tentatively (named to the caller, read back before anything is done).
    public static func languageModel(_ intent: String, confidence: Float, slots: [String: String] = [:]) -> CalibratedChoice {
        var choice = CalibratedChoice(intent: intent, confidence: confidence, threshold: .infinity, answerThreshold: 0)
        choice.fromLanguageModel = true
        choice.slotHints = slots
        return choice
    }

    public var description: String {
        func number(_ value: Float) -> String { value.isFinite ? String(describing: (value * 1000).rounded() / 1000) : "none" }
        return "\(intent) p=\(number(confidence)) (thresholds \(number(threshold)), answers \(number(answerThreshold)))"
            + (isExampleMatch ? " example match" : "") + (fromLanguageModel ? " from the language model" : "")
    }

    /// The fast-path decision: the calibrated intent when it is confident (for an intent that
    /// only answers, `answersOnly`, at the answer threshold) and one of `candidates`' intents is
    /// it (scored by its cosine there), otherwise not confident with the best `count` candidates
    /// for a clarifying question.
    public func decide(among candidates: [IntentCandidate], answersOnly: Bool = false, count: Int = 3) -> FastPathDecision {
        let ranked = candidates.sorted { $0.score != $1.score ? $0.score > $1.score : $0.intent < $1.intent }
        let bar = answersOnly ? answerThreshold : threshold
        guard confidence >= bar || isExampleMatch, let chosen = ranked.first(where: { $0.intent == intent }) else {
            return .notConfident(reason: .belowThreshold(best: confidence, threshold: threshold), candidates: Array(ranked.prefix(count)))
        }
        let rival = ranked.first { $0.intent != intent }?.score
        return .decided(chosen, lead: rival.map { chosen.score - $0 } ?? .infinity)
    }
}
