import SmartDeskPluginKit
import SmartDeskSDK
import Locks

/// Knows the business's customers: greets a known caller by name when the call starts (and sets the
/// shared customer record for the other plugins), updates their email and contact number, and reads
/// back what is on file. The customers live in `crm.sqlite` in the plugin's data directory.
///
/// Configuration (`[plugins.crm]`): `business_name` (default "Brightside Dental"), said in the greeting.
final class CRMPlugin: SmartDeskPlugin {
    static let about = PluginDescription(
        name: "crm", version: "1.0.0",
        summary: "Recognises customers by caller ID, greets them, and updates their contact details"
    )

    static let defaultBusinessName = "Brightside Dental"
    /// Per-call value holding the read-back the caller is answering ("email:dana.w@example.com").
    static let proposalKey = "crm.proposal"

    /// The live generation, for the typed tools (see ``CustomerNameTool``).
    static let live = LiveInstance<CRMPlugin>()

    /// Said in the greeting, replaced by a config-only reload.
    private let settings: PluginSettings<String>
    let customers: Mutex<CustomerStore>

    var businessName: String { settings.current }

    init(context: PluginContext) throws {
        settings = try PluginSettings(context) { $0.config("business_name") ?? CRMPlugin.defaultBusinessName }
        customers = Mutex(try CustomerStore.open(in: context))
        try context.onCallStart { [weak self] turn in try self?.greet(turn) }
        try registerIntents(on: context)
        try registerTools(on: context)
        Self.live.install(self)
    }

    func unload() {
        Self.live.retire(self)
        customers.withLock { $0.close() }
    }

    /// A config-only reload: the new business name is greeted with from the next call.
    func configure(context: PluginContext) throws {
        try settings.reload(from: context)
    }

    private func registerIntents(on context: PluginContext) throws {
        // The email and number are optional to the host: the handler asks for them itself, and only
        // once it knows the caller is a customer (no point asking a stranger for an address first).
        let email = PluginContext.Slot("email", type: "email", question: CRMReplies.askEmail, optional: true)
        let phone = PluginContext.Slot("phone", type: "phone_number", question: CRMReplies.askPhone, optional: true)
        let confirm = PluginContext.Slot("confirm", type: "yes_no", question: "Is that right?", optional: true)

        try context.registerIntent(
            name: "crm.update_email", description: "change the email address on file",
            examples: CRMExamples.updateEmail, slots: [email, confirm], sideEffects: true
        ) { [weak self] turn in try self?.updateContact(.email, turn) }
        try context.registerIntent(
            name: "crm.update_phone", description: "change the contact phone number on file",
            examples: CRMExamples.updatePhone, slots: [phone, confirm], sideEffects: true
        ) { [weak self] turn in try self?.updateContact(.phone, turn) }
        try context.registerIntent(
            name: "crm.contact_details", description: "hear the contact details on file",
            examples: CRMExamples.contactDetails
        ) { [weak self] turn in try self?.contactDetails(turn) }
    }
}

// MARK: Entry points

@_cdecl("sd_plugin_describe")
public func crmDescribe() -> UnsafePointer<SDPluginDescriptor> {
    PluginKit.describe(CRMPlugin.self)
}

@_cdecl("sd_plugin_init")
public func crmInitialize(_ plugin: OpaquePointer?, _ api: UnsafePointer<SDHostAPI>?) -> Int32 {
    PluginKit.initialize(CRMPlugin.self, plugin: plugin, api: api)
}

@_cdecl("sd_plugin_unload")
public func crmUnload(_ plugin: OpaquePointer?) {
    PluginKit.unload(plugin: plugin)
}

@_cdecl("sd_plugin_configure")
public func crmConfigure(_ plugin: OpaquePointer?) -> Int32 {
    PluginKit.configure(plugin: plugin)
}
