/// Decides whether the embedding match alone is strong enough to act on.
///
/// The fast path decides when the best intent scores at least ``threshold`` *and* beats the best
/// other intent by at least ``margin``. Otherwise it reports ``FastPathDecision/notConfident`` with
/// the top candidates, so the router can ask an LLM or ask the caller which one they meant.
///
/// ```swift
/// let policy = FastPathPolicy(threshold: 0.85, margin: 0.05)
/// switch policy.decide([.init(intent: "book", score: 0.91), .init(intent: "cancel", score: 0.62)]) {
/// case .decided(let intent, _): print(intent)          // book
/// case .notConfident(let reason, let candidates): ...
/// }
/// ```
public struct FastPathPolicy: Sendable, Equatable {
    public static let defaultThreshold: Float = 0.85
    public static let defaultMargin: Float = 0.05

    /// Lowest best score that may decide.
    public var threshold: Float
    /// Least lead of the best intent over the best other intent.
    public var margin: Float
    /// How many candidates a "not confident" answer carries.
    public var candidateCount: Int

    public init(threshold: Float = Self.defaultThreshold, margin: Float = Self.defaultMargin, candidateCount: Int = 3) {
        precondition(threshold.isFinite && margin.isFinite && margin >= 0, "threshold and margin must be finite, margin ≥ 0")
        precondition(candidateCount > 0, "candidateCount must be positive")
        self.threshold = threshold
        self.margin = margin
        self.candidateCount = candidateCount
    }

    /// The decision for `candidates`: one entry per intent, in any order.
    public func decide(_ candidates: [IntentCandidate]) -> FastPathDecision {
        let ranked = candidates.sorted { $0.score != $1.score ? $0.score > $1.score : $0.intent < $1.intent }
        guard let best = ranked.first else {
            return .notConfident(reason: .noIntents, candidates: [])
        }
        let top = Array(ranked.prefix(candidateCount))
        guard best.score >= threshold else {
            return .notConfident(reason: .belowThreshold(best: best.score, threshold: threshold), candidates: top)
        }
        // With a single intent there is no rival: its lead is unbounded.
        let lead = ranked.count > 1 ? best.score - ranked[1].score : .infinity
        guard lead >= margin else {
            return .notConfident(reason: .marginTooSmall(lead: lead, margin: margin), candidates: top)
        }
        return .decided(best, lead: lead)
    }
}

/// What ``FastPathPolicy`` concluded.
public enum FastPathDecision: Sendable, Equatable {
    /// Act on this intent now; `lead` is its score minus the best other intent's (∞ if none).
    case decided(IntentCandidate, lead: Float)
    /// Not sure enough: the best candidates, highest first, for an LLM or a clarifying question.
    case notConfident(reason: NotConfidentReason, candidates: [IntentCandidate])

    public enum NotConfidentReason: Sendable, Equatable {
        /// No intent is registered at all.
        case noIntents
        /// The best score is under the threshold.
        case belowThreshold(best: Float, threshold: Float)
        /// The best intent is above the threshold but another is too close behind.
        case marginTooSmall(lead: Float, margin: Float)
    }

    /// The decided intent, or `nil`.
    public var intent: String? {
        if case .decided(let candidate, _) = self { return candidate.intent }
        return nil
    }

    public var isDecided: Bool { intent != nil }
}
