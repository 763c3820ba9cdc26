import Locks

/// What `SDPlugin *` stands for: one generation's side of the host table. It collects the
/// registrations made during `sd_plugin_init` and serves the plugin-scoped functions (log,
/// configuration, data directory) until the generation is unloaded.
final class PluginContext: Sendable {
    /// What the context needs from its host, as closures so that it holds no reference to it.
    struct HostLink: Sendable {
        var log: @Sendable (PluginLogRecord) -> Void
        /// The current configuration value of a plugin's key.
        var setting: @Sendable (_ plugin: String, _ key: String) -> String?
        /// The plugin that owns an intent or tool name in the current registry, if any.
        var owner: @Sendable (_ kind: NameKind, _ name: String) -> String?
    }

    enum NameKind: Sendable {
        case intent
        case tool
    }

    /// Where the generation is in its life, as the host functions see it.
    enum Phase: Sendable {
        /// Inside `sd_plugin_init`: registration works.
        case initializing
        /// Serving (or retiring): registration answers `SD_ERR`.
        case running
        /// `sd_plugin_unload` returned (or the load was refused): the handle is closed.
        case closed
    }

    private struct State {
        var phase = Phase.initializing
        var registrations = Registrations()
        /// The first invalid registration; refuses the load after init returns.
        var firstRefusal: String?
        /// Plugin-scoped strings: configuration values and the data directory.
        var strings = CStringArena()
    }

    let pluginName: String
    let generation: Int
    let dataDirectory: String
    /// The token the plugin receives as `SDPlugin *`.
    let token: UInt
    private let link: HostLink
    private let state = Mutex(State())

    init(pluginName: String, generation: Int, dataDirectory: String, link: HostLink) {
        self.pluginName = pluginName
        self.generation = generation
        self.dataDirectory = dataDirectory
        self.link = link
        self.token = HandleTable.shared.reserve()
        HandleTable.shared.open(token, .plugin(self))
    }

    var handle: OpaquePointer? { HandleTable.pointer(token) }

    // MARK: Registration

    /// Adds a registration read by `read` (outside any lock: it reads plugin memory). Answers
    /// `SD_ERR` outside init, for an invalid spec, a duplicate name, or a name another plugin owns;
    /// an invalid registration during init also refuses the load once init returns.
    func register(_ what: String, _ read: () throws(Refusal) -> Registrations) -> Int32 {
        guard phase == .initializing else {
            log(.error, "\(what) refused: registration only works during sd_plugin_init", fromPlugin: false)
            return Status.error
        }
        do {
            let registrations = try read()
            try checkOwners(registrations)
            try state.withLock { state throws(Refusal) in
                guard state.phase == .initializing else { throw Refusal("sd_plugin_init has returned") }
                try Self.checkDuplicates(registrations, against: state.registrations)
                state.registrations.intents += registrations.intents
                state.registrations.tools += registrations.tools
                state.registrations.hooks += registrations.hooks
            }
            return Status.ok
        } catch {
            let reason = "\(what): \(error.reason)"
            state.withLock { state in
                if state.phase == .initializing, state.firstRefusal == nil { state.firstRefusal = reason }
            }
            log(.error, "invalid registration: \(reason)", fromPlugin: false)
            return Status.error
        }
    }

    private func checkOwners(_ registrations: Registrations) throws(Refusal) {
        for intent in registrations.intents {
            if let owner = link.owner(.intent, intent.info.name), owner != pluginName {
                throw Refusal("intent '\(intent.info.name)' is already owned by plugin \(owner)")
            }
        }
        for tool in registrations.tools {
            if let owner = link.owner(.tool, tool.info.name), owner != pluginName {
                throw Refusal("tool '\(tool.info.name)' is already owned by plugin \(owner)")
            }
        }
    }

    private static func checkDuplicates(_ new: Registrations, against existing: Registrations) throws(Refusal) {
        let intents = Set(existing.intents.map(\.info.name))
        for intent in new.intents where intents.contains(intent.info.name) {
            throw Refusal("intent '\(intent.info.name)' is registered twice")
        }
        let tools = Set(existing.tools.map(\.info.name))
        for tool in new.tools where tools.contains(tool.info.name) {
            throw Refusal("tool '\(tool.info.name)' is registered twice")
        }
        if existing.hooks.count + new.hooks.count > Limits.hooksPerPlugin {
            throw Refusal("more than \(Limits.hooksPerPlugin) call-start hooks")
        }
    }

    /// Ends registration when init returns: what was registered, and the first refusal if any.
    func finishInit() -> (registrations: Registrations, refusal: String?) {
        state.withLock { state in
            state.phase = .running
            return (state.registrations, state.firstRefusal)
        }
    }

    var phase: Phase {
        state.withLock { $0.phase }
    }

    // MARK: Services

    func log(_ level: PluginLogRecord.Level, _ message: String, fromPlugin: Bool) {
        link.log(PluginLogRecord(plugin: pluginName, level: level, message: message, fromPlugin: fromPlugin))
    }

    /// `config_get`: the value's address, valid until the generation is closed; 0 when unset.
    func configValue(_ key: String) -> UInt {
        guard let value = link.setting(pluginName, key) else { return 0 }
        return state.withLock { state in
            guard state.phase != .closed else { return 0 }
            return state.strings.address(of: value, key: "config." + key)
        }
    }

    /// `data_dir`: the directory's address, valid until the generation is closed.
    func dataDirectoryAddress() -> UInt {
        state.withLock { state in
            guard state.phase != .closed else { return 0 }
            return state.strings.address(of: dataDirectory, key: "data_dir")
        }
    }

    /// Closes the handle. `freeStrings` is false when plugin code may still be running and
    /// reading them (an unload that overran): they are then left allocated.
    func close(freeStrings: Bool) {
        HandleTable.shared.close(token)
        state.withLock { state in
            state.phase = .closed
            if freeStrings { state.strings.freeAll() }
        }
    }
}
