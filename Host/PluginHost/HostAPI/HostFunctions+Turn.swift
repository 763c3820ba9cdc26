import SmartDeskSDK

extension HostFunctions {
    // MARK: Reading the turn

    static func turnString(_ turn: OpaquePointer?, _ field: TurnContext.Field) -> UnsafePointer<CChar>? {
        guard let context = HandleTable.shared.turn(turn) else { return nil }
        return UnsafePointer(bitPattern: context.address(of: field))
    }

    static func turnConfidence(_ turn: OpaquePointer?) -> Double {
        HandleTable.shared.turn(turn)?.confidence ?? 0
    }

    static func turnSlot(_ turn: OpaquePointer?, _ slot: UnsafePointer<CChar>?) -> UnsafePointer<CChar>? {
        guard let context = HandleTable.shared.turn(turn),
            let name = try? CStringReader.name(slot, rule: .plain, field: "slot")
        else { return nil }
        return UnsafePointer(bitPattern: context.address(of: .slot(name)))
    }

    static func callGet(_ turn: OpaquePointer?, _ key: UnsafePointer<CChar>?) -> UnsafePointer<CChar>? {
        guard let context = HandleTable.shared.turn(turn),
            let key = try? CStringReader.name(key, rule: .dotted, field: "key")
        else { return nil }
        return UnsafePointer(bitPattern: context.address(of: .callValue(key)))
    }

    // MARK: Changing the call

    static func callSet(_ turn: OpaquePointer?, _ key: UnsafePointer<CChar>?, _ value: UnsafePointer<CChar>?) -> Int32 {
        guard let context = HandleTable.shared.turn(turn),
            let key = try? CStringReader.name(key, rule: .dotted, field: "key"),
            case .some(let value) = optionalString(value, limit: Limits.value)
        else { return Status.error }
        return context.record { outcome, values in
            guard outcome.callValueChanges.count < Limits.callValueChangesPerTurn else { return false }
            outcome.callValueChanges.append(CallValueChange(key: key, value: value))
            values[key] = .some(value)
            return true
        }
    }

    static func customerSet(_ turn: OpaquePointer?, _ json: UnsafePointer<CChar>?) -> Int32 {
        guard let context = HandleTable.shared.turn(turn), let object = jsonObject(json) else { return Status.error }
        return context.record { outcome, _ in
            outcome.customerJSON = object
            return true
        }
    }

    // MARK: Answering

    static func say(_ turn: OpaquePointer?, _ text: UnsafePointer<CChar>?) -> Int32 {
        guard let context = HandleTable.shared.turn(turn),
            let text = try? CStringReader.read(text, limit: Limits.text, field: "text", allowEmpty: false)
        else { return Status.error }
        return context.record { outcome, _ in
            guard outcome.says.count < Limits.saysPerTurn else { return false }
            outcome.says.append(text)
            return true
        }
    }

    static func askSlot(_ turn: OpaquePointer?, _ slot: UnsafePointer<CChar>?, _ question: UnsafePointer<CChar>?) -> Int32 {
        guard let context = HandleTable.shared.turn(turn),
            let slot = try? CStringReader.name(slot, rule: .plain, field: "slot"),
            context.declaredSlots.contains(slot),
            case .some(let question) = optionalString(question, limit: Limits.text)
        else { return Status.error }
        return context.record { outcome, _ in
            guard outcome.askSlot == nil else { return false }
            outcome.askSlot = SlotRequest(slot: slot, question: question)
            return true
        }
    }

    static func requestTransfer(_ turn: OpaquePointer?, _ reason: UnsafePointer<CChar>?) -> Int32 {
        guard let context = HandleTable.shared.turn(turn),
            case .some(let reason) = optionalString(reason, limit: Limits.text)
        else { return Status.error }
        return context.record { outcome, _ in
            guard outcome.transferReason == nil else { return false }
            outcome.transferReason = reason ?? ""
            return true
        }
    }

    static func endCall(_ turn: OpaquePointer?) -> Int32 {
        guard let context = HandleTable.shared.turn(turn) else { return Status.error }
        return context.record { outcome, _ in
            guard !outcome.endCall else { return false }
            outcome.endCall = true
            return true
        }
    }

    static func deferToLLM(_ turn: OpaquePointer?, _ facts: UnsafePointer<CChar>?) -> Int32 {
        guard let context = HandleTable.shared.turn(turn), let object = jsonObject(facts) else { return Status.error }
        return context.record { outcome, _ in
            guard outcome.deferredFacts == nil else { return false }
            outcome.deferredFacts = object
            return true
        }
    }

    // MARK: Tools

    static func toolResult(_ call: OpaquePointer?, _ json: UnsafePointer<CChar>?) -> Int32 {
        guard let context = HandleTable.shared.toolCall(call) else { return Status.error }
        guard let json else { return context.answer(.error("tool_result was given NULL"), accepted: false) }
        do {
            return context.answer(.result(try JSONChecks.validateJSON(cString: json)))
        } catch {
            return context.answer(.error("tool_result: \(RegistrationReader.toolMessage(error))"), accepted: false)
        }
    }

    static func toolError(_ call: OpaquePointer?, _ message: UnsafePointer<CChar>?) -> Int32 {
        guard let context = HandleTable.shared.toolCall(call) else { return Status.error }
        let text = CStringReader.lossy(message, limit: Limits.text) ?? "the tool reported an error"
        return context.answer(.error(text))
    }

    /// `.some(nil)` for NULL, `.some(text)` for a valid string, nil for an invalid one.
    private static func optionalString(_ pointer: UnsafePointer<CChar>?, limit: Int) -> String?? {
        do {
            return .some(try CStringReader.readOptional(pointer, limit: limit, field: "text"))
        } catch {
            return nil
        }
    }

    /// A JSON object of at most `SD_MAX_JSON` bytes, or nil.
    private static func jsonObject(_ pointer: UnsafePointer<CChar>?) -> String? {
        guard let pointer, let text = try? JSONChecks.validateJSON(cString: pointer),
            text.drop(while: \.isWhitespace).first == "{"
        else { return nil }
        return text
    }
}
