import Foundation
import PluginHost

/// What the bundled skills' stores hold about a set of phone numbers, read through the skills' own
/// tools (`scheduling_appointments`, `billing_account_summary`, `crm_lookup`, `handoff_queue`), so
/// a scripted call can be checked by what it changed.
struct StoreSnapshot: Sendable, Equatable {
    struct Appointment: Sendable, Equatable {
        var confirmation: String
        /// `YYYY-MM-DDTHH:MM`
        var start: String
        var status: String
    }

    struct Account: Sendable, Equatable {
        var balanceCents: Int
        var lastPayment: String?
        /// Charge amounts in cents by "date description", with whether a dispute is open.
        var disputedCharges: [String: Int]
    }

    struct Contact: Sendable, Equatable {
        var email: String?
        var contactPhone: String?
    }

    var appointments: [String: [Appointment]] = [:]
    var accounts: [String: Account] = [:]
    var contacts: [String: Contact] = [:]
    var handoffs = 0

    /// Reads the stores for `phones`; a tool that answers with an error (no such customer) leaves
    /// that part out, a tool that is missing altogether is an error.
    static func read(from host: PluginHost, phones: [String]) async throws -> StoreSnapshot {
        var snapshot = StoreSnapshot()
        let decoder = JSONDecoder()
        for phone in phones {
            let argument = #"{"phone":"\#(phone)"}"#
            if let json = try await optionalTool(host, "scheduling_appointments", argument) {
                let list = try decoder.decode(AppointmentList.self, from: Data(json.utf8))
                snapshot.appointments[phone] = list.appointments.map {
                    Appointment(confirmation: $0.confirmation, start: $0.start, status: $0.status)
                }
            }
            if let json = try await optionalTool(host, "billing_account_summary", argument) {
                let summary = try decoder.decode(AccountSummary.self, from: Data(json.utf8))
                var disputed: [String: Int] = [:]
                for charge in summary.recent_charges where charge.open_dispute != nil {
                    disputed["\(charge.date) \(charge.description)"] = cents(charge.amount)
                }
                snapshot.accounts[phone] = Account(
                    balanceCents: cents(summary.balance), lastPayment: summary.last_payment?.confirmation, disputedCharges: disputed
                )
            }
            if let json = try await optionalTool(host, "crm_lookup", argument) {
                let customer = try decoder.decode(Customer.self, from: Data(json.utf8))
                snapshot.contacts[phone] = Contact(email: customer.email?.lowercased(), contactPhone: customer.contact_phone)
            }
        }
        if let json = try await optionalTool(host, "handoff_queue", "{}") {
            snapshot.handoffs = try decoder.decode(Queue.self, from: Data(json.utf8)).total
        }
        return snapshot
    }

    /// What changed from `before` to `self`.
    func changes(since before: StoreSnapshot) -> [StoreChange] {
        var changes: [StoreChange] = []
        for (phone, now) in appointments.sorted(by: { $0.key < $1.key }) {
            let earlier = Dictionary(before.appointments[phone, default: []].map { ($0.confirmation, $0) }, uniquingKeysWith: { a, _ in a })
            for appointment in now {
                guard let old = earlier[appointment.confirmation] else {
                    if appointment.status == "booked" { changes.append(.booked(phone: phone, start: appointment.start)) }
                    continue
                }
                if old.status == "booked", appointment.status == "cancelled" {
                    changes.append(.cancelled(phone: phone, start: old.start))
                } else if old.start != appointment.start, appointment.status == "booked" {
                    changes.append(.rescheduled(phone: phone, from: old.start, to: appointment.start))
                }
            }
        }
        for (phone, now) in accounts.sorted(by: { $0.key < $1.key }) {
            guard let old = before.accounts[phone] else { continue }
            if now.lastPayment != old.lastPayment || now.balanceCents < old.balanceCents {
                changes.append(.paid(phone: phone, amount: Self.money(old.balanceCents - now.balanceCents)))
            }
            for (charge, amount) in now.disputedCharges.sorted(by: { $0.key < $1.key }) where old.disputedCharges[charge] == nil {
                changes.append(.disputed(phone: phone, amount: Self.money(amount)))
            }
        }
        for (phone, now) in contacts.sorted(by: { $0.key < $1.key }) {
            guard let old = before.contacts[phone] else { continue }
            if now.email != old.email { changes.append(.email(phone: phone, value: now.email ?? "")) }
            if now.contactPhone != old.contactPhone { changes.append(.contactPhone(phone: phone, value: now.contactPhone ?? "")) }
        }
        return changes
    }

    static func money(_ cents: Int) -> String {
        String(format: "%.2f", Double(cents) / 100)
    }

    private static func cents(_ amount: Double) -> Int { Int((amount * 100).rounded()) }

    private static func optionalTool(_ host: PluginHost, _ name: String, _ arguments: String) async throws -> String? {
        do {
            return try await host.callTool(name, argumentsJSON: arguments)
        } catch {
            if error.isUnknownTool { throw CLIError("the bundled plugins are not all loaded: no tool \(name)") }
            return nil
        }
    }

    // The tools' JSON, as far as the checks read it.
    private struct AppointmentList: Decodable {
        struct Entry: Decodable { var confirmation: String; var start: String; var status: String }
        var appointments: [Entry]
    }

    private struct AccountSummary: Decodable {
        struct Payment: Decodable { var confirmation: String? }
        struct Charge: Decodable { var date: String; var description: String; var amount: Double; var open_dispute: String? }
        var balance: Double
        var last_payment: Payment?
        var recent_charges: [Charge]
    }

    private struct Customer: Decodable {
        var email: String?
        var contact_phone: String?
    }

    private struct Queue: Decodable { var total: Int }
}

/// A side effect a call had on the stores.
enum StoreChange: Sendable, Equatable, CustomStringConvertible {
    case booked(phone: String, start: String)
    case cancelled(phone: String, start: String)
    case rescheduled(phone: String, from: String, to: String)
    case paid(phone: String, amount: String)
    case disputed(phone: String, amount: String)
    case email(phone: String, value: String)
    case contactPhone(phone: String, value: String)

    var description: String {
        switch self {
        case .booked(let phone, let start): "booked \(start) for \(phone)"
        case .cancelled(let phone, let start): "cancelled \(start) of \(phone)"
        case .rescheduled(let phone, let from, let to): "moved \(phone)'s \(from) to \(to)"
        case .paid(let phone, let amount): "took a payment of \(amount) on \(phone)'s account"
        case .disputed(let phone, let amount): "opened a dispute on \(phone)'s \(amount) charge"
        case .email(let phone, let value): "changed \(phone)'s email to \(value)"
        case .contactPhone(let phone, let value): "changed \(phone)'s contact number to \(value)"
        }
    }

    /// What a task's check names for this change: `booked` and the start, `paid` and the amount, …
    var check: StoreChange.Check {
        switch self {
        case .booked(_, let start): Check(name: "booked", value: start)
        case .cancelled(_, let start): Check(name: "cancelled", value: start)
        case .rescheduled(_, _, let to): Check(name: "rescheduled", value: to)
        case .paid(_, let amount): Check(name: "paid", value: amount)
        case .disputed(_, let amount): Check(name: "disputed", value: amount)
        case .email(_, let value): Check(name: "email", value: value)
        case .contactPhone(_, let value): Check(name: "contact_phone", value: value)
        }
    }

    struct Check: Hashable, Sendable {
        var name: String
        var value: String
    }

    /// Whether `task` asked for exactly this.
    func isAsked(by task: CallScript.Task) -> Bool {
        task.changeChecks.contains { $0.key == check }
    }
}
