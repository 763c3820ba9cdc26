import Foundation

/// A caller's turn as a handler reads it through the `turn_*`, `call_get` and `customer_get`
/// functions. For call-start hooks, `utterance` and `intent` are empty.
public struct TurnInput: Sendable, Equatable {
    /// The call this turn belongs to (shown in ``GenerationStatus/callIDs``).
    public var callID: String
    /// What the caller said.
    public var utterance: String
    /// The routed intent's name.
    public var intent: String
    /// Similarity of the best match, 0…1.
    public var confidence: Double
    /// Canonical slot text by slot name (see the slot types in smartdesk.h).
    public var slots: [String: String]
    /// `[{"kind":"date","value":"2026-12-01","text":"next tuesday"},…]`
    public var entitiesJSON: String
    /// Caller ID, E.164 when known.
    public var caller: String?
    /// The business's local time: `2026-11-25T14:05:00`.
    public var now: String
    /// The per-call values before this turn.
    public var callValues: [String: String]
    /// The customer record (a JSON object), nil until someone sets it.
    public var customerJSON: String?
    /// The extractive summary of the call so far.
    public var summary: String
    /// Makes the summary when a plugin first asks for it (most never do), instead of `summary`.
    public var summaryProvider: DeferredText?

    /// A turn; only the call is required (a call-start hook's turn has nothing else).
    public init(
        callID: String, utterance: String = "", intent: String = "", confidence: Double = 1,
        slots: [String: String] = [:], entitiesJSON: String = "[]", caller: String? = nil,
        now: String = TurnInput.localTime(), callValues: [String: String] = [:], customerJSON: String? = nil,
        summary: String = "", summaryProvider: DeferredText? = nil
    ) {
        self.callID = callID
        self.utterance = utterance
        self.intent = intent
        self.confidence = confidence
        self.slots = slots
        self.entitiesJSON = entitiesJSON
        self.caller = caller
        self.now = now
        self.callValues = callValues
        self.customerJSON = customerJSON
        self.summary = summary
        self.summaryProvider = summaryProvider
    }

    /// This machine's local time as `yyyy-MM-ddTHH:mm:ss`.
    public static func localTime(_ date: Date = Date()) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let number = value ?? 0
            return number < 10 ? "0\(number)" : "\(number)"
        }
        return "\(parts.year ?? 1970)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }
}

/// Text made on demand, at most once per read: a closure, equal to every other (it is a way of
/// producing a value, not a value).
public struct DeferredText: Sendable, Equatable {
    private let make: @Sendable () -> String

    public init(_ make: @escaping @Sendable () -> String) {
        self.make = make
    }

    public var text: String { make() }

    public static func == (lhs: DeferredText, rhs: DeferredText) -> Bool { true }
}
