/// One log line about a plugin: written by the plugin through `api->log`, or by the host about it
/// (loads, refusals, deadline overruns, retirements).
public struct PluginLogRecord: Sendable, Equatable, CustomStringConvertible {
    /// The levels of `SD_LOG_*`.
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        case debug = 0
        case info = 1
        case warning = 2
        case error = 3

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }
    }

    /// The plugin the line is about; nil for a file that never became a plugin (a refused load
    /// before its descriptor was read).
    public var plugin: String?
    public var level: Level
    public var message: String
    /// True when the plugin wrote the line itself (`api->log`), false for the host's lines.
    public var fromPlugin: Bool

    public init(plugin: String?, level: Level, message: String, fromPlugin: Bool) {
        self.plugin = plugin
        self.level = level
        self.message = message
        self.fromPlugin = fromPlugin
    }

    public var description: String {
        "[\(plugin ?? "plugins")] \(level): \(message)"
    }
}
