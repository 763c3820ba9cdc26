import Foundation
import TOMLKit

/// `smartdesk.toml`: the host's one configuration file. Every key can be overridden by an
/// environment variable; secrets belong only in the environment.
///
/// ```toml
/// [agent]
/// greeting = "Thanks for calling Acme Dental. How can I help?"
/// threshold = 0.85          # fast-path similarity
///
/// [plugins]
/// directory = "/opt/smartdesk/plugins"   # instead of the bundled ones
/// data_directory = "data/plugins"
///
/// [plugins.crm]             # what the plugin reads with config_get
/// business_name = "Acme Dental"
/// ```
///
/// Environment: `SMARTDESK_AGENT_GREETING`, `SMARTDESK_AGENT_THRESHOLD`,
/// `SMARTDESK_PLUGINS_DIRECTORY`, `SMARTDESK_PLUGINS_DATA_DIRECTORY`, and
/// `SMARTDESK_PLUGIN__<NAME>__<KEY>` for a plugin value (`SMARTDESK_PLUGIN__CRM__BUSINESS_NAME`;
/// names and keys are lower-cased).
struct ConfigFile: Equatable {
    var greeting: String?
    var threshold: Float?
    var pluginDirectory: String?
    var dataDirectory: String?
    /// plugin name → key → value (numbers and booleans as their TOML text).
    var pluginSettings: [String: [String: String]] = [:]

    static let defaultPath = "smartdesk.toml"

    /// The file at `path`, or `smartdesk.toml` in the working directory when there is one (no file:
    /// defaults), then the environment on top.
    static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConfigFile {
        var config = ConfigFile()
        let chosen = path ?? (FileManager.default.fileExists(atPath: defaultPath) ? defaultPath : nil)
        if let chosen {
            guard let text = try? String(contentsOfFile: chosen, encoding: .utf8) else {
                throw CLIError("cannot read the configuration file \(chosen)")
            }
            config = try parse(text, file: chosen)
        }
        try config.apply(environment: environment)
        return config
    }

    static func parse(_ text: String, file: String) throws -> ConfigFile {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw CLIError("\(file):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        }
        var config = ConfigFile()
        for key in table.keys where !["agent", "plugins"].contains(key) {
            throw CLIError("\(file): unknown section or key \"\(key)\" (expected [agent] and [plugins])")
        }
        if let agent = table["agent"] {
            guard let agent = agent.table else { throw CLIError("\(file): agent must be a table") }
            for key in agent.keys {
                switch key {
                case "greeting":
                    guard let value = agent[key]?.string else { throw CLIError("\(file): agent.greeting must be a string") }
                    config.greeting = value
                case "threshold":
                    guard let value = agent[key]?.double ?? agent[key]?.int.map(Double.init), (0...1).contains(value) else {
                        throw CLIError("\(file): agent.threshold must be a number from 0 to 1")
                    }
                    config.threshold = Float(value)
                default:
                    throw CLIError("\(file): unknown key agent.\(key) (known: greeting, threshold)")
                }
            }
        }
        if let plugins = table["plugins"] {
            guard let plugins = plugins.table else { throw CLIError("\(file): plugins must be a table") }
            for key in plugins.keys {
                let value = plugins[key]
                switch key {
                case "directory":
                    guard let text = value?.string else { throw CLIError("\(file): plugins.directory must be a string") }
                    config.pluginDirectory = text
                case "data_directory":
                    guard let text = value?.string else { throw CLIError("\(file): plugins.data_directory must be a string") }
                    config.dataDirectory = text
                default:
                    guard let settings = value?.table else {
                        throw CLIError("\(file): plugins.\(key) must be a table of that plugin's settings ([plugins.\(key)])")
                    }
                    for setting in settings.keys {
                        guard let text = Self.scalarText(settings[setting]) else {
                            throw CLIError("\(file): plugins.\(key).\(setting) must be a string, number or boolean")
                        }
                        config.pluginSettings[key, default: [:]][setting] = text
                    }
                }
            }
        }
        return config
    }

    private static func scalarText(_ value: (any TOMLValueConvertible)?) -> String? {
        guard let value else { return nil }
        if let text = value.string { return text }
        if let number = value.int { return String(number) }
        if let number = value.double { return String(number) }
        if let flag = value.bool { return flag ? "true" : "false" }
        return nil
    }

    mutating func apply(environment: [String: String]) throws {
        if let greeting = environment["SMARTDESK_AGENT_GREETING"] { self.greeting = greeting }
        if let text = environment["SMARTDESK_AGENT_THRESHOLD"] {
            guard let value = Float(text), (0...1).contains(value) else {
                throw CLIError("SMARTDESK_AGENT_THRESHOLD must be a number from 0 to 1, not \(text)")
            }
            threshold = value
        }
        if let directory = environment["SMARTDESK_PLUGINS_DIRECTORY"] { pluginDirectory = directory }
        if let directory = environment["SMARTDESK_PLUGINS_DATA_DIRECTORY"] { dataDirectory = directory }
        for (name, value) in environment where name.hasPrefix("SMARTDESK_PLUGIN__") {
            let parts = name.dropFirst("SMARTDESK_PLUGIN__".count).components(separatedBy: "__")
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CLIError("\(name): a plugin setting is SMARTDESK_PLUGIN__<NAME>__<KEY>")
            }
            pluginSettings[parts[0].lowercased(), default: [:]][parts[1].lowercased()] = value
        }
    }
}
