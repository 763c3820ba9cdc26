import SmartDeskSDK

extension TypedToolSignature {
    /// The smallest `size` an `SDTypedToolSpec` may declare: every field of ABI 1.0, up to and
    /// including `function`.
    public static var minimumSpecSize: Int {
        MemoryLayout<SDTypedToolSpec>.offset(of: \SDTypedToolSpec.function)!
            + MemoryLayout<(@convention(c) () -> Void)?>.size
    }

    /// Reads and validates the signature a plugin passed to `register_typed_tool`.
    ///
    /// The spec is read defensively: the `size` field is checked before any other field is read,
    /// `param_count` before `params`, and every string is read at most one byte past its limit, so
    /// a NULL pointer, a missing terminator or an over-long text becomes a `ToolError` of kind
    /// `.invalidSignature` rather than a crash or a huge copy. The spec's `function` is not read.
    public init(spec: UnsafePointer<SDTypedToolSpec>?) throws {
        guard let spec else {
            throw ToolError.invalidSignature("spec: is NULL")
        }
        let size = Int(UnsafeRawPointer(spec).load(as: UInt32.self))
        guard size >= Self.minimumSpecSize else {
            throw ToolError.invalidSignature(
                "size: \(size) is smaller than SDTypedToolSpec of ABI 1.0 (\(Self.minimumSpecSize) bytes); set it to sizeof(SDTypedToolSpec)"
            )
        }
        let fields = SpecFields(spec)
        let name = try Self.cString(fields[\.name] ?? nil, limit: Int(SD_MAX_NAME), field: "name")
        let description = try Self.cString(fields[\.description] ?? nil, limit: Int(SD_MAX_TEXT), field: "description")
        let resultType = fields[\.result] ?? SDValueType(rawValue: 0)
        guard let result = ValueType(resultType) else {
            throw ToolError.invalidSignature("result: \(Self.unknownType(resultType))")
        }

        let count = Int(fields[\.param_count] ?? 0)
        guard count <= Int(SD_MAX_PARAMS) else {
            throw ToolError.invalidSignature(
                "param_count: \(count); a typed tool takes at most \(SD_MAX_PARAMS) parameters"
            )
        }
        var parameters: [TypedParameter] = []
        if count > 0 {
            guard let params = fields[\.params] ?? nil else {
                throw ToolError.invalidSignature("params: is NULL but param_count is \(count)")
            }
            for index in 0..<count {
                let param = params[index]
                let field = "params[\(index)]"
                let name = try Self.cString(param.name, limit: Int(SD_MAX_NAME), field: "\(field).name")
                guard let type = ValueType(param.type) else {
                    throw ToolError.invalidSignature("\(field).type: \(Self.unknownType(param.type))")
                }
                let description = try Self.cString(
                    param.description, limit: Int(SD_MAX_TEXT), field: "\(field).description"
                )
                parameters.append(TypedParameter(name: name, type: type, description: description))
            }
        }
        try self.init(name: name, description: description, parameters: parameters, result: result)
    }

    private static func unknownType(_ type: SDValueType) -> String {
        "\(type.rawValue) is not a known type (1 int64, 2 double, 3 bool, 4 string)"
    }

    /// Reads a NUL-terminated UTF-8 string of at most `limit` bytes, never more than `limit + 1`.
    private static func cString(_ pointer: UnsafePointer<CChar>?, limit: Int, field: String) throws -> String {
        guard let pointer else {
            throw ToolError.invalidSignature("\(field): is NULL")
        }
        switch CStringReader.bounded(pointer, limit: limit) {
        case .tooLong: throw ToolError.invalidSignature("\(field): longer than \(limit) bytes")
        case .notUTF8: throw ToolError.invalidSignature("\(field): is not valid UTF-8")
        case .text(let text): return text
        }
    }
}
