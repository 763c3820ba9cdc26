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
import Locks
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

    func run() async throws {
        let server = try await InProcessHost.start(model: model, host: host, domainModel: false)
        let port = server.port

        for count in [1, calls] {
            let tally = TextCaller.Tally()
            let clock = ContinuousClock()
            let started = clock.now
            await withTaskGroup(of: Void.self) { tasks in
                for index in 0..<count {
                    tasks.addTask {
                        // Spread the calls' turns over the interval, as independent callers would.
                        try? await Task.sleep(for: interval * Double(index) / Double(count))
                        await TextCaller.call(port: port, id: "bench-\(count)-\(index)", turns: turns, interval: interval, tally: tally)
                    }
                }
            }
            let counts = tally.counts
            let recorder = counts.latency
            let failures = counts.incomplete + counts.lostCalls
            let seconds = (clock.now - started).milliseconds / 1000
            print("\(count) concurrent text call(s), a turn every \(interval) each: \(recorder.summary)")
            print(String(format: "  %.1f turns/s over %.1f s; turns without a complete response: %d", Double(recorder.count) / seconds, seconds, failures))
        }
        await server.stop()
    }
}
