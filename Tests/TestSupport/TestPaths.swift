import Foundation

/// Paths the tests need, found from this file's place in the repository so that they do not
/// depend on the directory `swift test` was started from.
public enum TestPaths {
    /// The repository root.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `../shared/data` beside the repository, or `$SMARTDESK_SHARED_DATA`.
    public static var sharedData: URL {
        if let override = ProcessInfo.processInfo.environment["SMARTDESK_SHARED_DATA"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        return root.deletingLastPathComponent().appendingPathComponent("shared/data", isDirectory: true)
    }

    /// The model folder: `$SMARTDESK_MODEL_DIR`, else `models/all-MiniLM-L6-v2` in the repository.
    public static var modelDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["SMARTDESK_MODEL_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        return root.appendingPathComponent("models/all-MiniLM-L6-v2", isDirectory: true)
    }

    /// A file under the shared data folder; fails loudly when it is not there.
    public static func sharedFile(_ relativePath: String) throws -> URL {
        let url = sharedData.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingTestData(path: url.path)
        }
        return url
    }
}

public struct MissingTestData: Error, CustomStringConvertible {
    public let path: String
    public var description: String {
        "test data missing: \(path) (shared/ must sit beside the repository, or set SMARTDESK_SHARED_DATA)"
    }
}
