@testable import Caller
import Foundation
import HTTPClient
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
@testable import Server
import Locks
import TestSupport

/// A hand-driven Twilio stream for protocol tests: it sends exactly the frames a test writes
/// and records every frame the host sends.
final class RawStream: Sendable {
    private let received = Mutex<[String]>([])
    private let readerDone = Mutex(false)
    let streamSid = "MZ" + TwilioCaller.randomHex(32)

    var messages: [String] { received.withLock { $0 } }
    func events(_ name: String) -> [String] { messages.filter { $0.contains(#""event":"\#(name)""#) } }

    /// A session token from the host's webhook, as Twilio would get it.
    static func token(from harness: ServerHarness, callSid: String = "CA" + TwilioCaller.randomHex(32)) async throws -> String {
        let response = try await harness.post("/twilio/voice", form: [("CallSid", callSid), ("From", "+15551230001"), ("To", "+15550100000")])
        return try TwilioCaller.parseTwiML(response.text).parameters["sessionToken"] ?? ""
    }

    func start(token: String, callSid: String = "CA" + TwilioCaller.randomHex(32)) -> String {
        #"{"event":"start","sequenceNumber":"1","streamSid":"\#(streamSid)","start":{"accountSid":"AC1","streamSid":"\#(streamSid)","callSid":"\#(callSid)","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},"customParameters":{"sessionToken":"\#(token)","from":"+15551230001"}}}"#
    }

    func media(_ bytes: [UInt8] = [UInt8](repeating: 0xFF, count: 160)) -> String {
        #"{"event":"media","streamSid":"\#(streamSid)","media":{"track":"inbound","chunk":"1","timestamp":"20","payload":"\#(Data(bytes).base64EncodedString())"}}"#
    }

    func mark(_ name: String) -> String {
        #"{"event":"mark","streamSid":"\#(streamSid)","mark":{"name":"\#(name)"}}"#
    }

    func dtmf(_ digit: String) -> String {
        #"{"event":"dtmf","streamSid":"\#(streamSid)","dtmf":{"track":"inbound_track","digit":"\#(digit)"}}"#
    }

    var stop: String { #"{"event":"stop","streamSid":"\#(streamSid)","stop":{"accountSid":"AC1","callSid":"CA1"}}"# }

    /// Connects to the host's stream endpoint and runs `script`; returns the close frame.
    @discardableResult
    func run(
        _ harness: ServerHarness, headers: HTTPFields = [:],
        script: @escaping @Sendable (WebSocketOutboundWriter, RawStream) async throws -> Void
    ) async throws -> WebSocketCloseFrame? {
        try await WebSocketClient.connect(
            url: "ws://127.0.0.1:\(harness.port)/twilio/stream",
            configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: headers), logger: ServerHarness.logger
        ) { inbound, outbound, _ in
            let reader = Task {
                defer { self.readerDone.withLock { $0 = true } }
                do {
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        if case .text(let text) = message { self.received.withLock { $0.append(text) } }
                    }
                } catch {}
            }
            try await script(outbound, self)
            // The host closes after a stop; give it a moment, else close from this side. The
            // reader must be done before the handler returns (the socket reads the close after).
            if !(await eventually(timeout: .seconds(2)) { self.readerDone.withLock { $0 } }) {
                try? await outbound.close(.normalClosure, reason: "the test is done")
            }
            await finishReading(reader)
        }
    }

    /// Waits until `condition` holds for the frames received (or `timeout` passes).
    func wait(timeout: Duration = .seconds(10), until condition: ([String]) -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if condition(messages) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(messages)
    }
}
