import HummingbirdWSClient
import NIOWebSocket
import TestSupport

/// Runs a WebSocket client's `body` beside `reader`, the task that iterates the socket's inbound
/// messages, and waits for the reader before returning — also when `body` throws. The client
/// reads what is left of the inbound stream after its handler returns; a reader still iterating
/// then is a second iterator of that stream, which SwiftNIO stops with a fatal error, taking the
/// whole test process down (seen under ThreadSanitizer, where a write in `body` failed first).
func whileReading(
    _ reader: Task<Void, Never>, closing outbound: WebSocketOutboundWriter, _ body: () async throws -> Void
) async throws {
    do {
        try await body()
    } catch {
        try? await outbound.close(.normalClosure, reason: nil)
        await finishReading(reader)
        throw error
    }
    await finishReading(reader)
}

/// Waits for `reader` to reach the end of the socket's inbound stream, at most `limit`, then
/// cancels it (which ends its iteration) and waits for that. Once in a few dozen runs the
/// WebSocket client never saw a close that the host sent right behind the upgrade: its socket sat
/// in CLOSE-WAIT, every thread idle, the stream never ended, and a plain `await reader.value`
/// held the whole test run until CI's limit. What the host sent is checked by the tests
/// themselves; this only keeps a lost close from hanging the run.
func finishReading(_ reader: Task<Void, Never>, within limit: Duration = TestTiming.scaled(.seconds(20))) async {
    await withTaskGroup(of: Bool.self) { group in
        group.addTask { await reader.value; return true }
        group.addTask {
            do { try await Task.sleep(for: limit) } catch { return true }  // cancelled: the reader ended first
            return false
        }
        if await group.next() == false {
            print("a WebSocket client saw no end of its inbound stream within \(limit): reading cancelled")
            reader.cancel()
        }
        group.cancelAll()
    }
}
