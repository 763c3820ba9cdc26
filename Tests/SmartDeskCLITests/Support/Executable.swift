import Foundation
import TestSupport

/// A command the tests run as an operator would, and what it printed.
struct Executable {
    struct Run {
        let status: Int32
        let output: String
        let errors: String
        /// Standard output, then standard error.
        var all: String { output + errors }
    }

    /// The `smartdesk` built beside the tests.
    static var smartdesk: String { TestPaths.buildDirectory.appendingPathComponent("smartdesk").path }

    /// Runs `path` with `arguments` (in `folder` when given), the model directory set; both pipes
    /// are read while it runs, so a long output cannot block it.
    static func run(_ path: String, _ arguments: [String], in folder: URL? = nil) async throws -> Run {
        guard FileManager.default.fileExists(atPath: path) else { throw MissingTestData(path: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        var environment = ProcessInfo.processInfo.environment
        environment["SMARTDESK_MODEL_DIR"] = TestPaths.modelDirectory.path
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let reading = (Task { output.fileHandleForReading.readDataToEndOfFile() }, Task { errors.fileHandleForReading.readDataToEndOfFile() })
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Run(
            status: status, output: String(decoding: await reading.0.value, as: UTF8.self),
            errors: String(decoding: await reading.1.value, as: UTF8.self)
        )
    }
}
