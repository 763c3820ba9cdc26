import Analytics
import ArgumentParser
import Foundation

/// `smartdesk report`: figures from the analytics store.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Figures from the analytics store.",
        subcommands: [DailyReportCommand.self]
    )
}

/// `smartdesk report daily [--date D] [--json]`
struct DailyReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daily",
        abstract: "One day's calls, resolution and escalation rates, intents, fast-path share, clarification success, latency per stage (UTC day)."
    )

    @OptionGroup var host: HostOptions
    @OptionGroup var analytics: AnalyticsOptions

    @Option(help: "The day, YYYY-MM-DD (UTC; default today).")
    var date: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() async throws {
        let day = date ?? DailyReport.today()
        guard DailyReport.dayRange(day) != nil else { throw CLIError.exit(CLIError("--date wants YYYY-MM-DD, got \(day)")) }
        let report: DailyReport
        do {
            guard let location = try analytics.location(try host.config()) else {
                throw CLIError("analytics are off (--database off): there is nothing to report")
            }
            let store = AnalyticsStore(location: location)
            defer { store.close() }
            report = try store.dailyReport(date: day)
        } catch {
            throw CLIError.exit(error)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(Self.text(report))
        }
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    static func text(_ report: DailyReport) -> String {
        var lines = ["SmartDesk daily report for \(report.date) (UTC)"]
        lines.append("calls                      \(report.calls) (\(report.callsEnded) ended)")
        lines.append("resolved                   \(report.resolved) (\(percent(report.resolutionRate)))")
        lines.append("escalated                  \(report.escalated) (\(percent(report.escalationRate)))")
        lines.append("abandoned                  \(report.abandoned)")
        lines.append("turns                      \(report.turns)")
        lines.append("fast-path share            \(percent(report.fastPathShare)) of requests")
        lines.append("clarifications             \(report.clarificationsAsked) asked, success \(percent(report.clarificationSuccessRate))")
        lines.append("handoffs / barge-ins       \(report.handoffs) / \(report.bargeIns)")
        if !report.paths.isEmpty {
            lines.append("paths:")
            for (path, count) in report.paths.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
                lines.append("  \(path.padding(toLength: 25, withPad: " ", startingAt: 0))\(count)")
            }
        }
        if !report.intents.isEmpty {
            lines.append("intents:")
            for (intent, count) in report.intents.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
                lines.append("  \(intent.padding(toLength: 25, withPad: " ", startingAt: 0))\(count)")
            }
        }
        if !report.latencyMs.isEmpty {
            lines.append("latency (ms)               p50      p95      p99      n")
            for stage in ["endpointing", "recognition", "classification", "skill", "llm_first_token", "first_audio", "end_to_end"] {
                guard let value = report.latencyMs[stage] else { continue }
                lines.append("  " + stage.padding(toLength: 23, withPad: " ", startingAt: 0)
                             + String(format: "%8.1f %8.1f %8.1f %6d", value.p50, value.p95, value.p99, value.count))
            }
        }
        return lines.joined(separator: "\n")
    }
}
