import Foundation
import HTTPClient
import Locks
import TestSupport

/// `smartdesk serve` as an operator starts it, on a free port, its standard error collected and
/// its exit status kept.
final class ServeProcess: Sendable {
    let port: Int
    private let process: Process
    private let errors: Pipe
    private let seen = Seen()

    /// What the callbacks record.
    private final class Seen: Sendable {
        let log = Mutex("")
        let exitStatus = Mutex<Int32?>(nil)
    }

    /// Starts `serve --port P` plus `arguments`, with the test models and `environment` added.
    init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
        port = try ServeCommandTests.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: Executable.smartdesk)
        process.arguments = ["serve", "--port", "\(port)"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SMARTDESK_MODEL_DIR"] = TestPaths.modelDirectory.path
        environment.merge(extra) { _, given in given }
        process.environment = environment
        errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        errors.fileHandleForReading.readabilityHandler = { [seen] handle in
            let data = handle.availableData
            seen.log.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        process.terminationHandler = { [seen] process in seen.exitStatus.withLock { $0 = process.terminationStatus } }
        try process.run()
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var text: String { seen.log.withLock { $0 } }
    /// nil while it runs.
    var exited: Int32? { seen.exitStatus.withLock { $0 } }

    /// Whether `/readyz` answered 200 within `timeout`.
    func ready(within timeout: Duration = .seconds(60)) async -> Bool {
        await eventually(timeout: timeout) { (try? await HTTPClient.send(HTTPRequest(url: self.url + "/readyz")))?.status == 200 }
    }

    /// SIGTERM, then the exit status (nil when it did not exit within `timeout`).
    func terminate(within timeout: Duration = .seconds(30)) async -> Int32? {
        if process.isRunning { process.terminate() }
        _ = await eventually(timeout: timeout) { self.exited != nil }
        errors.fileHandleForReading.readabilityHandler = nil
        return exited
    }
}
