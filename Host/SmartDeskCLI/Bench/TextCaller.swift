import Foundation
import HummingbirdWSClient
import NIOWebSocket
import Locks

/// A caller on the text-transcript protocol for the benchmarks: a turn every so often from
/// ``TextProtocolBenchmark/script``, each reply read to its end, its latency (request sent →
/// `content_complete`) and any failure line tallied.
enum TextCaller {
    /// The replies the agent gives when a skill's handler failed or overran.
    static let failureLines = ["Sorry, I couldn't do that just now", "taking longer than it should", "can't help with that right now"]

    /// What the calls saw.
    final class Tally: Sendable {
        struct Counts: Sendable {
            var turns = 0
            var incomplete = 0
            var failureLines = 0
            var lostCalls = 0
            var latency = LatencyRecorder()
        }

        private let state = Mutex(Counts())

        var counts: Counts { state.withLock { $0 } }

        func turn(_ latency: Duration, reply: String) {
            state.withLock { counts in
                counts.turns += 1
                counts.latency.record(latency)
                if TextCaller.failureLines.contains(where: reply.contains) { counts.failureLines += 1 }
            }
        }

        func incomplete() { state.withLock { $0.incomplete += 1 } }
        func lost() { state.withLock { $0.lostCalls += 1 } }

        func print(calls: Int) {
            let counts = counts
            Swift.print("  calls: \(calls), lost: \(counts.lostCalls); turns answered: \(counts.turns), without a complete answer: \(counts.incomplete), answered with a failure line: \(counts.failureLines)")
            Swift.print("  turn latency: \(counts.latency.summary)")
        }
    }

    /// One call: a turn every `interval` until `turns` or `until()`. A call that cannot connect or
    /// breaks counts as lost.
    static func call(
        port: Int, id: String, turns: Int, interval: Duration, tally: Tally, until: @escaping @Sendable () -> Bool = { false }
    ) async {
        let script = TextProtocolBenchmark.script
        do {
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/llm-websocket/\(id)", logger: InProcessHost.quietLogger) { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                while let message = try await messages.next() {
                    if case .text(let text) = message, text.contains(#""response_id":0"#), text.contains(#""content_complete":true"#) { break }
                }
                let clock = ContinuousClock()
                var transcript: [String] = []
                var turn = 0
                while turn < turns, !until() {
                    turn += 1
                    let said = script[(turn - 1) % script.count]
                    transcript.append(#"{"role":"user","content":"\#(said)"}"#)
                    let sent = clock.now
                    try await outbound.write(.text(#"{"interaction_type":"response_required","response_id":\#(turn),"transcript":[\#(transcript.joined(separator: ","))]}"#))
                    var reply = ""
                    var complete = false
                    while let message = try await messages.next() {
                        guard case .text(let text) = message, text.contains(#""response_id":\#(turn),"#) else { continue }
                        reply += text
                        if text.contains(#""content_complete":true"#) {
                            complete = true
                            break
                        }
                    }
                    if complete { tally.turn(clock.now - sent, reply: reply) } else { tally.incomplete() }
                    transcript.append(#"{"role":"agent","content":"ok"}"#)
                    if transcript.count > 16 { transcript.removeFirst(2) }
                    let rest = interval - (clock.now - sent)
                    if rest > .zero { try await Task.sleep(for: rest) }
                }
                try await outbound.close(.normalClosure, reason: nil)
                while try await messages.next() != nil {}
            }
        } catch {
            tally.lost()
        }
    }
}
