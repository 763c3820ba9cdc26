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

    @Flag(name: .customLong("allow-missing-plugins"), help: "Start even when a plugin fails to load: it is left out and the reason printed.")
    var allowMissingPlugins = false

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

    /// A plugin host with these options; plugin log lines go to standard error. `scratchData`: the
    /// plugins' data goes to this folder (a command's throwaway host) unless `--data-dir` names one.
    func makeHost(
        config: ConfigFile, scratchData: URL? = nil, log: @escaping @Sendable (PluginLogRecord) -> Void = HostOptions.printLog
    ) throws -> PluginHost {
        let data = dataDirectoryOption.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? scratchData
            ?? URL(fileURLWithPath: config.dataDirectory ?? "data/plugins", isDirectory: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        var configuration = PluginHostConfiguration()
        configuration.dataDirectory = data
        configuration.settings = try pluginSettings(config)
        configuration.handlerDeadline = .milliseconds(handlerDeadlineMilliseconds)
        configuration.isolation = config.isolation
        configuration.log = log
        return PluginHost(configuration: configuration)
    }

    /// Loads the bundled plugins (those `[plugins] bundled` chooses, or `--plugin-dir`'s) and every
    /// `--plugin`. A plugin that fails to load, a chosen bundled one that is missing, or a
    /// `[plugins.NAME]` table naming no loaded plugin stops start-up with the reasons; with
    /// `--allow-missing-plugins` they are printed and the host goes on without them.
    func loadPlugins(into host: PluginHost, config: ConfigFile) throws {
        var results: [PluginLoadResult] = []
        var failures: [String] = []
        if let pluginDirectory = pluginDirectoryOption ?? config.pluginDirectory {
            results += host.loadAll(in: URL(fileURLWithPath: pluginDirectory, isDirectory: true))
        } else if !noBundled {
            let chosen = Self.bundledPlugins.filter { file in
                config.bundled.map { $0.contains(Self.bundledName(file)) } ?? true
            }
            for file in chosen where !FileManager.default.fileExists(atPath: Self.executableDirectory.appendingPathComponent(file).path) {
                failures.append("the bundled plugin \(file) is not beside the executable (\(Self.executableDirectory.path))")
            }
            results += host.loadAll(in: Self.executableDirectory, only: Set(chosen))
        }
        for path in extraPlugins {
            do {
                try host.load(path: path)
            } catch {
                failures.append("\(error)")
            }
        }
        for result in results {
            if case .failure(let error) = result.result { failures.append("\(error)") }
        }
        let loaded = Set(host.registry.plugins.map(\.name))
        for table in config.pluginTables.sorted() where !loaded.contains(table) {
            failures.append(
                "the configuration has [plugins.\(table)] but no plugin named \(table) is loaded (loaded: \(loaded.sorted().joined(separator: ", ")))"
            )
        }
        guard !failures.isEmpty else { return }
        if allowMissingPlugins {
            for failure in failures { HostOptions.warn(failure) }
        } else {
            throw CLIError(failures.joined(separator: "\n") + "\n(start with --allow-missing-plugins to run without what failed)")
        }
    }

    /// The folders this host loads plugins from (for the admin API's tokenless loads).
    func pluginDirectories(_ config: ConfigFile) -> [String] {
        var folders: [String] = []
        if let directory = pluginDirectoryOption ?? config.pluginDirectory {
            folders.append(URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL.path)
        } else if !noBundled {
            folders.append(Self.executableDirectory.path)
        }
        for path in extraPlugins {
            let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
            if !folders.contains(folder) { folders.append(folder) }
        }
        return folders
    }

    /// `libScheduling.so` → `scheduling`.
    static func bundledName(_ file: String) -> String {
        String(file.dropFirst(3).dropLast(3)).lowercased()
    }

    /// Starts a host with these options and the plugins they name, runs `body`, and shuts the host
    /// down whatever happens; an error becomes the command's one-line message and exit status 1.
    /// `scratchData`: the plugins' data lives in a temporary folder, removed afterwards (unless
    /// `--data-dir` is given), so a check leaves nothing in the current folder.
    func withLocalHost(
        scratchData: Bool = false, log: @escaping @Sendable (PluginLogRecord) -> Void = HostOptions.printLog,
        _ body: (PluginHost) async throws -> Void
    ) async throws {
        let plugins: PluginHost
        let config: ConfigFile
        let scratch = scratchData && dataDirectoryOption == nil
            ? FileManager.default.temporaryDirectory.appendingPathComponent("smartdesk-check-\(UUID().uuidString.prefix(8))", isDirectory: true)
            : nil
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        do {
            config = try self.config()
            plugins = try makeHost(config: config, scratchData: scratch, log: log)
        } catch {
            throw CLIError.exit(error)
        }
        do {
            try loadPlugins(into: plugins, config: config)
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

    /// Warnings and errors only (a check's output stays about the plugin checked).
    @Sendable static func printProblems(_ record: PluginLogRecord) {
        guard record.level == .warning || record.level == .error else { return }
        printLog(record)
    }

    @Sendable static func printLog(_ record: PluginLogRecord) {
        FileHandle.standardError.write(Data("[\(record.plugin ?? "host")] \(record.message)\n".utf8))
    }
}
