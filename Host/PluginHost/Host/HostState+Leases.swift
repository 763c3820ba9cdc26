extension HostState {
    /// What a lookup found.
    enum Found<Registration: Sendable>: Sendable {
        case leased(Lease, Registration)
        case unknown
        /// The generation has too many overrunning handlers to start another.
        case refused(Generation, String)
    }

    /// Looks up an intent and leases its generation in the same step.
    mutating func leaseIntent(_ name: String, callID: String) -> Found<IntentRegistration> {
        guard let route = snapshot.intents[name] else { return .unknown }
        return lease(route.generation, callID: callID).map { .leased($0, route.registration) }
            ?? .refused(route.generation, overrunMessage(route.generation))
    }

    /// Looks up a tool and leases its generation in the same step.
    mutating func leaseTool(_ name: String) -> Found<ToolRegistration> {
        guard let route = snapshot.tools[name] else { return .unknown }
        return lease(route.generation, callID: nil).map { .leased($0, route.registration) }
            ?? .refused(route.generation, overrunMessage(route.generation))
    }

    /// Leases every call-start hook's generation in one step (hooks of plugins with too many
    /// overrunning handlers are left out).
    mutating func leaseHooks(callID: String) -> [(Lease, HookRegistration)] {
        snapshot.hooks.compactMap { route in
            lease(route.generation, callID: callID).map { ($0, route.registration) }
        }
    }

    /// Leases a plugin's current generation (for its configure hook).
    mutating func leaseActive(_ name: String) -> Lease? {
        guard let generation = activeGeneration(name) else { return nil }
        return lease(generation, callID: nil, ignoringOverruns: true)
    }

    /// Releases a lease; answers the generation when it was the last one of a retiring generation
    /// (shut it down now).
    mutating func release(_ lease: Lease) -> Generation? {
        guard var record = records[lease.generation.id] else { return nil }
        record.leases[lease.id] = nil
        record.overrunning.remove(lease.id)
        let finished = record.state == .retiring && record.leases.isEmpty && !record.shuttingDown
        if finished { record.shuttingDown = true }
        records[lease.generation.id] = record
        return finished ? record.generation : nil
    }

    private mutating func lease(_ generation: Generation, callID: String?, ignoringOverruns: Bool = false) -> Lease? {
        guard var record = records[generation.id], record.state == .active || record.state == .retiring,
            !record.shuttingDown
        else { return nil }
        guard ignoringOverruns || record.overrunning.count < Limits.overrunningHandlers else { return nil }
        let lease = Lease(generation: generation, id: nextLease)
        nextLease += 1
        record.leases[lease.id] = callID
        records[generation.id] = record
        return lease
    }

    private func overrunMessage(_ generation: Generation) -> String {
        "\(generation.label) has \(Limits.overrunningHandlers) handlers or tools that overran their deadline and have not returned yet; reload it"
    }
}
