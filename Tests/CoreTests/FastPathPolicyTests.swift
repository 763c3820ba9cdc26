import Core
import Testing

@Suite("Fast-path policy")
struct FastPathPolicyTests {
    let policy = FastPathPolicy()  // 0.85 / 0.05

    func candidates(_ pairs: (String, Float)...) -> [IntentCandidate] {
        pairs.map { IntentCandidate(intent: $0.0, score: $0.1) }
    }

    @Test("defaults are threshold 0.85 and margin 0.05")
    func defaults() {
        #expect(policy.threshold == 0.85)
        #expect(policy.margin == 0.05)
    }

    @Test("a strong, clear winner is decided, whatever order the candidates come in")
    func decidesClearWinner() {
        let decision = policy.decide(candidates(("cancel", 0.40), ("book", 0.91), ("pay", 0.62)))
        #expect(decision == .decided(IntentCandidate(intent: "book", score: 0.91), lead: 0.91 - 0.62))
        #expect(decision.intent == "book")
    }

    @Test("an empty index is never decided")
    func emptyIndex() {
        #expect(policy.decide([]) == .notConfident(reason: .noIntents, candidates: []))
    }

    @Test("below the threshold: not confident, with the top candidates highest first")
    func belowThreshold() {
        let decision = policy.decide(candidates(("a", 0.30), ("b", 0.84), ("c", 0.50), ("d", 0.10)))
        guard case .notConfident(let reason, let top) = decision else {
            Issue.record("expected not confident, got \(decision)")
            return
        }
        #expect(reason == .belowThreshold(best: 0.84, threshold: 0.85))
        #expect(top.map(\.intent) == ["b", "c", "a"])
    }

    @Test("exactly at the threshold decides")
    func atThreshold() {
        #expect(policy.decide(candidates(("a", 0.85), ("b", 0.10))).intent == "a")
    }

    @Test("above the threshold but a rival too close: not confident")
    func marginTooSmall() {
        let decision = policy.decide(candidates(("book", 0.90), ("reschedule", 0.87)))
        guard case .notConfident(.marginTooSmall(let lead, let margin), let top) = decision else {
            Issue.record("expected a margin refusal, got \(decision)")
            return
        }
        #expect(abs(lead - 0.03) < 1e-6)
        #expect(margin == 0.05)
        #expect(top.map(\.intent) == ["book", "reschedule"])
    }

    @Test("a tie is never decided while the margin is positive")
    func tie() {
        let decision = policy.decide(candidates(("b", 0.92), ("a", 0.92)))
        #expect(!decision.isDecided)
        if case .notConfident(_, let top) = decision {
            #expect(top.map(\.intent) == ["a", "b"])  // ties ordered by name, so the answer is stable
        }
    }

    @Test("with margin zero a tie goes to the first name, deterministically")
    func tieWithZeroMargin() {
        let zero = FastPathPolicy(threshold: 0.85, margin: 0)
        #expect(zero.decide(candidates(("b", 0.92), ("a", 0.92))).intent == "a")
    }

    @Test("a single intent has no rival: only the threshold applies")
    func singleIntent() {
        #expect(policy.decide(candidates(("only", 0.86))) == .decided(IntentCandidate(intent: "only", score: 0.86), lead: .infinity))
        #expect(!policy.decide(candidates(("only", 0.80))).isDecided)
    }

    @Test("both numbers are configurable")
    func configurable() {
        let strict = FastPathPolicy(threshold: 0.95, margin: 0.2, candidateCount: 1)
        #expect(!strict.decide(candidates(("a", 0.94), ("b", 0.1))).isDecided)
        #expect(!strict.decide(candidates(("a", 0.97), ("b", 0.8))).isDecided)
        #expect(strict.decide(candidates(("a", 0.97), ("b", 0.7))).intent == "a")
        if case .notConfident(_, let top) = strict.decide(candidates(("a", 0.5), ("b", 0.4))) {
            #expect(top.count == 1)
        } else {
            Issue.record("expected not confident")
        }
    }
}
