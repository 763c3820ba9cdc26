import SmartDeskSDK

extension PluginDescriptor {
    /// ABI 1.0's descriptor: up to the end of `flags`.
    static let minimumSize = RegistrationReader.minimumSize(
        SDPluginDescriptor.self, lastField: \SDPluginDescriptor.flags, fieldSize: 4
    )

    static let hostABI = "\(SD_ABI_MAJOR).\(SD_ABI_MINOR)"

    /// Reads the descriptor `sd_plugin_describe` returned: version first (the most useful message
    /// for a plugin built against another header), then size, then the strings.
    init(reading pointer: UnsafePointer<SDPluginDescriptor>?) throws(Refusal) {
        guard let pointer else { throw Refusal("sd_plugin_describe returned NULL") }
        let raw = UnsafeRawPointer(pointer)
        let size = Int(raw.load(as: UInt32.self))
        if size >= 8 {
            let major = Int(raw.load(fromByteOffset: 4, as: UInt16.self))
            let minor = Int(raw.load(fromByteOffset: 6, as: UInt16.self))
            let built = "built against ABI \(major).\(minor), this host speaks \(Self.hostABI)"
            if major > Int(SD_ABI_MAJOR) || (major == Int(SD_ABI_MAJOR) && minor > Int(SD_ABI_MINOR)) {
                throw Refusal("\(built): rebuild against this host's smartdesk.h or upgrade the host")
            }
            if major < Int(SD_ABI_MAJOR) {
                throw Refusal("\(built): rebuild against this host's smartdesk.h")
            }
        }
        guard size >= Self.minimumSize else {
            throw Refusal(
                "descriptor size \(size) is smaller than ABI 1.0's \(Self.minimumSize) bytes (build it with SD_DESCRIPTOR)"
            )
        }
        let descriptor = pointer.pointee
        let name = try CStringReader.read(descriptor.name, limit: Limits.name, field: "the plugin name")
        try CStringReader.check(name, rule: .plugin, field: "plugin name")
        self.name = name
        self.version = try CStringReader.readOptional(descriptor.version, limit: Limits.text, field: "version") ?? ""
        self.description =
            try CStringReader.readOptional(descriptor.description, limit: Limits.text, field: "description") ?? ""
        self.permanent = descriptor.flags & UInt32(SD_PLUGIN_PERMANENT) != 0
        self.keepMapped = descriptor.flags & UInt32(SD_PLUGIN_KEEP_MAPPED) != 0
    }
}
