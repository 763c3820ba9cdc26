import CToolFixtures
import PluginHost
import Testing

@Suite struct JSONChecksTests {
    static let validJSON = [
        "{}", "[]", "42", "-0.5e-3", "1E+2", #""text""#, "true", "false", "null", " \t\r\n{ } ",
        #"{"a": [1, 2.5, {"b": null}], "c": "\u00e9\ud83d\ude00\n\/\\", "d": -12}"#,
        #""é 😀""#, "[[], {}, [[]]]", "123456789012345678901234567890",
    ]

    @Test(arguments: validJSON) func acceptsAnyJSONValue(text: String) throws {
        try JSONChecks.validateJSON(text)
    }

    /// Invalid JSON and the reason the message must give.
    static let invalidJSON: [(text: String, reason: String)] = [
        ("", "expected a JSON value, found end of text at byte 0"),
        ("  ", "expected a JSON value, found end of text at byte 2"),
        ("{", "expected a string key, found end of text at byte 1"),
        (#"{"a":}"#, "expected a JSON value, found '}' at byte 5"),
        (#"{"a" 1}"#, "expected ':' after the key, found '1' at byte 5"),
        (#"{"a":1 "b":2}"#, "expected ',' or '}' in the object, found '\"' at byte 7"),
        (#"{"a":1,}"#, "expected a string key, found '}' at byte 7"),
        ("{a:1}", "expected a string key, found 'a' at byte 1"),
        ("[1,]", "expected a JSON value, found ']' at byte 3"),
        ("[1 2]", "expected ',' or ']' in the array, found '2' at byte 3"),
        ("{} x", "unexpected 'x' after the JSON value at byte 3"),
        ("01", "leading zero in a number at byte 1"),
        ("1.", "expected a digit after '.', found end of text at byte 2"),
        (".5", "expected a JSON value, found '.' at byte 0"),
        ("+1", "expected a JSON value, found '+' at byte 0"),
        ("-", "expected a digit, found end of text at byte 1"),
        ("1e", "expected a digit in the exponent, found end of text at byte 2"),
        ("NaN", "expected a JSON value, found 'N' at byte 0"),
        ("tru", "expected a JSON value, found 't' at byte 0"),
        ("'a'", "expected a JSON value, found ''' at byte 0"),
        (#""abc"#, "unterminated string at byte 4"),
        ("\"a\tb\"", "control character 0x9 in a string; escape it at byte 2"),
        (#""\x""#, #"invalid escape: '\' followed by 'x' at byte 2"#),
        (#""\u12g4""#, "expected 4 hex digits after \\u, found 'g' at byte 5"),
        (#""\ud800""#, "high surrogate without a low surrogate at byte 7"),
        (#""\ud800\u0041""#, "high surrogate followed by \\u41, not a low surrogate at byte 13"),
        (#""\udc00""#, "low surrogate without a high surrogate at byte 7"),
        (#"{"a":1,"a":2}"#, #"duplicate key "a" at byte 7"#),
        ("\u{FEFF}{}", "expected a JSON value, found byte 0xEF at byte 0"),
    ]

    @Test(arguments: invalidJSON) func refusesInvalidJSONWithTheReason(text: String, reason: String) {
        let error = #expect(throws: ToolError.self) { try JSONChecks.validateJSON(text) }
        #expect(error?.kind == .invalidJSON)
        #expect(error?.message == "the text is not valid JSON: \(reason)")
    }

    @Test func sizeLimit() throws {
        try JSONChecks.validateJSON("[1,2,3]", limit: 7)
        let error = #expect(throws: ToolError.self) { try JSONChecks.validateJSON("[1,2,3]", limit: 6) }
        #expect(error?.message == "the text is 7 bytes long; the limit is 6")
        let big = "\"" + String(repeating: "é", count: 32_767) + "\""  // 65,536 bytes
        try JSONChecks.validateJSON(big)
        #expect(throws: ToolError.self) { try JSONChecks.validateJSON(big + " ") }
    }

    @Test func nestingLimit() throws {
        try JSONChecks.validateJSON(String(repeating: "[", count: 128) + String(repeating: "]", count: 128))
        let error = #expect(throws: ToolError.self) {
            try JSONChecks.validateJSON(String(repeating: "[", count: 10_000))
        }
        #expect(error?.message == "the text is not valid JSON: nesting deeper than 128 levels at byte 128")
    }

    @Test func cStrings() throws {
        let text = try #"{"a": [1, "é"]}"#.withCString { try JSONChecks.validateJSON(cString: $0) }
        #expect(text == #"{"a": [1, "é"]}"#)
        let notUTF8 = #expect(throws: ToolError.self) { try JSONChecks.validateJSON(cString: sd_fixture_not_utf8()) }
        #expect(notUTF8?.message == "the text is not valid UTF-8")
        let tooLong = #expect(throws: ToolError.self) {
            try "[1, 2, 3]".withCString { try JSONChecks.validateJSON(cString: $0, limit: 8) }
        }
        #expect(tooLong?.message == "the text is longer than the limit of 8 bytes")
        let invalid = #expect(throws: ToolError.self) { try "[1,".withCString { try JSONChecks.validateJSON(cString: $0) } }
        #expect(invalid?.message == "the text is not valid JSON: expected a JSON value, found end of text at byte 3")
    }

    // MARK: Parameters schemas

    static let validSchemas = [
        #"{"type":"object"}"#,
        #"{"type":"object","properties":{}}"#,
        #"""
        {"type": "object",
         "properties": {
           "account": {"type": "string", "description": "Account number"},
           "amount": {"type": "number"},
           "count": {"type": "integer"},
           "autopay": {"type": "boolean"},
           "tags": {"type": "array", "items": {"type": "string"}},
           "address": {"type": "object", "properties": {"zip": {"type": "string"}}},
           "note": {"type": ["string", "null"]},
           "method": {"enum": ["card", "bank"]},
           "when": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
           "who": {"oneOf": [{"type": "string"}]},
           "where": {"$ref": "#/$defs/place"}
         },
         "required": ["account", "amount"],
         "additionalProperties": false,
         "$defs": {"place": {"type": "string"}}}
        """#,
        #"{"type":"object","properties":{"a":{"type":"string"}},"required":[],"additionalProperties":{"type":"string"}}"#,
    ]

    @Test(arguments: validSchemas) func acceptsUsableSchemas(text: String) throws {
        try JSONChecks.validateParametersSchema(text)
    }

    /// Broken schemas and the message that says what and where.
    static let invalidSchemas: [(text: String, message: String)] = [
        (#"{"type":"object","properties":{"amount":{"type":"money"}}}"#,
         #"properties.amount.type: "money" is not a JSON Schema type (one of string, number, integer, boolean, array, object, null)"#),
        ("[]", "the parameters schema must be a JSON object, not an array"),
        (#""object""#, "the parameters schema must be a JSON object, not a string"),
        ("{}", #"type: missing; a parameters schema starts {"type":"object",…}"#),
        (#"{"type":"array"}"#, #"type: must be "object", not "array""#),
        (#"{"type":["object"]}"#, #"type: must be "object", not an array"#),
        (#"{"type":"object","properties":[]}"#, "properties: must be an object, not an array"),
        (#"{"type":"object","properties":{"amount":"number"}}"#, "properties.amount: must be an object (a schema), not a string"),
        (#"{"type":"object","properties":{"amount":{}}}"#, #"properties.amount: needs a "type" (or "enum", "anyOf", "oneOf" or "$ref")"#),
        (#"{"type":"object","properties":{"amount":{"description":"x"}}}"#,
         #"properties.amount: needs a "type" (or "enum", "anyOf", "oneOf" or "$ref")"#),
        (#"{"type":"object","properties":{"a":{"type":["string",3]}}}"#, "properties.a.type[1]: must be a type name, not 3"),
        (#"{"type":"object","properties":{"a":{"type":["string","text"]}}}"#,
         #"properties.a.type[1]: "text" is not a JSON Schema type (one of string, number, integer, boolean, array, object, null)"#),
        (#"{"type":"object","properties":{"a":{"type":[]}}}"#,
         "properties.a.type: must be a type name or a non-empty array of them, not an array"),
        (#"{"type":"object","properties":{"a":{"type":7}}}"#, "properties.a.type: must be a type name or a non-empty array of them, not 7"),
        (#"{"type":"object","properties":{"a":{"enum":"x"}}}"#, "properties.a.enum: must be a non-empty array, not a string"),
        (#"{"type":"object","properties":{"a":{"enum":[]}}}"#, "properties.a.enum: must be a non-empty array, not an array"),
        (#"{"type":"object","properties":{"a":{"anyOf":{}}}}"#, "properties.a.anyOf: must be a non-empty array of schemas, not an object"),
        (#"{"type":"object","properties":{"a":{"oneOf":[{"type":"string"},1]}}}"#,
         "properties.a.oneOf[1]: must be an object (a schema), not 1"),
        (#"{"type":"object","properties":{"a":{"$ref":1}}}"#, "properties.a.$ref: must be a string, not 1"),
        (#"{"type":"object","properties":{"a":{"type":"string","description":false}}}"#,
         "properties.a.description: must be a string, not false"),
        (#"{"type":"object","properties":{"a":{"type":"string"}},"required":"a"}"#,
         "required: must be an array of property names, not a string"),
        (#"{"type":"object","properties":{"a":{"type":"string"}},"required":[1]}"#, "required[0]: must be a string, not 1"),
        (#"{"type":"object","properties":{"a":{"type":"string"}},"required":["a","b"]}"#, #"required[1]: "b" is not a property"#),
        (#"{"type":"object","required":["a"]}"#, #"required[0]: "a" is not a property"#),
        (#"{"type":"object","properties":{"a":{"type":"string"}},"required":["a","a"]}"#, #"required[1]: "a" is listed twice"#),
        (#"{"type":"object","additionalProperties":"no"}"#, "additionalProperties: must be a boolean or an object, not a string"),
        (#"{"type":"object",}"#, "the parameters schema is not valid JSON: expected a string key, found '}' at byte 17"),
    ]

    @Test(arguments: invalidSchemas) func refusesBrokenSchemasSayingWhere(text: String, message: String) {
        let error = #expect(throws: ToolError.self) { try JSONChecks.validateParametersSchema(text) }
        #expect(error?.kind == .invalidSchema)
        #expect(error?.message == message)
    }

    @Test func errorDescriptionNamesTheKind() {
        let error = #expect(throws: ToolError.self) { try JSONChecks.validateParametersSchema("[]") }
        #expect(error.map(String.init(describing:)) == "invalid schema: the parameters schema must be a JSON object, not an array")
    }
}
