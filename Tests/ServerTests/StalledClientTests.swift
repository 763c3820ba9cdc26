import Foundation
@testable import Server
import Testing
import TestSupport

/// A client that stops reading while its call talks: its socket's buffers fill and the host's
/// writes wait. The write deadline cuts it off instead of holding the call (and its audio) for
/// as long as the client keeps the socket open.
@Suite(.serialized) struct StalledClientTests {
    @Test("a local audio client that never reads is cut off at the write deadline, its call ends, and the host serves the next")
    func aClientThatStopsReadingIsCutOff() async throws {
        let harness = try await ServerHarness.start { $0.writeDeadline = .seconds(1) }
        let stalled = try VanishingSocket(port: harness.port, path: "/audio", receiveBuffer: 2048)
        #expect(await eventually(timeout: .seconds(5)) { harness.context.calls.count == 1 })

        // 30 s of line silence, sent at once (the call runs on stream time; on a loaded machine
        // hearing it takes a while, hence the long wait below): the agent greets,
        // asks again, asks whether anyone is there, says goodbye — more audio than the socket
        // holds, and nothing is ever read.
        let silence = [UInt8](repeating: 0, count: 640)
        // The host may cut the client off before all of it is sent (an instrumented test sends
        // slowly): a send that fails then is what this test expects, not an error.
        for _ in 0..<1500 {
            do { try stalled.sendBinary(silence) } catch { break }
        }
        #expect(await eventually(timeout: .seconds(90)) { harness.context.calls.count == 0 }, "the stalled call is still live")

        // Another caller is served as usual.
        let next = try VanishingSocket(port: harness.port, path: "/audio")
        let first = String(decoding: try next.receive(), as: UTF8.self)
        #expect(!first.isEmpty)
        next.vanish()
        stalled.vanish()
        await harness.close()
    }
}
