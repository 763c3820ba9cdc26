import Foundation
import Locks

/// Loads SmartDesk plugins (shared libraries written against `smartdesk.h`), keeps an immutable
/// ``Registry`` of what they offer, runs their handlers, hooks and tools on host threads under
/// deadlines, and swaps generations while calls are live.
///
/// ```swift
/// let host = PluginHost(configuration: PluginHostConfiguration())
/// for result in host.loadAll(in: pluginDirectory) {
///     if case .failure(let error) = result.result { print(error.message) }
/// }
/// let outcome = await host.runIntent("billing.pay", turn: TurnInput(callID: "c1", utterance: "pay my bill"))
/// try host.reload(name: "billing")   // running turns finish on the old code, new turns use the new
/// await host.shutdown()
/// ```
///
/// Each successful load is a generation with its own handle. A turn looks up its intent and leases
/// the generation in one locked step and holds the lease until the handler has really returned;
/// a retired generation is shut down (`sd_plugin_unload`, `dlclose` unless it keeps its image
/// mapped, copy deleted) when its last lease is released. No lock is held while plugin code runs.
public final class PluginHost: Sendable {
    let configuration: PluginHostConfiguration
    let state = Mutex(HostState())
    let settings: Mutex<[String: [String: String]]>
    let observers = ObserverHub()

    /// A host with no plugins loaded (registry version 0). Nothing touches the disk until a load.
    public init(configuration: PluginHostConfiguration) {
        self.configuration = configuration
        self.settings = Mutex(configuration.settings)
        // Copies left by crashed hosts: the folder of a process that no longer runs.
        let processFolder = configuration.copyDirectory.deletingLastPathComponent()
        if processFolder.lastPathComponent.hasPrefix(CopyDirectory.prefix) {
            CopyDirectory.sweepStale(in: processFolder.deletingLastPathComponent())
        }
    }

    /// The current snapshot.
    public var registry: Registry {
        state.withLock { $0.snapshot.registry }
    }

    /// Calls `observer` with every new snapshot, after the swap and outside the host's locks, in
    /// version order. Not called for the snapshot current when it is added.
    public func observe(_ observer: @escaping @Sendable (Registry) -> Void) {
        observers.add(observer)
    }

    /// Every generation still pinned or recently retired, by plugin and generation: which calls
    /// still pin which generation.
    public func generations() -> [GenerationStatus] {
        state.withLock { $0.statuses }
    }

    // MARK: Shared helpers

    func log(_ plugin: String?, _ level: PluginLogRecord.Level, _ message: String) {
        configuration.log(PluginLogRecord(plugin: plugin, level: level, message: message, fromPlugin: false))
    }

    /// What a plugin context needs from this host, holding it weakly (generations are owned by
    /// the host's state, and contexts by generations).
    var link: PluginContext.HostLink {
        PluginContext.HostLink(
            log: configuration.log,
            setting: { [weak self] plugin, key in
                self?.settings.withLock { $0[plugin]?[key] }
            },
            owner: { [weak self] kind, name in
                self?.state.withLock { state in
                    switch kind {
                    case .intent: state.snapshot.intents[name]?.generation.name
                    case .tool: state.snapshot.tools[name]?.generation.name
                    }
                }
            }
        )
    }

    /// Releases a lease once its plugin code has returned, shutting the generation down when it
    /// was the last lease of a retiring one.
    func release(_ lease: Lease) {
        if let finished = state.withLock({ $0.release(lease) }) {
            shutDownGeneration(finished)
        }
    }
}
