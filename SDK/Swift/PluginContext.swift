import Foundation
import SmartDeskSDK
import Locks

/// A plugin generation's link to the host: registration (during `init` only), configuration, its
/// data directory and logging.
///
/// Sendable because it holds only the host's handle and table, which the host keeps valid until
/// the generation is unloaded, plus a locked list of the closures it has handed out.
public final class PluginContext: Sendable {
    nonisolated(unsafe) let plugin: OpaquePointer
    nonisolated(unsafe) let api: UnsafePointer<SDHostAPI>
    /// Closures registered with the host, kept alive until the generation is unloaded.
    private let retained = Mutex<[any AnyObject & Sendable]>([])

    init(plugin: OpaquePointer, api: UnsafePointer<SDHostAPI>) {
        self.plugin = plugin
        self.api = api
    }

    public enum LogLevel: Int32, Sendable {
        case debug = 0, info = 1, warning = 2, error = 3
    }

    public func log(_ level: LogLevel, _ message: String) {
        api.pointee.log?(plugin, level.rawValue, message)
    }

    /// This plugin's configuration value for `key` (`[plugins.NAME]` in smartdesk.toml).
    public func config(_ key: String) -> String? {
        api.pointee.config_get?(plugin, key).flatMap { $0.validatedString }
    }

    /// A directory the plugin may keep its data in (the host creates it).
    public var dataDirectory: URL {
        let path = api.pointee.data_dir?(plugin).flatMap { $0.validatedString } ?? FileManager.default.temporaryDirectory.path
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    /// A slot an intent needs (or may ask for, when `optional`).
    public struct Slot: Sendable {
        public var name: String
        /// One of the SDK's slot types: date, time, duration, money, digits, phone_number, email, yes_no, text.
        public var type: String
        public var question: String
        public var optional: Bool

        public init(_ name: String, type: String, question: String, optional: Bool = false) {
            self.name = name
            self.type = type
            self.question = question
            self.optional = optional
        }
    }

    /// Registers an intent and its handler. A handler that throws answers `SD_ERR` (the caller
    /// hears an apology; the error is logged). `sideEffects` marks an intent that acts (pays,
    /// books, changes data): the host starts it only at the operator's target precision, and it
    /// needs a `yes_no` slot for the read-back the caller confirms (`SD_INTENT_SIDE_EFFECTS`).
    public func registerIntent(
        name: String, description: String, examples: [String], slots: [Slot] = [],
        escalation: Bool = false, sideEffects: Bool = false, handler: @escaping @Sendable (Turn) throws -> Void
    ) throws {
        let box = HandlerBox(context: self, body: handler)
        let arena = CStringArena()
        let examplePointers: [UnsafePointer<CChar>?] = examples.map { arena.copy($0) }
        let slotSpecs = slots.map {
            SDSlotSpec(
                size: UInt32(MemoryLayout<SDSlotSpec>.size), name: arena.copy($0.name), type: arena.copy($0.type),
                question: arena.copy($0.question), flags: $0.optional ? UInt32(SD_SLOT_OPTIONAL) : 0
            )
        }
        let status = examplePointers.withUnsafeBufferPointer { exampleBuffer in
            slotSpecs.withUnsafeBufferPointer { slotBuffer in
                var spec = SDIntentSpec(
                    size: UInt32(MemoryLayout<SDIntentSpec>.size),
                    name: arena.copy(name), description: arena.copy(description),
                    examples: exampleBuffer.baseAddress, example_count: UInt32(examples.count),
                    slots: slotBuffer.baseAddress, slot_count: UInt32(slots.count),
                    handler: intentTrampoline,
                    userdata: Unmanaged.passUnretained(box).toOpaque(),
                    flags: (escalation ? UInt32(SD_INTENT_ESCALATION) : 0) | (sideEffects ? UInt32(SD_INTENT_SIDE_EFFECTS) : 0)
                )
                return api.pointee.register_intent?(plugin, &spec) ?? Int32(SD_ERR)
            }
        }
        guard status == SD_OK else { throw RegistrationRefused(what: "intent \(name)") }
        retain(box)
    }

    /// Runs when a call starts, before the greeting.
    public func onCallStart(_ handler: @escaping @Sendable (Turn) throws -> Void) throws {
        let box = HandlerBox(context: self, body: handler)
        let status = api.pointee.on_call_start?(plugin, intentTrampoline, Unmanaged.passUnretained(box).toOpaque())
        guard status == SD_OK else { throw RegistrationRefused(what: "call-start hook") }
        retain(box)
    }

    /// Registers a JSON tool with Codable arguments and result. `parameters` is the JSON Schema of
    /// `Arguments`.
    public func registerTool<Arguments: Decodable & SendableMetatype, Output: Encodable & SendableMetatype>(
        name: String, description: String, parameters: String, model: ModelAccess? = nil,
        _ body: @escaping @Sendable (Arguments) throws -> Output
    ) throws {
        let box = ToolBox(context: self) { json in
            let arguments = try JSONDecoder().decode(Arguments.self, from: Data(json.utf8))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: try encoder.encode(body(arguments)), as: UTF8.self)
        }
        let arena = CStringArena()
        var spec = SDToolSpec(
            size: UInt32(MemoryLayout<SDToolSpec>.size), name: arena.copy(name), description: arena.copy(description),
            parameters_json: arena.copy(parameters), function: toolTrampoline,
            userdata: Unmanaged.passUnretained(box).toOpaque(),
            flags: model?.flags ?? 0, caller_param: model?.callerParameter.map(arena.copy)
        )
        guard api.pointee.register_tool?(plugin, &spec) == SD_OK else { throw RegistrationRefused(what: "tool \(name)") }
        retain(box)
    }

    /// Offers a tool to the agent's language model (`SD_TOOL_FOR_MODEL`): a tool registered
    /// without it is the operator's alone.
    public struct ModelAccess: Sendable {
        /// A string parameter the host fills with the caller's number, hidden from the model.
        public var callerParameter: String?
        /// The tool acts; the host reads a model's call back to the caller before running it.
        public var hasSideEffects: Bool

        public init(callerParameter: String? = nil, hasSideEffects: Bool = false) {
            self.callerParameter = callerParameter
            self.hasSideEffects = hasSideEffects
        }

        var flags: UInt32 { UInt32(SD_TOOL_FOR_MODEL) | (hasSideEffects ? UInt32(SD_TOOL_SIDE_EFFECTS) : 0) }
    }

    /// A parameter of a typed tool.
    public struct TypedParameter: Sendable {
        public var name: String
        public var type: SDValueType
        public var description: String

        public init(_ name: String, _ type: SDValueType, _ description: String) {
            self.name = name
            self.type = type
            self.description = description
        }
    }

    /// Registers a typed tool: a `@convention(c)` function the host calls through libffi, e.g.
    /// `registerTypedTool(name: "points", …, function: unsafeBitCast(points, to: UnsafeRawPointer.self))`
    /// where `let points: @convention(c) (UnsafePointer<CChar>?) -> Int64`. The declared types must
    /// match the function's.
    public func registerTypedTool(
        name: String, description: String, parameters: [TypedParameter], result: SDValueType,
        function: UnsafeRawPointer, model: ModelAccess? = nil
    ) throws {
        let arena = CStringArena()
        let params = parameters.map {
            SDTypedParam(name: arena.copy($0.name), type: $0.type, description: arena.copy($0.description))
        }
        let status = params.withUnsafeBufferPointer { buffer in
            var spec = SDTypedToolSpec(
                size: UInt32(MemoryLayout<SDTypedToolSpec>.size), name: arena.copy(name),
                description: arena.copy(description), result: result,
                params: buffer.baseAddress, param_count: UInt32(params.count),
                function: unsafeBitCast(function, to: (@convention(c) () -> Void).self),
                flags: model?.flags ?? 0, caller_param: model?.callerParameter.map(arena.copy)
            )
            return api.pointee.register_typed_tool?(plugin, &spec) ?? Int32(SD_ERR)
        }
        guard status == SD_OK else { throw RegistrationRefused(what: "typed tool \(name)") }
    }

    /// Drops the registered closures once the host will call none of them again (unload), so a
    /// retired generation's plugin object and what it holds can be freed.
    func releaseRegistrations() {
        retained.withLock { $0.removeAll() }
    }

    private func retain(_ object: any AnyObject & Sendable) {
        retained.withLock { $0.append(object) }
    }
}

/// The host refused a registration; its log says why.
public struct RegistrationRefused: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "the host refused \(what) (see the host's log for the reason)" }
}
