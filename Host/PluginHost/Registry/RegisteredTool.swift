/// A tool a plugin registered, as an LLM's function list needs it.
public struct RegisteredTool: Sendable, Equatable, Codable {
    /// How the host calls a tool.
    public enum Kind: Sendable, Equatable, Codable {
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
    /// Who may call it during a call (`SD_TOOL_*` and `caller_param`, ABI 1.1).
    public var access: ToolAccess

    public init(
        name: String, description: String, parametersSchema: String, plugin: String, generation: Int, kind: Kind,
        access: ToolAccess = ToolAccess()
    ) {
        self.name = name
        self.description = description
        self.parametersSchema = parametersSchema
        self.plugin = plugin
        self.generation = generation
        self.kind = kind
        self.access = access
    }
}

/// Whether the agent's language model may call a tool, and how: a tool is the operator's alone
/// unless its plugin flags it `SD_TOOL_FOR_MODEL`.
public struct ToolAccess: Sendable, Equatable, Codable {
    /// The model may call it to answer the caller.
    public var forModel: Bool
    /// It acts: a model's call is read back to the caller and runs only on a yes.
    public var hasSideEffects: Bool
    /// The string parameter the host fills with the caller's number on every model call; the
    /// model never sees it, so a caller reaches only their own records.
    public var callerParameter: String?

    public init(forModel: Bool = false, hasSideEffects: Bool = false, callerParameter: String? = nil) {
        self.forModel = forModel
        self.hasSideEffects = hasSideEffects
        self.callerParameter = callerParameter
    }
}
