/// A tool a plugin registered, as an LLM's function list needs it.
public struct RegisteredTool: Sendable, Equatable {
    /// How the host calls a tool.
    public enum Kind: Sendable, Equatable {
        /// JSON arguments in, JSON out (`SDToolSpec`).
        case json
        /// A plain C function called through libffi (`SDTypedToolSpec`); the schema is derived.
        case typed
    }

    /// `[a-z0-9_]`, unique across plugins.
    public var name: String
    public var description: String
    /// The JSON Schema of the arguments (`{"type":"object",…}`).
    public var parametersSchema: String
    /// The plugin that registered it.
    public var plugin: String
    /// That plugin's generation.
    public var generation: Int
    public var kind: Kind

    public init(name: String, description: String, parametersSchema: String, plugin: String, generation: Int, kind: Kind) {
        self.name = name
        self.description = description
        self.parametersSchema = parametersSchema
        self.plugin = plugin
        self.generation = generation
        self.kind = kind
    }
}
