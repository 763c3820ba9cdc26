import Foundation

/// Compiles a C plugin with the system compiler and nothing but the SDK header, as a plugin
/// author would: `cc -shared -fPIC -I SDK/include -o OUT SOURCE`.
public enum PluginBuilder {
    public struct BuildFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Builds `source` (relative to the repository root) with `-D` `defines` into `output`, with
    /// `-Wall -Wextra`; a warning fails the build.
    @discardableResult
    public static func build(_ source: String, defines: [String] = [], output: URL) async throws -> URL {
        let (status, message) = try await compile(source, flags: ["-Wall", "-Wextra"], defines: defines, output: output.path)
        guard status == 0 else { throw BuildFailure(description: "cc \(source) failed: \(message)") }
        guard message.isEmpty else { throw BuildFailure(description: "cc \(source) warned: \(message)") }
        return output
    }

    /// Runs `cc -shared -fPIC FLAGS -I SDK/include -DDEFINE… -o OUTPUT SOURCE` (`source` relative to
    /// the repository root) and answers cc's exit status and what it wrote to standard error. The
    /// compiler is awaited, never waited for on a thread: blocking the cooperative pool would
    /// delay every other test's tasks.
    public static func compile(
        _ source: String, flags: [String], defines: [String], output: String
    ) async throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cc", "-shared", "-fPIC"] + flags + ["-I", TestPaths.root.appendingPathComponent("SDK/include").path]
            + defines.map { "-D" + $0 }
            + ["-o", output, TestPaths.root.appendingPathComponent(source).path]
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
        return (status, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}
