/// A customer as the shared per-call customer record carries it (`Turn.setCustomer`) and as
/// `crm_lookup` returns it:
/// `{"account":"4271","contact_phone":"+15551230001","email":"dana.whitfield@example.com","first_name":"Dana","id":1,"name":"Dana Whitfield","phone":"+15551230001"}`.
struct CustomerRecord: Codable, Sendable, Equatable {
    var id: Int
    var name: String
    var firstName: String
    /// The caller ID the record is keyed by (E.164).
    var phone: String
    var email: String
    var account: String
    /// The number the customer wants to be reached on; starts as the caller ID.
    var contactPhone: String

    enum CodingKeys: String, CodingKey {
        case id, name, phone, email, account
        case firstName = "first_name"
        case contactPhone = "contact_phone"
    }
}
