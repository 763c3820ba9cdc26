import Foundation
import SmartDeskSDK

/// What a Swift plugin says about itself; ``PluginKit/describe(_:)`` turns it into the C descriptor
/// the host reads before any other plugin code runs.
public struct PluginDescription: Sendable {
    public var name: String
    public var version: String
    public var summary: String
    /// Never unload or reload.
    public var permanent: Bool

    public init(name: String, version: String, summary: String, permanent: Bool = false) {
        self.name = name
        self.version = version
        self.summary = summary
        self.permanent = permanent
    }

    /// A descriptor that lives as long as the image. Swift plugins always ask to stay mapped
    /// (`SD_PLUGIN_KEEP_MAPPED`): the Swift runtime keeps pointers into every image it has seen.
    func makeDescriptor() -> UnsafePointer<SDPluginDescriptor> {
        let descriptor = UnsafeMutablePointer<SDPluginDescriptor>.allocate(capacity: 1)
        var flags = UInt32(SD_PLUGIN_KEEP_MAPPED)
        if permanent { flags |= UInt32(SD_PLUGIN_PERMANENT) }
        descriptor.initialize(to: SDPluginDescriptor(
            size: UInt32(MemoryLayout<SDPluginDescriptor>.size),
            abi_major: UInt16(SD_ABI_MAJOR),
            abi_minor: UInt16(SD_ABI_MINOR),
            name: UnsafePointer(strdup(name)),
            version: UnsafePointer(strdup(version)),
            description: UnsafePointer(strdup(summary)),
            flags: flags
        ))
        return UnsafePointer(descriptor)
    }
}
