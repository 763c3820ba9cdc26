/// Why the plugin host refused an operation. `message` names the file or plugin and the reason, in
/// words an operator can act on:
///
///     Unable to load /opt/plugins/libfoo.so: no sd_plugin_describe symbol (not a SmartDesk plugin?)
///     Unable to reload billing from /opt/plugins/libbilling.so: sd_plugin_init reported failure (returned 1); generation 2 keeps serving
///     Unable to unload crm: it is permanent (SD_PLUGIN_PERMANENT)
public struct PluginError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Reason: Sendable, Equatable {
        case load(path: String, reason: String)
        case reload(plugin: String, path: String?, reason: String, serving: Int?)
        case unload(plugin: String, reason: String)
        case reconfigure(plugin: String, reason: String)
        case unknownTool(String)
        case invalidArguments(tool: String, reason: String)
        case toolFailed(tool: String, plugin: String, reason: String)
    }

    private let reason: Reason

    private init(_ reason: Reason) {
        self.reason = reason
    }

    /// What went wrong, naming the file or plugin.
    public var message: String {
        switch reason {
        case .load(let path, let reason):
            "Unable to load \(path): \(reason)"
        case .reload(let plugin, let path, let reason, let serving):
            "Unable to reload \(plugin)" + (path.map { " from \($0)" } ?? "") + ": \(reason)"
                + (serving.map { "; generation \($0) keeps serving" } ?? "")
        case .unload(let plugin, let reason):
            "Unable to unload \(plugin): \(reason)"
        case .reconfigure(let plugin, let reason):
            "Unable to reconfigure \(plugin): \(reason)"
        case .unknownTool(let tool):
            "No tool named \(tool) is loaded"
        case .invalidArguments(let tool, let reason):
            "Invalid arguments for tool \(tool): \(reason)"
        case .toolFailed(let tool, let plugin, let reason):
            "Tool \(tool) of plugin \(plugin) failed: \(reason)"
        }
    }

    public var description: String { message }

    /// The reason alone, without the file, plugin or tool it is about.
    var detail: String {
        switch reason {
        case .load(_, let reason), .reload(_, _, let reason, _), .unload(_, let reason), .reconfigure(_, let reason),
            .invalidArguments(_, let reason), .toolFailed(_, _, let reason):
            reason
        case .unknownTool(let tool):
            "no tool named \(tool) is loaded"
        }
    }

    /// True when no loaded plugin has the tool that was called.
    public var isUnknownTool: Bool {
        if case .unknownTool = reason { return true }
        return false
    }

    /// True when the error is about the arguments a caller passed (an LLM can correct them).
    public var isInvalidArguments: Bool {
        if case .invalidArguments = reason { return true }
        return false
    }

    static func load(_ path: String, _ reason: String) -> PluginError {
        PluginError(.load(path: path, reason: reason))
    }

    static func reload(_ plugin: String, path: String?, _ reason: String, serving: Int?) -> PluginError {
        PluginError(.reload(plugin: plugin, path: path, reason: reason, serving: serving))
    }

    static func unload(_ plugin: String, _ reason: String) -> PluginError {
        PluginError(.unload(plugin: plugin, reason: reason))
    }

    static func reconfigure(_ plugin: String, _ reason: String) -> PluginError {
        PluginError(.reconfigure(plugin: plugin, reason: reason))
    }

    static func unknownTool(_ tool: String) -> PluginError {
        PluginError(.unknownTool(tool))
    }

    static func invalidArguments(_ tool: String, _ reason: String) -> PluginError {
        PluginError(.invalidArguments(tool: tool, reason: reason))
    }

    static func toolFailed(_ tool: String, plugin: String, _ reason: String) -> PluginError {
        PluginError(.toolFailed(tool: tool, plugin: plugin, reason: reason))
    }
}
