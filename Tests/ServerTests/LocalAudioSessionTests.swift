import Testing
import Voice
@testable import Server

/// The local audio socket's session value: bytes and control messages in, actions out.
struct LocalAudioSessionTests {
    @Test func aSampleSplitBetweenFramesIsPutBackTogether() {
        var session = LocalAudioSession()
        // 0x1234 and -2 (0xFFFE), little-endian, cut after the third byte.
        #expect(session.receive(binary: [0x34, 0x12, 0xFE]) == [.audio([0x1234])])
        #expect(session.receive(binary: [0xFF]) == [.audio([-2])])
        #expect(session.receive(binary: [UInt8]()) == [])
    }

    @Test func controlMessagesBecomeActions() {
        var session = LocalAudioSession()
        #expect(session.receive(text: #"{"type":"mark","name":"r1-c2"}"#) == [.markEchoed("r1-c2")])
        #expect(session.receive(text: ##"{"type":"dtmf","digit":"#"}"##) == [.dtmf("#")])
        #expect(session.receive(text: #"{"type":"stop"}"#) == [.stop])
        #expect(session.receive(binary: [0, 0]) == [.log("dropped: audio after stop on /audio")])
    }

    @Test func garbageIsLoggedOncePerKindThenCounted() {
        var session = LocalAudioSession()
        #expect(session.receive(text: "not json") == [.log("dropped: an invalid control message on /audio")])
        #expect(session.receive(text: "{}") == [])
        #expect(session.receive(text: #"{"type":"dtmf","digit":"55"}"#) == [.log("dropped: dtmf with an invalid digit on /audio")])
        #expect(session.receive(text: #"{"type":"dtmf","digit":"x"}"#) == [])
        #expect(session.dropped["an invalid control message"] == 2)
        #expect(session.dropped["dtmf with an invalid digit"] == 2)
    }

    @Test func eachEventGivesTheClientItsMessages() {
        #expect(LocalAudioSession.outbound(for: .audio(samples: [1, 2], mark: "r1-c1")) == [.binary([1, 2]), .text(#"{"type":"mark","name":"r1-c1"}"#)])
        #expect(LocalAudioSession.outbound(for: .clear) == [.text(#"{"type":"clear"}"#)])
        #expect(LocalAudioSession.outbound(for: .hangUp(reason: "the \"end\"")) == [.text(#"{"type":"end","reason":"the \"end\""}"#)])
        #expect(LocalAudioSession.outbound(for: .replyComplete(turn: 1)).isEmpty)
    }
}
