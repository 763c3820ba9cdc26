import Core
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HTTPClient
import HTTPTypes
import HummingbirdWSClient
import NIOCore
import NIOWebSocket
@testable import Server
import Locks
import Testing
import TestSupport

/// What one caller, or many, cannot do to the host: stall it with huge turns, pile up calls
/// beyond its limits, or claim a caller ID on the local audio socket.
@Suite(.serialized) struct CallLimitsTests {
    typealias Platform = TextProtocolTests.Platform

    @Test("four text turns of 3.8 MB each get a short answer, and /healthz and other calls stay prompt")
    func hugeTurnsDoNotStallTheHost() async throws {
        let harness = try await ServerHarness.start()
        let huge = String(repeating: "blah ", count: 760_000)  // 3.8 MB
        let clock = ContinuousClock()
        let platforms = (0..<4).map { _ in Platform() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (n, platform) in platforms.enumerated() {
                group.addTask {
                    try await platform.run(harness, callID: "call_huge_\(n)") { outbound, platform in
                        #expect(await platform.wait { $0.complete(0) != nil })
                        try await outbound.write(.text(TextProtocolTests.responseRequired(1, [("user", huge)])))
                        // Reading 3.8 MB of JSON takes a ThreadSanitizer build over 30 s: the wait is scaled.
                        #expect(await platform.wait(timeout: TestTiming.scaled(.seconds(30))) { $0.complete(1) != nil })
                    }
                }
            }
            // While they are in: the health probe and an ordinary call answer.
            group.addTask {
                try await Task.sleep(for: .milliseconds(300))
                let start = clock.now
                let health = try await harness.get("/healthz")
                #expect(health.status == 200)
                #expect(clock.now - start < .seconds(5), "the probe took \(clock.now - start)")
            }
            try await group.waitForAll()
        }
        for platform in platforms {
            #expect(platform.text(1) == CallWording().tooLong)
        }
        await harness.close()
    }

    @Test("past the live-call limit a new text call is refused with 4429; an existing one carries on")
    func theLiveCallLimitHolds() async throws {
        let harness = try await ServerHarness.start { $0.maximumLiveCalls = 1 }
        let first = Platform()
        try await first.run(harness, callID: "call_one") { outbound, platform in
            #expect(await platform.wait { $0.complete(0) != nil })
            let second = Platform()
            try await second.run(harness, callID: "call_two") { _, second in _ = await second.wait(timeout: .seconds(1)) { _ in false } }
            #expect(second.closed.withLock { $0?.closeCode } == .unknown(4429))
            try await outbound.write(.text(TextProtocolTests.responseRequired(1, [("user", "what are your opening hours")])))
            #expect(await platform.wait { $0.complete(1) != nil })
        }
        await harness.close()
    }

    @Test("past the limit of calls waiting to resume, the oldest waiting one ends")
    func resumableCallsAreCapped() async throws {
        let harness = try await ServerHarness.start { $0.maximumResumableCalls = 1 }
        for n in 0..<2 {
            let platform = Platform()
            try await platform.run(harness, callID: "call_wait_\(n)") { _, platform in
                #expect(await platform.wait { $0.complete(0) != nil })
            }
        }
        #expect(await eventually { harness.context.textCalls.existing("call_wait_0") == nil })
        #expect(harness.context.textCalls.existing("call_wait_1") != nil)
        #expect(await eventually { harness.context.calls.count == 1 })
        await harness.close()
    }

    /// A local audio client over a real socket: records the host's text frames while `talk` runs
    /// with the socket's writer; returns how the host closed it.
    final class AudioClient: Sendable {
        private let received = Mutex<[String]>([])
        var texts: [String] { received.withLock { $0 } }
        func has(_ fragment: String) -> Bool { received.withLock { $0.contains { $0.contains(fragment) } } }

        @discardableResult
        func run(
            _ harness: ServerHarness, query: String = "", headers: [String: String] = [:],
            talk: @escaping @Sendable (WebSocketOutboundWriter, AudioClient) async throws -> Void
        ) async throws -> WebSocketCloseFrame? {
            var configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 20)
            for (name, value) in headers { configuration.additionalHeaders[HTTPField.Name(name)!] = value }
            return try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(harness.port)/audio\(query)", configuration: configuration, logger: ServerHarness.logger
            ) { inbound, outbound, _ in
                let reader = Task {
                    do {
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message { self.received.withLock { $0.append(text) } }
                        }
                    } catch {}
                }
                try await whileReading(reader, closing: outbound) { try await talk(outbound, self) }
            }
        }
    }

    /// Opens `/audio` with `query` and `headers`, waits for the agent's first words, hangs up;
    /// returns the texts the host sent and how it closed.
    static func audioCall(_ harness: ServerHarness, query: String, headers: [String: String] = [:]) async throws -> ([String], WebSocketCloseFrame?) {
        let client = AudioClient()
        let frame = try await client.run(harness, query: query, headers: headers) { outbound, client in
            _ = await eventually(timeout: .seconds(3)) { client.has(#""role":"agent""#) }
            try? await outbound.write(.text(#"{"type":"stop"}"#))
        }
        return (client.texts, frame)
    }

    @Test("the local audio socket believes ?caller= only with the audio secret, and refuses a connection without it once one is set")
    func localAudioCallerIdentity() async throws {
        let open = try await ServerHarness.start()
        let (anonymous, _) = try await Self.audioCall(open, query: "?caller=%2B15551230001")
        #expect(anonymous.contains { $0.contains(#""role":"agent""#) })
        #expect(!anonymous.contains { $0.contains("Dana") }, "greeted by name on a claimed caller ID")
        await open.close()

        let guarded = try await ServerHarness.start { $0.audioSecret = "audio-secret-42" }
        let (refused, frame) = try await Self.audioCall(guarded, query: "?caller=%2B15551230001")
        #expect(frame?.closeCode == .unknown(4401))
        #expect(refused.isEmpty)
        let (trusted, _) = try await Self.audioCall(guarded, query: "?caller=%2B15551230001", headers: ["Authorization": "Bearer audio-secret-42"])
        #expect(trusted.contains { $0.contains("Dana") }, "\(trusted)")
        await guarded.close()
    }

    /// A TCP connection to the host that sends `bytes` and then nothing; returns the socket.
    static func trickle(port: Int, _ bytes: String) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        _ = bytes.withCString { send(fd, $0, strlen($0), 0) }
        return fd
    }

    /// Whether the host closed `fd` within `timeout` (a read returns end of stream).
    static func closedByHost(_ fd: Int32, within timeout: Duration) async -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&descriptor, 1, milliseconds) == 1 else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) <= 0
    }

    static let slowCount = 50

    @Test("fifty connections that trickle half a header are closed at the idle timeout, and the host keeps answering")
    func silentHeadersAreCut() async throws {
        let harness = try await ServerHarness.start { $0.idleTimeout = .seconds(1) }
        let sockets = (0..<Self.slowCount).map { _ in Self.trickle(port: harness.port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ") }
        defer { sockets.forEach { close($0) } }
        #expect(try await harness.get("/healthz").status == 200)
        var closed = 0
        for fd in sockets where await Self.closedByHost(fd, within: .seconds(5)) { closed += 1 }
        #expect(closed == Self.slowCount)
        await harness.close()
    }

    /// A local audio caller whose microphone never stops (20 ms of quiet room noise every 20 ms,
    /// until the host hangs up) is live when the host shuts down; returns what the client received.
    static func shutDownUnderAStreamingAudioCaller(_ harness: ServerHarness) async -> [String] {
        let audio = AudioClient()
        let client = Task {
            try await audio.run(harness) { outbound, audio in
                var frame = ByteBuffer()
                for i in 0..<320 { frame.writeInteger(UInt16(bitPattern: Int16((i * 7919) % 61) - 30), endianness: .little) }
                while !audio.has(#""type":"end""#) {
                    do { try await outbound.write(.binary(frame)) } catch { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
        }
        #expect(await eventually { harness.context.calls.count == 1 })
        // The greeting has been said (its transcript is sent once it has played).
        #expect(await eventually(timeout: .seconds(15)) { audio.has(#""role":"agent""#) })
        await harness.shutDown()
        let stopped = await harness.stopped(timeout: .seconds(25))
        #expect(stopped, "the host did not stop while the client kept streaming")
        if !stopped { client.cancel() }  // its microphone would otherwise stream for ever
        _ = try? await client.value
        return audio.texts
    }

    @Test("at the drain deadline a local audio caller still streaming audio hears a goodbye and is ended; the host stops")
    func drainEndsAStreamingAudioCaller() async throws {
        let harness = try await ServerHarness.start { $0.drainDeadline = .seconds(6) }  // the greeting has played by then
        let texts = await Self.shutDownUnderAStreamingAudioCaller(harness)
        #expect(texts.contains { $0.contains(#""role":"agent""#) && $0.contains("have to end the call") }, "\(texts.filter { !$0.contains("mark") })")
        #expect(texts.contains { $0.contains(#""type":"end""#) })
        await harness.close()
    }

    @Test("a local audio call whose goodbye has not played when the grace runs out is still told why it ends")
    func drainCutsAGoodbyeThatCannotFinish() async throws {
        let harness = try await ServerHarness.start {
            $0.drainDeadline = .seconds(4)  // the greeting has played by then
            $0.goodbyeGrace = .milliseconds(200)  // far shorter than the goodbye
        }
        let texts = await Self.shutDownUnderAStreamingAudioCaller(harness)
        #expect(texts.contains { $0.contains(#""type":"end","reason":"the host is shutting down""#) }, "\(texts.filter { !$0.contains("mark") })")
        await harness.close()
    }

    @Test("at the drain deadline a text call hears the shutdown goodbye with end_call")
    func drainSaysGoodbyeOnTheTextProtocol() async throws {
        let harness = try await ServerHarness.start()
        let platform = Platform()
        let running = Task {
            try await platform.run(harness, callID: "call_drain") { _, platform in
                #expect(await platform.wait { $0.complete(0) != nil })
                _ = await eventually(timeout: .seconds(15)) { platform.raw.contains { $0.contains("agent_interrupt") } }
            }
        }
        #expect(await eventually { harness.context.calls.count == 1 })
        await harness.shutDown()
        #expect(await harness.stopped(timeout: .seconds(15)))
        try await running.value
        let goodbye = try #require(platform.messages.first { $0["response_type"] as? String == "agent_interrupt" }, "\(platform.raw)")
        #expect(goodbye["end_call"] as? Bool == true)
        #expect(goodbye["content"] as? String == CallWording().shuttingDown)
        await harness.close()
    }

    @Test("a text call refused at the live-call limit frees its place: once the line is free, the next text call is taken")
    func aRefusedTextCallDoesNotHoldAPlace() async throws {
        let harness = try await ServerHarness.start { $0.maximumLiveCalls = 1 }
        // A local audio call holds the one place for two seconds.
        let audio = Task {
            try await AudioClient().run(harness) { outbound, audio in
                _ = await eventually { audio.has(#""type":"ready""#) }
                try await Task.sleep(for: .seconds(2))
                try? await outbound.write(.text(#"{"type":"stop"}"#))
            }
        }
        #expect(await eventually { harness.context.calls.count == 1 })
        let refused = Platform()
        try await refused.run(harness, callID: "call_refused_busy") { _, platform in
            #expect(await platform.wait { $0.complete(0) != nil })
        }
        #expect(refused.complete(0)?["end_call"] as? Bool == true)
        #expect(refused.text(0) == CallWording().busy)
        _ = try? await audio.value
        #expect(await eventually { harness.context.calls.count == 0 })
        let next = Platform()
        try await next.run(harness, callID: "call_after_busy") { outbound, platform in
            #expect(await platform.wait { $0.complete(0) != nil })
            try await outbound.write(.text(TextProtocolTests.responseRequired(1, [("user", "what are your opening hours")])))
            #expect(await platform.wait { $0.complete(1) != nil })
        }
        #expect(next.text(1).contains("Monday to Friday"))
        await harness.close()
    }
}
