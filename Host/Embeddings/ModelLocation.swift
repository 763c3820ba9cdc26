import Foundation

/// Where the all-MiniLM-L6-v2 files live: `$SMARTDESK_MODEL_DIR`, else `models/all-MiniLM-L6-v2`
/// under the current directory (where `make model` puts them).
public struct ModelLocation: Sendable, Equatable {
    public static let environmentVariable = "SMARTDESK_MODEL_DIR"
    public static let defaultRelativePath = "models/all-MiniLM-L6-v2"

    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The location chosen by the environment, or the default one.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        if let override = environment[environmentVariable], !override.isEmpty {
            return Self(directory: URL(fileURLWithPath: override, isDirectory: true))
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        return Self(directory: cwd.appendingPathComponent(defaultRelativePath, isDirectory: true))
    }

    public var weightsFile: URL { directory.appendingPathComponent("model.safetensors") }
    public var vocabularyFile: URL { directory.appendingPathComponent("vocab.txt") }

    /// Throws a "model missing" error naming the fetch command when either file is absent.
    public func checkPresent() throws {
        for file in [weightsFile, vocabularyFile] where !FileManager.default.fileExists(atPath: file.path) {
            throw EmbeddingError.modelMissing(directory: directory.path, file: file.lastPathComponent)
        }
    }
}
