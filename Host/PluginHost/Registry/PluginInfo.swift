/// One loaded generation of a plugin, as operators and the agent see it.
public struct PluginInfo: Sendable, Equatable {
    /// `[a-z0-9_-]`, unique among loaded plugins.
    public var name: String
    public var version: String
    public var description: String
    /// The file the plugin was loaded from (not the private copy the host mapped).
    public var path: String
    /// 1 for the first load of this name, one more for every load or reload after it.
    public var generation: Int
    /// `SD_PLUGIN_PERMANENT`: unload and reload are refused.
    public var permanent: Bool
    /// `SD_PLUGIN_KEEP_MAPPED`: the image stays mapped after its generation is retired.
    public var keepMapped: Bool
    public var health: PluginHealth
    /// True when it runs in a worker process of its own (`isolation = "process"`).
    public var isolated: Bool
    /// The intents this generation registered, sorted.
    public var intentNames: [String]
    /// The tools (JSON and typed) this generation registered, sorted.
    public var toolNames: [String]

    public init(
        name: String, version: String, description: String, path: String, generation: Int,
        permanent: Bool, keepMapped: Bool, health: PluginHealth, isolated: Bool = false, intentNames: [String],
        toolNames: [String]
    ) {
        self.isolated = isolated
        self.name = name
        self.version = version
        self.description = description
        self.path = path
        self.generation = generation
        self.permanent = permanent
        self.keepMapped = keepMapped
        self.health = health
        self.intentNames = intentNames
        self.toolNames = toolNames
    }
}

/// Whether a plugin's current generation has behaved.
public enum PluginHealth: Sendable, Equatable {
    case healthy
    /// A handler or tool overran its deadline; stays until the plugin is reloaded.
    case degraded(reason: String)
}
