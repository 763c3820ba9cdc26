/// What the loaded plugins offer, as one immutable snapshot. The host swaps in a new snapshot (with
/// a higher `version`) on every load, unload, reload and health change; a reader keeps a
/// consistent view for as long as it holds its copy.
///
/// ```swift
/// let registry = host.registry
/// for (name, intent) in registry.intents where !intent.isEscalationTarget {
///     index.add(name, examples: intent.examples)
/// }
/// ```
public struct Registry: Sendable, Equatable {
    /// Increases with every swap; the empty registry of a new host is version 0.
    public var version: Int
    /// The current generation of every loaded plugin, sorted by name.
    public var plugins: [PluginInfo]
    /// Every registered intent by name.
    public var intents: [String: RegisteredIntent]
    /// Every registered tool (JSON and typed) by name.
    public var tools: [String: RegisteredTool]

    public init(
        version: Int = 0, plugins: [PluginInfo] = [], intents: [String: RegisteredIntent] = [:],
        tools: [String: RegisteredTool] = [:]
    ) {
        self.version = version
        self.plugins = plugins
        self.intents = intents
        self.tools = tools
    }

    /// The plugin named `name`, if loaded.
    public func plugin(named name: String) -> PluginInfo? {
        plugins.first { $0.name == name }
    }
}
