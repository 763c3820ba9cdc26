/// The changing side of a generation, kept in ``HostState`` under its lock.
struct GenerationRecord: Sendable {
    let generation: Generation
    var state: GenerationStatus.State = .active
    var health: PluginHealth = .healthy
    /// Open leases and the call each belongs to (nil for tool calls and configure).
    var leases: [Int: String?] = [:]
    /// Leases whose plugin code overran its deadline and has not returned.
    var overrunning: Set<Int> = []
    /// Retiring with no leases left: `sd_plugin_unload` is running or about to.
    var shuttingDown = false

    var status: GenerationStatus {
        GenerationStatus(
            plugin: generation.name, generation: generation.number, state: state, turnsInFlight: leases.count,
            callIDs: leases.values.compactMap { $0 }.sorted(), overrunning: overrunning.count,
            imagePath: generation.copyPath
        )
    }
}
