import Foundation

/// Compiles a C plugin with the system compiler and nothing but the SDK header, as a plugin
/// author would: `cc -shared -fPIC -I SDK/include -o OUT SOURCE`.
public enum PluginBuilder {
    public struct BuildFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Builds `source` (relative to the repository root) with `-D` `defines` into `output`.
    @discardableResult
    public static func build(_ source: String, defines: [String] = [], output: URL) async throws -> URL {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cc", "-shared", "-fPIC", "-Wall", "-Wextra", "-I", TestPaths.root.appendingPathComponent("SDK/include").path]
            + defines.map { "-D" + $0 }
            + ["-o", output.path, TestPaths.root.appendingPathComponent(source).path]
        let errors = Pipe()
        process.standardError = errors
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0 else { throw BuildFailure(description: "cc \(source) failed: \(message)") }
        guard message.isEmpty else { throw BuildFailure(description: "cc \(source) warned: \(message)") }
        return output
    }
}
