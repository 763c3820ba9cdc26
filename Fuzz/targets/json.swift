// What registration and tool calls check: names, a parameters schema, arguments against it, and
// JSON results. The input is a schema, a NUL, then arguments.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
    let schema = parts.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
    let arguments = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : "{}"
    _ = try? JSONChecks.validateJSON(schema)
    for rule in [CStringReader.NameRule.plugin, .dotted, .plain] { _ = try? CStringReader.check(arguments, rule: rule, field: "name") }
    if (try? JSONChecks.validateParametersSchema(schema)) != nil {
        _ = try? JSONChecks.validateArguments(arguments, schema: schema)
    }
    return 0
}
