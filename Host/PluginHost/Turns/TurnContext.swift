import Locks

/// What `SDTurn *` stands for: one handler or hook run. Reads answer from the ``TurnInput``
/// overlaid with this turn's own changes; answers are recorded into a ``TurnOutcome``. The handle
/// is open only while the handler runs: the deadline or the handler's return closes it, and
/// every later call answers `SD_ERR` or NULL. Strings handed out stay allocated until the handler
/// has really returned (even after the deadline), as the header promises.
final class TurnContext: Sendable {
    /// A string field a plugin can read.
    enum Field: Sendable {
        case utterance
        case intent
        case slot(String)
        case entities
        case caller
        case now
        case summary
        case callValue(String)
        case customer
    }

    private struct State {
        var open = true
        /// Set when the handler returned before the deadline.
        var final: TurnOutcome?
        var outcome: TurnOutcome
        /// This turn's `call_set`s, the last one per key.
        var changedValues: [String: String?] = [:]
        var strings = CStringArena()
    }

    let input: TurnInput
    /// The routed intent's declared slots; empty for call-start hooks.
    let declaredSlots: Set<String>
    let token: UInt
    private let state: Mutex<State>

    init(input: TurnInput, plugin: String, generation: Int, declaredSlots: Set<String>) {
        self.input = input
        self.declaredSlots = declaredSlots
        self.state = Mutex(State(outcome: TurnOutcome(plugin: plugin, generation: generation)))
        self.token = HandleTable.shared.reserve()
        HandleTable.shared.open(token, .turn(self))
    }

    var handle: OpaquePointer? { HandleTable.pointer(token) }

    // MARK: Reading

    /// The address of the field's text, or 0 when absent or the turn is closed.
    func address(of field: Field) -> UInt {
        state.withLock { state in
            guard state.open, let text = value(of: field, in: state) else { return 0 }
            return state.strings.address(of: text, key: key(of: field))
        }
    }

    var confidence: Double? {
        state.withLock { $0.open ? input.confidence : nil }
    }

    private func value(of field: Field, in state: State) -> String? {
        switch field {
        case .utterance: input.utterance
        case .intent: input.intent.isEmpty ? nil : input.intent
        case .slot(let name): input.slots[name]
        case .entities: input.entitiesJSON
        case .caller: input.caller
        case .now: input.now
        case .summary: input.summaryProvider?.text ?? input.summary
        case .callValue(let key): state.changedValues[key] ?? input.callValues[key]
        case .customer: state.outcome.customerJSON ?? input.customerJSON
        }
    }

    private func key(of field: Field) -> String {
        switch field {
        case .utterance: "utterance"
        case .intent: "intent"
        case .slot(let name): "slot." + name
        case .entities: "entities"
        case .caller: "caller"
        case .now: "now"
        case .summary: "summary"
        case .callValue(let key): "value." + key
        case .customer: "customer"
        }
    }

    // MARK: Answering

    /// Applies `change` to the outcome while the turn is open; `SD_ERR` when closed or refused.
    func record(_ change: (inout TurnOutcome, inout [String: String?]) -> Bool) -> Int32 {
        state.withLock { state in
            guard state.open, change(&state.outcome, &state.changedValues) else { return Status.error }
            return Status.ok
        }
    }

    // MARK: Ending

    /// Closes the turn when its handler returned `code`; the outcome, or nil when the deadline
    /// closed it first.
    func finish(returned code: Int32) -> TurnOutcome? {
        HandleTable.shared.close(token)
        return state.withLock { state in
            guard state.open else { return nil }
            state.open = false
            var outcome = state.outcome
            if code != Status.ok {
                outcome = TurnOutcome(plugin: outcome.plugin, generation: outcome.generation)
                outcome.status = .failed("the handler returned \(code)")
            }
            state.final = outcome
            return outcome
        }
    }

    /// Closes the turn at the deadline; what the handler recorded is dropped. Answers the outcome
    /// when the handler had returned just before (it then counts), nil when the turn expired.
    func expire() -> TurnOutcome? {
        HandleTable.shared.close(token)
        return state.withLock { state in
            state.open = false
            return state.final
        }
    }

    /// Frees the strings handed out; called once the handler has really returned.
    func releaseStrings() {
        state.withLock { $0.strings.freeAll() }
    }
}
