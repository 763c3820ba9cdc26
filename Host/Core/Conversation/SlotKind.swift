/// The type of a slot an intent declares (the `type` string of `SDSlotSpec` in the SDK), and the
/// canonical text a handler reads for it.
public enum SlotKind: String, Sendable, CaseIterable, Codable {
    /// `2026-12-01`
    case date
    /// `15:30`, 24-hour
    case time
    /// minutes, as an integer: `90`
    case duration
    /// two decimals: `42.50`; `all` when the caller asked for the whole amount ("all of it")
    case money
    /// the digits only: `4271`
    case digits
    /// `+15551234567` for North-American numbers, else the digits
    case phoneNumber = "phone_number"
    /// lower-case address
    case email
    /// `yes` or `no`
    case yesNo = "yes_no"
    /// the caller's words as heard
    case text
}
