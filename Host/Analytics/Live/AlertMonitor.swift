import Core
import Foundation
import Locks

/// Something an operator should know now.
public struct Alert: Sendable, Equatable, Codable {
    /// latency, escalation_spike, store_unreachable, spill_growing, events_dropped.
    public var kind: String
    /// warning or critical.
    public var severity: String
    public var message: String
    /// Milliseconds since 1970.
    public var at: Int64

    public init(kind: String, severity: String, message: String, at: Int64 = CallEvent.nowMilliseconds()) {
        self.kind = kind
        self.severity = severity
        self.message = message
        self.at = at
    }
}

extension CallEvent {
    public static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

/// Watches the call events and the pipeline for what an operator must hear about: a turn slower
/// than `latencyThreshold` end to end (warning), escalations spiking against their rolling
/// baseline, the store unreachable, the spill growing, events dropped. Each alert goes to
/// `deliver` (the host logs it, records it as an event, shows it on the dashboard and posts it to
/// the webhook); a kind repeats at most once per `cooldown`.
public final class AlertMonitor: CallEventSink, Sendable {
    public struct Configuration: Sendable {
        public var latencyThresholdMs = 2_000.0
        /// The recent calls the escalation rate is read over, and the older ones it is compared to.
        public var recentCalls = 20
        public var baselineCalls = 200
        /// A spike: the recent rate at least this many times the baseline (and `minimumRate`).
        public var spikeFactor = 2.0
        public var minimumRate = 0.3
        public var cooldown: Duration = .seconds(300)

        public init() {}
    }

    public let configuration: Configuration
    private let deliver: @Sendable (Alert) -> Void
    private let state = Mutex(State())

    private struct State {
        var outcomes: [Bool] = []  // escalated?, oldest first
        var lastRaised: [String: ContinuousClock.Instant] = [:]
        var recent: [Alert] = []
    }

    public init(configuration: Configuration = .init(), deliver: @escaping @Sendable (Alert) -> Void) {
        self.configuration = configuration
        self.deliver = deliver
    }

    /// The latest alerts, newest last (at most 50).
    public var recent: [Alert] { state.withLock { $0.recent } }

    public func record(_ event: CallEvent) {
        switch event.kind {
        case .turn, .turnAudio:
            if let total = event.latency[.endToEnd], total > configuration.latencyThresholdMs {
                raise(Alert(kind: "latency", severity: "warning",
                            message: String(format: "a turn took %.1f s end to end (call %@, turn %d; threshold %.1f s)",
                                            total / 1000, event.callID, event.turn ?? 0, configuration.latencyThresholdMs / 1000)))
            }
        case .callEnded:
            if let spike = noteOutcome(escalated: event.outcome == "escalated") { raise(spike) }
        default:
            break
        }
    }

    /// What the pipeline said.
    public func pipeline(_ notice: EventPipeline.Notice) {
        switch notice {
        case .storeUnreachable(let why):
            raise(Alert(kind: "store_unreachable", severity: "critical", message: "the analytics store is unreachable; events spill to disk: \(why)"))
        case .storeRecovered:
            break
        case .spillGrowing(let bytes):
            raise(Alert(kind: "spill_growing", severity: "warning", message: "the analytics spill file holds \(bytes / 1024) KB while the store is away"))
        case .eventsDropped(let total):
            raise(Alert(kind: "events_dropped", severity: "critical", message: "\(total) analytics events dropped (spill full, or refused by the store)"))
        }
    }

    private func noteOutcome(escalated: Bool) -> Alert? {
        state.withLock { state -> Alert? in
            state.outcomes.append(escalated)
            let keep = configuration.recentCalls + configuration.baselineCalls
            if state.outcomes.count > keep { state.outcomes.removeFirst(state.outcomes.count - keep) }
            guard state.outcomes.count >= configuration.recentCalls * 2 else { return nil }
            let recent = state.outcomes.suffix(configuration.recentCalls)
            let baseline = state.outcomes.dropLast(configuration.recentCalls)
            let recentRate = Double(recent.filter { $0 }.count) / Double(recent.count)
            let baselineRate = Double(baseline.filter { $0 }.count) / Double(baseline.count)
            guard recentRate >= configuration.minimumRate, recentRate >= baselineRate * configuration.spikeFactor,
                  recentRate > baselineRate else { return nil }
            return Alert(kind: "escalation_spike", severity: "warning",
                         message: String(format: "escalations at %.0f%% of the last %d calls against %.0f%% before",
                                         recentRate * 100, recent.count, baselineRate * 100))
        }
    }

    private func raise(_ alert: Alert) {
        let now = ContinuousClock.now
        let fresh = state.withLock { state -> Bool in
            if let last = state.lastRaised[alert.kind], now - last < configuration.cooldown { return false }
            state.lastRaised[alert.kind] = now
            state.recent.append(alert)
            if state.recent.count > 50 { state.recent.removeFirst(state.recent.count - 50) }
            return true
        }
        if fresh { deliver(alert) }
    }
}
