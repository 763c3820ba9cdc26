import Core
import Foundation
import HTTPClient
import HTTPTypes
import HummingbirdWSClient
import NIOCore
import NIOWebSocket
@testable import Server
import Locks
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

        /// How the host closed the socket, once it did.
        let closed = Mutex<WebSocketCloseFrame?>(nil)

        /// The resume token the host sent in its first `config`.
        var resumeToken: String? { messages.first { $0["response_type"] as? String == "config" }?["resume_token"] as? String }

        func run(
            _ harness: ServerHarness, callID: String, headers: [String: String] = [:],
            script: @escaping @Sendable (WebSocketOutboundWriter, Platform) async throws -> Void
        ) async throws {
            var configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 20)
            for (name, value) in headers { configuration.additionalHeaders[HTTPField.Name(name)!] = value }
            let frame = try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(harness.port)/llm-websocket/\(callID)", configuration: configuration,
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
                try await whileReading(reader, closing: outbound) {
                    try await script(outbound, self)
                    if !(await eventually(timeout: .milliseconds(500)) { self.done.withLock { $0 } }) {
                        try? await outbound.close(.normalClosure, reason: nil)
                    }
                }
            }
            closed.withLock { $0 = frame }
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

    static let secret = "platform-secret-0123456789"

    @Test func aConversationStreamsResponsesAndGreetsByName() async throws {
        let harness = try await ServerHarness.start { $0.textSecret = Self.secret }
        let platform = Platform()
        try await platform.run(harness, callID: "call_abc", headers: ["Authorization": "Bearer \(Self.secret)"]) { outbound, platform in
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
            try await outbound.write(.text(Self.responseRequired(1, [("user", "what's my account balance")])))
            #expect(await platform.wait { $0.complete(1) != nil })
            // This caller withheld their number: the skill asks for the account.
            #expect(platform.text(1).contains("What's your account number?"))
        }
        // The socket dropped; the platform reconnects with the same call id and its resume token.
        let second = Platform()
        try await second.run(harness, callID: "call_again", headers: ["X-SmartDesk-Resume": first.resumeToken ?? ""]) { outbound, platform in
            try await outbound.write(.text(Self.responseRequired(2, [("user", "what's my account balance"), ("agent", "What's your account number?"), ("user", "it's 4271")])))
            #expect(await platform.wait { $0.complete(2) != nil })
            #expect(platform.complete(0) == nil, "no second greeting")
            // The same call, its question answered.
            #expect(platform.text(2) == "Your balance is $142.50.")
        }
        #expect(harness.context.calls.admittedTotal == 1)
        await harness.close()
    }

    // MARK: Who may claim a caller ID, and who may take a call

    static let callDetails = #"{"interaction_type":"call_details","call":{"call_id":"x","from_number":"+15551230001","to_number":"+15550100000"}}"#

    @Test("without a secret configured, a claimed caller ID is ignored: no greeting by name, no balance")
    func anonymousWithoutASecret() async throws {
        let harness = try await ServerHarness.start()
        let platform = Platform()
        try await platform.run(harness, callID: "call_claim") { outbound, platform in
            try await outbound.write(.text(Self.callDetails))
            #expect(await platform.wait { $0.complete(0) != nil })
            #expect(!platform.text(0).contains("Dana"))
            try await outbound.write(.text(Self.responseRequired(1, [("user", "what's my balance")])))
            #expect(await platform.wait { $0.complete(1) != nil })
            #expect(!platform.text(1).contains("$"), "no customer data to an unproven caller ID: \(platform.text(1))")
        }
        #expect(harness.context.calls.admittedTotal == 1)
        await harness.close()
    }

    @Test("with a secret configured, a socket without it (or with a wrong one) is refused with 4401")
    func refusedWithoutTheSecret() async throws {
        let harness = try await ServerHarness.start { $0.textSecret = Self.secret }
        for headers in [[:], ["Authorization": "Bearer wrong"], ["X-SmartDesk-Secret": Self.secret + "x"]] {
            let platform = Platform()
            try await platform.run(harness, callID: "call_refused", headers: headers) { _, platform in
                _ = await platform.wait(timeout: .seconds(2)) { _ in false }
            }
            #expect(platform.closed.withLock { $0?.closeCode } == .unknown(4401), "\(headers)")
            #expect(platform.messages.isEmpty)
        }
        #expect(harness.context.calls.admittedTotal == 0)
        await harness.close()
    }

    @Test("a second socket on a live call is refused (4409) and the call stays with the first; the resume token moves it")
    func aLiveCallCannotBeTakenOver() async throws {
        let harness = try await ServerHarness.start { $0.textSecret = Self.secret }
        let owner = Platform()
        let trusted = ["X-SmartDesk-Secret": Self.secret]
        try await owner.run(harness, callID: "call_owned", headers: trusted) { outbound, platform in
            try await outbound.write(.text(Self.callDetails))
            #expect(await platform.wait { $0.complete(0) != nil })
            let token = try #require(platform.resumeToken)

            // Even with the platform's secret: the call has its socket.
            let intruder = Platform()
            try await intruder.run(harness, callID: "call_owned", headers: trusted) { outbound, intruder in
                try? await outbound.write(.text(Self.responseRequired(5, [("user", "what's my balance")])))
                _ = await intruder.wait(timeout: .seconds(1)) { _ in false }
            }
            #expect(intruder.closed.withLock { $0?.closeCode } == .unknown(4409))
            #expect(intruder.responses(5).isEmpty)

            // The owner's next turn is answered on the owner's socket.
            try await outbound.write(.text(Self.responseRequired(1, [("user", "what's my balance")])))
            #expect(await platform.wait { $0.complete(1) != nil })
            #expect(platform.text(1).contains("$"))

            // With the resume token, a new socket takes the call over.
            let resumed = Platform()
            try await resumed.run(harness, callID: "call_owned", headers: trusted.merging(["X-SmartDesk-Resume": token]) { $1 }) { outbound, resumed in
                try await outbound.write(.text(Self.responseRequired(2, [("user", "what are your opening hours")])))
                #expect(await resumed.wait { $0.complete(2) != nil })
                #expect(resumed.text(2).contains("Monday to Friday"))
            }
        }
        #expect(owner.closed.withLock { $0?.closeCode } == .unknown(4409), "the old socket is told the call moved")
        #expect(harness.context.calls.admittedTotal == 1)
        await harness.close()
    }

    @Test("a dropped call is resumed by its token or by the platform's secret, never by a stranger")
    func resumingNeedsTheTokenOrTheSecret() async throws {
        let harness = try await ServerHarness.start { $0.textSecret = Self.secret }
        let first = Platform()
        try await first.run(harness, callID: "call_drop", headers: ["X-SmartDesk-Secret": Self.secret]) { outbound, platform in
            try await outbound.write(.text(Self.callDetails))
            #expect(await platform.wait { $0.complete(0) != nil })
        }
        let token = try #require(first.resumeToken)
        // A stranger (no secret): refused before anything else.
        let stranger = Platform()
        try await stranger.run(harness, callID: "call_drop") { _, stranger in _ = await stranger.wait(timeout: .seconds(1)) { _ in false } }
        #expect(stranger.closed.withLock { $0?.closeCode } == .unknown(4401))
        // The platform reconnecting with its secret gets the same call back, its caller known.
        let again = Platform()
        try await again.run(harness, callID: "call_drop", headers: ["X-SmartDesk-Secret": Self.secret, "X-SmartDesk-Resume": token]) { outbound, platform in
            try await outbound.write(.text(Self.responseRequired(1, [("user", "what's my balance")])))
            #expect(await platform.wait { $0.complete(1) != nil })
            #expect(platform.text(1).contains("$"))
            #expect(platform.complete(0) == nil, "no second greeting")
        }
        #expect(harness.context.calls.admittedTotal == 1)
        await harness.close()
    }

    @Test("without a secret configured, resuming a dropped call needs its resume token")
    func anonymousResumeNeedsTheToken() async throws {
        let harness = try await ServerHarness.start()
        let first = Platform()
        try await first.run(harness, callID: "call_anon") { _, platform in
            #expect(await platform.wait { $0.complete(0) != nil })
        }
        let token = try #require(first.resumeToken)
        let stranger = Platform()
        try await stranger.run(harness, callID: "call_anon") { _, stranger in _ = await stranger.wait(timeout: .seconds(1)) { _ in false } }
        #expect(stranger.closed.withLock { $0?.closeCode } == .unknown(4409))
        let owner = Platform()
        try await owner.run(harness, callID: "call_anon", headers: ["X-SmartDesk-Resume": token]) { outbound, platform in
            try await outbound.write(.text(Self.responseRequired(1, [("user", "what are your opening hours")])))
            #expect(await platform.wait { $0.complete(1) != nil })
        }
        await harness.close()
    }
}
