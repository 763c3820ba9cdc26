import Agent
import Analytics
import ArgumentParser
import Core
import Foundation
import HTTPClient
import Logging
import Server
import Locks

/// `--database` on `serve`, `chat` and `report`.
struct AnalyticsOptions: ParsableArguments {
    @Option(help: "Where calls are recorded: postgres://user:password@host/db, a SQLite file, or off (default: [analytics] database, else data/analytics.db). Also $SMARTDESK_DATABASE.")
    var database: String?

    /// The options as an empty command line gives them (the configuration file decides).
    static func defaults() throws -> AnalyticsOptions { try parse([]) }

    /// The store chosen by the option, the environment, the file, then the default; `nil`: off.
    func location(_ config: ConfigFile) throws -> StoreLocation? {
        let chosen = database ?? ProcessInfo.processInfo.environment["SMARTDESK_DATABASE"] ?? config.analytics.database
            ?? AnalyticsSettings.defaultDatabase
        if chosen == "off" { return nil }
        do {
            return try StoreLocation(parsing: chosen)
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// The pipeline for `location`, its spill file beside a SQLite store or in `data/`; its
    /// notices go to `logger`.
    func pipeline(_ location: StoreLocation, config: ConfigFile, logger: Logger,
                  also: @escaping @Sendable (EventPipeline.Notice) -> Void = { _ in }) -> EventPipeline {
        let spill: String
        switch location {
        case .sqlite(let path): spill = path + ".spill.jsonl"
        case .postgres: spill = "data/analytics-spill.jsonl"
        }
        var configuration = EventPipeline.Configuration(spillPath: spill)
        if let megabytes = config.analytics.spillLimitMegabytes { configuration.spillLimit = megabytes << 20 }
        return EventPipeline(location: location, configuration: configuration) { notice in
            also(notice)
            switch notice {
            case .storeUnreachable(let why): logger.error("analytics store unreachable, events spill to \(spill): \(why)")
            case .storeRecovered(let replayed): logger.notice("analytics store back: \(replayed) spilled events replayed")
            case .spillGrowing(let bytes): logger.warning("analytics spill at \(bytes / 1024) KB (\(spill))")
            case .eventsDropped(let total): logger.error("analytics events dropped (spill full or refused): \(total) so far")
            }
        }
    }
}

/// The analytics of one host process, assembled: the pipeline into the store, the metrics, the
/// alerts (logged, recorded as events, POSTed to the webhook), and what the server reads of them.
struct HostAnalytics {
    /// Where calls send their events (`nil`: nowhere — analytics off and no metrics wanted).
    let events: (any CallEventSink)?
    let server: ServerAnalytics

    private final class Late: Sendable {
        let pipeline = Mutex<EventPipeline?>(nil)
    }

    static func make(options: AnalyticsOptions, config: ConfigFile, logger: Logger, hostName: String) throws -> HostAnalytics {
        let location = try options.location(config)
        let metrics = HostMetrics()
        let late = Late()
        let webhook = config.analytics.alertWebhook
        var alertSettings = AlertMonitor.Configuration()
        if let milliseconds = config.analytics.alertLatencyMilliseconds { alertSettings.latencyThresholdMs = Double(milliseconds) }
        let alerts = AlertMonitor(configuration: alertSettings) { alert in
            logger.warning("ALERT \(alert.kind) (\(alert.severity)): \(alert.message)")
            late.pipeline.withLock { $0 }?.record(CallEvent(
                id: CallEvent.newID(), callID: "host:\(hostName)", at: alert.at, kind: .alert, host: hostName,
                intent: alert.kind, outcome: alert.severity, detail: #"{"message":"\#(JSONString.escaped(alert.message))"}"#
            ))
            if let webhook {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let body = (try? encoder.encode(WebhookAlert(alert: alert, host: hostName))) ?? Data()
                Task.detached {
                    do {
                        let response = try await HTTPClient.send(HTTPRequest(
                            method: "POST", url: webhook, headers: [("Content-Type", "application/json")], body: body, timeout: .seconds(5)
                        ))
                        if !(200..<300).contains(response.status) { logger.error("alert webhook answered \(response.status)") }
                    } catch {
                        logger.error("alert webhook failed: \(error)")
                    }
                }
            }
        }
        let pipeline = location.map { options.pipeline($0, config: config, logger: logger, also: alerts.pipeline) }
        late.pipeline.withLock { $0 = pipeline }
        let live = LiveView()
        let sinks: [any CallEventSink] = [pipeline].compactMap { $0 } + [metrics, alerts, live]
        return HostAnalytics(
            events: EventFanout(sinks),
            server: ServerAnalytics(store: location.map(AnalyticsStore.init(location:)), pipeline: pipeline, metrics: metrics, alerts: alerts,
                                    live: live)
        )
    }

    struct WebhookAlert: Encodable {
        var alert: Alert
        var host: String
    }
}
