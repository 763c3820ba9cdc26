import HummingbirdWSClient
import NIOWebSocket

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
        _ = await reader.value
        throw error
    }
    _ = await reader.value
}
