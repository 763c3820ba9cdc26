import AgentTestSupport
@testable import Caller
import Foundation
import HTTPClient
import Logging
@testable import Server
import Speech
import Testing
import TestSupport

/// Whole calls with the test caller: real speech over the Twilio protocol in real time, to a
/// real host with the bundled plugins.
@Suite(.serialized, .enabled(if: TestTiming.realTime, "the caller speaks in real time: instrumented code is slower"))
struct VoiceCallOverTwilioTests {
    static func caller(_ harness: ServerHarness, say utterances: [String], authToken: String? = nil,
                       bargeInAfter: Duration? = nil) throws -> TwilioCaller {
        guard let synthesizer = SpeechHarness.synthesizer, let ear = SpeechHarness.ear else {
            throw TestFailure("speech engines missing")
        }
        return TwilioCaller(
            configuration: .init(url: harness.url, authToken: authToken, utterances: utterances, bargeInAfter: bargeInAfter),
            synthesizer: synthesizer, ear: ear, logger: ServerHarness.logger
        )
    }

    @Test func theCallerBooksAnAppointmentByVoice() async throws {
        // Real-time speech: not beside the headless browser (RealTimeGate).
        try await RealTimeGate.shared.run {
            let harness = try await ServerHarness.start { $0.twilio = TwilioCredentials(accountSid: nil, authToken: "tok3n") }
            let result = try await Self.caller(
                harness, say: ["I'd like to book an appointment", "next thursday", "three thirty", "yes please"], authToken: "tok3n"
            ).run()
            #expect(result.turns.count == 5)
            #expect(!result.hostClosed)
            #expect(result.clears == 0)
            // Every reply came, and soon after the caller stopped talking (the figures are benchmarks').
            for turn in result.turns.dropFirst() {
                #expect(turn.latency != nil, "no reply to \(turn.said ?? "")")
                #expect(turn.replyAudio > .milliseconds(800))
            }
            // The last reply, transcribed by the caller's general-English ear, confirms the booking.
            // That ear knows nothing of the skills and mishears 8 kHz Flite often ("booked" and
            // "Thursday" rarely survive), so two of these must come back, not all.
            let confirmation = result.turns.last?.heard ?? ""
            let found = ["booked", "thursday", "november", "three thirty", "confirmation"].filter { confirmation.contains($0) }
            #expect(found.count >= 2, "heard: \(confirmation)")
            #expect(await eventually { harness.context.calls.count == 0 })
            await harness.close()
        }
    }

    @Test func bargingInCutsTheReplyShort() async throws {
        // Real-time speech: not beside the headless browser (RealTimeGate).
        try await RealTimeGate.shared.run {
            let harness = try await ServerHarness.start()
            let result = try await Self.caller(
                harness, say: ["what are your opening hours", "I'd like to book an appointment"], bargeInAfter: .milliseconds(1_200)
            ).run()
            #expect(result.clears == 1)
            let hours = try #require(result.turns.dropFirst().first)
            #expect(hours.cleared)
            // Under the reply's full length (about 5 s): the rest was cleared before it played.
            #expect(result.turns.last?.cleared == false)
            // "What day would you like to come in?" as the caller's ear hears it ("my day would you
            // like…", "but hey would you like to come in").
            let next = result.turns.last?.heard ?? ""
            #expect(next.contains("day") || next.contains("come in"), "the next question was answered: \(next)")
            await harness.close()
        }
    }

    @Test func aTransferDialsThroughTwilio() async throws {
        // Real-time speech: not beside the headless browser (RealTimeGate).
        try await RealTimeGate.shared.run {
            let twilio = try await FakeTwilioAPI.start()
            let harness = try await ServerHarness.start {
                $0.twilio = TwilioCredentials(accountSid: "AC123", authToken: "tok3n")
                $0.twilioAPIBase = twilio.url
                $0.transferNumber = "+15557654321"
            }
            let result = try await Self.caller(harness, say: ["can I speak to a real person please"], authToken: "tok3n").run()
            #expect(await eventually { !twilio.updatesReceived.isEmpty })
            let update = try #require(twilio.updatesReceived.first)
            #expect(update.path.hasPrefix("/2010-04-01/Accounts/AC123/Calls/CA"))
            #expect(update.form["Twiml"]?.contains("<Dial") == true)
            #expect(update.form["Twiml"]?.contains("+15557654321") == true)
            #expect(update.authorization == "Basic " + Data("AC123:tok3n".utf8).base64EncodedString())
            let handoff = try #require(harness.context.handoffs.all.first)
            #expect(handoff.outcome == .transferred)
            #expect(handoff.summary.contains("+15551230001"))
            #expect(result.turns.count == 2)
            await harness.close()
            await twilio.stop()
        }
    }

    @Test func withoutCredentialsATransferBecomesACallback() async throws {
        // Real-time speech: not beside the headless browser (RealTimeGate).
        try await RealTimeGate.shared.run {
            let harness = try await ServerHarness.start()
            let result = try await Self.caller(harness, say: ["can I speak to a real person please"]).run()
            #expect(result.hostClosed, "the host hung up after promising a call back")
            let handoff = try #require(harness.context.handoffs.all.first)
            #expect(handoff.outcome == .callback)
            // The callback promise followed the transfer line: about 5 s more audio, and some of its
            // words survive the caller's general-English ear (which mishears 8 kHz speech often).
            let last = try #require(result.turns.last)
            #expect(last.replyAudio > .seconds(7), "only \(last.replyAudio) of audio: \(last.heard)")
            #expect(["back", "busy", "goodbye", "every", "right now", "as soon"].contains { last.heard.contains($0) }, "heard: \(last.heard)")
            #expect(await eventually { harness.context.calls.count == 0 })
            await harness.close()
        }
    }

    @Test func shutdownDrainsLiveCallsAndRefusesNewOnes() async throws {
        // Real-time speech: not beside the headless browser (RealTimeGate).
        try await RealTimeGate.shared.run {
            let harness = try await ServerHarness.start { $0.drainDeadline = .seconds(30) }
            let call = Task { try await Self.caller(harness, say: ["what are your opening hours"]).run() }
            #expect(await eventually(timeout: .seconds(15)) { harness.context.calls.count == 1 })
            await harness.shutDown()
            #expect(await eventually { harness.context.calls.isDraining })
            let ready = try await harness.get("/readyz")
            #expect(ready.status == 503)
            let refused = try await harness.post("/twilio/voice", form: [("CallSid", "CA2"), ("From", "+15550000002")])
            #expect(refused.text.contains("<Hangup/>"))
            // The live call carries on to its end.
            let result = try await call.value
            #expect(result.turns.count == 2)
            #expect(result.turns.last?.latency != nil)
            #expect(!result.hostClosed)
            #expect(await harness.stopped(timeout: .seconds(20)), "the host stopped once the call was over")
            await harness.close()
        }
    }
}
