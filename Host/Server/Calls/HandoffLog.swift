import Agent
import Core
import Foundation
import Locks

/// Every handoff this host made, newest last (bounded): transfers dialled and callbacks promised,
/// with the summary a person picks the call up with. The admin API lists it. (A persistent,
/// shared queue arrives with the analytics store.)
public final class HandoffLog: Sendable {
    public struct Entry: Sendable, Equatable, Codable {
        public enum Outcome: String, Sendable, Codable {
            /// Dialled through Twilio.
            case transferred
            /// No transfer possible: the caller was promised a call back.
            case callback
        }

        public var callID: String
        public var caller: String?
        public var customerName: String?
        public var reason: String
        public var summary: String
        public var outcome: Outcome
        public var at: Date
        public var detail: String?
    }

    public let capacity: Int
    private let entries = Mutex<[Entry]>([])

    public init(capacity: Int = 1_000) {
        self.capacity = capacity
    }

    /// Keeps the handoff and records it with `call`'s analytics (the shared queue in the store).
    public func record(_ record: HandoffRecord, call: AgentCall? = nil, outcome: Entry.Outcome, detail: String? = nil) async {
        if let call {
            let delivery = outcome == .transferred ? "transferred to \(detail ?? "a person")" : "callback: \(detail ?? "")"
            await call.recordHandoff(record, delivery: delivery)
        }
        let entry = Entry(
            callID: record.callID, caller: record.caller, customerName: record.customerName, reason: record.reason,
            summary: record.summary, outcome: outcome, at: Date(), detail: detail
        )
        entries.withLock { entries in
            entries.append(entry)
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
    }

    public var all: [Entry] { entries.withLock { $0 } }
}
