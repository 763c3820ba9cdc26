/// One generation of a plugin as operators see it: which calls still pin it.
public struct GenerationStatus: Sendable, Equatable {
    /// Where a generation is in its life.
    public enum State: Sendable, Equatable {
        /// In the registry; new turns use it.
        case active
        /// Out of the registry; unloads when its last turn or tool call ends.
        case retiring
        /// Shut down (`sd_plugin_unload` ran; the image is closed unless it stays mapped).
        case retired
    }

    public var plugin: String
    public var generation: Int
    public var state: State
    /// Handlers, hooks and tool calls running in it (overrunning ones included).
    public var turnsInFlight: Int
    /// The calls of those turns, sorted (tool calls and configuration hooks have none).
    public var callIDs: [String]
    /// Handlers and tools that overran their deadline and have not returned yet.
    public var overrunning: Int
    /// The private copy the host mapped; deleted when the generation is retired.
    public var imagePath: String

    public init(
        plugin: String, generation: Int, state: State, turnsInFlight: Int, callIDs: [String], overrunning: Int,
        imagePath: String
    ) {
        self.plugin = plugin
        self.generation = generation
        self.state = state
        self.turnsInFlight = turnsInFlight
        self.callIDs = callIDs
        self.overrunning = overrunning
        self.imagePath = imagePath
    }
}
