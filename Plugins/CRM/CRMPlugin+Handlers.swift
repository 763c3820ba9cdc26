import SmartDeskPluginKit
import Synchronization

extension CRMPlugin {
    // MARK: Call start

    /// A known caller: sets the shared customer record and greets them by first name. An unknown
    /// caller hears the host's own greeting.
    func greet(_ turn: Turn) throws {
        guard let customer = try caller(of: turn) else { return }
        turn.setCustomer(customer)
        turn.say(CRMReplies.greeting(customer, business: businessName))
    }

    // MARK: crm.update_email

    func updateEmail(_ turn: Turn) throws {
        guard let customer = try caller(of: turn) else {
            turn.say(CRMReplies.notOnFile)
            return
        }
        guard let heard = turn.slot("email") else {
            turn.ask("email")
            return
        }
        let email = heard.trimmingWhitespaceAndLowercased
        guard Self.looksLikeEmail(email) else {
            turn.forgetProposal(key: Self.proposalKey)
            turn.ask("email", question: CRMReplies.emailNotHeard)
            return
        }
        guard email != customer.email else {
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(CRMReplies.emailUnchanged)
            return
        }
        let proposal = "email:\(email)"
        switch turn.confirmation(of: proposal, key: Self.proposalKey) {
        case .unasked:
            turn.askToConfirm(proposal, key: Self.proposalKey, question: CRMReplies.confirmEmail(email))
        case .declined:
            turn.forgetProposal(key: Self.proposalKey)
            turn.ask("email", question: CRMReplies.emailRejected)
        case .confirmed:
            try customers.withLock { try $0.updateEmail(of: customer.id, to: email) }
            var updated = customer
            updated.email = email
            turn.setCustomer(updated)
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(CRMReplies.emailUpdated(email))
        }
    }

    // MARK: crm.update_phone

    func updatePhone(_ turn: Turn) throws {
        guard let customer = try caller(of: turn) else {
            turn.say(CRMReplies.notOnFile)
            return
        }
        guard let heard = turn.slot("phone") else {
            turn.ask("phone")
            return
        }
        guard let phone = PhoneNumber.canonical(heard), phone.filter(\.isNumber).count >= 7 else {
            turn.forgetProposal(key: Self.proposalKey)
            turn.ask("phone", question: CRMReplies.phoneNotHeard)
            return
        }
        guard phone != customer.contactPhone else {
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(CRMReplies.phoneUnchanged)
            return
        }
        let proposal = "phone:\(phone)"
        switch turn.confirmation(of: proposal, key: Self.proposalKey) {
        case .unasked:
            turn.askToConfirm(proposal, key: Self.proposalKey, question: CRMReplies.confirmPhone(phone))
        case .declined:
            turn.forgetProposal(key: Self.proposalKey)
            turn.ask("phone", question: CRMReplies.phoneRejected)
        case .confirmed:
            try customers.withLock { try $0.updateContactPhone(of: customer.id, to: phone) }
            var updated = customer
            updated.contactPhone = phone
            turn.setCustomer(updated)
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(CRMReplies.phoneUpdated(phone))
        }
    }

    // MARK: crm.contact_details

    func contactDetails(_ turn: Turn) throws {
        guard let customer = try caller(of: turn) else {
            turn.say(CRMReplies.noRecord)
            return
        }
        turn.say(CRMReplies.details(customer))
    }

    // MARK: Helpers

    /// The customer calling, looked up by caller ID in the store (the source of truth: the shared
    /// record may be stale or set by someone else).
    private func caller(of turn: Turn) throws -> CustomerRecord? {
        guard let phone = turn.caller else { return nil }
        return try customers.withLock { try $0.customer(callerID: phone) }
    }

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
