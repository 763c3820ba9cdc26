import AgentTestSupport
@testable import Caller
import Foundation
import HTTPClient
import HTTPTypes
import HummingbirdWSClient
import NIOCore
import NIOWebSocket
@testable import Server
import Testing
import TestSupport

/// The Twilio endpoints over real sockets: a real host on loopback, hand-written frames.
@Suite(.serialized) struct TwilioStreamTests {
    @Test func healthAndReadiness() async throws {
        let harness = try await ServerHarness.start()
        let health = try await harness.get("/healthz")
        #expect(health.status == 200)
        let ready = try await harness.get("/readyz")
        #expect(ready.status == 200)
        #expect(ready.text.contains(#""status":"ready""#))
        await harness.close()
    }

    @Test func theWebhookAnswersTwiMLWithASingleUseToken() async throws {
        let harness = try await ServerHarness.start()
        let response = try await harness.post("/twilio/voice", form: [("CallSid", "CA1"), ("From", "+15551230001"), ("To", "+15550100000")])
        #expect(response.status == 200)
        let target = try TwilioCaller.parseTwiML(response.text)
        #expect(target.url == "ws://127.0.0.1:\(harness.port)/twilio/stream")
        #expect(target.parameters["from"] == "+15551230001")
        #expect(target.parameters["callSid"] == "CA1")
        let token = try #require(target.parameters["sessionToken"])
        #expect(token.count >= 40)
        #expect(harness.context.tokens.redeem(token) != nil)
        #expect(harness.context.tokens.redeem(token) == nil, "single use")
        await harness.close()
    }

    @Test func garbageAroundAStreamIsDroppedAndTheCallGoesOn() async throws {
        let harness = try await ServerHarness.start()
        let token = try await RawStream.token(from: harness)
        let stream = RawStream()
        try await stream.run(harness) { outbound, stream in
            try await outbound.write(.text(#"{"event":"connected","protocol":"Call","version":"1.0.0"}"#))
            try await outbound.write(.text(stream.media()))                       // before start
            try await outbound.write(.binary(ByteBuffer(bytes: [1, 2, 3])))       // binary
            try await outbound.write(.text("{ not json"))
            try await outbound.write(.text(#"{"event":"surprise","streamSid":"x"}"#))
            try await outbound.write(.text(stream.start(token: token)))
            #expect(await stream.wait { $0.contains { $0.contains(#""event":"media""#) } }, "the greeting streams")
            try await outbound.write(.text(#"{"event":"media","streamSid":"\#(stream.streamSid)","media":{"payload":"@@@"}}"#))
            try await outbound.write(.text(stream.dtmf("x")))
            for _ in 0..<10 { try await outbound.write(.text(stream.media())) }
            #expect(await eventually { harness.context.calls.count == 1 })
            try await outbound.write(.text(stream.stop))
        }
        // Every frame the host sent is whole: media in 20 ms multiples, each followed by a mark.
        let media = stream.events("media")
        #expect(!media.isEmpty)
        for frame in media {
            let payload = try #require(frame.split(separator: "\"").dropFirst().first { Data(base64Encoded: String($0)) != nil && $0.count > 100 })
            #expect(Data(base64Encoded: String(payload))!.count % 160 == 0)
            #expect(frame.contains(stream.streamSid))
        }
        #expect(stream.events("mark").count == media.count)
        #expect(await eventually { harness.context.calls.count == 0 }, "stop ended the call")
        #expect(try await harness.get("/healthz").status == 200)
        await harness.close()
    }

    @Test func stopWithoutStartAndAMissingStartCloseCleanly() async throws {
        let harness = try await ServerHarness.start { $0.startTimeout = .milliseconds(300) }
        let stream = RawStream()
        let close = try await stream.run(harness) { outbound, stream in
            try await outbound.write(.text(stream.stop))
        }
        #expect(close?.closeCode == .normalClosure)
        let silent = try await RawStream().run(harness) { _, _ in }
        #expect(silent?.closeCode == .normalClosure, "closed after the start timeout")
        #expect(harness.context.calls.count == 0)
        await harness.close()
    }

    @Test func aStreamWithoutAValidTokenIsNotBridged() async throws {
        let harness = try await ServerHarness.start()
        for token in ["forged", ""] {
            let stream = RawStream()
            let close = try await stream.run(harness) { outbound, stream in
                try await outbound.write(.text(stream.start(token: token)))
                for _ in 0..<5 { try? await outbound.write(.text(stream.media())) }
            }
            #expect(close?.closeCode == .normalClosure)
            #expect(stream.events("media").isEmpty, "no audio for a forged stream")
        }
        #expect(harness.context.calls.admittedTotal == 0)
        await harness.close()
    }

    @Test func anOversizedFrameClosesThatSocketOnly() async throws {
        let harness = try await ServerHarness.start { $0.maximumMessageSize = 4_096 }
        let stream = RawStream()
        let close = try await stream.run(harness) { outbound, _ in
            try await outbound.write(.text(String(repeating: "x", count: 20_000)))
        }
        #expect(close?.closeCode == .messageTooLarge)
        #expect(try await harness.get("/healthz").status == 200)
        await harness.close()
    }

    @Test func aSocketThatVanishesEndsTheCall() async throws {
        let harness = try await ServerHarness.start()
        let token = try await RawStream.token(from: harness)
        let socket = try VanishingSocket(port: harness.port, path: "/twilio/stream")
        try socket.sendText(RawStream().start(token: token))
        #expect(await eventually { harness.context.calls.count == 1 })
        _ = try socket.receive()   // the greeting is on its way
        socket.vanish()
        #expect(await eventually { harness.context.calls.count == 0 }, "the call ended with the socket")
        #expect(try await harness.get("/healthz").status == 200)
        await harness.close()
    }

    @Test func aKeyPressWhileTheAgentSpeaksClearsAndLateMarksAreHarmless() async throws {
        let harness = try await ServerHarness.start()
        let token = try await RawStream.token(from: harness)
        let stream = RawStream()
        try await stream.run(harness) { outbound, stream in
            try await outbound.write(.text(stream.start(token: token)))
            // Marks are never echoed: the greeting is "still playing".
            #expect(await stream.wait { $0.filter { $0.contains(#""event":"mark""#) }.count >= 3 })
            try await outbound.write(.text(stream.dtmf("5")))
            #expect(await stream.wait { $0.contains { $0.contains(#""event":"clear""#) } })
            // Twilio echoes every pending mark after a clear; they mean discarded audio.
            for mark in stream.events("mark") {
                if let name = mark.components(separatedBy: #""name":""#).last?.components(separatedBy: "\"").first {
                    try await outbound.write(.text(stream.mark(name)))
                }
            }
            try await outbound.write(.text(stream.mark("unknown-mark")))
            for _ in 0..<5 { try await outbound.write(.text(stream.media())) }
            #expect(harness.context.calls.count == 1)
            try await outbound.write(.text(stream.stop))
        }
        #expect(stream.events("clear").count == 1)
        #expect(stream.events("clear").first?.contains(stream.streamSid) == true)
        await harness.close()
    }

    @Test func signaturesAreCheckedWhenAnAuthTokenIsSet() async throws {
        let harness = try await ServerHarness.start { $0.twilio = TwilioCredentials(accountSid: nil, authToken: "s3cret") }
        let form: [(name: String, value: String)] = [("CallSid", "CA9"), ("From", "+15551230001")]
        let unsigned = try await harness.post("/twilio/voice", form: form)
        #expect(unsigned.status == 403)
        let url = harness.url + "/twilio/voice"
        let forged = try await harness.post("/twilio/voice", form: form, headers: [("X-Twilio-Signature", TwilioSignature(authToken: "wrong").signature(url: url, parameters: form))])
        #expect(forged.status == 403)
        let signed = try await harness.post("/twilio/voice", form: form, headers: [("X-Twilio-Signature", TwilioSignature(authToken: "s3cret").signature(url: url, parameters: form))])
        #expect(signed.status == 200)

        // The upgrade is signed over the wss/ws URL with no parameters.
        await #expect(throws: (any Error).self) {
            try await RawStream().run(harness) { _, _ in }
        }
        var headers = HTTPFields()
        headers[HTTPField.Name("x-twilio-signature")!] = TwilioSignature(authToken: "s3cret").signature(url: "ws://127.0.0.1:\(harness.port)/twilio/stream")
        let close = try await RawStream().run(harness, headers: headers) { outbound, stream in
            try await outbound.write(.text(stream.stop))
        }
        #expect(close?.closeCode == .normalClosure)
        await harness.close()
    }
}
