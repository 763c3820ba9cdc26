import Agent
import AgentTestSupport
import Testing
import TestSupport
import Voice

/// `[server] vad = "webrtc"`: a call listens through WebRTC's noise suppression and VAD instead
/// of the energy detector, and still hears and answers the caller.
@Suite(.serialized) struct DetectorChoiceTests {
    @Test("a call on the WebRTC detector hears a question and answers it", arguments: SpeechDetector.allCases)
    func eitherDetectorHearsTheCaller(_ detector: SpeechDetector) async throws {
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled())
        let engines = try SpeechHarness.engines(for: harness.host)
        var configuration = VoiceCallConfiguration()
        configuration.detector = detector
        let call = try VoiceCall(agent: harness.agent, engines: engines, configuration: configuration, caller: nil, transport: "twilio")
        let line = PhoneLine(call)
        await call.start()
        #expect(await line.waitForReply(turn: 0))
        try await line.say("what are your opening hours")
        #expect(await line.wait(timeout: .seconds(20)) { $0.replies.contains { $0.turn == 1 && $0.text.contains("Monday to Friday") } },
                "\(detector): \(line.events.heard.map(\.text)) → \(line.events.replies.map(\.text))")
        await line.close()
        await harness.close()
    }
}
