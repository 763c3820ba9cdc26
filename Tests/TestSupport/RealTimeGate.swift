/// Keeps the tests that run speech in real time (a caller on the Twilio protocol, whose turn
/// taking follows the agent's audio as it plays) from overlapping the heaviest other tests (a
/// headless browser): on a 2-core machine a browser starting beside a real-time call stalls the
/// agent's speech long enough for the caller to talk over it. One holder at a time.
public actor RealTimeGate {
    public static let shared = RealTimeGate()

    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            held = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
