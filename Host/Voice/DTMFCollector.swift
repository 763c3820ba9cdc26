/// Gathers keypad digits into one answer, the way a caller types an account number: the answer
/// is complete on `#`, when the expected number of digits is in, or after a pause. `*` starts
/// over. Pure: the caller passes stream time.
public struct DTMFCollector: Sendable, Equatable {
    /// The keys a phone sends.
    public static let keys: Set<Character> = Set("0123456789*#ABCD")

    /// A pause this long after the last key ends the answer.
    public var pause: Duration
    /// When set, this many digits end the answer at once.
    public var expectedCount: Int?
    /// Digits beyond this are ignored (a stuck key).
    public var maximumCount: Int

    public private(set) var digits = ""
    private var lastKeyAt: Duration?

    public init(pause: Duration = .seconds(2), expectedCount: Int? = nil, maximumCount: Int = 32) {
        self.pause = pause
        self.expectedCount = expectedCount
        self.maximumCount = maximumCount
    }

    /// True while digits are waiting for the rest of the answer.
    public var isCollecting: Bool { !digits.isEmpty }

    /// A key was pressed at `time`. Returns the answer when this key completes it. Keys a phone
    /// cannot send are ignored.
    public mutating func press(_ key: Character, at time: Duration) -> String? {
        guard Self.keys.contains(key) else { return nil }
        lastKeyAt = time
        switch key {
        case "#":
            return take()
        case "*":
            digits = ""
            lastKeyAt = nil
            return nil
        case "0"..."9":
            if digits.count < maximumCount { digits.append(key) }
            if let expectedCount, digits.count >= expectedCount { return take() }
            return nil
        default:
            // A–D: menu keys on some phones; taken as an answer on their own.
            digits = ""
            lastKeyAt = nil
            return String(key)
        }
    }

    /// The time is now `time`: returns the answer when the pause after the last key has passed.
    public mutating func tick(at time: Duration) -> String? {
        guard let lastKeyAt, !digits.isEmpty, time - lastKeyAt >= pause else { return nil }
        return take()
    }

    private mutating func take() -> String? {
        defer {
            digits = ""
            lastKeyAt = nil
        }
        return digits.isEmpty ? nil : digits
    }
}
