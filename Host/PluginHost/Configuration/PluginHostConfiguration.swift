import Foundation

/// How a ``PluginHost`` loads plugins and how long it lets their code run.
///
/// ```swift
/// var configuration = PluginHostConfiguration(dataDirectory: URL(fileURLWithPath: "data/plugins"))
/// configuration.settings["billing"] = ["currency": "USD"]
/// configuration.handlerDeadline = .milliseconds(1500)
/// let host = PluginHost(configuration: configuration)
/// ```
public struct PluginHostConfiguration: Sendable {
    /// Each plugin gets `<dataDirectory>/<plugin name>/` (created at load) as `api->data_dir`.
    public var dataDirectory: URL
    /// Where each plugin file is copied to a unique name before `dlopen` (the dynamic loader caches
    /// images by path, so a reload of the same path needs a fresh one). Created on first load. It
    /// must be on a file system that allows mapping executable code (not `noexec`).
    public var copyDirectory: URL
    /// Per-plugin configuration values (`[plugins.NAME]` in smartdesk.toml) for `api->config_get`.
    public var settings: [String: [String: String]]
    /// How long an intent handler or call-start hook may run before the turn is answered without it.
    public var handlerDeadline: Duration
    /// How long a tool may run before the call fails.
    public var toolDeadline: Duration
    /// How long `sd_plugin_describe`, `sd_plugin_init`, `sd_plugin_configure` and `sd_plugin_unload`
    /// may run. A load whose init overruns is refused; the image is released when init returns.
    public var lifecycleDeadline: Duration
    /// Which plugins run in worker processes of their own.
    public var isolation: PluginIsolation
    /// True in a plugin worker: its host has already checked tool arguments (JSON and schema), so
    /// they are not checked twice.
    var argumentsChecked = false
    /// Where plugin log lines (`api->log`) and the host's own lines about plugins go.
    public var log: @Sendable (PluginLogRecord) -> Void

    /// Every value has a default: `data/plugins`, a per-process temporary copy directory, no
    /// settings, 2 s per handler, 5 s per tool, 10 s per lifecycle call, log lines to standard error.
    public init(
        dataDirectory: URL = URL(fileURLWithPath: "data/plugins", isDirectory: true),
        copyDirectory: URL = PluginHostConfiguration.defaultCopyDirectory,
        settings: [String: [String: String]] = [:],
        handlerDeadline: Duration = .seconds(2),
        toolDeadline: Duration = .seconds(5),
        lifecycleDeadline: Duration = .seconds(10),
        isolation: PluginIsolation = PluginIsolation(),
        log: @escaping @Sendable (PluginLogRecord) -> Void = PluginHostConfiguration.standardErrorLog
    ) {
        self.dataDirectory = dataDirectory
        self.copyDirectory = copyDirectory
        self.settings = settings
        self.handlerDeadline = handlerDeadline
        self.toolDeadline = toolDeadline
        self.lifecycleDeadline = lifecycleDeadline
        self.isolation = isolation
        self.log = log
    }

    /// `<temporary directory>/smartdesk-plugins-<process id>/host-<random>`: one folder per host,
    /// removed at its shutdown; a later host sweeps the folders of processes that no longer run.
    public static var defaultCopyDirectory: URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("\(CopyDirectory.prefix)\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
            .appendingPathComponent("host-\(UUID().uuidString.prefix(8).lowercased())", isDirectory: true)
    }

    /// Writes `[plugin] level: message` lines to standard error.
    public static let standardErrorLog: @Sendable (PluginLogRecord) -> Void = { record in
        FileHandle.standardError.write(Data((record.description + "\n").utf8))
    }
}
