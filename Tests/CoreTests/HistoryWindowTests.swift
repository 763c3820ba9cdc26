import Core
import Testing

/// A long call's history costs a language model what a short one's does: the latest turns
/// verbatim within a budget, the rest folded into a bounded summary.
@Suite struct HistoryWindowTests {
    let base = SessionTests()

    /// A call of `turns` balance questions, each answered.
    func call(turns: Int) -> Session {
        var session = base.started()
        for index in 0..<turns {
            _ = session.receive("what's my balance, question \(index)", candidates: SessionTests.decided("billing.balance"),
                                catalog: SessionTests.catalog)
            _ = session.handlerFinished(HandlerResult(says: ["Your balance is $\(100 + index).50, as of today."]),
                                        catalog: SessionTests.catalog)
        }
        return session
    }

    func cost(_ window: HistoryWindow) -> Int {
        window.recent.reduce(0) { $0 + HistoryWindow.tokens($1.text) + 4 } + HistoryWindow.tokens(window.summary ?? "")
    }

    @Test func turnFiftyCostsWhatTurnFiveCosts() {
        let short = call(turns: 5).memory.historyWindow(tokenBudget: 200)
        let long = call(turns: 50).memory.historyWindow(tokenBudget: 200)
        #expect(cost(long) <= 200)
        #expect(cost(short) <= 200)
        #expect(Double(cost(long)) <= Double(cost(short)) * 1.25, "\(cost(long)) against \(cost(short))")
        // The latest turn is there word for word; the first is folded.
        #expect(long.recent.last?.text == "Your balance is $149.50, as of today.")
        #expect(!long.recent.contains { $0.text.contains("question 0") })
        // The summary names the latest tasks first.
        #expect(long.summary?.hasPrefix("Tasks, latest first: check your balance: completed (Your balance is $149.50") == true)
    }

    @Test func aShortCallIsAllVerbatimAndTheLastEntryAlwaysFits() {
        let memory = call(turns: 2).memory
        let window = memory.historyWindow(tokenBudget: 500)
        #expect(window.recent == memory.transcript)
        let tiny = memory.historyWindow(tokenBudget: 1)
        #expect(tiny.recent.count == 1)
    }
}
