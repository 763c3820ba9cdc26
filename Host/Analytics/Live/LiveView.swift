import Core
import Foundation
import Locks

/// What the dashboard shows that changes every second, kept in memory from the events since the
/// host started: turns by path, intents, end-to-end latency percentiles over the latest 1,000
/// turns, calls started and ended (by outcome) and calls per hour of the UTC day, escalations.
public final class LiveView: CallEventSink, Sendable {
    public struct Snapshot: Sendable, Codable, Equatable {
        public var callsStarted: Int
        public var outcomes: [String: Int]
        public var turns: Int
        public var paths: [String: Int]
        public var intents: [String: Int]
        public var fastPathShare: Double
        public var latencyMs: [String: Double]
        public var escalations: Int
        public var callsByHour: [Int]

        enum CodingKeys: String, CodingKey {
            case turns, paths, intents, outcomes, escalations
            case callsStarted = "calls_started"
            case fastPathShare = "fast_path_share"
            case latencyMs = "latency_ms"
            case callsByHour = "calls_by_hour"
        }
    }

    private struct State {
        var callsStarted = 0
        var outcomes: [String: Int] = [:]
        var turns = 0
        var paths: [String: Int] = [:]
        var intents: [String: Int] = [:]
        var recent: [Double] = []
        var next = 0
        var escalations = 0
        var day = ""
        var byHour = Array(repeating: 0, count: 24)
    }

    private let state = Mutex(State())
    public init() {}

    public func record(_ event: CallEvent) {
        state.withLock { state in
            switch event.kind {
            case .callStarted:
                state.callsStarted += 1
                let date = Date(timeIntervalSince1970: Double(event.at) / 1000)
                let day = DailyReport.today(date)
                if day != state.day {
                    state.day = day
                    state.byHour = Array(repeating: 0, count: 24)
                }
                let hour = Int((event.at / 3_600_000) % 24)
                state.byHour[hour] += 1
            case .callEnded:
                state.outcomes[event.outcome ?? "unknown", default: 0] += 1
            case .turn:
                state.turns += 1
                if let path = event.path { state.paths[path.rawValue, default: 0] += 1 }
                if let intent = event.intent { state.intents[intent, default: 0] += 1 }
            case .handoff:
                state.escalations += 1
            default:
                break
            }
            if event.kind == .turn || event.kind == .turnAudio, let total = event.latency[.endToEnd] {
                if state.recent.count < 1_000 {
                    state.recent.append(total)
                } else {
                    state.recent[state.next] = total
                    state.next = (state.next + 1) % 1_000
                }
            }
        }
    }

    public var snapshot: Snapshot {
        state.withLock { state in
            let sorted = state.recent.sorted()
            func rank(_ p: Double) -> Double {
                sorted.isEmpty ? 0 : sorted[max(0, min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
            }
            let requests = state.paths.filter { DailyReport.requestPaths.contains($0.key) }.values.reduce(0, +)
            return Snapshot(
                callsStarted: state.callsStarted, outcomes: state.outcomes, turns: state.turns, paths: state.paths, intents: state.intents,
                fastPathShare: requests == 0 ? 0 : Double(state.paths["fast_path"] ?? 0) / Double(requests),
                latencyMs: sorted.isEmpty ? [:] : ["p50": rank(0.5), "p95": rank(0.95), "p99": rank(0.99)],
                escalations: state.escalations, callsByHour: state.byHour
            )
        }
    }
}
