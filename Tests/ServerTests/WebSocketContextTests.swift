import Foundation
import HTTPClient
@testable import Server
import Locks
import Testing
import TestSupport

/// HummingbirdWebSocket keeps a WebSocket route's handler in a box held by the request context,
/// together with that context: a cycle nothing broke, so every call (and every plain GET of a
/// WebSocket path) kept its request context, and the connection it names, for the life of the
/// host. Found by LeakSanitizer; ``WebSocketSlot`` counts what is alive.
@Suite(.serialized) struct WebSocketContextTests {
    @Test func callsAndPlainRequestsOfWebSocketPathsLeaveNoRequestContextBehind() async throws {
        let harness = try await ServerHarness.start()
        let before = WebSocketSlot.live.load(ordering: .relaxed)
        for index in 0..<12 {
            let platform = TextProtocolTests.Platform()
            try await platform.run(harness, callID: "slot-\(index)") { _, platform in
                #expect(await platform.wait { $0.complete(0) != nil }, "the greeting")
            }
        }
        for _ in 0..<12 {
            let response = try await harness.get("/llm-websocket/plain-get")
            #expect(response.status == 405, "not a WebSocket request: not upgraded")
        }
        // Other suites' requests come and go beside this one: what stays must be far below the 24
        // contexts this test made.
        let settled = await eventually(timeout: .seconds(15)) {
            WebSocketSlot.live.load(ordering: .relaxed) - before < 8
        }
        #expect(settled, "\(WebSocketSlot.live.load(ordering: .relaxed) - before) request contexts more than before")
        await harness.close()
    }
}
