import Core
import Foundation
import HTTPClient
import HummingbirdWSClient
import NIOCore
import NIOWebSocket
@testable import Server
import Synchronization
import Testing
import TestSupport

/// The text-transcript protocol (Retell-style custom LLM socket) over real sockets.
@Suite(.serialized) struct TextProtocolTests {
    /// A platform's end of the socket: sends what the test says, records what the host sends.
    final class Platform: Sendable {
        private let done = Mutex(false)
        private let box = Mutex<[String]>([])

        var raw: [String] { box.withLock { $0 } }
        var messages: [[String: Any]] {
            raw.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }

        func responses(_ id: Int) -> [[String: Any]] {
            messages.filter { $0["response_type"] as? String == "response" && ($0["response_id"] as? Int) == id }
        }

        /// The text of response `id` as sent so far.
        func text(_ id: Int) -> String {
            responses(id).compactMap { $0["content"] as? String }.joined().trimmingCharacters(in: .whitespaces)
        }

        func complete(_ id: Int) -> [String: Any]? {
            responses(id).first { $0["content_complete"] as? Bool == true }
        }

        func run(_ harness: ServerHarness, callID: String, script: @escaping @Sendable (WebSocketOutboundWriter, Platform) async throws -> Void) async throws {
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(harness.port)/llm-websocket/\(callID)", configuration: .init(maxFrameSize: 1 << 20),
                logger: ServerHarness.logger
            ) { inbound, outbound, _ in
                let reader = Task {
                    defer { self.done.withLock { $0 = true } }
                    do {
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message else { continue }
                            self.box.withLock { $0.append(text) }
                        }
                    } catch {}
                }
                try await script(outbound, self)
                if !(await eventually(timeout: .milliseconds(500)) { self.done.withLock { $0 } }) {
                    try? await outbound.close(.normalClosure, reason: nil)
                }
                _ = await reader.value
            }
        }

        func wait(timeout: Duration = .seconds(10), until condition: @escaping (Platform) -> Bool) async -> Bool {
            await eventually(timeout: timeout) { condition(self) }
        }
    }

    static func transcript(_ turns: [(String, String)]) -> String {
        "[" + turns.map { #"{"role":"\#($0.0)","content":"\#(JSONString.escaped($0.1))"}"# }.joined(separator: ",") + "]"
    }

    static func responseRequired(_ id: Int, _ turns: [(String, String)]) -> String {
        #"{"interaction_type":"response_required","response_id":\#(id),"transcript":\#(transcript(turns))}"#
    }

    @Test func aConversationStreamsResponsesAndGreetsByName() async throws {
        let harness = try await ServerHarness.start()
        let platform = Platform()
        try await platform.run(harness, callID: "call_abc") { outbound, platform in
            try await outbound.write(.text(#"{"interaction_type":"call_details","call":{"call_id":"call_abc","from_number":"+15551230001","to_number":"+15550100000"}}"#))
            #expect(await platform.wait { $0.complete(0) != nil })
            #expect(platform.messages.first?["response_type"] as? String == "config")
            let greeting = platform.text(0)
            #expect(greeting == "Hi Dana, thanks for calling Brightside Dental. How can I help you today?")

            try await outbound.write(.text(#"{"interaction_type":"ping_pong","timestamp":1703302428000}"#))
            #expect(await platform.wait { $0.messages.contains { $0["response_type"] as? String == "ping_pong" && ($0["timestamp"] as? Int64 ?? Int64($0["timestamp"] as? Int ?? 0)) == 1703302428000 } })

            try await outbound.write(.text(Self.responseRequired(1, [("agent", greeting), ("user", "what are your opening hours")])))
            #expect(await platform.wait { $0.complete(1) != nil })
            #expect(platform.text(1) == "We're open Monday to Friday, 9 AM to 5 PM, and Saturday 10 AM to 1 PM.")
            #expect(platform.responses(1).count >= 2, "streamed, then completed")
            let complete = try #require(platform.complete(1))
            #expect(complete["end_call"] as? Bool == false)
            #expect(complete["transfer_number"] is NSNull)
            #expect(harness.context.calls.snapshot.first?.transport == "text")
            #expect(harness.context.calls.snapshot.first?.caller == "+15551230001")
        }
        await harness.close()
    }

    @Test func staleResponsesAreDroppedAndWhatWasHeardIsKept() async throws {
        let harness = try await ServerHarness.start()
        let platform = Platform()
        try await platform.run(harness, callID: "call_stale") { outbound, platform in
            #expect(await platform.wait { $0.complete(0) != nil })
            try await outbound.write(.text(Self.responseRequired(3, [("user", "what are your opening hours")])))
            #expect(await platform.wait { $0.complete(3) != nil })
            // An older id arriving late is ignored.
            try await outbound.write(.text(Self.responseRequired(2, [("user", "what's my balance")])))
            // The caller talked over the hours: the platform says only the start was spoken.
            try await outbound.write(.text(Self.responseRequired(4, [
                ("user", "what are your opening hours"), ("agent", "We're open Monday to Friday,"), ("user", "what's my balance"),
            ])))
            #expect(await platform.wait { $0.complete(4) != nil })
            #expect(platform.responses(2).isEmpty)
            #expect(platform.text(4).contains("account number"), "the new question is answered: \(platform.text(4))")
        }
        let call = try #require(harness.context.textCalls.existing("call_stale"))
        let memory = try #require(await call.memory)
        let hours = try #require(memory.transcript.first { $0.speaker == .agent && $0.text.hasPrefix("We're open") })
        #expect(hours.text == "We're open Monday to Friday,")
        #expect(!hours.heard)
        await harness.close()
    }

    @Test func aTransferCarriesTheNumberAndEndsTheCall() async throws {
        let harness = try await ServerHarness.start { $0.transferNumber = "+15557654321" }
        let platform = Platform()
        try await platform.run(harness, callID: "call_transfer") { outbound, platform in
            #expect(await platform.wait { $0.complete(0) != nil })
            try await outbound.write(.text(Self.responseRequired(1, [("user", "can I speak to a real person please")])))
            #expect(await platform.wait { $0.complete(1) != nil })
            let complete = try #require(platform.complete(1))
            #expect(complete["transfer_number"] as? String == "+15557654321")
            #expect(harness.context.handoffs.all.first?.outcome == .transferred)
        }
        #expect(await eventually { harness.context.calls.count == 0 })
        await harness.close()
    }

    @Test func aReconnectResumesTheSameCallAndGarbageIsHarmless() async throws {
        let harness = try await ServerHarness.start()
        let first = Platform()
        try await first.run(harness, callID: "call_again") { outbound, platform in
            #expect(await platform.wait { $0.complete(0) != nil })
            try await outbound.write(.text("not json"))
            try await outbound.write(.binary(ByteBuffer(bytes: [0, 1])))
            try await outbound.write(.text(#"{"interaction_type":"response_required"}"#))
            try await outbound.write(.text(Self.responseRequired(1, [("user", "I'd like to book an appointment")])))
            #expect(await platform.wait { $0.complete(1) != nil })
            #expect(platform.text(1) == "What day would you like to come in?")
        }
        // The socket dropped; the platform reconnects with the same call id and carries on.
        let second = Platform()
        try await second.run(harness, callID: "call_again") { outbound, platform in
            try await outbound.write(.text(Self.responseRequired(2, [("user", "I'd like to book an appointment"), ("agent", "What day would you like to come in?"), ("user", "next thursday")])))
            #expect(await platform.wait { $0.complete(2) != nil })
            #expect(platform.complete(0) == nil, "no second greeting")
            // The same call, its question answered: with the day known the skill runs, and this
            // caller withheld their number.
            #expect(platform.text(2) == "I can't see the number you're calling from, so I can't look up or book appointments for you.")
        }
        #expect(harness.context.calls.admittedTotal == 1)
        await harness.close()
    }
}
