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

    /// The folder the running test binary was built into; the bundled plugins
    /// (`libBilling.so`, …) are built beside it.
    public static var buildDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// A bundled plugin's shared library, built by `swift build` / `swift test`.
    public static func bundledPlugin(_ name: String) throws -> URL {
        let url = buildDirectory.appendingPathComponent("lib\(name).so")
        guard FileManager.default.fileExists(atPath: url.path) else { throw MissingTestData(path: url.path) }
        return url
    }

    /// A fresh empty folder under the system's temporary directory.
    public static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("smartdesk-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
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
    public init(path: String) { self.path = path }
    public var description: String {
        "test data missing: \(path) (shared/ must sit beside the repository, or set SMARTDESK_SHARED_DATA)"
    }
}
