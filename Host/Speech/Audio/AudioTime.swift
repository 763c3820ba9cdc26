/// Conversions between sample counts and durations.
public enum AudioTime {
    /// The whole length of `duration` in nanoseconds.
    public static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// The time `samples` take at `rate` Hz.
    public static func duration(samples: Int, rate: Int) -> Duration {
        .nanoseconds(Int64(samples) * 1_000_000_000 / Int64(rate))
    }

    /// The samples `duration` holds at `rate` Hz (rounded down).
    public static func samples(_ duration: Duration, rate: Int) -> Int {
        Int(nanoseconds(duration) * Int64(rate) / 1_000_000_000)
    }
}
