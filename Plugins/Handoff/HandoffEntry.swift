/// One caller waiting for a person: transferred now (`pending`, until the team marks it
/// `connected`) or to be called back when the team is next in (`callback`).
struct HandoffEntry: Encodable, Sendable, Equatable {
    enum Status: String, Encodable, Sendable {
        case pending
        case connected
        case callback
    }

    var id: Int
    /// The host's local time when it was queued, `2026-11-25T14:05:00`.
    var createdAt: String
    var callerPhone: String?
    var customerName: String?
    var reason: String
    var summary: String
    /// When someone should call back, `2026-11-26T09:00:00`; `nil` for a transfer.
    var callbackAt: String?
    var status: Status

    enum CodingKeys: String, CodingKey {
        case id, reason, summary, status
        case createdAt = "created_at"
        case callerPhone = "caller_phone"
        case customerName = "customer_name"
        case callbackAt = "callback_at"
    }

    /// Every key always present (`null` when unknown), so readers see one shape.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(callerPhone, forKey: .callerPhone)
        try container.encode(customerName, forKey: .customerName)
        try container.encode(reason, forKey: .reason)
        try container.encode(summary, forKey: .summary)
        try container.encode(callbackAt, forKey: .callbackAt)
        try container.encode(status, forKey: .status)
    }
}
