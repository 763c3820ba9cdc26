import Foundation

/// Encodes the messages between host and worker. The ones on every call (turns, outcomes, tool
/// calls and their answers, summaries) use a compact binary form: a kind byte, then fields as
/// little-endian integers and length-prefixed UTF-8. The rare ones (load, log, configure,
/// shutdown) are JSON, which always starts with `{`, never one of the kind bytes.
enum WorkerCodec {
    struct Malformed: Error {}

    private enum Kind: UInt8 {
        case intent = 1, hooks, tool, summary
        case outcome = 11, toolResult, toolError, summaryRequest
    }

    // MARK: Requests

    static func encode(_ request: WorkerRequest) throws -> Data {
        var writer = Writer()
        switch request {
        case .intent(let id, let name, let turn):
            writer.kind(.intent); writer.int(id); writer.string(name); writer.turn(turn)
        case .hooks(let id, let turn):
            writer.kind(.hooks); writer.int(id); writer.turn(turn)
        case .tool(let id, let name, let arguments):
            writer.kind(.tool); writer.int(id); writer.string(name); writer.string(arguments)
        case .summary(let id, let text):
            writer.kind(.summary); writer.int(id); writer.string(text)
        case .load, .configure, .shutdown:
            return try JSONEncoder().encode(request)
        }
        return writer.data
    }

    static func decodeRequest(_ data: Data) throws -> WorkerRequest {
        guard let first = data.first, first != UInt8(ascii: "{") else { return try JSONDecoder().decode(WorkerRequest.self, from: data) }
        var reader = Reader(data)
        let request: WorkerRequest
        switch Kind(rawValue: try reader.byte()) {
        case .intent: request = .intent(id: try reader.int(), name: try reader.string(), turn: try reader.turn())
        case .hooks: request = .hooks(id: try reader.int(), turn: try reader.turn())
        case .tool: request = .tool(id: try reader.int(), name: try reader.string(), arguments: try reader.string())
        case .summary: request = .summary(id: try reader.int(), text: try reader.string())
        default: throw Malformed()
        }
        try reader.finish()
        return request
    }

    // MARK: Replies

    static func encode(_ reply: WorkerReply) throws -> Data {
        var writer = Writer()
        switch reply {
        case .outcome(let id, let outcome):
            writer.kind(.outcome); writer.int(id); writer.outcome(outcome)
        case .toolResult(let id, let json):
            writer.kind(.toolResult); writer.int(id); writer.string(json)
        case .toolError(let id, let message, let invalid):
            writer.kind(.toolError); writer.int(id); writer.string(message); writer.bool(invalid)
        case .summaryRequest(let id):
            writer.kind(.summaryRequest); writer.int(id)
        case .loaded, .refused, .configured, .log, .stopped:
            return try JSONEncoder().encode(reply)
        }
        return writer.data
    }

    static func decodeReply(_ data: Data) throws -> WorkerReply {
        guard let first = data.first, first != UInt8(ascii: "{") else { return try JSONDecoder().decode(WorkerReply.self, from: data) }
        var reader = Reader(data)
        let reply: WorkerReply
        switch Kind(rawValue: try reader.byte()) {
        case .outcome: reply = .outcome(id: try reader.int(), outcome: try reader.outcome())
        case .toolResult: reply = .toolResult(id: try reader.int(), json: try reader.string())
        case .toolError: reply = .toolError(id: try reader.int(), message: try reader.string(), invalidArguments: try reader.bool())
        case .summaryRequest: reply = .summaryRequest(id: try reader.int())
        default: throw Malformed()
        }
        try reader.finish()
        return reply
    }

    // MARK: Writing

    private struct Writer {
        var data = Data()

        mutating func kind(_ kind: Kind) { data.append(kind.rawValue) }
        mutating func bool(_ value: Bool) { data.append(value ? 1 : 0) }

        mutating func int(_ value: Int) {
            withUnsafeBytes(of: Int64(value).littleEndian) { data.append(contentsOf: $0) }
        }

        mutating func double(_ value: Double) {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }

        mutating func string(_ value: String) {
            var value = value
            value.withUTF8 { bytes in
                withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { data.append(contentsOf: $0) }
                data.append(contentsOf: bytes)
            }
        }

        mutating func optional(_ value: String?) {
            bool(value != nil)
            if let value { string(value) }
        }

        mutating func strings(_ values: [String]) {
            int(values.count)
            for value in values { string(value) }
        }

        mutating func dictionary(_ values: [String: String]) {
            int(values.count)
            for (key, value) in values {
                string(key)
                string(value)
            }
        }

        mutating func turn(_ turn: WireTurn) {
            string(turn.callID); string(turn.utterance); string(turn.intent); double(turn.confidence)
            dictionary(turn.slots); string(turn.entitiesJSON); optional(turn.caller); string(turn.now)
            dictionary(turn.callValues); optional(turn.customerJSON); string(turn.summary); bool(turn.hasSummaryProvider)
        }

        mutating func outcome(_ outcome: TurnOutcome) {
            optional(outcome.plugin)
            bool(outcome.generation != nil)
            if let generation = outcome.generation { int(generation) }
            strings(outcome.says)
            bool(outcome.askSlot != nil)
            if let ask = outcome.askSlot {
                string(ask.slot)
                optional(ask.question)
            }
            optional(outcome.transferReason)
            bool(outcome.endCall)
            optional(outcome.deferredFacts)
            int(outcome.callValueChanges.count)
            for change in outcome.callValueChanges {
                string(change.key)
                optional(change.value)
            }
            optional(outcome.customerJSON)
            switch outcome.status {
            case .completed: data.append(0)
            case .failed(let reason):
                data.append(1)
                string(reason)
            case .timedOut: data.append(2)
            case .unknownIntent: data.append(3)
            }
        }
    }

    // MARK: Reading

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(_ data: Data) {
            bytes = [UInt8](data)
        }

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw Malformed() }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func bool() throws -> Bool {
            switch try byte() {
            case 0: false
            case 1: true
            default: throw Malformed()
            }
        }

        private mutating func word() throws -> UInt64 {
            guard bytes.count - offset >= 8 else { throw Malformed() }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * index) }
            offset += 8
            return value
        }

        mutating func int() throws -> Int { Int(Int64(bitPattern: try word())) }
        mutating func double() throws -> Double { Double(bitPattern: try word()) }

        /// A count of elements that each take at least `minimum` bytes: never more than remain.
        private mutating func count(minimum: Int) throws -> Int {
            let count = try int()
            guard count >= 0, count <= (bytes.count - offset) / minimum else { throw Malformed() }
            return count
        }

        mutating func string() throws -> String {
            guard bytes.count - offset >= 4 else { throw Malformed() }
            var length = 0
            for index in 0..<4 { length |= Int(bytes[offset + index]) << (8 * index) }
            offset += 4
            guard length <= bytes.count - offset else { throw Malformed() }
            defer { offset += length }
            guard let text = String(validating: bytes[offset..<(offset + length)], as: UTF8.self) else { throw Malformed() }
            return text
        }

        mutating func optional() throws -> String? {
            try bool() ? try string() : nil
        }

        mutating func strings() throws -> [String] {
            try (0..<count(minimum: 4)).map { _ in try string() }
        }

        mutating func dictionary() throws -> [String: String] {
            var result: [String: String] = [:]
            for _ in 0..<(try count(minimum: 8)) {
                let key = try string()
                result[key] = try string()
            }
            return result
        }

        mutating func turn() throws -> WireTurn {
            WireTurn(
                callID: try string(), utterance: try string(), intent: try string(), confidence: try double(),
                slots: try dictionary(), entitiesJSON: try string(), caller: try optional(), now: try string(),
                callValues: try dictionary(), customerJSON: try optional(), summary: try string(), hasSummaryProvider: try bool()
            )
        }

        mutating func outcome() throws -> TurnOutcome {
            var outcome = TurnOutcome()
            outcome.plugin = try optional()
            outcome.generation = try bool() ? try int() : nil
            outcome.says = try strings()
            if try bool() { outcome.askSlot = SlotRequest(slot: try string(), question: try optional()) }
            outcome.transferReason = try optional()
            outcome.endCall = try bool()
            outcome.deferredFacts = try optional()
            outcome.callValueChanges = try (0..<count(minimum: 5)).map { _ in CallValueChange(key: try string(), value: try optional()) }
            outcome.customerJSON = try optional()
            switch try byte() {
            case 0: outcome.status = .completed
            case 1: outcome.status = .failed(try string())
            case 2: outcome.status = .timedOut
            case 3: outcome.status = .unknownIntent
            default: throw Malformed()
            }
            return outcome
        }

        func finish() throws {
            guard offset == bytes.count else { throw Malformed() }
        }
    }
}
