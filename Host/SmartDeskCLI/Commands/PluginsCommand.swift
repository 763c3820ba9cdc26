import ArgumentParser
import Core
import Embeddings
import Foundation
import HTTPClient
import PluginHost
import Server

/// `smartdesk plugins …`: inspect and exercise plugins. With `--url` they act on a running host
/// through its admin API (`SMARTDESK_ADMIN_TOKEN` is sent as the bearer token); without, on a
/// host started for the command (the bundled plugins plus `--plugin`, their data in a scratch
/// folder unless `--data-dir` is given), which makes them the plugin author's check: does it load,
/// what did it register, does it reload, what do its tools say.
struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List, load, unload and reload plugins; call their tools.",
        subcommands: [List.self, Load.self, Check.self, Unload.self, Reload.self, Tool.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load the plugins and list what each registered.")
        @OptionGroup var host: HostOptions
        @OptionGroup var remote: RemoteHostOptions

        func run() async throws {
            if let admin = remote.client {
                let list: AdminPlugins = try await admin.get("/admin/plugins")
                if list.plugins.isEmpty { print("No plugins loaded.") }
                for plugin in list.plugins { PluginsCommand.printRemote(plugin) }
                return
            }
            try await host.withLocalHost(scratchData: true) { plugins in PluginsCommand.printRegistry(plugins.registry) }
        }
    }

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load a plugin file; print what it registered or why it was refused.")
        @OptionGroup var host: HostOptions
        @OptionGroup var remote: RemoteHostOptions
        @Argument(help: "Path of the plugin's shared library.") var path: String

        func run() async throws {
            if let admin = remote.client {
                let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
                try await admin.report(try await admin.post("/admin/plugins/load", json: #"{"path":"\#(absolute.replacingOccurrences(of: "\"", with: "\\\""))"}"#))
                return
            }
            try await host.withLocalHost(scratchData: true) { plugins in
                let clock = ContinuousClock()
                let started = clock.now
                let info = try plugins.load(path: path)
                print("Loaded \(info.name) \(info.version) (generation \(info.generation)) in \(ChatCommand.ms(clock.now - started))")
                PluginsCommand.printPlugin(info, registry: plugins.registry)
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a plugin in a scratch host beside the bundled skills and review it.",
            discussion: """
            Reports why it was refused, or what it registered, and then: phrases that carry a value (a caller's \
            own value scores below the fast path), phrases far from the rest of their intent, intents that \
            overlap another plugin's (with the phrases), descriptions a caller could not tell apart, and slots \
            without a question. Exit status 1 when refused, or with --strict when anything was found.
            """
        )
        @OptionGroup var host: HostOptions
        @OptionGroup var model: ModelOptions
        @Argument(help: "Path of the plugin's shared library.") var path: String
        @Flag(help: "Exit with status 1 when the review finds anything.") var strict = false

        func run() async throws {
            var findings: [PhraseReview.Finding] = []
            try await host.withLocalHost(scratchData: true, log: HostOptions.printProblems) { plugins in
                let info = try plugins.load(path: path)
                let registry = plugins.registry
                print("\(info.name) \(info.version): loads (\(info.intentNames.count) intents, \(info.toolNames.count) tools)")
                for name in info.intentNames {
                    guard let intent = registry.intents[name] else { continue }
                    let slots = intent.slots.map { "\($0.name):\($0.kind.rawValue)" }.joined(separator: " ")
                    print("  intent \(name) — \(intent.description) [\(intent.examples.count) phrases]\(slots.isEmpty ? "" : " slots: \(slots)")")
                }
                for name in info.toolNames { print("  tool \(name)") }
                let embedder = try model.loadEmbedder()
                findings = try await PhraseReview().review(plugin: info.name, registry: registry) { try await embedder.embed($0) }
                let others = Set(registry.plugins.map(\.name)).subtracting([info.name]).sorted()
                print("reviewed beside: \(others.isEmpty ? "no other plugins" : others.joined(separator: ", "))")
                for finding in findings { print("\(finding.kind.rawValue): \(finding.intent): \(finding.message)") }
                print(findings.isEmpty ? "no problems found" : "\(findings.count) to look at")
            }
            if strict, !findings.isEmpty { throw ExitCode(1) }
        }
    }

    struct Unload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unload a plugin by name.")
        @OptionGroup var host: HostOptions
        @OptionGroup var remote: RemoteHostOptions
        @Argument(help: "The plugin's name (see `plugins list`).") var name: String

        func run() async throws {
            if let admin = remote.client {
                try await admin.report(try await admin.post("/admin/plugins/\(name)/unload", json: "{}"))
                return
            }
            try await host.withLocalHost(scratchData: true) { plugins in
                try plugins.unload(name: name)
                print("Unloaded \(name)")
            }
        }
    }

    struct Reload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reload a plugin (by name, or load then reload a file) and time it.")
        @OptionGroup var host: HostOptions
        @OptionGroup var remote: RemoteHostOptions
        @Argument(help: "A loaded plugin's name, or a plugin file.") var target: String

        func run() async throws {
            if let admin = remote.client {
                guard !target.contains("/"), !target.hasSuffix(".so") else {
                    throw CLIError.exit(CLIError(
                        "with --url, reload takes a loaded plugin's name (see `plugins list --url`); the host reloads it from its own file. "
                            + "To load a new file, use `plugins load --url \(target)`"
                    ))
                }
                try await admin.report(try await admin.post("/admin/plugins/\(target)/reload", json: "{}"))
                return
            }
            try await host.withLocalHost(scratchData: true) { plugins in
                var name = target
                if target.contains("/") || target.hasSuffix(".so") { name = try plugins.load(path: target).name }
                let clock = ContinuousClock()
                let started = clock.now
                let info = try plugins.reload(name: name)
                print("Reloaded \(info.name) \(info.version): generation \(info.generation) in \(ChatCommand.ms(clock.now - started))")
            }
        }
    }

    struct Tool: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Call a plugin's tool with JSON arguments and print its JSON answer.")
        @OptionGroup var host: HostOptions
        @OptionGroup var remote: RemoteHostOptions
        @Argument(help: "The tool's name.") var name: String
        @Argument(help: "Arguments as a JSON object.") var arguments: String = "{}"

        func run() async throws {
            if let admin = remote.client {
                let response = try await admin.post("/admin/tools/\(name)", json: arguments)
                guard response.status == 200 else { throw CLIError.exit(CLIError(admin.message(response))) }
                print(response.text)
                return
            }
            try await host.withLocalHost(scratchData: true) { plugins in print(try await plugins.callTool(name, argumentsJSON: arguments)) }
        }
    }

    static func printRemote(_ plugin: AdminPlugin) {
        let worker = plugin.isolation == "process" ? " · own process" : ""
        print("\(plugin.name) \(plugin.version) · generation \(plugin.generation) · \(plugin.health)\(worker) · \(plugin.path)")
        for intent in plugin.intents { print("  intent \(intent)") }
        for tool in plugin.tools { print("  tool \(tool)") }
    }

    static func printRegistry(_ registry: Registry) {
        if registry.plugins.isEmpty { print("No plugins loaded.") }
        for plugin in registry.plugins { printPlugin(plugin, registry: registry) }
    }

    static func printPlugin(_ plugin: PluginInfo, registry: Registry) {
        let health: String = switch plugin.health {
        case .healthy: "healthy"
        case .degraded(let reason): "DEGRADED: \(reason)"
        }
        let worker = plugin.isolated ? " · own process" : ""
        print("\(plugin.name) \(plugin.version) · generation \(plugin.generation) · \(health)\(worker) · \(plugin.path)")
        for name in plugin.intentNames.sorted() {
            guard let intent = registry.intents[name] else { continue }
            let slots = intent.slots.map { "\($0.name):\($0.kind.rawValue)\($0.optional ? "?" : "")" }.joined(separator: " ")
            print("  intent \(name) — \(intent.description) [\(intent.examples.count) examples]\(slots.isEmpty ? "" : " slots: \(slots)")\(intent.isEscalationTarget ? " (escalations)" : "")")
        }
        for name in plugin.toolNames.sorted() {
            guard let tool = registry.tools[name] else { continue }
            print("  tool \(name) (\(tool.kind)) — \(tool.description)")
        }
    }
}
