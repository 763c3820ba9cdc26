import Foundation

/// `[analytics]` in `smartdesk.toml`:
///
/// ```toml
/// [analytics]
/// database = "postgres://smartdesk:secret@db.internal:5432/smartdesk"   # default: data/analytics.db (SQLite); "off": none
/// spill_limit_mb = 64        # events kept on disk while the store is unreachable
/// host_name = "desk-1"       # the name this host's events carry (default: the machine's)
/// alert_webhook = "https://hooks.example.com/smartdesk"   # alerts are POSTed here as JSON
/// alert_latency_ms = 2000    # a turn slower than this end to end raises a warning
/// ```
struct AnalyticsSettings: Equatable {
    static let defaultDatabase = "data/analytics.db"

    var database: String?
    var spillLimitMegabytes: Int?
    var hostName: String?
    var alertWebhook: String?
    var alertLatencyMilliseconds: Int?

    static func parse(_ table: [String: String], ints: [String: Int], file: String) throws -> AnalyticsSettings {
        var settings = AnalyticsSettings()
        for (key, value) in table {
            switch key {
            case "database":
                guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw CLIError("\(file): analytics.database must not be empty (\"off\" for none)") }
                settings.database = value
            case "host_name": settings.hostName = value
            case "alert_webhook":
                guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
                    throw CLIError("\(file): analytics.alert_webhook must be an http:// or https:// URL")
                }
                settings.alertWebhook = value
            default: throw CLIError("\(file): unknown key analytics.\(key) (known: database, spill_limit_mb, host_name, alert_webhook, alert_latency_ms)")
            }
        }
        for (key, value) in ints {
            switch key {
            case "spill_limit_mb":
                guard (1...100_000).contains(value) else { throw CLIError("\(file): analytics.spill_limit_mb must be from 1 to 100000") }
                settings.spillLimitMegabytes = value
            case "alert_latency_ms":
                guard (100...60_000).contains(value) else { throw CLIError("\(file): analytics.alert_latency_ms must be from 100 to 60000") }
                settings.alertLatencyMilliseconds = value
            default:
                throw CLIError("\(file): analytics.\(key) must be a string")
            }
        }
        return settings
    }
}
