import Foundation
import Histogram

/// Latencies recorded in an HDR histogram (microsecond resolution), reported in milliseconds.
struct LatencyRecorder {
    private var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)

    mutating func record(_ duration: Duration) {
        let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        _ = histogram.record(UInt64(max(1, micros)))
    }

    var count: UInt64 { histogram.totalCount }

    mutating func merge(_ other: LatencyRecorder) { histogram.add(other.histogram) }

    func milliseconds(atPercentile percentile: Double) -> Double {
        Double(histogram.valueAtPercentile(percentile)) / 1000
    }

    var meanMilliseconds: Double { histogram.mean / 1000 }
    var maxMilliseconds: Double { Double(histogram.max) / 1000 }

    /// "p50 1.23 ms  p90 …  p99 …  max …"
    var summary: String {
        String(
            format: "p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms  (n=%d)",
            milliseconds(atPercentile: 50), milliseconds(atPercentile: 90), milliseconds(atPercentile: 99),
            maxMilliseconds, Int(count)
        )
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) * 1e-15
    }
}

/// Resident memory of this process, from /proc/self/status.
enum ProcessMemory {
    static func residentMegabytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kilobytes = Double(fields[1]) { return kilobytes / 1024 }
        }
        return nil
    }
}
