import Foundation
import HTTPClient
import Locks
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `smartdesk serve` as an operator runs it: it serves, answers `plugins --url`, and stops
/// cleanly on SIGTERM.
@Suite(.serialized) struct ServeCommandTests {
    /// A port nothing listens on now (bound to 0 and released).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(descriptor, pointer, length) == 0 else { return -1 }
                return getsockname(descriptor, pointer, &length)
            }
        }
        guard bound == 0 else { throw TestFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func servesAnswersTheAdminAPIAndStopsOnSIGTERM() async throws {
        let executable = TestPaths.buildDirectory.appendingPathComponent("smartdesk")
        guard FileManager.default.fileExists(atPath: executable.path) else { throw MissingTestData(path: executable.path) }
        let folder = try TestPaths.temporaryDirectory("serve")
        defer { try? FileManager.default.removeItem(at: folder) }
        let host = try ServeProcess(
            ["--data-dir", folder.path, "--database", folder.appendingPathComponent("analytics.db").path],
            environment: ["SMARTDESK_SERVER_DRAIN_SECONDS": "2"]
        )
        #expect(await host.ready(), "the host never got ready: \(host.text)")

        let list = try await Executable.run(executable.path, ["plugins", "list", "--url", host.url]).all
        #expect(list.contains("scheduling"), "\(list)")
        #expect(list.contains("intent billing.balance"), "\(list)")

        #expect(await host.terminate() == 0)   // SIGTERM
        let text = host.text
        #expect(text.contains("shutdown requested"), "\(text)")
        #expect(text.contains("stopped"), "\(text)")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
