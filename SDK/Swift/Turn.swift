import Foundation
import SmartDeskSDK

/// The turn a handler is answering: what the caller said and what the host knows, and the ways to
/// answer. Valid only while the handler runs; do not keep it.
public struct Turn {
    let handle: OpaquePointer
    let api: UnsafePointer<SDHostAPI>

    private func string(_ read: ((OpaquePointer?) -> UnsafePointer<CChar>?)?) -> String? {
        read?(handle).flatMap { $0.validatedString }
    }

    /// What the caller said ("" at the start of a call).
    public var utterance: String { string(api.pointee.turn_utterance) ?? "" }
    /// The intent this turn was routed to.
    public var intent: String { string(api.pointee.turn_intent) ?? "" }
    /// Similarity of the best match, 0…1.
    public var confidence: Double { api.pointee.turn_confidence?(handle) ?? 0 }
    /// Caller ID, E.164 when known.
    public var caller: String? { string(api.pointee.turn_caller) }
    /// The business's local time, `2026-11-25T14:05:00`.
    public var now: String { string(api.pointee.turn_now) ?? "" }
    /// Entities found in the utterance, as JSON.
    public var entitiesJSON: String { string(api.pointee.turn_entities_json) ?? "[]" }
    /// The extractive summary of the call so far.
    public var summary: String { string(api.pointee.turn_summary) ?? "" }

    /// The canonical text of a filled slot (see the SDK's slot types), or `nil`.
    public func slot(_ name: String) -> String? {
        api.pointee.turn_slot?(handle, name).flatMap { $0.validatedString }
    }

    /// A per-call value shared by all plugins.
    public func value(_ key: String) -> String? {
        api.pointee.call_get?(handle, key).flatMap { $0.validatedString }
    }

    /// Sets (or with `nil` removes) a per-call value.
    @discardableResult
    public func setValue(_ value: String?, for key: String) -> Bool {
        let status: Int32? = if let value {
            api.pointee.call_set?(handle, key, value)
        } else {
            api.pointee.call_set?(handle, key, nil)
        }
        return status == SD_OK
    }

    /// The customer record shared by all plugins (a JSON object), or `nil`.
    public var customerJSON: String? { string(api.pointee.customer_get) }

    /// Decodes the customer record.
    public func customer<Record: Decodable>(as type: Record.Type) -> Record? {
        guard let json = customerJSON else { return nil }
        return try? JSONDecoder().decode(Record.self, from: Data(json.utf8))
    }

    /// Replaces the customer record.
    @discardableResult
    public func setCustomer<Record: Encodable>(_ record: Record) -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(record) else { return false }
        return api.pointee.customer_set?(handle, String(decoding: data, as: UTF8.self)) == SD_OK
    }

    /// Says `text` to the caller (may be called more than once).
    @discardableResult
    public func say(_ text: String) -> Bool { api.pointee.say?(handle, text) == SD_OK }

    /// Asks for a slot of this intent; the answer fills it and the handler runs again.
    @discardableResult
    public func ask(_ slot: String, question: String? = nil) -> Bool {
        if let question {
            return api.pointee.ask_slot?(handle, slot, question) == SD_OK
        }
        return api.pointee.ask_slot?(handle, slot, nil) == SD_OK
    }

    /// The caller should talk to a person.
    @discardableResult
    public func transfer(reason: String) -> Bool { api.pointee.request_transfer?(handle, reason) == SD_OK }

    /// Ends the call once what was said has been spoken.
    @discardableResult
    public func endCall() -> Bool { api.pointee.end_call?(handle) == SD_OK }

    /// Lets the LLM phrase the answer from these facts (a JSON object).
    @discardableResult
    public func deferToLLM(facts: String) -> Bool { api.pointee.defer_to_llm?(handle, facts) == SD_OK }
}
