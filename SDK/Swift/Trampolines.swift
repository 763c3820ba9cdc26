import Foundation
import SmartDeskSDK

/// A registered handler closure; the C handler's userdata points at it.
final class HandlerBox: Sendable {
    let context: PluginContext
    let body: @Sendable (Turn) throws -> Void

    init(context: PluginContext, body: @escaping @Sendable (Turn) throws -> Void) {
        self.context = context
        self.body = body
    }
}

/// A registered JSON tool: JSON arguments in, JSON result out.
final class ToolBox: Sendable {
    let context: PluginContext
    let body: @Sendable (String) throws -> String

    init(context: PluginContext, body: @escaping @Sendable (String) throws -> String) {
        self.context = context
        self.body = body
    }
}

let intentTrampoline: SDIntentHandler = { turn, userdata in
    guard let turn, let userdata else { return Int32(SD_ERR) }
    let box = Unmanaged<HandlerBox>.fromOpaque(userdata).takeUnretainedValue()
    do {
        try box.body(Turn(handle: turn, api: box.context.api))
        return Int32(SD_OK)
    } catch {
        box.context.log(.error, "handler failed: \(error)")
        return Int32(SD_ERR)
    }
}

let toolTrampoline: SDToolFunction = { call, arguments, userdata in
    guard let call, let arguments, let userdata else { return Int32(SD_ERR) }
    let box = Unmanaged<ToolBox>.fromOpaque(userdata).takeUnretainedValue()
    let api = box.context.api
    guard let json = arguments.validatedString else {
        _ = api.pointee.tool_error?(call, "arguments are not UTF-8")
        return Int32(SD_ERR)
    }
    do {
        let result = try box.body(json)
        return api.pointee.tool_result?(call, result) ?? Int32(SD_ERR)
    } catch {
        _ = api.pointee.tool_error?(call, "\(error)")
        return Int32(SD_ERR)
    }
}
