import Core
import SmartDeskSDK

/// Reads the specs a plugin passes to the registration functions into ``Registrations`` values,
/// checking every pointer, size, name, length and type on the way. Reads never go past the size
/// the plugin declared, nor more than one byte past a string's limit.
enum RegistrationReader {
    /// The smallest `size` of an ABI 1.0 struct: up to the end of its last field.
    static func minimumSize<Spec>(_ type: Spec.Type, lastField: PartialKeyPath<Spec>, fieldSize: Int) -> Int {
        (MemoryLayout<Spec>.offset(of: lastField) ?? MemoryLayout<Spec>.size) + fieldSize
    }

    static let intentSpecSize = minimumSize(SDIntentSpec.self, lastField: \SDIntentSpec.flags, fieldSize: 4)
    static let slotSpecSize = minimumSize(SDSlotSpec.self, lastField: \SDSlotSpec.flags, fieldSize: 4)
    static let toolSpecSize = minimumSize(
        SDToolSpec.self, lastField: \SDToolSpec.userdata, fieldSize: MemoryLayout<UnsafeMutableRawPointer?>.size
    )

    /// Checks `size`, the first field of every spec, before anything else is read.
    static func checkSize(_ spec: UnsafeRawPointer, minimum: Int, type: String) throws(Refusal) {
        let size = Int(spec.load(as: UInt32.self))
        guard size >= minimum else {
            throw Refusal("size \(size) is smaller than \(type) of ABI 1.0 (\(minimum) bytes); set it to sizeof(\(type))")
        }
    }

    static func intent(
        _ pointer: UnsafePointer<SDIntentSpec>?, plugin: String, generation: Int
    ) throws(Refusal) -> IntentRegistration {
        guard let pointer else { throw Refusal("the spec is NULL") }
        try checkSize(UnsafeRawPointer(pointer), minimum: intentSpecSize, type: "SDIntentSpec")
        let spec = pointer.pointee
        let name = try CStringReader.name(spec.name, rule: .dotted, field: "name")
        do throws(Refusal) {
            let description = try CStringReader.read(
                spec.description, limit: Limits.text, field: "description", allowEmpty: false
            )
            let examples = try readExamples(spec.examples, count: Int(spec.example_count))
            let slots = try readSlots(UnsafeRawPointer(spec.slots), count: Int(spec.slot_count))
            guard let handler = spec.handler else { throw Refusal("handler is NULL") }
            let known = UInt32(SD_INTENT_ESCALATION) | UInt32(SD_INTENT_SIDE_EFFECTS)
            guard spec.flags & ~known == 0 else {
                throw Refusal("flags 0x\(String(spec.flags, radix: 16)) has bits this host does not know (known: SD_INTENT_ESCALATION, SD_INTENT_SIDE_EFFECTS)")
            }
            let sideEffects = spec.flags & UInt32(SD_INTENT_SIDE_EFFECTS) != 0
            if sideEffects, !slots.contains(where: { $0.kind == .yesNo }) {
                throw Refusal("SD_INTENT_SIDE_EFFECTS needs a yes_no slot: the read-back the caller confirms before the intent acts")
            }
            let info = RegisteredIntent(
                name: name, description: description, examples: examples, slots: slots,
                isEscalationTarget: spec.flags & UInt32(SD_INTENT_ESCALATION) != 0, hasSideEffects: sideEffects,
                plugin: plugin, generation: generation
            )
            return IntentRegistration(
                info: info, handler: unsafeBitCast(handler, to: UInt.self),
                userdata: UInt(bitPattern: spec.userdata)
            )
        } catch {
            throw Refusal("intent '\(name)': \(error.reason)")
        }
    }

    private static func readExamples(
        _ examples: UnsafePointer<UnsafePointer<CChar>?>?, count: Int
    ) throws(Refusal) -> [String] {
        guard count >= 1 else { throw Refusal("example_count is 0; give at least one example phrase") }
        guard count <= Limits.examples else {
            throw Refusal("example_count is \(count); at most \(Limits.examples) are allowed")
        }
        guard let examples else { throw Refusal("examples is NULL but example_count is \(count)") }
        var result: [String] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            result.append(try CStringReader.read(
                examples[index], limit: Limits.text, field: "examples[\(index)]", allowEmpty: false
            ))
        }
        return result
    }

    /// Slot specs are read with the stride the plugin declared in the first one's `size`, so an
    /// array built against a newer header (longer `SDSlotSpec`) is still read correctly.
    private static func readSlots(_ slots: UnsafeRawPointer?, count: Int) throws(Refusal) -> [RegisteredSlot] {
        guard count > 0 else { return [] }
        guard count <= Limits.slots else {
            throw Refusal("slot_count is \(count); at most \(Limits.slots) are allowed")
        }
        guard let slots else { throw Refusal("slots is NULL but slot_count is \(count)") }
        let stride = Int(slots.load(as: UInt32.self))
        var result: [RegisteredSlot] = []
        var names: Set<String> = []
        for index in 0..<count {
            let field = "slots[\(index)]"
            let element = slots + index * stride
            do {
                try checkSize(element, minimum: slotSpecSize, type: "SDSlotSpec")
            } catch {
                throw Refusal("\(field): \(error.reason)")
            }
            guard Int(element.load(as: UInt32.self)) == stride else {
                throw Refusal("\(field): size differs from slots[0]'s; every element must be sizeof(SDSlotSpec)")
            }
            let spec = element.assumingMemoryBound(to: SDSlotSpec.self).pointee
            let name = try CStringReader.name(spec.name, rule: .plain, field: "\(field).name")
            guard names.insert(name).inserted else { throw Refusal("slot '\(name)' is declared twice") }
            let type = try CStringReader.read(spec.type, limit: Limits.name, field: "slot '\(name)' type")
            guard let kind = SlotKind(rawValue: type) else {
                let known = SlotKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw Refusal("slot '\(name)' has unknown type '\(type)' (known: \(known))")
            }
            let question = try CStringReader.read(
                spec.question, limit: Limits.text, field: "slot '\(name)' question", allowEmpty: false
            )
            result.append(RegisteredSlot(
                name: name, kind: kind, question: question, optional: spec.flags & UInt32(SD_SLOT_OPTIONAL) != 0
            ))
        }
        return result
    }

    static func tool(_ pointer: UnsafePointer<SDToolSpec>?, plugin: String, generation: Int) throws(Refusal) -> ToolRegistration {
        guard let pointer else { throw Refusal("the spec is NULL") }
        try checkSize(UnsafeRawPointer(pointer), minimum: toolSpecSize, type: "SDToolSpec")
        let spec = SpecFields(pointer)
        let name = try CStringReader.name(spec[\.name] ?? nil, rule: .plain, field: "name")
        do throws(Refusal) {
            let description = try CStringReader.read(
                spec[\.description] ?? nil, limit: Limits.text, field: "description", allowEmpty: false
            )
            let schema = try CStringReader.read(spec[\.parameters_json] ?? nil, limit: Limits.json, field: "parameters_json")
            do {
                try JSONChecks.validateParametersSchema(schema)
            } catch {
                throw Refusal("parameters_json: \(toolMessage(error))")
            }
            guard let function = spec[\.function] ?? nil else { throw Refusal("function is NULL") }
            let access = try toolAccess(flags: spec[\.flags], callerParameter: spec[\.caller_param] ?? nil) { parameter in
                ModelToolSchema.stringProperties(of: schema).contains(parameter)
            }
            let info = RegisteredTool(
                name: name, description: description, parametersSchema: schema, plugin: plugin,
                generation: generation, kind: .json, access: access
            )
            return ToolRegistration(
                info: info,
                body: .json(function: unsafeBitCast(function, to: UInt.self), userdata: UInt(bitPattern: spec[\.userdata] ?? nil))
            )
        } catch {
            throw Refusal("tool '\(name)': \(error.reason)")
        }
    }

    static func typedTool(
        _ pointer: UnsafePointer<SDTypedToolSpec>?, plugin: String, generation: Int
    ) throws(Refusal) -> ToolRegistration {
        let signature: TypedToolSignature
        do {
            signature = try TypedToolSignature(spec: pointer)
        } catch {
            throw Refusal("typed tool: \(toolMessage(error))")
        }
        // TypedToolSignature(spec:) checked the pointer and the size.
        guard let pointer, let function = SpecFields(pointer)[\.function] ?? nil else {
            throw Refusal("typed tool '\(signature.name)': function is NULL")
        }
        let spec = SpecFields(pointer)
        let access: ToolAccess
        do throws(Refusal) {
            access = try toolAccess(flags: spec[\.flags], callerParameter: spec[\.caller_param] ?? nil) { parameter in
                signature.parameters.contains { $0.name == parameter && $0.type == .string }
            }
        } catch {
            throw Refusal("typed tool '\(signature.name)': \(error.reason)")
        }
        let info = RegisteredTool(
            name: signature.name, description: signature.description, parametersSchema: signature.jsonSchema,
            plugin: plugin, generation: generation, kind: .typed, access: access
        )
        return ToolRegistration(
            info: info, body: .typed(function: unsafeBitCast(function, to: UInt.self), signature: signature)
        )
    }

    /// The ABI 1.1 fields of a tool spec (`nil`: the plugin's struct ends before them).
    /// `isStringParameter` says whether a name is a string parameter of the tool.
    static func toolAccess(
        flags: UInt32?, callerParameter: UnsafePointer<CChar>?, isStringParameter: (String) -> Bool
    ) throws(Refusal) -> ToolAccess {
        let flags = flags ?? 0
        let known = UInt32(SD_TOOL_FOR_MODEL) | UInt32(SD_TOOL_SIDE_EFFECTS)
        guard flags & ~known == 0 else {
            throw Refusal("flags 0x\(String(flags, radix: 16)) has bits this host does not know (known: SD_TOOL_FOR_MODEL, SD_TOOL_SIDE_EFFECTS)")
        }
        var parameter: String?
        if let callerParameter {
            let name = try CStringReader.name(callerParameter, rule: .plain, field: "caller_param")
            guard isStringParameter(name) else {
                throw Refusal("caller_param '\(name)' is not a string parameter of the tool")
            }
            parameter = name
        }
        return ToolAccess(
            forModel: flags & UInt32(SD_TOOL_FOR_MODEL) != 0, hasSideEffects: flags & UInt32(SD_TOOL_SIDE_EFFECTS) != 0,
            callerParameter: parameter
        )
    }

    /// The message of a ``ToolError`` (or the description of anything else).
    static func toolMessage(_ error: any Error) -> String {
        (error as? ToolError)?.message ?? "\(error)"
    }
}
