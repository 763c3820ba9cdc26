import Agent
import Core
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import PluginHost
import Server
import ServiceLifecycle
import Speech
import Synchronization
import Voice

/// `smartdesk bench text`: many concurrent calls on the text-transcript protocol against an
/// in-process host on loopback. Each call takes a turn every few seconds (as a phone caller
/// does); latency is from sending `response_required` to receiving `content_complete`.
struct TextProtocolBenchmark {
    let model: ModelOptions
    let host: HostOptions
    let calls: Int
    let turns: Int
    let interval: Duration

    static let script = [
        "what are your opening hours", "I'd like to book an appointment", "next thursday", "three thirty", "yes please",
        "what's my balance", "when is my appointment", "what was my last payment",
    ]

    /// Latencies of one call's turns.
    final class Samples: Sendable {
        let latencies = Mutex<[Duration]>([])
        let failures = Mutex(0)
    }

    func run() async throws {
        let server = try await InProcessHost.start(model: model, host: host, domainModel: false)
        let port = server.port
        let logger = InProcessHost.quietLogger

        for count in [1, calls] {
            let samples = Samples()
            let clock = ContinuousClock()
            let started = clock.now
            await withTaskGroup(of: Void.self) { tasks in
                for index in 0..<count {
                    tasks.addTask {
                        // Spread the calls' turns over the interval, as independent callers would.
                        try? await Task.sleep(for: interval * Double(index) / Double(count))
                        await Self.call(port: port, id: "bench-\(count)-\(index)", turns: turns, interval: interval, samples: samples, logger: logger)
                    }
                }
            }
            var recorder = LatencyRecorder()
            for latency in samples.latencies.withLock({ $0 }) { recorder.record(latency) }
            let failures = samples.failures.withLock { $0 }
            let seconds = (clock.now - started).milliseconds / 1000
            print("\(count) concurrent text call(s), a turn every \(interval) each: \(recorder.summary)")
            print(String(format: "  %.1f turns/s over %.1f s; turns without a complete response: %d", Double(recorder.count) / seconds, seconds, failures))
        }
        await server.stop()
    }

    static func call(port: Int, id: String, turns: Int, interval: Duration, samples: Samples, logger: Logger) async {
        do {
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/llm-websocket/\(id)", logger: logger) { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                // Wait for the greeting (response 0 complete).
                while let message = try await messages.next() {
                    if case .text(let text) = message, text.contains(#""response_id":0"#), text.contains(#""content_complete":true"#) { break }
                }
                let clock = ContinuousClock()
                var transcript: [String] = []
                for turn in 1...turns {
                    let said = script[(turn - 1) % script.count]
                    transcript.append(#"{"role":"user","content":"\#(said)"}"#)
                    let sent = clock.now
                    try await outbound.write(.text(#"{"interaction_type":"response_required","response_id":\#(turn),"transcript":[\#(transcript.joined(separator: ","))]}"#))
                    var complete = false
                    while let message = try await messages.next() {
                        guard case .text(let text) = message else { continue }
                        if text.contains(#""response_id":\#(turn),"#), text.contains(#""content_complete":true"#) {
                            complete = true
                            break
                        }
                    }
                    if complete {
                        samples.latencies.withLock { $0.append(clock.now - sent) }
                    } else {
                        samples.failures.withLock { $0 += 1 }
                    }
                    transcript.append(#"{"role":"agent","content":"ok"}"#)
                    let rest = interval - (clock.now - sent)
                    if rest > .zero { try await Task.sleep(for: rest) }
                }
                try await outbound.close(.normalClosure, reason: nil)
                while try await messages.next() != nil {}
            }
        } catch {
            samples.failures.withLock { $0 += 1 }
        }
    }
}
