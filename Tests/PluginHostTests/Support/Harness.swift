import Foundation
import PluginHost
import Locks
#if canImport(Glibc)
import Glibc
#endif

/// A plugin host over its own temporary directories, with its log lines collected.
final class Harness: Sendable {
    let root: URL
    let host: PluginHost
    private let records: LogBox

    init(
        handlerDeadline: Duration = .seconds(2), toolDeadline: Duration = .seconds(2),
        lifecycleDeadline: Duration = .seconds(5), settings: [String: [String: String]] = [:],
        isolation: PluginIsolation = PluginIsolation()
    ) {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("smartdesk-host-test-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: root.appendingPathComponent("plugins"), withIntermediateDirectories: true)
        let records = LogBox()
        self.records = records
        host = PluginHost(configuration: PluginHostConfiguration(
            dataDirectory: root.appendingPathComponent("data", isDirectory: true),
            copyDirectory: root.appendingPathComponent("copies", isDirectory: true),
            settings: settings,
            handlerDeadline: handlerDeadline,
            toolDeadline: toolDeadline,
            lifecycleDeadline: lifecycleDeadline,
            isolation: isolation,
            log: { records.append($0) }
        ))
    }

    var pluginDirectory: URL { root.appendingPathComponent("plugins", isDirectory: true) }
    var copyDirectory: URL { root.appendingPathComponent("copies", isDirectory: true) }

    /// Puts a built fixture at `plugins/<file>` (replacing what was there) and returns that path.
    @discardableResult
    func install(_ builtPath: String, as file: String) throws -> String {
        let destination = pluginDirectory.appendingPathComponent(file)
        try Data(contentsOf: URL(fileURLWithPath: builtPath)).write(to: destination, options: .atomic)
        return destination.path
    }

    /// Builds and installs a fixture variant.
    @discardableResult
    func install(_ defines: [String], as file: String) async throws -> String {
        try install(await Fixtures.build(defines), as: file)
    }

    var logs: [PluginLogRecord] { records.all }

    func logged(_ fragment: String) -> Bool {
        logs.contains { $0.message.contains(fragment) }
    }

    /// The files in the copy directory.
    var copies: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: copyDirectory.path)) ?? []
    }

    /// Shuts the host down and removes the directories.
    func finish() async {
        await host.shutdown()
        try? FileManager.default.removeItem(at: root)
    }
}

private final class LogBox: Sendable {
    private let lines = Mutex<[PluginLogRecord]>([])

    func append(_ record: PluginLogRecord) {
        lines.withLock { $0.append(record) }
    }

    var all: [PluginLogRecord] {
        lines.withLock { $0 }
    }
}

/// Polls `condition` every 5 ms until it holds or `timeout` passes.
func waitUntil(_ timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while clock.now < end {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

/// Whether the dynamic loader still has an image loaded under `path` (RTLD_NOLOAD).
func isMapped(_ path: String) -> Bool {
    guard let handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD) else { return false }
    dlclose(handle)  // RTLD_NOLOAD took a reference
    return true
}

/// A turn for `intent` with defaults for everything else.
func makeTurn(_ intent: String, call: String = "call-1", slots: [String: String] = [:], values: [String: String] = [:]) -> TurnInput {
    TurnInput(callID: call, utterance: "test", intent: intent, slots: slots, callValues: values)
}

/// The message of the ``PluginError`` `body` throws, or nil when it does not throw.
func message(of body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as PluginError {
        return error.message
    } catch {
        return "not a PluginError: \(error)"
    }
}
