import Analytics
import ArgumentParser
import Core
import Foundation
import Logging

/// `[analytics]` in `smartdesk.toml`:
///
/// ```toml
/// [analytics]
/// database = "postgres://smartdesk:secret@db.internal:5432/smartdesk"   # default: data/analytics.db (SQLite); "off": none
/// spill_limit_mb = 64        # events kept on disk while the store is unreachable
/// host_name = "desk-1"       # the name this host's events carry (default: the machine's)
/// ```
struct AnalyticsSettings: Equatable {
    static let defaultDatabase = "data/analytics.db"

    var database: String?
    var spillLimitMegabytes: Int?
    var hostName: String?

    static func parse(_ table: [String: String], ints: [String: Int], file: String) throws -> AnalyticsSettings {
        var settings = AnalyticsSettings()
        for (key, value) in table {
            switch key {
            case "database":
                guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw CLIError("\(file): analytics.database must not be empty (\"off\" for none)") }
                settings.database = value
            case "host_name": settings.hostName = value
            default: throw CLIError("\(file): unknown key analytics.\(key) (known: database, spill_limit_mb, host_name)")
            }
        }
        for (key, value) in ints {
            guard key == "spill_limit_mb" else { throw CLIError("\(file): analytics.\(key) must be a string") }
            guard (1...100_000).contains(value) else { throw CLIError("\(file): analytics.spill_limit_mb must be from 1 to 100000") }
            settings.spillLimitMegabytes = value
        }
        return settings
    }
}

/// `--database` on `serve`, `chat` and `report`.
struct AnalyticsOptions: ParsableArguments {
    @Option(help: "Where calls are recorded: postgres://user:password@host/db, a SQLite file, or off (default: [analytics] database, else data/analytics.db). Also $SMARTDESK_DATABASE.")
    var database: String?

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
    func pipeline(_ location: StoreLocation, config: ConfigFile, logger: Logger) -> EventPipeline {
        let spill: String
        switch location {
        case .sqlite(let path): spill = path + ".spill.jsonl"
        case .postgres: spill = "data/analytics-spill.jsonl"
        }
        var configuration = EventPipeline.Configuration(spillPath: spill)
        if let megabytes = config.analytics.spillLimitMegabytes { configuration.spillLimit = megabytes << 20 }
        return EventPipeline(location: location, configuration: configuration) { notice in
            switch notice {
            case .storeUnreachable(let why): logger.error("analytics store unreachable, events spill to \(spill): \(why)")
            case .storeRecovered(let replayed): logger.notice("analytics store back: \(replayed) spilled events replayed")
            case .spillGrowing(let bytes): logger.warning("analytics spill at \(bytes / 1024) KB (\(spill))")
            case .eventsDropped(let total): logger.error("analytics events dropped (spill full or refused): \(total) so far")
            }
        }
    }
}
