import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Locks
import TestSupport

/// Builds variants of `Tests/PluginFixtures/fixture.c` with the system C compiler, each once per
/// test run, into a temporary directory. Builds run one at a time (the machine is shared) and
/// are awaited, never waited for on a thread: tests that block the cooperative pool would delay
/// every other test's tasks.
enum Fixtures {
    struct BuildFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// `<tmp>/smartdesk-fixtures-<pid>`; those of earlier runs whose process is gone are removed.
    static let directory: URL = {
        let temporary = FileManager.default.temporaryDirectory
        let prefix = "smartdesk-fixtures-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        where name.hasPrefix(prefix) {
            if let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0 {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
        let directory = temporary.appendingPathComponent(prefix + "\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }()

    private struct Builds {
        var byKey: [String: Task<String, any Error>] = [:]
        /// The last build started; the next one waits for it.
        var tail: Task<Void, Never>?
    }

    private static let builds = Mutex(Builds())

    /// The path of the fixture built with `defines` (`"REPLY=\"v2\""`, `"NO_INIT"`, …).
    static func build(_ defines: [String] = []) async throws -> String {
        let key = defines.joined(separator: " ")
        let task = builds.withLock { builds in
            if let existing = builds.byKey[key] { return existing }
            let output = directory.appendingPathComponent("libfixture-\(builds.byKey.count).so").path
            let previous = builds.tail
            let task = Task {
                await previous?.value
                return try await compile(defines, into: output)
            }
            builds.byKey[key] = task
            builds.tail = Task { _ = try? await task.value }
            return task
        }
        return try await task.value
    }

    private static func compile(_ defines: [String], into output: String) async throws -> String {
        let (status, errors) = try await PluginBuilder.compile(
            "Tests/PluginFixtures/fixture.c", flags: ["-O1", "-w"], defines: defines, output: output
        )
        guard status == 0 else {
            throw BuildFailure(description: "cc \(defines.joined(separator: " ")) failed: \(errors)")
        }
        return output
    }

    /// `PLUGIN_NAME="name"` as a define.
    static func name(_ name: String) -> String { "PLUGIN_NAME=\"\(name)\"" }

    /// `REPLY="reply"` as a define.
    static func reply(_ reply: String) -> String { "REPLY=\"\(reply)\"" }
}
