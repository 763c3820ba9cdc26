import Foundation
import Server
import Testing

@Suite struct TwilioStreamSessionTests {
    static let start = #"{"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"accountSid":"AC1","streamSid":"MZ1","callSid":"CA1","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},"customParameters":{"sessionToken":"t0k","from":"+1555"}}}"#
    static func media(_ payload: String = "//8A", sid: String = "MZ1") -> String {
        #"{"event":"media","sequenceNumber":"2","streamSid":"\#(sid)","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"\#(payload)"}}"#
    }

    @Test func aNormalStream() {
        var session = TwilioStreamSession()
        #expect(session.receive(text: #"{"event":"connected","protocol":"Call","version":"1.0.0"}"#) == [])
        let started = session.receive(text: Self.start)
        guard case .startCall(let start) = started.last else {
            Issue.record("no startCall: \(started)")
            return
        }
        #expect(start.streamSid == "MZ1")
        #expect(start.callSid == "CA1")
        #expect(start.customParameters == ["sessionToken": "t0k", "from": "+1555"])
        #expect(start.sampleRate == 8_000)
        #expect(session.state == .streaming(streamSid: "MZ1"))
        #expect(session.receive(text: Self.media()) == [.audio([0xFF, 0xFF, 0x00])])
        #expect(session.receive(text: #"{"event":"dtmf","streamSid":"MZ1","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"7"}}"#) == [.dtmf("7")])
        #expect(session.receive(text: #"{"event":"mark","sequenceNumber":"4","streamSid":"MZ1","mark":{"name":"r1-c1"}}"#) == [.markEchoed("r1-c1")])
        let stopped = session.receive(text: #"{"event":"stop","sequenceNumber":"6","streamSid":"MZ1","stop":{"accountSid":"AC1","callSid":"CA1"}}"#)
        #expect(stopped.count == 2)
        #expect(stopped.first.map { if case .endCall = $0 { true } else { false } } == true)
        #expect(session.state == .ended)
        #expect(session.socketClosed() == [])
    }

    @Test func numbersMayComeAsNumbers() throws {
        let inbound = try TwilioInbound.decode(#"{"event":"media","streamSid":"MZ1","media":{"chunk":3,"timestamp":60,"payload":""}}"#)
        #expect(inbound == .media(payload: "", streamSid: "MZ1", chunk: 3, timestamp: 60, track: nil))
    }

    @Test func whatComesBeforeStartIsDroppedAndLoggedOnce() {
        var session = TwilioStreamSession()
        let first = session.receive(text: Self.media())
        #expect(first.count == 1)
        #expect(first.first.map { if case .log(let text) = $0 { text.contains("before start") } else { false } } == true)
        #expect(session.receive(text: Self.media()) == [], "logged once, then counted")
        #expect(session.dropped["message before start"] == 2)
        #expect(session.state == .awaitingStart)
    }

    @Test func stopWithoutStartCloses() {
        var session = TwilioStreamSession()
        #expect(session.receive(text: #"{"event":"stop","streamSid":"MZ1"}"#) == [.close(reason: "stop before start")])
        #expect(session.state == .ended)
        #expect(session.receive(text: Self.start).count == 1, "dropped after the end")
    }

    @Test func malformedFramesNeverEndTheCall() {
        var session = TwilioStreamSession()
        _ = session.receive(text: Self.start)
        for text in ["not json", "[1,2]", #"{"no":"event"}"#, #"{"event":"media","streamSid":"MZ1"}"#,
                     Self.media("***not base64***"), Self.media(sid: "MZ-other"), #"{"event":"surprise"}"#,
                     #"{"event":"dtmf","streamSid":"MZ1","dtmf":{"digit":"77"}}"#, Self.start] {
            let actions = session.receive(text: text)
            #expect(actions.allSatisfy { if case .log = $0 { true } else { false } }, "\(text) → \(actions)")
        }
        _ = session.receiveBinary(size: 10)
        #expect(session.state == .streaming(streamSid: "MZ1"))
        #expect(session.dropped.count == 9)
        #expect(session.receive(text: Self.media()) == [.audio([0xFF, 0xFF, 0x00])])
    }

    @Test func aVanishingSocketEndsTheCallOnce() {
        var session = TwilioStreamSession()
        _ = session.receive(text: Self.start)
        let actions = session.socketClosed()
        #expect(actions == [.endCall(reason: "the socket closed without a stop")])
        #expect(session.socketClosed() == [])
        #expect(session.hostEnded(reason: "x") == [])
    }

    @Test func noStartInTimeCloses() {
        var session = TwilioStreamSession()
        #expect(session.startTimedOut() == [.close(reason: "no start message in time")])
        var started = TwilioStreamSession()
        _ = started.receive(text: Self.start)
        #expect(started.startTimedOut() == [])
    }
}
