import CToolFixtures
import PluginHost
import SmartDeskSDK
import Testing

/// A C function as the host holds it: `SDTypedToolSpec.function`.
private typealias CFunction = @convention(c) () -> Void

/// The fixtures of `tool_fixtures.h`, cast the way a plugin casts them into a spec.
private enum Fixture {
    static var add: CFunction { unsafeBitCast(sd_fixture_add as @convention(c) (Int64, Int64) -> Int64, to: CFunction.self) }
    static var scale: CFunction { unsafeBitCast(sd_fixture_scale as @convention(c) (Double, Int64) -> Double, to: CFunction.self) }
    static var divide: CFunction { unsafeBitCast(sd_fixture_divide as @convention(c) (Double, Double) -> Double, to: CFunction.self) }
    static var isEven: CFunction { unsafeBitCast(sd_fixture_is_even as @convention(c) (Int64) -> Bool, to: CFunction.self) }
    static var all: CFunction { unsafeBitCast(sd_fixture_all as @convention(c) (Bool, Bool, Bool) -> Bool, to: CFunction.self) }
    static var greet: CFunction {
        unsafeBitCast(sd_fixture_greet as @convention(c) (UnsafePointer<CChar>?, Bool) -> UnsafePointer<CChar>?, to: CFunction.self)
    }
    static var echo: CFunction {
        unsafeBitCast(sd_fixture_echo as @convention(c) (UnsafePointer<CChar>?) -> UnsafePointer<CChar>?, to: CFunction.self)
    }
    static var mixed: CFunction {
        unsafeBitCast(sd_fixture_mixed as @convention(c) (Int64, Double, Bool, UnsafePointer<CChar>?) -> Int64, to: CFunction.self)
    }
    static var sum16: CFunction {
        typealias Sum16 = @convention(c) (
            Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64
        ) -> Int64
        return unsafeBitCast(sd_fixture_sum16 as Sum16, to: CFunction.self)
    }
    static var mix16: CFunction {
        typealias Mix16 = @convention(c) (
            Double, Int64, Double, Bool, Double, UnsafePointer<CChar>?, Double, Int64,
            Double, Bool, Double, UnsafePointer<CChar>?, Double, Int64, Double, Double
        ) -> Double
        return unsafeBitCast(sd_fixture_mix16 as Mix16, to: CFunction.self)
    }
    static var answer: CFunction { unsafeBitCast(sd_fixture_answer as @convention(c) () -> Int64, to: CFunction.self) }
    static var nothing: CFunction {
        unsafeBitCast(sd_fixture_nothing as @convention(c) () -> UnsafePointer<CChar>?, to: CFunction.self)
    }
    static var notUTF8: CFunction {
        unsafeBitCast(sd_fixture_not_utf8 as @convention(c) () -> UnsafePointer<CChar>?, to: CFunction.self)
    }
}

private func signature(_ name: String, _ parameters: [(String, ValueType)], _ result: ValueType) throws -> TypedToolSignature {
    try TypedToolSignature(
        name: name,
        description: "fixture \(name)",
        parameters: parameters.map { TypedParameter(name: $0.0, type: $0.1) },
        result: result
    )
}

private func call(_ function: CFunction, _ signature: TypedToolSignature, _ json: String) throws -> String {
    try TypedToolInvoker.invoke(function, signature: signature, argumentsJSON: json)
}

/// `sd_fixture_mixed`: one parameter of each type.
private let mixedSignature = try! signature(
    "mixed", [("count", .int64), ("ratio", .double), ("flag", .bool), ("label", .string)], .int64
)

@Suite struct TypedToolInvokerTests {
    @Test func int64ArgumentsAndResult() throws {
        let add = try signature("add", [("a", .int64), ("b", .int64)], .int64)
        #expect(try call(Fixture.add, add, #"{"a": 2, "b": 40}"#) == "42")
        #expect(try call(Fixture.add, add, #"{"b": 3, "a": -5}"#) == "-2")
        #expect(try call(Fixture.add, add, #"{"a": 9223372036854775807, "b": 0}"#) == "9223372036854775807")
        #expect(try call(Fixture.add, add, #"{"a": -9223372036854775808, "b": 0}"#) == "-9223372036854775808")
        // Whole numbers written with a fraction or exponent are integers too (JSON Schema's rule).
        #expect(try call(Fixture.add, add, #"{"a": 2.0, "b": 1e3}"#) == "1002")
        #expect(try call(Fixture.add, add, #"{"a": -0, "b": 0}"#) == "0")
    }

    @Test func doubleArgumentsAndResult() throws {
        let scale = try signature("scale", [("value", .double), ("factor", .int64)], .double)
        #expect(try call(Fixture.scale, scale, #"{"value": 1.5, "factor": 3}"#) == "4.5")
        #expect(try call(Fixture.scale, scale, #"{"value": 2, "factor": 1}"#) == "2.0")
        #expect(try call(Fixture.scale, scale, #"{"value": 0.1, "factor": 3}"#) == "0.30000000000000004")
        #expect(try call(Fixture.scale, scale, #"{"value": -2.5e-3, "factor": 2}"#) == "-0.005")
        #expect(try call(Fixture.scale, scale, #"{"value": 1e300, "factor": 10}"#) == "1e+301")
    }

    @Test func nonFiniteDoubleResultIsRefused() throws {
        let divide = try signature("divide", [("a", .double), ("b", .double)], .double)
        #expect(try call(Fixture.divide, divide, #"{"a": 1, "b": 4}"#) == "0.25")
        for json in [#"{"a": 1, "b": 0}"#, #"{"a": -1, "b": 0}"#, #"{"a": 0, "b": 0}"#] {
            let error = #expect(throws: ToolError.self) { try call(Fixture.divide, divide, json) }
            #expect(error?.kind == .invalidResult)
            #expect(error?.message.contains("JSON cannot represent") == true)
        }
    }

    @Test func boolResult() throws {
        let isEven = try signature("is_even", [("n", .int64)], .bool)
        #expect(try call(Fixture.isEven, isEven, #"{"n": 4}"#) == "true")
        #expect(try call(Fixture.isEven, isEven, #"{"n": 7}"#) == "false")
        #expect(try call(Fixture.isEven, isEven, #"{"n": -9223372036854775808}"#) == "true")
    }

    @Test(arguments: [false, true]) func boolArguments(first: Bool) throws {
        let all = try signature("all", [("a", .bool), ("b", .bool), ("c", .bool)], .bool)
        for second in [false, true] {
            for third in [false, true] {
                let json = #"{"a": \#(first), "b": \#(second), "c": \#(third)}"#
                #expect(try call(Fixture.all, all, json) == String(first && second && third))
            }
        }
    }

    @Test func stringArgumentAndResult() throws {
        let greet = try signature("greet", [("name", .string), ("shout", .bool)], .string)
        #expect(try call(Fixture.greet, greet, #"{"name": "Ana", "shout": false}"#) == #""Hello, Ana!""#)
        #expect(try call(Fixture.greet, greet, #"{"name": "Ana", "shout": true}"#) == #""HELLO, ANA!""#)
        #expect(try call(Fixture.greet, greet, #"{"name": "", "shout": false}"#) == #""Hello, !""#)
    }

    @Test func stringResultIsEscapedAsJSON() throws {
        let echo = try signature("echo", [("text", .string)], .string)
        let json = #"{"text": "q\" b\\ n\n r\r t\t c\u0001\u001f é 😀 / \u2028"}"#
        #expect(try call(Fixture.echo, echo, json) == "\"q\\\" b\\\\ n\\n r\\r t\\t c\\u0001\\u001f é 😀 / \u{2028}\"")
        // The result is valid JSON again.
        try JSONChecks.validateJSON(try call(Fixture.echo, echo, json))
    }

    @Test func nullAndInvalidStringResults() throws {
        #expect(try call(Fixture.nothing, try signature("nothing", [], .string), "{}") == "null")
        let error = #expect(throws: ToolError.self) {
            try call(Fixture.notUTF8, try signature("not_utf8", [], .string), "{}")
        }
        #expect(error?.kind == .invalidResult)
        #expect(error?.message == #"tool "not_utf8" returned a string that is not valid UTF-8"#)
    }

    @Test func noArguments() throws {
        let answer = try signature("answer", [], .int64)
        #expect(try call(Fixture.answer, answer, "{}") == "42")
        #expect(try call(Fixture.answer, answer, " \n{ }\t") == "42")
        let error = #expect(throws: ToolError.self) { try call(Fixture.answer, answer, #"{"x": 1}"#) }
        #expect(error?.message == #"tool "answer": unexpected argument "x"; it takes no arguments"#)
    }

    @Test func oneOfEachTypeArrivesInPlace() throws {
        let json = #"{"label": "four", "flag": true, "ratio": 0.25, "count": 7}"#
        #expect(try call(Fixture.mixed, mixedSignature, json) == "7000354")
        let other = #"{"count": -3, "ratio": 1.5, "flag": false, "label": "ñ"}"#
        #expect(try call(Fixture.mixed, mixedSignature, other) == String(-3_000_000 + 1_500 + 0 + 2))
    }

    @Test func sixteenArgumentsSomeOnTheStack() throws {
        let names = (0..<16).map { "a\($0)" }
        let sum16 = try signature("sum16", names.map { ($0, .int64) }, .int64)
        let values = (0..<16).map { Int64(100 - $0 * 37) }
        let json = "{" + zip(names, values).map { #""\#($0)": \#($1)"# }.joined(separator: ", ") + "}"
        let expected = values.enumerated().reduce(Int64(0)) { $0 + Int64($1.offset + 1) * $1.element }
        #expect(try call(Fixture.sum16, sum16, json) == String(expected))
    }

    @Test func sixteenMixedArgumentsBeyondTheFloatRegisters() throws {
        let parameters: [(String, ValueType)] = [
            ("d0", .double), ("i0", .int64), ("d1", .double), ("b0", .bool), ("d2", .double), ("s0", .string),
            ("d3", .double), ("i1", .int64), ("d4", .double), ("b1", .bool), ("d5", .double), ("s1", .string),
            ("d6", .double), ("i2", .int64), ("d7", .double), ("d8", .double),
        ]
        let mix16 = try signature("mix16", parameters, .double)
        let json = """
            {"d0": 0.5, "i0": 7, "d1": 1.5, "b0": true, "d2": 2.5, "s0": "ab", "d3": 3.5, "i1": 11,
             "d4": 4.5, "b1": false, "d5": 5.5, "s1": "xyz", "d6": 6.5, "i2": 13, "d7": 7.5, "d8": 8.5}
            """
        let doubles = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]
        var expected = doubles.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element }
        expected += Double(7 - 11 + 13) + 1000 + 2 * 10000 + 3 * 100000
        #expect(try call(Fixture.mix16, mix16, json) == String(expected))
    }

    /// One invalid argument set each, and what the error must say.
    static let invalidArguments: [(json: String, message: String)] = [
        (#"{"ratio": 1, "flag": true, "label": "x"}"#, #"missing argument "count" (integer)"#),
        ("{}", #"missing arguments "count" (integer), "ratio" (number), "flag" (boolean), "label" (string)"#),
        (#"{"count": 1, "ratio": 1, "flag": true, "label": "x", "zeta": 1, "extra": 2}"#,
         #"unexpected arguments "extra", "zeta"; it takes count, ratio, flag, label"#),
        (#"{"count": "1", "ratio": 1, "flag": true, "label": "x"}"#, #"argument "count" must be an integer, not a string"#),
        (#"{"count": 1.5, "ratio": 1, "flag": true, "label": "x"}"#, #"argument "count" must be an integer, not 1.5"#),
        (#"{"count": true, "ratio": 1, "flag": true, "label": "x"}"#, #"argument "count" must be an integer, not true"#),
        (#"{"count": null, "ratio": 1, "flag": true, "label": "x"}"#, #"argument "count" must be an integer, not null"#),
        (#"{"count": 9223372036854775808, "ratio": 1, "flag": true, "label": "x"}"#,
         #"argument "count" is out of range for a 64-bit integer: 9223372036854775808"#),
        (#"{"count": -9223372036854775809, "ratio": 1, "flag": true, "label": "x"}"#,
         #"argument "count" is out of range for a 64-bit integer: -9223372036854775809"#),
        (#"{"count": 1e19, "ratio": 1, "flag": true, "label": "x"}"#, #"argument "count" is out of range (or not exact)"#),
        (#"{"count": 1, "ratio": "1.5", "flag": true, "label": "x"}"#, #"argument "ratio" must be a number, not a string"#),
        (#"{"count": 1, "ratio": 1e400, "flag": true, "label": "x"}"#, #"argument "ratio" is out of range for a double: 1e400"#),
        (#"{"count": 1, "ratio": [1], "flag": true, "label": "x"}"#, #"argument "ratio" must be a number, not an array"#),
        (#"{"count": 1, "ratio": 1, "flag": 0, "label": "x"}"#, #"argument "flag" must be true or false, not 0"#),
        (#"{"count": 1, "ratio": 1, "flag": 1, "label": "x"}"#, #"argument "flag" must be true or false, not 1"#),
        (#"{"count": 1, "ratio": 1, "flag": "true", "label": "x"}"#, #"argument "flag" must be true or false, not a string"#),
        (#"{"count": 1, "ratio": 1, "flag": true, "label": 5}"#, #"argument "label" must be a string, not 5"#),
        (#"{"count": 1, "ratio": 1, "flag": true, "label": {}}"#, #"argument "label" must be a string, not an object"#),
        (#"{"count": 1, "ratio": 1, "flag": true, "label": "a\u0000b"}"#,
         #"argument "label" contains a NUL character, which a C string cannot hold"#),
        ("[1, 2]", "the arguments must be a JSON object, not an array"),
        ("42", "the arguments must be a JSON object, not 42"),
        ("null", "the arguments must be a JSON object, not null"),
        (#""{}""#, "the arguments must be a JSON object, not a string"),
        (#"{"count": "#, "the arguments text is not valid JSON: expected a JSON value, found end of text at byte 10"),
        ("", "the arguments text is not valid JSON: expected a JSON value, found end of text at byte 0"),
        (#"{"count": 1, "count": 2}"#, #"the arguments text is not valid JSON: duplicate key "count" at byte 13"#),
    ]

    @Test(arguments: invalidArguments) func invalidArgumentsSayWhatIsWrong(json: String, message: String) throws {
        let error = #expect(throws: ToolError.self) { try call(Fixture.mixed, mixedSignature, json) }
        #expect(error?.kind == .invalidArguments)
        #expect(error?.message.hasPrefix(#"tool "mixed": "#) == true)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }

    @Test func overLongArgumentsAreRefused() throws {
        let label = String(repeating: "x", count: Int(SD_MAX_JSON))
        let json = #"{"count": 1, "ratio": 1, "flag": true, "label": "\#(label)"}"#
        let error = #expect(throws: ToolError.self) { try call(Fixture.mixed, mixedSignature, json) }
        #expect(error?.message == #"tool "mixed": the arguments text is \#(json.utf8.count) bytes long; the limit is 65536"#)
    }

    @Test func callsFromManyTasksAtOnce() async throws {
        let add = try signature("add", [("a", .int64), ("b", .int64)], .int64)
        let greet = try signature("greet", [("name", .string), ("shout", .bool)], .string)
        let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<64 {
                group.addTask {
                    var mismatches = 0
                    for round in 0..<50 {
                        let a = task * 1_000 + round
                        if try call(Fixture.add, add, #"{"a": \#(a), "b": \#(-round)}"#) != String(task * 1_000) {
                            mismatches += 1
                        }
                        let name = "caller\(task)x\(round)"
                        if try call(Fixture.greet, greet, #"{"name": "\#(name)", "shout": false}"#) != #""Hello, \#(name)!""# {
                            mismatches += 1
                        }
                    }
                    return mismatches
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}

// MARK: - Signatures

/// A static C string, as a plugin's spec holds one.
private func c(_ text: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
}

@Suite struct TypedToolSignatureTests {
    private static let loyaltyPoints = try! TypedToolSignature(
        name: "loyalty_points",
        description: "Loyalty points of a customer",
        parameters: [
            TypedParameter(name: "customer_id", type: .string, description: "The customer's ID"),
            TypedParameter(name: "include_pending", type: .bool, description: "Count points not yet confirmed"),
        ],
        result: .int64
    )

    @Test func derivedSchemaText() throws {
        #expect(
            Self.loyaltyPoints.jsonSchema
                == #"{"additionalProperties":false,"properties":{"customer_id":{"description":"The customer's ID","type":"string"},"#
                + #""include_pending":{"description":"Count points not yet confirmed","type":"boolean"}},"#
                + #""required":["customer_id","include_pending"],"type":"object"}"#
        )
        let everyType = try TypedToolSignature(
            name: "every_type",
            description: "",
            parameters: [
                TypedParameter(name: "z_count", type: .int64),
                TypedParameter(name: "a_ratio", type: .double, description: "a \"quoted\" / slashed\ttext"),
                TypedParameter(name: "m_flag", type: .bool),
                TypedParameter(name: "b_label", type: .string),
            ],
            result: .string
        )
        #expect(
            everyType.jsonSchema
                == #"{"additionalProperties":false,"properties":{"a_ratio":{"description":"a \"quoted\" / slashed\ttext","type":"number"},"#
                + #""b_label":{"type":"string"},"m_flag":{"type":"boolean"},"z_count":{"type":"integer"}},"#
                + #""required":["z_count","a_ratio","m_flag","b_label"],"type":"object"}"#
        )
        let none = try TypedToolSignature(name: "answer", description: "", parameters: [], result: .int64)
        #expect(none.jsonSchema == #"{"additionalProperties":false,"properties":{},"required":[],"type":"object"}"#)
        for schema in [Self.loyaltyPoints.jsonSchema, everyType.jsonSchema, none.jsonSchema] {
            try JSONChecks.validateParametersSchema(schema)
        }
    }

    @Test func valueTypesMirrorTheHeader() {
        #expect(ValueType(SD_TYPE_INT64) == .int64)
        #expect(ValueType(SD_TYPE_DOUBLE) == .double)
        #expect(ValueType(SD_TYPE_BOOL) == .bool)
        #expect(ValueType(SD_TYPE_STRING) == .string)
        #expect(ValueType(rawValue: 0) == nil)
        #expect(ValueType(SDValueType(rawValue: 5)) == nil)
        #expect(ValueType.allCases.allSatisfy { ValueType($0.sdValueType) == $0 })
        #expect(ValueType.allCases.map(\.jsonSchemaType) == ["integer", "number", "boolean", "string"])
    }

    static let invalidSignatures: [(name: String, parameters: [TypedParameter], description: String, message: String)] = [
        ("", [], "", "name: must not be empty"),
        ("Add", [], "", #"name: "Add" may only contain a-z, 0-9 and _"#),
        ("add-two", [], "", #"name: "add-two" may only contain a-z, 0-9 and _"#),
        ("añadir", [], "", #"name: "añadir" may only contain a-z, 0-9 and _"#),
        (String(repeating: "a", count: 65), [], "", "name: 65 bytes; at most 64 are allowed"),
        ("tool", [], String(repeating: "d", count: 1025), "description: 1025 bytes; at most 1024 are allowed"),
        ("tool", [TypedParameter(name: "a b", type: .int64)], "", #"parameters[0].name: "a b" may only contain a-z, 0-9 and _"#),
        ("tool", [TypedParameter(name: "a", type: .int64), TypedParameter(name: "", type: .bool)], "", "parameters[1].name: must not be empty"),
        ("tool", [TypedParameter(name: "a", type: .int64, description: String(repeating: "é", count: 513))], "",
         "parameters[0].description: 1026 bytes; at most 1024 are allowed"),
        ("tool", [TypedParameter(name: "a", type: .int64), TypedParameter(name: "a", type: .string)], "",
         #"parameters[1].name: "a" is used by an earlier parameter; names must be unique"#),
        ("tool", (0..<17).map { TypedParameter(name: "p\($0)", type: .int64) }, "",
         #"parameters: tool "tool" declares 17 parameters; at most 16 are allowed"#),
    ]

    @Test(arguments: invalidSignatures) func invalidSignaturesNameTheField(
        name: String, parameters: [TypedParameter], description: String, message: String
    ) {
        let error = #expect(throws: ToolError.self) {
            try TypedToolSignature(name: name, description: description, parameters: parameters, result: .int64)
        }
        #expect(error?.kind == .invalidSignature)
        #expect(error?.message == message)
    }

    @Test func limitsAreInclusive() throws {
        let sixteen = (0..<16).map { TypedParameter(name: "p\($0)", type: .double) }
        let longest = String(repeating: "n", count: 64)
        let signature = try TypedToolSignature(
            name: longest, description: String(repeating: "d", count: 1024), parameters: sixteen, result: .bool
        )
        #expect(signature.parameters.count == 16)
    }

    private static var params: [SDTypedParam] {[
        SDTypedParam(name: c("customer_id"), type: SD_TYPE_STRING, description: c("The customer's ID")),
        SDTypedParam(name: c("include_pending"), type: SD_TYPE_BOOL, description: c("Count points not yet confirmed")),
    ]}

    private static func spec(
        size: Int = MemoryLayout<SDTypedToolSpec>.size,
        name: UnsafePointer<CChar>? = c("loyalty_points"),
        description: UnsafePointer<CChar>? = c("Loyalty points of a customer"),
        result: SDValueType = SD_TYPE_INT64,
        params: UnsafePointer<SDTypedParam>?,
        count: Int = 2
    ) -> SDTypedToolSpec {
        SDTypedToolSpec(
            size: UInt32(size), name: name, description: description, result: result,
            params: params, param_count: UInt32(count), function: Fixture.add, flags: 0, caller_param: nil
        )
    }

    @Test func readsASpec() throws {
        let signature = try Self.params.withUnsafeBufferPointer { params in
            var spec = Self.spec(params: params.baseAddress)
            return try TypedToolSignature(spec: &spec)
        }
        #expect(signature == Self.loyaltyPoints)
        var noParameters = Self.spec(params: nil, count: 0)
        #expect(try TypedToolSignature(spec: &noParameters).parameters.isEmpty)
        // ABI 1.0's struct ends at `function`; `flags` and `caller_param` came with 1.1.
        #expect(TypedToolSignature.minimumSpecSize == MemoryLayout<SDTypedToolSpec>.offset(of: \SDTypedToolSpec.flags))
    }

    @Test func refusesABrokenSpec() throws {
        func message(_ spec: SDTypedToolSpec) -> String? {
            var spec = spec
            let error = #expect(throws: ToolError.self) { try TypedToolSignature(spec: &spec) }
            #expect(error?.kind == .invalidSignature)
            return error?.message
        }
        #expect(#expect(throws: ToolError.self) { try TypedToolSignature(spec: nil) }?.message == "spec: is NULL")
        #expect(message(Self.spec(size: 0, params: nil, count: 0))?.hasPrefix("size: 0 is smaller than SDTypedToolSpec") == true)
        #expect(message(Self.spec(size: 48, params: nil, count: 0))?.hasPrefix("size: 48 is smaller") == true)
        #expect(message(Self.spec(name: nil, params: nil, count: 0)) == "name: is NULL")
        #expect(message(Self.spec(description: nil, params: nil, count: 0)) == "description: is NULL")
        #expect(message(Self.spec(name: c("Loyalty"), params: nil, count: 0)) == #"name: "Loyalty" may only contain a-z, 0-9 and _"#)
        #expect(message(Self.spec(name: sd_fixture_not_utf8(), params: nil, count: 0)) == "name: is not valid UTF-8")
        #expect(message(Self.spec(name: c("n12345678901234567890123456789012345678901234567890123456789012345"), params: nil, count: 0))
            == "name: longer than 64 bytes")
        #expect(message(Self.spec(result: SDValueType(rawValue: 9), params: nil, count: 0))
            == "result: 9 is not a known type (1 int64, 2 double, 3 bool, 4 string)")
        #expect(message(Self.spec(params: nil, count: 1)) == "params: is NULL but param_count is 1")
        #expect(message(Self.spec(params: nil, count: 17)) == "param_count: 17; a typed tool takes at most 16 parameters")

        let ok = SDTypedParam(name: c("ok"), type: SD_TYPE_INT64, description: c(""))
        let broken: [(SDTypedParam, String)] = [
            (SDTypedParam(name: nil, type: SD_TYPE_INT64, description: c("")), "params[1].name: is NULL"),
            (SDTypedParam(name: c("typed"), type: SDValueType(rawValue: 0), description: c("")),
             "params[1].type: 0 is not a known type (1 int64, 2 double, 3 bool, 4 string)"),
            (SDTypedParam(name: c("described"), type: SD_TYPE_DOUBLE, description: nil), "params[1].description: is NULL"),
            (ok, #"parameters[1].name: "ok" is used by an earlier parameter; names must be unique"#),
        ]
        for (param, expected) in broken {
            let text = [ok, param].withUnsafeBufferPointer { params in
                message(Self.spec(params: params.baseAddress, count: 2))
            }
            #expect(text == expected)
        }
    }
}
