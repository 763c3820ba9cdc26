/// Everything the host changes over time, kept under one lock in ``PluginHost``. The methods are
/// the transitions; they return what the caller must do outside the lock (publish a registry,
/// shut a generation down), and never call plugin code.
struct HostState: Sendable {
    private(set) var snapshot = Snapshot()
    /// Current generation id by plugin name.
    private(set) var active: [String: Int] = [:]
    /// Plugin names in the order they were first loaded (a reload keeps its place).
    private(set) var loadOrder: [String] = []
    /// Every generation not yet forgotten: active, retiring, and the most recent retired ones.
    var records: [Int: GenerationRecord] = [:]
    /// Names being loaded or reloaded right now.
    private var pending: Set<String> = []
    private var lastNumber: [String: Int] = [:]
    private var nextID = 1
    var nextLease = 1
    private(set) var isShutDown = false
    /// Retired records kept for ``PluginHost/generations()``, oldest first.
    private var retiredHistory: [Int] = []
    static let retiredHistoryLimit = 64

    // MARK: Loading

    /// Claims `name` for a load (or a reload when `replacing`); answers the generation's id and number.
    mutating func reserve(_ name: String, replacing: Bool) throws(Refusal) -> (id: Int, number: Int) {
        guard !isShutDown else { throw Refusal("the plugin host is shut down") }
        guard !pending.contains(name) else { throw Refusal("plugin \(name) is being loaded or reloaded right now") }
        if replacing {
            guard active[name] != nil else { throw Refusal("plugin \(name) is no longer loaded") }
        } else if let current = activeGeneration(name) {
            throw Refusal(
                "a plugin named \(name) is already loaded (\(current.label) from \(current.path)); reload or unload it first"
            )
        }
        pending.insert(name)
        defer { nextID += 1 }
        return (nextID, (lastNumber[name] ?? 0) + 1)
    }

    mutating func cancelReservation(_ name: String) {
        pending.remove(name)
    }

    /// What a swap left to do outside the lock.
    struct Swap: Sendable {
        /// Publish it.
        var registry: Registry
        /// Shut it down now.
        var finished: Generation?
        /// The replaced generation, still pinned by this many leases.
        var stillRunning: (Generation, Int)?
    }

    /// Swaps `generation` in (retiring the one it replaces) unless a name it registered now
    /// belongs to another plugin.
    mutating func commit(_ generation: Generation) throws(Refusal) -> Swap {
        let name = generation.name
        pending.remove(name)
        for intent in generation.registrations.intents {
            if let route = snapshot.intents[intent.info.name], route.generation.name != name {
                throw Refusal("intent '\(intent.info.name)' is already owned by plugin \(route.generation.name)")
            }
        }
        for tool in generation.registrations.tools {
            if let route = snapshot.tools[tool.info.name], route.generation.name != name {
                throw Refusal("tool '\(tool.info.name)' is already owned by plugin \(route.generation.name)")
            }
        }
        lastNumber[name] = generation.number
        records[generation.id] = GenerationRecord(generation: generation)
        let previous = active[name]
        active[name] = generation.id
        if !loadOrder.contains(name) { loadOrder.append(name) }
        let finished = previous.flatMap { retire($0) }
        let running = previous.flatMap { records[$0] }.flatMap { $0.leases.isEmpty ? nil : ($0.generation, $0.leases.count) }
        return Swap(registry: publish(), finished: finished, stillRunning: running)
    }

    /// Takes `name` out of the registry; its generation retires.
    mutating func remove(_ name: String) throws(Refusal) -> (Registry, Generation?) {
        guard let id = active[name], let record = records[id] else {
            throw Refusal("no plugin named \(name) is loaded")
        }
        guard !record.generation.descriptor.permanent else { throw Refusal("it is permanent (SD_PLUGIN_PERMANENT)") }
        guard !pending.contains(name) else { throw Refusal("it is being reloaded right now") }
        active[name] = nil
        loadOrder.removeAll { $0 == name }
        let finished = retire(id)
        return (publish(), finished)
    }

    /// Retires every plugin (permanent ones included) and refuses loads from now on.
    mutating func shutDown() -> (Registry, [Generation]) {
        isShutDown = true
        let ids = loadOrder.compactMap { active[$0] }
        active = [:]
        loadOrder = []
        let finished = ids.compactMap { retire($0) }
        return (publish(), finished)
    }

    // MARK: Retiring

    /// Marks a generation retiring; answers it when nothing pins it (shut it down now).
    private mutating func retire(_ id: Int) -> Generation? {
        guard var record = records[id], record.state == .active else { return nil }
        record.state = .retiring
        defer { records[id] = record }
        guard record.leases.isEmpty else { return nil }
        record.shuttingDown = true
        return record.generation
    }

    /// Records that a generation has been shut down.
    mutating func markRetired(_ generation: Generation) {
        records[generation.id]?.state = .retired
        records[generation.id]?.shuttingDown = false
        retiredHistory.append(generation.id)
        while retiredHistory.count > Self.retiredHistoryLimit {
            records[retiredHistory.removeFirst()] = nil
        }
    }

    var hasRetiring: Bool {
        records.values.contains { $0.state == .retiring }
    }

    // MARK: Health

    /// Marks the lease's code as overrunning and its plugin degraded (when the generation is
    /// still the plugin's current one); answers the registry to publish when health changed.
    mutating func overran(_ lease: Lease, reason: String) -> Registry? {
        guard var record = records[lease.generation.id] else { return nil }
        record.overrunning.insert(lease.id)
        let changed = record.state == .active && record.health == .healthy
        if record.state == .active { record.health = .degraded(reason: reason) }
        records[lease.generation.id] = record
        return changed ? publish() : nil
    }

    /// Marks a generation's plugin degraded (its worker crashed or was killed) when it is still
    /// the current one; answers the registry to publish when health changed.
    mutating func degrade(_ id: Int, reason: String) -> Registry? {
        guard var record = records[id], record.state == .active else { return nil }
        guard case .healthy = record.health else { return nil }
        record.health = .degraded(reason: reason)
        records[id] = record
        return publish()
    }

    // MARK: Views

    func activeGeneration(_ name: String) -> Generation? {
        active[name].flatMap { records[$0]?.generation }
    }

    var statuses: [GenerationStatus] {
        records.values.map(\.status).sorted {
            ($0.plugin, $0.generation) < ($1.plugin, $1.generation)
        }
    }

    /// Rebuilds the snapshot from the active generations and bumps the version.
    private mutating func publish() -> Registry {
        let generations = loadOrder.compactMap { name -> (Generation, PluginHealth)? in
            guard let id = active[name], let record = records[id] else { return nil }
            return (record.generation, record.health)
        }
        snapshot = Snapshot(version: snapshot.registry.version + 1, generations: generations)
        return snapshot.registry
    }
}
