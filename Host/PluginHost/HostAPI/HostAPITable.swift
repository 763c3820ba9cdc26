import SmartDeskSDK

/// The `SDHostAPI` table every plugin receives: one for the process, allocated once and never
/// freed (a plugin may keep the pointer for as long as its image is mapped). Every field is set;
/// each function checks its handle in the ``HandleTable`` and validates every pointer and string.
enum HostAPITable {
    /// The table's address.
    static let address: UInt = {
        let table = UnsafeMutablePointer<SDHostAPI>.allocate(capacity: 1)
        table.initialize(to: make())
        return UInt(bitPattern: table)
    }()

    private static func make() -> SDHostAPI {
        var api = SDHostAPI()
        api.size = UInt32(MemoryLayout<SDHostAPI>.size)
        api.abi_major = UInt16(SD_ABI_MAJOR)
        api.abi_minor = UInt16(SD_ABI_MINOR)

        api.register_intent = { HostFunctions.registerIntent($0, $1) }
        api.register_tool = { HostFunctions.registerTool($0, $1) }
        api.register_typed_tool = { HostFunctions.registerTypedTool($0, $1) }
        api.on_call_start = { HostFunctions.onCallStart($0, $1, $2) }

        api.log = { HostFunctions.log($0, $1, $2) }
        api.config_get = { HostFunctions.configGet($0, $1) }
        api.data_dir = { HostFunctions.dataDirectory($0) }

        api.turn_utterance = { HostFunctions.turnString($0, .utterance) }
        api.turn_intent = { HostFunctions.turnString($0, .intent) }
        api.turn_confidence = { HostFunctions.turnConfidence($0) }
        api.turn_slot = { HostFunctions.turnSlot($0, $1) }
        api.turn_entities_json = { HostFunctions.turnString($0, .entities) }
        api.turn_caller = { HostFunctions.turnString($0, .caller) }
        api.turn_now = { HostFunctions.turnString($0, .now) }

        api.call_get = { HostFunctions.callGet($0, $1) }
        api.call_set = { HostFunctions.callSet($0, $1, $2) }
        api.customer_get = { HostFunctions.turnString($0, .customer) }
        api.customer_set = { HostFunctions.customerSet($0, $1) }

        api.say = { HostFunctions.say($0, $1) }
        api.ask_slot = { HostFunctions.askSlot($0, $1, $2) }
        api.request_transfer = { HostFunctions.requestTransfer($0, $1) }
        api.end_call = { HostFunctions.endCall($0) }
        api.defer_to_llm = { HostFunctions.deferToLLM($0, $1) }
        api.turn_summary = { HostFunctions.turnString($0, .summary) }

        api.tool_result = { HostFunctions.toolResult($0, $1) }
        api.tool_error = { HostFunctions.toolError($0, $1) }
        return api
    }
}

/// The Swift side of every `SDHostAPI` function. None of them may trap: every handle is looked
/// up, every pointer checked, every string bounded and validated.
enum HostFunctions {}
