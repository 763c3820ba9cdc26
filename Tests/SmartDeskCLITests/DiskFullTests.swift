import Foundation
import HTTPClient
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOWebSocket
import Locks
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The disk under the data directory fills while a call talks, with a real `smartdesk serve`
/// process and a text-protocol caller on loopback: the booking that cannot be written gets the
/// graceful line, answers that only read go on, the host stays up, and once there is room again
/// the same booking goes through. The data directory is a 4 MB tmpfs, so this needs root (CI and
/// this machine run as root; elsewhere it is skipped, saying so).
@Suite(.serialized) struct DiskFullTests {
    static let secret = "disk-full-secret-0123456789"
    static let canMount: Bool = geteuid() == 0 && FileManager.default.fileExists(atPath: "/bin/mount")

    @Test(.enabled(if: canMount, "mounting a small tmpfs needs root"),
          .enabled(if: TestTiming.realTime, "the host greets 300 ms after the socket opens: an instrumented host is later than that"))
    func aFullDiskFailsTheWriteGracefullyAndTheHostCarriesOn() async throws {
        let folder = try TestPaths.temporaryDirectory("disk-full")
        let disk = folder.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        #expect(try await Executable.run("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.path]).status == 0)
        defer {
            _ = umount2(disk.path, Int32(MNT_DETACH))
            try? FileManager.default.removeItem(at: folder)
        }
        let host = try ServeProcess(
            ["--data-dir", disk.appendingPathComponent("data").path, "--database", disk.appendingPathComponent("analytics.db").path],
            environment: ["SMARTDESK_SERVER_DRAIN_SECONDS": "1", "SMARTDESK_TEXT_SECRET": Self.secret]
        )
        let port = host.port
        try #require(await host.ready(), "the host never got ready: \(host.text)")

        let filler = disk.appendingPathComponent("filler")
        var answered: [String]?
        // The host greets 300 ms after the socket opens whether or not the call's details came;
        // on a loaded machine they can come later and the call is anonymous: dial again.
        for attempt in 0..<5 where answered == nil {
            answered = try await Self.call(port: port, id: "disk-full-\(attempt)", turns: [
            "I'd like to book a cleaning next wednesday at 10:30am",
            "fill the disk",
            "yes",
            "what are your opening hours",
            "free the disk",
            "I'd like to book a cleaning next wednesday at 10:30am",
            "yes",
            ]) { said in
                if said == "fill the disk" { Self.fill(filler) }
                if said == "free the disk" { try? FileManager.default.removeItem(at: filler) }
            }
        }
        let replies = try #require(answered, "the caller was never recognised")
        #expect(replies.count == 5, "\(replies)")
        guard replies.count == 5 else { return }
        #expect(replies[0].lowercased().contains("wednesday"), "\(replies[0])")
        #expect(replies[1].contains("Sorry"), "the booking that could not be written: \(replies[1])")
        #expect(replies[2].contains("9 AM"), "a read goes on: \(replies[2])")
        #expect(replies[4].lowercased().contains("booked"), "with room again: \(replies[4])")
        #expect(host.exited == nil, "the host is still up")
        #expect((try? await HTTPClient.send(HTTPRequest(url: host.url + "/healthz")))?.status == 200)

        #expect(await host.terminate() == 0, "\(host.text.suffix(2000))")
    }

    /// Writes zeros until the file system refuses.
    static func fill(_ file: URL) {
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        guard let handle = try? FileHandle(forWritingTo: file) else { return }
        let block = Data(count: 64 << 10)
        while (try? handle.write(contentsOf: block)) != nil {}
        try? handle.close()
    }

    /// A text-protocol call from the demo customer: each line is a caller turn (`action` runs
    /// first, for the lines the test acts on instead of saying); answers the agent's complete
    /// reply to each turn said, or nil when the greeting did not know the caller.
    static func call(port: Int, id callID: String, turns: [String], action: @escaping @Sendable (String) -> Void) async throws -> [String]? {
        var logger = Logger(label: "disk-full")
        logger.logLevel = .critical
        let replies = Mutex<[String]?>([])
        var configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 20)
        configuration.additionalHeaders[.authorization] = "Bearer \(secret)"
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/llm-websocket/\(callID)", configuration: configuration, logger: logger) { inbound, outbound, _ in
            // The demo customer calling, vouched for by the platform's secret.
            try await outbound.write(.text(#"{"interaction_type":"call_details","call":{"call_id":"\#(callID)","from_number":"+15551230001","to_number":"+15550100000"}}"#))
            var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
            func reply(to id: Int) async throws -> String {
                var text = ""
                while let message = try await messages.next() {
                    guard case .text(let frame) = message,
                        let object = try? JSONSerialization.jsonObject(with: Data(frame.utf8)) as? [String: Any],
                        object["response_id"] as? Int == id
                    else { continue }
                    text += object["content"] as? String ?? ""
                    if object["content_complete"] as? Bool == true { return text }
                }
                return text
            }
            guard try await reply(to: 0).contains("Dana") else {
                replies.withLock { $0 = nil }
                try await outbound.close(.normalClosure, reason: nil)
                return
            }
            var transcript: [String] = []
            var id = 0
            for said in turns {
                action(said)
                if said.hasSuffix("the disk") { continue }
                id += 1
                transcript.append(#"{"role":"user","content":"\#(said)"}"#)
                try await outbound.write(.text(#"{"interaction_type":"response_required","response_id":\#(id),"transcript":[\#(transcript.joined(separator: ","))]}"#))
                let text = try await reply(to: id)
                replies.withLock { $0?.append(text) }
                transcript.append(#"{"role":"agent","content":"\#(text.replacingOccurrences(of: "\"", with: "'"))"}"#)
            }
            try await outbound.close(.normalClosure, reason: nil)
        }
        return replies.withLock { $0 }
    }
}
