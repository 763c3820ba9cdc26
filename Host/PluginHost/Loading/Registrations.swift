/// What one generation registered during `sd_plugin_init`. Plugin code and data addresses are
/// kept as integers: they are only turned back into pointers while the generation is leased.
struct Registrations: Sendable {
    var intents: [IntentRegistration] = []
    var tools: [ToolRegistration] = []
    var hooks: [HookRegistration] = []
}

/// An intent and its handler (`SDIntentHandler` and userdata).
struct IntentRegistration: Sendable {
    var info: RegisteredIntent
    var handler: UInt
    var userdata: UInt
}

/// A JSON or typed tool and how to call it.
struct ToolRegistration: Sendable {
    enum Body: Sendable {
        /// `SDToolFunction` and userdata.
        case json(function: UInt, userdata: UInt)
        /// The plain C function and its declaration.
        case typed(function: UInt, signature: TypedToolSignature)
    }

    var info: RegisteredTool
    var body: Body
}

/// A call-start hook (`SDCallStartHandler` and userdata).
struct HookRegistration: Sendable {
    var handler: UInt
    var userdata: UInt
}
