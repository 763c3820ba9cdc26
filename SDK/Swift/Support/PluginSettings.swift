import Locks

/// A plugin's settings, read from its configuration when the generation loads and read again by
/// each config-only reload. A reload whose values are invalid throws (the host logs it and keeps
/// the generation) and leaves the previous settings in place.
///
/// ```swift
/// final class Greeter: SmartDeskPlugin {
///     private let settings: PluginSettings<String>
///     init(context: PluginContext) throws {
///         settings = try PluginSettings(context) { $0.config("greeting") ?? "Hello!" }
///     }
///     func configure(context: PluginContext) throws { try settings.reload(from: context) }
/// }
/// ```
public final class PluginSettings<Value: Sendable>: Sendable {
    private let read: @Sendable (PluginContext) throws -> Value
    private let value: Mutex<Value>

    /// Reads the settings from `context` with `read`, which throws when a value is invalid.
    public init(_ context: PluginContext, read: @escaping @Sendable (PluginContext) throws -> Value) throws {
        self.read = read
        value = Mutex(try read(context))
    }

    /// The settings now; a handler takes them once and uses them throughout.
    public var current: Value { value.withLock { $0 } }

    /// Reads the settings again (config-only reload); they apply from the next turn. When `read`
    /// throws, the previous settings stay.
    public func reload(from context: PluginContext) throws {
        let new = try read(context)
        value.withLock { $0 = new }
    }
}
