import Foundation

/// The suite under a sanitizer runs 2–5× slower: `make test-asan` and `make test-tsan` set
/// `SMARTDESK_TEST_TIME_SCALE`, and waits and deadlines that are not what a test checks are
/// scaled by it. A test of a deadline itself keeps its figures.
public enum TestTiming {
    public static let scale: Double = {
        guard let text = ProcessInfo.processInfo.environment["SMARTDESK_TEST_TIME_SCALE"],
            let value = Double(text), value >= 1
        else { return 1 }
        return value
    }()

    public static func scaled(_ duration: Duration) -> Duration { duration * scale }

    /// Whether code runs at full speed: a caller speaking at the pace of speech over a socket needs
    /// the agent to keep up in real time, which instrumented code does not.
    public static var realTime: Bool { scale == 1 }
}
