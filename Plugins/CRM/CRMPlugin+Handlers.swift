import SmartDeskPluginKit
import Locks

extension CRMPlugin {
    // MARK: Call start

    /// A known caller: sets the shared customer record and greets them by first name. An unknown
    /// caller hears the host's own greeting.
    func greet(_ turn: Turn) throws {
        guard let customer = try caller(of: turn) else { return }
        turn.setCustomer(customer)
        turn.say(CRMReplies.greeting(customer, business: businessName))
    }

    // MARK: crm.update_email, crm.update_phone

    /// Changes `field` for a caller on file: asks for the new value, reads it back, and saves it
    /// once the caller says yes.
    func updateContact(_ field: ContactField, _ turn: Turn) throws {
        guard let customer = try caller(of: turn) else {
            turn.say(CRMReplies.notOnFile)
            return
        }
        guard let heard = turn.slot(field.slot) else {
            turn.ask(field.slot)
            return
        }
        guard let value = field.normalise(heard) else {
            turn.forgetProposal(key: Self.proposalKey)
            turn.ask(field.slot, question: field.notHeard)
            return
        }
        guard value != customer[keyPath: field.field] else {
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(field.unchanged)
            return
        }
        let proposal = "\(field.slot):\(value)"
        switch turn.confirmation(of: proposal, key: Self.proposalKey) {
        case .unasked:
            turn.askToConfirm(proposal, key: Self.proposalKey, question: field.confirm(value))
        case .declined:
            turn.forgetProposal(key: Self.proposalKey)
            turn.ask(field.slot, question: field.rejected)
        case .confirmed:
            try customers.withLock { try field.save($0, customer.id, value) }
            var updated = customer
            updated[keyPath: field.field] = value
            turn.setCustomer(updated)
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(field.updated(value))
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
}
