@testable import Agent
import PluginHost
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

/// The read-back of an action the model proposes: the tool's description and the arguments it
/// chose, numbers as numbers and flags as yes or no, never the caller's number.
@Suite struct ProposedReadBackTests {
    @Test func argumentsAreSaidAsTheyMean() {
        let tool = RegisteredTool(
            name: "callback_request", description: "Book a call back from the team.", parametersSchema: "{}",
            plugin: "p", generation: 1, kind: RegisteredTool.Kind.json, access: ToolAccess(forModel: true, hasSideEffects: true, callerParameter: "phone")
        )
        let said = AnswerComposer.readBack(tool, arguments: #"{"phone":"+15551230001","people":1,"urgent":true,"when":"tomorrow","notes":["x"]}"#)
        #expect(said == "To confirm: book a call back from the team, people 1, urgent yes, when tomorrow. Shall I go ahead?")
    }
}
