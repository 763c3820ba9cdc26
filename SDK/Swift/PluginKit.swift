import Foundation
@_exported import SmartDeskSDK
import Locks

/// The C entry points of a Swift plugin, one call each: a plugin exports `sd_plugin_describe`,
/// `sd_plugin_init` and `sd_plugin_unload` with `@_cdecl` and forwards them here (see
/// ``SmartDeskPlugin`` for the three lines).
public enum PluginKit {
    /// The descriptor, made once per image (the host may ask more than once).
    public static func describe<Plugin: SmartDeskPlugin>(_ type: Plugin.Type) -> UnsafePointer<SDPluginDescriptor> {
        descriptor.withLock { slot in
            if let existing = slot { return UnsafePointer(bitPattern: existing)! }
            let made = Plugin.about.makeDescriptor()
            slot = UInt(bitPattern: made)
            return made
        }
    }

    /// Creates the plugin for this generation; answers `SD_ERR` (after logging why) when its
    /// initialiser throws or a registration was refused.
    public static func initialize<Plugin: SmartDeskPlugin>(
        _ type: Plugin.Type, plugin: OpaquePointer?, api: UnsafePointer<SDHostAPI>?
    ) -> Int32 {
        guard let plugin, let api, api.pointee.abi_major == UInt16(SD_ABI_MAJOR) else { return Int32(SD_ERR) }
        let context = PluginContext(plugin: plugin, api: api)
        do {
            let instance = try Plugin(context: context)
            live.withLock { $0[UInt(bitPattern: plugin)] = LiveGeneration(context: context, plugin: instance) }
            return Int32(SD_OK)
        } catch {
            context.log(.error, "init failed: \(error)")
            return Int32(SD_ERR)
        }
    }

    /// Lets the generation go: calls ``SmartDeskPlugin/unload()`` and releases its closures.
    public static func unload(plugin: OpaquePointer?) {
        guard let plugin else { return }
        let generation = live.withLock { $0.removeValue(forKey: UInt(bitPattern: plugin)) }
        generation?.plugin.unload()
        generation?.context.releaseRegistrations()
    }

    /// Re-reads configuration without swapping code.
    public static func configure(plugin: OpaquePointer?) -> Int32 {
        guard let plugin, let generation = live.withLock({ $0[UInt(bitPattern: plugin)] }) else {
            return Int32(SD_ERR)
        }
        do {
            try generation.plugin.configure(context: generation.context)
            return Int32(SD_OK)
        } catch {
            generation.context.log(.error, "configure failed: \(error)")
            return Int32(SD_ERR)
        }
    }

    private struct LiveGeneration: Sendable {
        let context: PluginContext
        let plugin: any SmartDeskPlugin
    }

    private static let descriptor = Mutex<UInt?>(nil)
    private static let live = Mutex<[UInt: LiveGeneration]>([:])
}
