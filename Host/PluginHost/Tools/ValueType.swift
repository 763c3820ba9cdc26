import SmartDeskSDK

/// The type of a typed tool's parameter or result: the Swift side of `SDValueType`.
///
/// Raw values are those of the C enum (`SD_TYPE_INT64` = 1 …), so `ValueType(rawValue:)` reads the
/// field a plugin wrote and fails for a value the host does not know.
public enum ValueType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    /// `int64_t`; JSON integer.
    case int64 = 1
    /// `double`; JSON number.
    case double = 2
    /// C `bool`; JSON `true` / `false`.
    case bool = 3
    /// `const char *`, NUL-terminated UTF-8; JSON string.
    case string = 4

    /// The value a plugin wrote into an `SDValueType` field, or nil when it is not a known type.
    public init?(_ type: SDValueType) {
        self.init(rawValue: UInt32(truncatingIfNeeded: type.rawValue))
    }

    /// The C enum value.
    public var sdValueType: SDValueType {
        SDValueType(rawValue: rawValue)
    }

    /// The JSON Schema `type` of values of this type: `integer`, `number`, `boolean` or `string`.
    public var jsonSchemaType: String {
        switch self {
        case .int64: "integer"
        case .double: "number"
        case .bool: "boolean"
        case .string: "string"
        }
    }

    public var description: String {
        switch self {
        case .int64: "int64"
        case .double: "double"
        case .bool: "bool"
        case .string: "string"
        }
    }
}

/// One parameter of a typed tool, in the order the C function takes it.
public struct TypedParameter: Sendable, Equatable {
    /// `[a-z0-9_]`, 1…64 bytes; the key of this argument in the JSON arguments.
    public var name: String
    /// The C type of the argument.
    public var type: ValueType
    /// What the argument means, for the LLM (at most 1,024 bytes; empty leaves it out of the schema).
    public var description: String

    public init(name: String, type: ValueType, description: String = "") {
        self.name = name
        self.type = type
        self.description = description
    }
}
