import AgentTestSupport
import Foundation
import HummingbirdWSClient
import NIOCore
import NIOWebSocket
@testable import Server
import Speech
import Locks
import Testing
import TestSupport

/// `WS /audio`: 16 kHz PCM both ways, JSON control, over a real socket.
@Suite(.serialized) struct LocalAudioTests {
    final class Client: Sendable {
        let texts = Mutex<[String]>([])
        let audioBytes = Mutex(0)
    }

    @Test func aLocalCallerIsHeardAndAnswered() async throws {
        let harness = try await ServerHarness.start()
        let synthesizer = try #require(SpeechHarness.synthesizer)
        var speech: [Int16] = []
        for try await chunk in synthesizer.synthesize("what are your opening hours", voice: .natural) { speech += chunk.samples }
        // A microphone's room noise around the words (the detector learns its floor from it).
        let room = (0..<16_000).map { Int16(($0 * 7919) % 61) - 30 }
        let audio = room + speech + room
        let client = Client()
        try await WebSocketClient.connect(
            url: "ws://127.0.0.1:\(harness.port)/audio?caller=%2B15551230001", configuration: .init(maxFrameSize: 1 << 20),
            logger: ServerHarness.logger
        ) { inbound, outbound, _ in
            let reader = Task {
                do {
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        switch message {
                        case .text(let text):
                            client.texts.withLock { $0.append(text) }
                            // Echo marks as if played at once.
                            if text.contains(#""type":"mark""#), let name = text.components(separatedBy: #""name":""#).last?.dropLast(2) {
                                try? await outbound.write(.text(#"{"type":"mark","name":"\#(name)"}"#))
                            }
                        case .binary(let buffer):
                            client.audioBytes.withLock { $0 += buffer.readableBytes }
                        }
                    }
                } catch {}
            }
            try await whileReading(reader, closing: outbound) {
                #expect(await eventually { client.texts.withLock { $0.first?.contains(#""type":"ready""#) == true } })
                #expect(await eventually { client.texts.withLock { $0.contains { $0.contains(#""role":"agent""#) } } }, "the greeting")
                try await outbound.write(.text("{ nonsense"))
                // The greeting's audio has all arrived (nothing new for half a second).
                var last = -1
                _ = await eventually(timeout: .seconds(10)) {
                    let now = client.audioBytes.withLock { $0 }
                    defer { last = now }
                    if now == last, now > 0 { return true }
                    try? await Task.sleep(for: .milliseconds(500))
                    return false
                }
                // 20 ms binary frames in real time, as a microphone sends them.
                var offset = 0
                while offset < audio.count {
                    let frame = audio[offset..<min(offset + 320, audio.count)]
                    var buffer = ByteBuffer()
                    for sample in frame { buffer.writeInteger(UInt16(bitPattern: sample), endianness: .little) }
                    try await outbound.write(.binary(buffer))
                    offset += 320
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(await eventually { client.texts.withLock { $0.contains { $0.contains("opening hours") && $0.contains(#""role":"caller""#) } } })
                // The hours, or (when the recogniser added a stray word and the match fell under the
                // fast path's threshold) the question whether the hours were meant.
                #expect(await eventually(timeout: .seconds(20)) {
                    client.texts.withLock { $0.contains { $0.contains(#""role":"agent""#) && ($0.contains("We're open Monday to Friday") || $0.contains("opening hours")) } }
                },
                        "\(client.texts.withLock { $0.filter { !$0.contains(#""type":"mark""#) } })")
                try await outbound.write(.text(#"{"type":"stop"}"#))
            }
        }
        #expect(client.audioBytes.withLock { $0 } > 32_000, "at least a second of agent audio")
        #expect(client.audioBytes.withLock { $0 } % 640 == 0, "whole 20 ms frames of 16-bit samples")
        #expect(await eventually { harness.context.calls.count == 0 })
        await harness.close()
    }
}
