import SmartDeskPluginKit
import Locks

extension CRMPlugin {
    /// Arguments of `crm_lookup`.
    struct LookupRequest: Decodable, Sendable {
        var phone: String
    }

    func registerTools(on context: PluginContext) throws {
        try context.registerTool(
            name: "crm_lookup",
            description: "The customer with this phone number (caller ID or contact number): id, name, first_name, phone, email, account, contact_phone",
            parameters: #"{"type":"object","properties":{"phone":{"type":"string","description":"a phone number, e.g. +15551230001"}},"required":["phone"]}"#,
            model: PluginContext.ModelAccess(callerParameter: "phone")
        ) { [weak self] (request: LookupRequest) throws -> CustomerRecord in
            guard let self else { throw CRMError("the CRM plugin is unloading") }
            guard let customer = try customers.withLock({ try $0.customer(phone: request.phone) }) else {
                throw CRMError("no customer with phone \(request.phone)")
            }
            return customer
        }
        let phone = (name: "phone", description: "a phone number, e.g. +15551230001")
        try context.registerTypedTool(
            name: "crm_customer_name",
            description: "The full name of the customer with this phone number, or null when there is none",
            parameter: phone, model: PluginContext.ModelAccess(callerParameter: "phone"), function: CustomerTools.name
        )
        try context.registerTypedTool(
            name: "crm_is_customer", description: "Whether a phone number belongs to a customer on file",
            parameter: phone, model: PluginContext.ModelAccess(callerParameter: "phone"), function: CustomerTools.isCustomer
        )
    }
}

/// `const char *crm_customer_name(const char *phone)` and `bool crm_is_customer(const char *phone)`.
///
/// Typed tools are plain C functions the host calls through libffi: `SDTypedToolSpec` carries no
/// userdata, so they cannot capture the plugin instance. They reach the customers through
/// `CRMPlugin.live`, a static lock box that each generation fills when it loads and empties when it
/// is unloaded (the newest generation wins during a reload). A returned name lives in a per-thread
/// buffer, valid until the tool is next called on the same thread, as the ABI asks.
enum CustomerTools {
    static let nameBuffer = ThreadLocalCString()

    static let name: @convention(c) (UnsafePointer<CChar>?) -> UnsafePointer<CChar>? = { phone in
        nameBuffer.store(lookUp(phone)?.name)
    }

    static let isCustomer: @convention(c) (UnsafePointer<CChar>?) -> Bool = { phone in
        lookUp(phone) != nil
    }

    private static func lookUp(_ phone: UnsafePointer<CChar>?) -> CustomerRecord? {
        guard let text = phone.flatMap({ String(validatingCString: $0) }), let plugin = CRMPlugin.live.instance else {
            return nil
        }
        return try? plugin.customers.withLock { try $0.customer(phone: text) }
    }
}

/// A request the CRM plugin cannot answer (a tool error, or a handler failure in the log).
struct CRMError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
