import SmartDeskPluginKit

/// A contact detail the caller can change on the phone (`crm.update_email`, `crm.update_phone`):
/// everything in which the two intents differ, so that ``CRMPlugin/updateContact(_:_:)`` runs one
/// flow for both. The flow: is the caller on file, was the new value heard, is it valid, is it
/// new, then read it back, and save it once the caller says yes.
struct ContactField: Sendable {
    /// The slot the new value is heard in, also the prefix of the read-back's proposal
    /// (`"email:dana.w@example.com"`).
    let slot: String
    /// The value as stored, from what was heard; `nil` when it is not a valid value.
    let normalise: @Sendable (String) -> String?
    /// Where the value sits in the customer record.
    let field: any WritableKeyPath<CustomerRecord, String> & Sendable
    /// Writes the new value for customer `id` to the store.
    let save: @Sendable (CustomerStore, _ id: Int, _ value: String) throws -> Void
    /// Asked again when what was heard is not a valid value.
    let notHeard: String
    /// Said when the value is the one on file already.
    let unchanged: String
    /// The read-back of the new value.
    let confirm: @Sendable (String) -> String
    /// Asked again when the caller says the read-back is wrong.
    let rejected: String
    /// Said once the new value is saved.
    let updated: @Sendable (String) -> String

    /// The email address: trimmed, lowercased, and shaped like an address.
    static let email = ContactField(
        slot: "email",
        normalise: { heard in
            let email = heard.trimmingWhitespaceAndLowercased
            return looksLikeEmail(email) ? email : nil
        },
        field: \.email,
        save: { store, id, email in try store.updateEmail(of: id, to: email) },
        notHeard: CRMReplies.emailNotHeard,
        unchanged: CRMReplies.emailUnchanged,
        confirm: CRMReplies.confirmEmail,
        rejected: CRMReplies.emailRejected,
        updated: CRMReplies.emailUpdated
    )

    /// The contact number: canonical, with at least seven digits.
    static let phone = ContactField(
        slot: "phone",
        normalise: { heard in
            guard let phone = PhoneNumber.canonical(heard), phone.filter(\.isNumber).count >= 7 else { return nil }
            return phone
        },
        field: \.contactPhone,
        save: { store, id, phone in try store.updateContactPhone(of: id, to: phone) },
        notHeard: CRMReplies.phoneNotHeard,
        unchanged: CRMReplies.phoneUnchanged,
        confirm: CRMReplies.confirmPhone,
        rejected: CRMReplies.phoneRejected,
        updated: CRMReplies.phoneUpdated
    )

    /// One `@`, something before it, and a dotted domain after it, without spaces.
    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }
}

extension String {
    fileprivate var trimmingWhitespaceAndLowercased: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()).lowercased()
    }
}
