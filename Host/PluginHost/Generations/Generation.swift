/// One successful load of a plugin: its image, its handle and everything it registered.
/// Immutable; what changes over its life (leases, health, state) is in ``HostState``.
final class Generation: Sendable {
    /// Unique within the host, across plugins.
    let id: Int
    /// 1 for the first load of this plugin name, counting up.
    let number: Int
    let descriptor: PluginDescriptor
    /// The file it was loaded from.
    let path: String
    let image: PluginImage
    let context: PluginContext
    let registrations: Registrations
    /// `sd_plugin_unload`, 0 when the plugin has none.
    let unloadFunction: UInt
    /// `sd_plugin_configure`, 0 when the plugin has none.
    let configureFunction: UInt

    init(
        id: Int, number: Int, descriptor: PluginDescriptor, path: String, image: PluginImage,
        context: PluginContext, registrations: Registrations, unloadFunction: UInt, configureFunction: UInt
    ) {
        self.id = id
        self.number = number
        self.descriptor = descriptor
        self.path = path
        self.image = image
        self.context = context
        self.registrations = registrations
        self.unloadFunction = unloadFunction
        self.configureFunction = configureFunction
    }

    var name: String { descriptor.name }

    /// Permanent plugins are never unmapped either: at shutdown they only get `sd_plugin_unload`.
    var keepsImageMapped: Bool { descriptor.keepMapped || descriptor.permanent }

    /// `billing generation 3`.
    var label: String { "\(name) generation \(number)" }

    func info(health: PluginHealth) -> PluginInfo {
        PluginInfo(
            name: name, version: descriptor.version, description: descriptor.description, path: path,
            generation: number, permanent: descriptor.permanent, keepMapped: descriptor.keepMapped, health: health,
            intentNames: registrations.intents.map(\.info.name).sorted(),
            toolNames: registrations.tools.map(\.info.name).sorted()
        )
    }
}

/// A generation pinned by a running handler, hook, tool call or configure hook: it is not shut
/// down until every lease is released, which happens only when that plugin code has returned.
struct Lease: Sendable {
    let generation: Generation
    let id: Int
}
