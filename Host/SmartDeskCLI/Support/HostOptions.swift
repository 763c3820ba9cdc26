import Agent
import ArgumentParser
import Core
import Foundation
import PluginHost

/// The plugins and data a locally started host uses, shared by `chat` and `plugins`.
struct HostOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "The configuration file (default: ./smartdesk.toml when present).")
    var configPath: String?

    @Option(name: .customLong("plugin-dir"), help: "Load every *.so in this folder instead of the bundled plugins.")
    var pluginDirectoryOption: String?

    @Option(name: .customLong("plugin"), help: "Also load this plugin (repeatable).")
    var extraPlugins: [String] = []

    @Flag(name: .customLong("no-bundled"), help: "Do not load the bundled plugins.")
    var noBundled = false

    @Option(name: .customLong("data-dir"), help: "Where plugins keep their data (default: ./data/plugins).")
    var dataDirectoryOption: String?

    @Option(name: .customLong("set"), help: "A plugin setting, PLUGIN.KEY=VALUE (repeatable), e.g. --set crm.business_name=Acme")
    var settings: [String] = []

    @Option(name: .customLong("handler-deadline-ms"), help: "How long a plugin handler may run (default 2000).")
    var handlerDeadlineMilliseconds: Int = 2000

    /// The shared libraries that ship with SmartDesk, found beside the executable.
    static let bundledPlugins = ["libScheduling.so", "libBilling.so", "libCRM.so", "libHandoff.so", "libFAQ.so"]

    static var executableDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The configuration file and environment; options given on the command line win over both.
    func config() throws -> ConfigFile {
        try ConfigFile.load(path: configPath)
    }

    func pluginSettings(_ config: ConfigFile) throws -> [String: [String: String]] {
        var result = config.pluginSettings
        for setting in settings {
            guard let equals = setting.firstIndex(of: "="), let dot = setting[..<equals].firstIndex(of: ".") else {
                throw ValidationError("--set wants PLUGIN.KEY=VALUE, got \(setting)")
            }
            let plugin = String(setting[..<dot]), key = String(setting[setting.index(after: dot)..<equals])
            result[plugin, default: [:]][key] = String(setting[setting.index(after: equals)...])
        }
        return result
    }

    /// A plugin host with these options; plugin log lines go to standard error.
    func makeHost(config: ConfigFile, log: @escaping @Sendable (PluginLogRecord) -> Void = HostOptions.printLog) throws -> PluginHost {
        let data = URL(fileURLWithPath: dataDirectoryOption ?? config.dataDirectory ?? "data/plugins", isDirectory: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        var configuration = PluginHostConfiguration()
        configuration.dataDirectory = data
        configuration.settings = try pluginSettings(config)
        configuration.handlerDeadline = .milliseconds(handlerDeadlineMilliseconds)
        configuration.log = log
        return PluginHost(configuration: configuration)
    }

    /// Loads the bundled plugins (or `--plugin-dir`) and every `--plugin`; prints refusals to
    /// standard error and goes on, as a host does.
    func loadPlugins(into host: PluginHost, config: ConfigFile) {
        var results: [PluginLoadResult] = []
        if let pluginDirectory = pluginDirectoryOption ?? config.pluginDirectory {
            results += host.loadAll(in: URL(fileURLWithPath: pluginDirectory, isDirectory: true))
        } else if !noBundled {
            results += host.loadAll(in: Self.executableDirectory, only: Set(Self.bundledPlugins))
        }
        for path in extraPlugins {
            do {
                try host.load(path: path)
            } catch {
                HostOptions.warn("\(error)")
            }
        }
        for result in results {
            if case .failure(let error) = result.result { HostOptions.warn("\(error)") }
        }
    }

    /// Starts a host with these options and the plugins they name, runs `body`, and shuts the host
    /// down whatever happens; an error becomes the command's one-line message and exit status 1.
    func withLocalHost(_ body: (PluginHost) async throws -> Void) async throws {
        let plugins: PluginHost
        let config: ConfigFile
        do {
            config = try self.config()
            plugins = try makeHost(config: config)
        } catch {
            throw CLIError.exit(error)
        }
        loadPlugins(into: plugins, config: config)
        do {
            try await body(plugins)
        } catch {
            await plugins.shutdown()
            throw CLIError.exit(error)
        }
        await plugins.shutdown()
    }

    /// A host for reading what the bundled plugins register (their data in a temporary folder,
    /// their log silenced): the speech commands take the example phrases from it.
    static func localPluginHost() -> PluginHost {
        var configuration = PluginHostConfiguration()
        configuration.dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("smartdesk-phrases-\(ProcessInfo.processInfo.processIdentifier)")
        configuration.log = { _ in }
        return PluginHost(configuration: configuration)
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("smartdesk: \(message)\n".utf8))
    }

    @Sendable static func printLog(_ record: PluginLogRecord) {
        FileHandle.standardError.write(Data("[\(record.plugin ?? "host")] \(record.message)\n".utf8))
    }
}
