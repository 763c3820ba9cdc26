import SmartDeskSDK

extension HostFunctions {
    // MARK: Registration (during sd_plugin_init only)

    static func registerIntent(_ plugin: OpaquePointer?, _ spec: UnsafePointer<SDIntentSpec>?) -> Int32 {
        guard let context = HandleTable.shared.plugin(plugin) else { return Status.error }
        return context.register("register_intent") { () throws(Refusal) in
            Registrations(intents: [
                try RegistrationReader.intent(spec, plugin: context.pluginName, generation: context.generation),
            ])
        }
    }

    static func registerTool(_ plugin: OpaquePointer?, _ spec: UnsafePointer<SDToolSpec>?) -> Int32 {
        guard let context = HandleTable.shared.plugin(plugin) else { return Status.error }
        return context.register("register_tool") { () throws(Refusal) in
            Registrations(tools: [
                try RegistrationReader.tool(spec, plugin: context.pluginName, generation: context.generation),
            ])
        }
    }

    static func registerTypedTool(_ plugin: OpaquePointer?, _ spec: UnsafePointer<SDTypedToolSpec>?) -> Int32 {
        guard let context = HandleTable.shared.plugin(plugin) else { return Status.error }
        return context.register("register_typed_tool") { () throws(Refusal) in
            Registrations(tools: [
                try RegistrationReader.typedTool(spec, plugin: context.pluginName, generation: context.generation),
            ])
        }
    }

    static func onCallStart(_ plugin: OpaquePointer?, _ handler: SDCallStartHandler?, _ userdata: UnsafeMutableRawPointer?) -> Int32 {
        guard let context = HandleTable.shared.plugin(plugin) else { return Status.error }
        return context.register("on_call_start") { () throws(Refusal) in
            guard let handler else { throw Refusal("the handler is NULL") }
            return Registrations(hooks: [
                HookRegistration(handler: unsafeBitCast(handler, to: UInt.self), userdata: UInt(bitPattern: userdata)),
            ])
        }
    }

    // MARK: Plugin services (any time until unload)

    static func log(_ plugin: OpaquePointer?, _ level: Int32, _ message: UnsafePointer<CChar>?) {
        guard let context = HandleTable.shared.plugin(plugin),
            let text = CStringReader.lossy(message, limit: Limits.value)
        else { return }
        context.log(PluginLogRecord.Level(rawValue: Int(level)) ?? .info, text, fromPlugin: true)
    }

    static func configGet(_ plugin: OpaquePointer?, _ key: UnsafePointer<CChar>?) -> UnsafePointer<CChar>? {
        guard let context = HandleTable.shared.plugin(plugin),
            let key = try? CStringReader.read(key, limit: Limits.name, field: "key", allowEmpty: false)
        else { return nil }
        return UnsafePointer(bitPattern: context.configValue(key))
    }

    static func dataDirectory(_ plugin: OpaquePointer?) -> UnsafePointer<CChar>? {
        guard let context = HandleTable.shared.plugin(plugin) else { return nil }
        return UnsafePointer(bitPattern: context.dataDirectoryAddress())
    }
}
