/// The registry and, behind it, what the host needs to run what the registry lists. Built and
/// swapped together, so a lookup always finds a generation that owns what the registry shows.
struct Snapshot: Sendable {
    struct IntentRoute: Sendable {
        let generation: Generation
        let registration: IntentRegistration
    }

    struct ToolRoute: Sendable {
        let generation: Generation
        let registration: ToolRegistration
    }

    struct HookRoute: Sendable {
        let generation: Generation
        let registration: HookRegistration
    }

    var registry = Registry()
    var intents: [String: IntentRoute] = [:]
    var tools: [String: ToolRoute] = [:]
    /// Every plugin's hooks, plugins in load order.
    var hooks: [HookRoute] = []

    /// Builds the snapshot of `generations` (in load order) at `version`.
    init(version: Int, generations: [(Generation, PluginHealth)]) {
        var plugins: [PluginInfo] = []
        for (generation, health) in generations {
            plugins.append(generation.info(health: health))
            for intent in generation.registrations.intents {
                intents[intent.info.name] = IntentRoute(generation: generation, registration: intent)
            }
            for tool in generation.registrations.tools {
                tools[tool.info.name] = ToolRoute(generation: generation, registration: tool)
            }
            for hook in generation.registrations.hooks {
                hooks.append(HookRoute(generation: generation, registration: hook))
            }
        }
        registry = Registry(
            version: version, plugins: plugins.sorted { $0.name < $1.name },
            intents: intents.mapValues(\.registration.info), tools: tools.mapValues(\.registration.info)
        )
    }

    init() {}
}
