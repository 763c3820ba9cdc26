import Core
// @preconcurrency: libffi's predefined types (ffi_type_sint64 …) are mutable C globals, which
// Swift 6 would otherwise refuse to reference; see FFITypes for why sharing them is safe.
@preconcurrency import CFFI
import SmartDeskSDK

/// Calls a typed tool's C function with arguments taken from JSON, through libffi.
///
/// The arguments are checked against the signature first (every parameter present, nothing
/// extra, each of the right JSON type), so the C function only ever sees values of its declared
/// types. The result comes back as JSON text.
///
/// ```swift
/// // int64_t add(int64_t a, int64_t b);
/// let add = try TypedToolSignature(
///     name: "add", description: "Adds two numbers",
///     parameters: [TypedParameter(name: "a", type: .int64), TypedParameter(name: "b", type: .int64)],
///     result: .int64
/// )
/// // `function` is the spec's `function` field: (void (*)(void))add on the C side.
/// let json = try TypedToolInvoker.invoke(function, signature: add, argumentsJSON: #"{"a": 2, "b": 40}"#)
/// // json == "42"
/// ```
///
/// Callable from any thread at once: a call shares no mutable state with any other.
public enum TypedToolInvoker {
    /// Calls `function`, which must have exactly the C prototype `signature` declares, with the
    /// arguments in `argumentsJSON` (a JSON object keyed by parameter name) and returns its result
    /// as JSON: `42`, `3.5`, `true`, `"text"`, or `null` for a NULL string.
    ///
    /// Throws a `ToolError`: `.invalidArguments` (says which argument and why), `.invalidResult`
    /// (a non-finite double, a string that is not UTF-8 or longer than `SD_MAX_JSON`), or
    /// `.ffiFailure`. A string argument is copied into memory that lives until the call returns.
    public static func invoke(
        _ function: @convention(c) () -> Void,
        signature: TypedToolSignature,
        argumentsJSON: String
    ) throws -> String {
        let arguments = try arguments(from: argumentsJSON, for: signature)
        return try call(function, with: arguments, result: signature.result, tool: signature.name)
    }

    /// One argument, converted and ready to be passed.
    enum Argument: Equatable {
        case int64(Int64)
        case double(Double)
        case bool(Bool)
        case string(String)
    }

    /// Every argument occupies one 8-byte slot: int64, double and pointers fill it, a C `bool`
    /// uses its first byte.
    private static let slotSize = 8

    private static func call(
        _ function: @convention(c) () -> Void,
        with arguments: [Argument],
        result: ValueType,
        tool: String
    ) throws -> String {
        let count = arguments.count
        let capacity = max(count, 1)
        let cif = UnsafeMutablePointer<ffi_cif>.allocate(capacity: 1)
        let types = UnsafeMutablePointer<UnsafeMutablePointer<ffi_type>?>.allocate(capacity: capacity)
        let slots = UnsafeMutableRawPointer.allocate(byteCount: capacity * slotSize, alignment: slotSize)
        let pointers = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: capacity)
        // libffi writes a full ffi_arg for integer results narrower than it (a C bool included).
        let resultSize = max(MemoryLayout<ffi_arg>.size, slotSize)
        let resultBuffer = UnsafeMutableRawPointer.allocate(byteCount: resultSize, alignment: slotSize)
        var cStrings: [UnsafeMutablePointer<CChar>] = []
        defer {
            for cString in cStrings { cString.deallocate() }
            resultBuffer.deallocate()
            pointers.deallocate()
            slots.deallocate()
            types.deallocate()
            cif.deallocate()
        }

        for (index, argument) in arguments.enumerated() {
            let slot = slots + index * slotSize
            switch argument {
            case .int64(let value):
                slot.storeBytes(of: value, as: Int64.self)
            case .double(let value):
                slot.storeBytes(of: value, as: Double.self)
            case .bool(let value):
                slot.storeBytes(of: value ? 1 : 0, as: UInt8.self)
            case .string(let value):
                let cString = copyCString(value)
                cStrings.append(cString)
                slot.storeBytes(of: UnsafePointer(cString), as: UnsafePointer<CChar>.self)
            }
            types[index] = FFITypes.type(of: argument)
            pointers[index] = slot
        }

        let status = ffi_prep_cif(cif, FFI_DEFAULT_ABI, UInt32(count), FFITypes.type(of: result), types)
        guard status == FFI_OK else {
            throw ToolError.ffiFailure("tool \"\(tool)\": ffi_prep_cif failed with status \(status.rawValue)")
        }
        resultBuffer.initializeMemory(as: UInt8.self, repeating: 0, count: resultSize)
        ffi_call(cif, function, resultBuffer, pointers)
        return try resultJSON(resultBuffer, type: result, tool: tool)
    }

    private static func copyCString(_ text: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = text.utf8CString
        let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
        utf8.withUnsafeBufferPointer { buffer in
            copy.initialize(from: buffer.baseAddress!, count: buffer.count)
        }
        return copy
    }

    private static func resultJSON(_ buffer: UnsafeMutableRawPointer, type: ValueType, tool: String) throws -> String {
        switch type {
        case .int64:
            return String(buffer.load(as: Int64.self))
        case .double:
            let value = buffer.load(as: Double.self)
            guard value.isFinite else {
                throw ToolError.invalidResult("tool \"\(tool)\" returned \(value), which JSON cannot represent")
            }
            return String(value)
        case .bool:
            // Only the low byte is the C bool; libffi widened it into the ffi_arg.
            let widened = buffer.load(as: ffi_arg.self)
            return UInt8(truncatingIfNeeded: widened) != 0 ? "true" : "false"
        case .string:
            guard let pointer = buffer.load(as: UnsafePointer<CChar>?.self) else {
                return "null"
            }
            return JSONString.quoted(try resultString(pointer, tool: tool))
        }
    }

    /// Reads a returned C string, at most `SD_MAX_JSON` bytes of valid UTF-8.
    private static func resultString(_ pointer: UnsafePointer<CChar>, tool: String) throws -> String {
        let limit = Int(SD_MAX_JSON)
        switch CStringReader.bounded(pointer, limit: limit) {
        case .tooLong: throw ToolError.invalidResult("tool \"\(tool)\" returned a string longer than \(limit) bytes")
        case .notUTF8: throw ToolError.invalidResult("tool \"\(tool)\" returned a string that is not valid UTF-8")
        case .text(let text): return text
        }
    }
}

/// libffi's descriptions of the C types a typed tool uses.
private enum FFITypes {
    // libffi's predefined type descriptions are global C variables. ffi_prep_cif only writes to
    // struct types it lays out for the first time, never to these scalar ones, so sharing their
    // addresses between threads is safe.
    nonisolated(unsafe) static let sint64 = withUnsafeMutablePointer(to: &ffi_type_sint64) { $0 }
    nonisolated(unsafe) static let double = withUnsafeMutablePointer(to: &ffi_type_double) { $0 }
    nonisolated(unsafe) static let uint8 = withUnsafeMutablePointer(to: &ffi_type_uint8) { $0 }
    nonisolated(unsafe) static let pointer = withUnsafeMutablePointer(to: &ffi_type_pointer) { $0 }

    static func type(of value: ValueType) -> UnsafeMutablePointer<ffi_type> {
        switch value {
        case .int64: sint64
        case .double: double
        // C `bool` is one byte holding 0 or 1.
        case .bool: uint8
        case .string: pointer
        }
    }

    static func type(of argument: TypedToolInvoker.Argument) -> UnsafeMutablePointer<ffi_type> {
        switch argument {
        case .int64: sint64
        case .double: double
        case .bool: uint8
        case .string: pointer
        }
    }
}
