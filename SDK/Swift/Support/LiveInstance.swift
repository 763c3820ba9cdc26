import Locks

/// The current generation of a plugin, for code that the host calls without any context: typed
/// tools are plain `@convention(c)` functions (`SDTypedToolSpec` has no userdata), so they cannot
/// capture the plugin instance and reach it through a `static let` box instead.
///
/// The host dlopens a fresh copy of the library for every load, so each copy's box holds its own
/// generation; `retire` only empties the box when it still holds the instance being retired, so
/// the box stays right even where one image serves several generations (the newest wins).
///
/// ```swift
/// final class Skill: SmartDeskPlugin {
///     static let live = LiveInstance<Skill>()
///     init(context: PluginContext) throws { …; Self.live.install(self) }
///     func unload() { Self.live.retire(self) }
/// }
/// ```
public final class LiveInstance<Plugin: AnyObject & Sendable>: Sendable {
    private let current = Mutex<Plugin?>(nil)

    public init() {}

    public func install(_ plugin: Plugin) {
        current.withLock { $0 = plugin }
    }

    public func retire(_ plugin: Plugin) {
        current.withLock { if $0 === plugin { $0 = nil } }
    }

    /// The current instance, or `nil` between generations.
    public var instance: Plugin? { current.withLock { $0 } }
}
