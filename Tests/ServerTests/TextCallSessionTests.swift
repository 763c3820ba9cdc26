import Agent
import Core
import Logging
import Testing
@testable import Server

/// The text protocol's call as a value: messages and reports in, actions out.
struct TextCallSessionTests {
    static func report(_ replies: [String], turn: Int = 1) -> TurnReport {
        var report = TurnReport()
        report.replies = replies
        report.turn = turn
        return report
    }

    static func user(_ text: String) -> RetellUtterance { RetellUtterance(role: "user", content: text) }
    static func agent(_ text: String) -> RetellUtterance { RetellUtterance(role: "agent", content: text) }

    @Test func aStaleResponseRequiredIsIgnoredAndANewerOneSupersedes() {
        var session = TextCallSession(wording: CallWording(), transferNumber: nil)
        #expect(session.receive(.responseRequired(responseID: 3, transcript: [Self.user("hi")]), trusted: false)
                == [.cancelGreeting, .respond(responseID: 3, said: "hi")])
        #expect(session.isCurrent(3))
        if case .log(.debug, _) = session.receive(.responseRequired(responseID: 2, transcript: []), trusted: false).first {} else {
            Issue.record("a stale request is only logged")
        }
        _ = session.receive(.responseRequired(responseID: 5, transcript: [Self.user("hours")]), trusted: false)
        #expect(!session.isCurrent(3), "response 3's rest is dropped")
        let answer = session.replied(Self.report(["We open at nine. We close at five."]), responseID: 5)
        #expect(answer.count == 3, "two sentences and the closing message")
        #expect(answer.allSatisfy { if case .stream(5, _) = $0 { true } else { false } })
    }

    @Test func theGreetingIsDroppedWhenTheCallerSpokeFirst() {
        var session = TextCallSession(wording: CallWording(), transferNumber: nil)
        #expect(session.greet() == .greet)
        _ = session.receive(.responseRequired(responseID: 1, transcript: [Self.user("hello")]), trusted: false)
        #expect(session.greeted(Self.report(["Hi, how can I help?"], turn: 0)).isEmpty)

        var quiet = TextCallSession(wording: CallWording(), transferNumber: nil)
        _ = quiet.greet()
        #expect(quiet.greeted(Self.report(["Hi, how can I help?"], turn: 0)).first
                == .stream(responseID: 0, RetellOutbound.response(id: 0, content: "Hi, how can I help? ", complete: false)))
    }

    @Test func aCallerIDIsTakenOnlyFromATrustedSocketBeforeTheCallStarts() {
        let details = RetellCallDetails(callID: nil, from: "+15551230001", to: nil)
        var untrusted = TextCallSession(wording: CallWording(), transferNumber: nil)
        let actions = untrusted.receive(.callDetails(details), trusted: false)
        #expect(untrusted.caller == nil)
        #expect(actions.contains { if case .log(.notice, _) = $0 { true } else { false } })

        var trusted = TextCallSession(wording: CallWording(), transferNumber: nil)
        _ = trusted.receive(.callDetails(details), trusted: true)
        #expect(trusted.caller == "+15551230001")

        var late = TextCallSession(wording: CallWording(), transferNumber: nil)
        _ = late.greet()
        _ = late.receive(.callDetails(details), trusted: true)
        #expect(late.caller == nil, "the call had already started")
    }

    @Test func aReplyCutShortInTheTranscriptIsAnInterruption() {
        var session = TextCallSession(wording: CallWording(), transferNumber: nil)
        _ = session.receive(.responseRequired(responseID: 1, transcript: [Self.user("my appointments")]), trusted: false)
        _ = session.replied(Self.report(["You have two appointments. The first is Monday."], turn: 1), responseID: 1)
        let actions = session.receive(.responseRequired(responseID: 2, transcript: [
            Self.user("my appointments"), Self.agent("You have two appointments."), Self.user("cancel the first"),
        ]), trusted: false)
        #expect(actions.contains(.interrupted(turn: 1, heard: "You have two appointments.")))
        #expect(actions.last == .respond(responseID: 2, said: "cancel the first"))
    }

    @Test func aTransferWithoutANumberBecomesACallbackAndEndsTheCall() {
        var session = TextCallSession(wording: CallWording(), transferNumber: nil)
        _ = session.receive(.responseRequired(responseID: 1, transcript: [Self.user("a person")]), trusted: false)
        var report = Self.report(["Connecting you now."])
        report.transfer = HandoffRecord(callID: "c", reason: "asked")
        let actions = session.replied(report, responseID: 1)
        #expect(actions.contains(.handoff(HandoffRecord(callID: "c", reason: "asked"), transferredTo: nil)))
        #expect(actions.contains(.stream(responseID: 1, RetellOutbound.response(id: 1, content: CallWording().nobodyToTransfer, complete: false))))
        #expect(actions.last == .end(reason: "the conversation ended"))

        var withNumber = TextCallSession(wording: CallWording(), transferNumber: "+15550000000")
        _ = withNumber.receive(.responseRequired(responseID: 1, transcript: [Self.user("a person")]), trusted: false)
        let transferred = withNumber.replied(report, responseID: 1)
        #expect(transferred.contains(.stream(responseID: 1, RetellOutbound.response(id: 1, content: "", complete: true, transferNumber: "+15550000000"))))
        #expect(transferred.last == .end(reason: "transferred"))
    }

    @Test func aReminderUsesTheBusinessWording() {
        var wording = CallWording()
        wording.stillThere = "Hello? Still with me?"
        var session = TextCallSession(wording: wording, transferNumber: nil)
        #expect(session.receive(.reminderRequired(responseID: 4, transcript: []), trusted: false)
                == [.send(RetellOutbound.response(id: 4, content: "Hello? Still with me?", complete: true))])
    }
}
