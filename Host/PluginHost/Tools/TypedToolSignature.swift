import SmartDeskSDK

/// The declaration of a typed tool: a plain C function with typed parameters and a typed result.
///
/// The initialisers validate: a value of this type always has a valid name, at most
/// `SD_MAX_PARAMS` uniquely named parameters and descriptions within `SD_MAX_TEXT`.
///
/// ```swift
/// let points = try TypedToolSignature(
///     name: "loyalty_points",
///     description: "Loyalty points of a customer",
///     parameters: [
///         TypedParameter(name: "customer_id", type: .string, description: "The customer's ID"),
///         TypedParameter(name: "include_pending", type: .bool),
///     ],
///     result: .int64
/// )
/// print(points.jsonSchema)  // {"additionalProperties":false,"properties":{…},"required":[…],"type":"object"}
/// ```
public struct TypedToolSignature: Sendable, Equatable {
    /// `[a-z0-9_]`, 1…64 bytes.
    public let name: String
    /// What the tool does, for the LLM (at most 1,024 bytes).
    public let description: String
    /// The parameters, in the order the C function takes them.
    public let parameters: [TypedParameter]
    /// The C return type.
    public let result: ValueType

    /// Validates and creates a signature; throws a `ToolError` of kind `.invalidSignature` that
    /// names the offending field.
    public init(name: String, description: String, parameters: [TypedParameter], result: ValueType) throws {
        try Self.checkName(name, field: "name")
        try Self.checkText(description, field: "description")
        let maximumParameters = Int(SD_MAX_PARAMS)
        guard parameters.count <= maximumParameters else {
            throw ToolError.invalidSignature(
                "parameters: tool \"\(name)\" declares \(parameters.count) parameters; at most \(maximumParameters) are allowed"
            )
        }
        var seen: Set<String> = []
        for (index, parameter) in parameters.enumerated() {
            try Self.checkName(parameter.name, field: "parameters[\(index)].name")
            try Self.checkText(parameter.description, field: "parameters[\(index)].description")
            guard seen.insert(parameter.name).inserted else {
                throw ToolError.invalidSignature(
                    "parameters[\(index)].name: \"\(parameter.name)\" is used by an earlier parameter; names must be unique"
                )
            }
        }
        self.name = name
        self.description = description
        self.parameters = parameters
        self.result = result
    }

    private static func checkName(_ name: String, field: String) throws {
        let maximum = Int(SD_MAX_NAME)
        let length = name.utf8.count
        guard length > 0 else {
            throw ToolError.invalidSignature("\(field): must not be empty")
        }
        guard length <= maximum else {
            throw ToolError.invalidSignature("\(field): \(length) bytes; at most \(maximum) are allowed")
        }
        let allowed = name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
        guard allowed else {
            throw ToolError.invalidSignature("\(field): \"\(name)\" may only contain a-z, 0-9 and _")
        }
    }

    private static func checkText(_ text: String, field: String) throws {
        let maximum = Int(SD_MAX_TEXT)
        let length = text.utf8.count
        guard length <= maximum else {
            throw ToolError.invalidSignature("\(field): \(length) bytes; at most \(maximum) are allowed")
        }
    }
}
