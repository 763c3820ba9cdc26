import SmartDeskSDK

/// Typed tools registered from the C function itself: the declared parameter and result types
/// follow from the function's Swift type, so they cannot disagree with it. One overload per C
/// signature the bundled plugins use (a `@convention(c)` type cannot be generic); any other
/// signature goes through ``registerTypedTool(name:description:parameters:result:function:)``.
///
/// ```swift
/// static let points: @convention(c) (UnsafePointer<CChar>?) -> Int64 = { phone in … }
/// try context.registerTypedTool(
///     name: "loyalty_points", description: "The points a phone number has",
///     parameter: ("phone", "a phone number, e.g. +15551230001"), function: points
/// )
/// ```
extension PluginContext {
    /// The name and description of a typed tool's one parameter.
    public typealias TypedToolParameter = (name: String, description: String)

    /// `int64_t name(void)`.
    public func registerTypedTool(
        name: String, description: String, model: ModelAccess? = nil, function: @escaping @convention(c) () -> Int64
    ) throws {
        try register(name, description, nil, SD_TYPE_INT64, model, function)
    }

    /// `int64_t name(const char *parameter)`.
    public func registerTypedTool(
        name: String, description: String, parameter: TypedToolParameter, model: ModelAccess? = nil,
        function: @escaping @convention(c) (UnsafePointer<CChar>?) -> Int64
    ) throws { try register(name, description, parameter, SD_TYPE_INT64, model, function) }

    /// `bool name(const char *parameter)`.
    public func registerTypedTool(
        name: String, description: String, parameter: TypedToolParameter, model: ModelAccess? = nil,
        function: @escaping @convention(c) (UnsafePointer<CChar>?) -> Bool
    ) throws { try register(name, description, parameter, SD_TYPE_BOOL, model, function) }

    /// `const char *name(const char *parameter)`; the string must stay valid until the tool is
    /// next called on the same thread (see ``ThreadLocalCString``).
    public func registerTypedTool(
        name: String, description: String, parameter: TypedToolParameter, model: ModelAccess? = nil,
        function: @escaping @convention(c) (UnsafePointer<CChar>?) -> UnsafePointer<CChar>?
    ) throws { try register(name, description, parameter, SD_TYPE_STRING, model, function) }

    /// `function` is one of the `@convention(c)` types above: a plain function pointer.
    private func register<Function>(
        _ name: String, _ description: String, _ parameter: TypedToolParameter?, _ result: SDValueType,
        _ model: ModelAccess?, _ function: Function
    ) throws {
        try registerTypedTool(
            name: name, description: description,
            parameters: parameter.map { [TypedParameter($0.name, SD_TYPE_STRING, $0.description)] } ?? [],
            result: result, function: unsafeBitCast(function, to: UnsafeRawPointer.self), model: model
        )
    }
}
