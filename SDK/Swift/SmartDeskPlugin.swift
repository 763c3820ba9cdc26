import SmartDeskSDK

/// A skill plugin written in Swift. The host creates one instance per loaded generation (each load
/// or reload), through ``PluginKit/initialize(_:plugin:api:)``; the initialiser registers intents,
/// tools and hooks on the context it is given.
///
/// ```swift
/// final class Greeter: SmartDeskPlugin {
///     static let about = PluginDescription(name: "greeter", version: "1.0", summary: "Says hello")
///     init(context: PluginContext) throws {
///         try context.registerIntent(
///             name: "greeter.hello", description: "say hello",
///             examples: ["hello", "hi there", "good morning"]
///         ) { turn in turn.say("Hello!") }
///     }
/// }
///
/// @_cdecl("sd_plugin_describe")
/// public func describe() -> UnsafePointer<SDPluginDescriptor> { PluginKit.describe(Greeter.self) }
/// @_cdecl("sd_plugin_init")
/// public func initialize(_ plugin: OpaquePointer?, _ api: UnsafePointer<SDHostAPI>?) -> Int32 {
///     PluginKit.initialize(Greeter.self, plugin: plugin, api: api)
/// }
/// @_cdecl("sd_plugin_unload")
/// public func unload(_ plugin: OpaquePointer?) { PluginKit.unload(plugin: plugin) }
/// ```
public protocol SmartDeskPlugin: AnyObject, Sendable {
    /// Name, version and summary, read by the host before anything else runs.
    static var about: PluginDescription { get }
    /// Registers everything through `context`; throwing refuses the load (the error is logged).
    init(context: PluginContext) throws
    /// The generation is retired and its last turn has ended.
    func unload()
    /// The host's configuration for this plugin changed (config-only reload).
    func configure(context: PluginContext) throws
}

extension SmartDeskPlugin {
    public func unload() {}
    public func configure(context: PluginContext) throws {}
}
