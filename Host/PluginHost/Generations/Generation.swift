/// Where a generation's code runs.
enum GenerationBackend: Sendable {
    /// Mapped into the host: its image, its handle, and its optional entry points (0 when absent).
    case inProcess(image: PluginImage, context: PluginContext, unloadFunction: UInt, configureFunction: UInt)
    /// In a worker process (`isolation = "process"`).
    case worker(IsolatedPlugin)
}

/// One successful load of a plugin: where its code runs and everything it registered.
/// Immutable; what changes over its life (leases, health, state) is in ``HostState``.
final class Generation: Sendable {
    /// Unique within the host, across plugins.
    let id: Int
    /// 1 for the first load of this plugin name, counting up.
    let number: Int
    let descriptor: PluginDescriptor
    /// The file it was loaded from.
    let path: String
    let backend: GenerationBackend
    let registrations: Registrations

    init(
        id: Int, number: Int, descriptor: PluginDescriptor, path: String, backend: GenerationBackend,
        registrations: Registrations
    ) {
        self.id = id
        self.number = number
        self.descriptor = descriptor
        self.path = path
        self.backend = backend
        self.registrations = registrations
    }

    /// The worker running it, when it is isolated.
    var worker: IsolatedPlugin? {
        if case .worker(let worker) = backend { return worker }
        return nil
    }

    /// The private copy the host mapped, or the one its worker loads.
    var copyPath: String {
        switch backend {
        case .inProcess(let image, _, _, _): image.copyPath
        case .worker(let worker): worker.filePath
        }
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
            isolated: worker != nil,
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
