@testable import Agent
import Testing

/// The clauses of a long turn that are classified alone: never the task the caller turns away from.
@Suite struct ClauseTests {
    @Test func aClauseNamingWhatTheCallerDoesNotWantIsNoRequest() {
        let clauses = AgentCall.clauses(of: "Actually, you know what, rather than cancel it, could I just move it to Wednesday the 2nd?")
        #expect(clauses.contains("could I just move it to Wednesday the 2nd"))
        #expect(!clauses.contains { $0.contains("cancel") })
        #expect(AgentCall.turnsAway("instead of paying it all today"))
        #expect(AgentCall.turnsAway("well I don't want to cancel"))
        #expect(!AgentCall.turnsAway("I'd rather come in on Tuesday"))
        #expect(!AgentCall.turnsAway("not sure what my balance is"))
    }
}
