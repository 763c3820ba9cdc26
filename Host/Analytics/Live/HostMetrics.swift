import Core
import CoreMetrics
import Foundation
import Prometheus
import Locks

/// The host's Prometheus metrics, fed by the call events (swift-metrics types over a registry of
/// this host's own, so no process-wide bootstrap): calls by transport and outcome, turns by path,
/// latency histograms per stage, handoffs, barge-ins, alerts; and, read when scraped, live calls,
/// plugin generations, the pipeline's queue depth, spill size and dropped events.
public final class HostMetrics: CallEventSink, Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: CoreMetrics.Timer]>([:])
    private let gauges = Mutex<[String: Prometheus.Gauge]>([:])

    /// Seconds: from 5 ms to 10 s, where turn stages live.
    static let buckets: [Duration] = [5, 10, 25, 50, 100, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000]
        .map { .milliseconds($0) }

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.buckets
        self.factory = factory
    }

    private func count(_ name: String, _ labels: [(String, String)]) {
        let key = name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        let counter = counters.withLock { counters in
            if let existing = counters[key] { return existing }
            let made = CoreMetrics.Counter(label: name, dimensions: labels, factory: factory)
            counters[key] = made
            return made
        }
        counter.increment()
    }

    private func time(_ stage: String, milliseconds: Double) {
        guard milliseconds.isFinite, milliseconds >= 0 else { return }
        let timer = timers.withLock { timers in
            if let existing = timers[stage] { return existing }
            let made = CoreMetrics.Timer(label: "smartdesk_turn_stage_seconds", dimensions: [("stage", stage)], factory: factory)
            timers[stage] = made
            return made
        }
        timer.recordNanoseconds(Int64(milliseconds * 1_000_000))
    }

    public func record(_ event: CallEvent) {
        switch event.kind {
        case .callStarted:
            count("smartdesk_calls_started_total", [("transport", event.transport ?? "unknown")])
        case .callEnded:
            count("smartdesk_calls_ended_total", [("transport", event.transport ?? "unknown"), ("outcome", event.outcome ?? "unknown")])
        case .turn:
            count("smartdesk_turns_total", [("path", event.path?.rawValue ?? "none")])
        case .handoff:
            count("smartdesk_handoffs_total", [("delivery", event.outcome ?? "unknown")])
        case .bargeIn:
            count("smartdesk_barge_ins_total", [])
        case .toolCall:
            count("smartdesk_tool_calls_total", [("outcome", event.outcome ?? "unknown")])
        case .clarification:
            count("smartdesk_clarifications_total", [("outcome", event.outcome ?? "asked")])
        case .alert:
            count("smartdesk_alerts_total", [("alert", event.intent ?? "unknown")])
        case .engineError:
            count("smartdesk_engine_errors_total", [("engine", event.outcome ?? "unknown")])
        case .turnAudio:
            break
        }
        for (stage, milliseconds) in event.latency { time(stage.rawValue, milliseconds: milliseconds) }
    }

    /// Sets a gauge (read at scrape time: live calls, queue depth, spill size…).
    public func set(_ name: String, _ value: Double, labels: [(String, String)] = []) {
        let key = name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        let gauge = gauges.withLock { gauges in
            if let existing = gauges[key] { return existing }
            let made = registry.makeGauge(name: name, labels: labels)
            gauges[key] = made
            return made
        }
        gauge.set(value)
    }

    /// The text exposition format.
    public func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
