import Foundation
import SmartDeskSDK
import Locks

extension PluginHost {
    /// How a tool call ended.
    enum ToolAnswer: Sendable {
        case result(String)
        case failed(String)
        case invalidArguments(String)
    }

    /// Calls a JSON or typed tool on a host thread under the tool deadline and returns its
    /// result as JSON text. `argumentsJSON` must be a JSON object.
    ///
    /// Throws when no loaded plugin has the tool, the arguments are invalid, or the tool failed:
    /// returned `SD_ERR`, called `tool_error`, answered nothing, answered invalid JSON, or overran
    /// the deadline (the plugin is then degraded).
    public func callTool(_ name: String, argumentsJSON: String) async throws(PluginError) -> String {
        let (plugin, prepared) = try prepareTool(name, argumentsJSON: argumentsJSON)
        switch prepared {
        case .answered(let answer): return try Self.result(answer, tool: name, plugin: plugin)
        case .inWorker(let worker, let lease): return try await callToolInWorker(worker, tool: name, arguments: argumentsJSON, lease: lease)
        case .job(let job): return try Self.result(await job.run(), tool: name, plugin: plugin)
        }
    }

    /// `callTool` on the calling thread, without a deadline: a plugin worker's, whose host keeps
    /// the deadline.
    func callToolHere(_ name: String, argumentsJSON: String) throws(PluginError) -> String {
        let (plugin, prepared) = try prepareTool(name, argumentsJSON: argumentsJSON)
        switch prepared {
        case .answered(let answer): return try Self.result(answer, tool: name, plugin: plugin)
        case .inWorker: throw PluginError.toolFailed(name, plugin: plugin, "a plugin worker does not run workers")
        case .job(let job): return try Self.result(job.runHere(), tool: name, plugin: plugin)
        }
    }

    /// Checks the arguments (JSON, an object, the declared schema of a JSON tool: a worker's
    /// host has done that already), looks the tool up and leases its generation.
    private func prepareTool(_ name: String, argumentsJSON: String) throws(PluginError) -> (plugin: String, Prepared<ToolAnswer>) {
        if !configuration.argumentsChecked {
            do {
                try JSONChecks.validateJSON(argumentsJSON)
            } catch {
                throw PluginError.invalidArguments(name, RegistrationReader.toolMessage(error))
            }
            guard argumentsJSON.drop(while: \.isWhitespace).first == "{" else {
                throw PluginError.invalidArguments(name, "the arguments must be a JSON object")
            }
        }
        switch state.withLock({ $0.leaseTool(name) }) {
        case .unknown:
            throw PluginError.unknownTool(name)
        case .refused(let generation, let reason):
            throw PluginError.toolFailed(name, plugin: generation.name, reason)
        case .leased(let lease, let registration):
            let plugin = lease.generation.name
            if registration.info.kind == .json, !configuration.argumentsChecked {
                // Checked against the declared schema before the plugin (or its worker) sees them.
                do {
                    try JSONChecks.validateArguments(argumentsJSON, schema: registration.info.parametersSchema)
                } catch {
                    release(lease)
                    throw PluginError.invalidArguments(name, RegistrationReader.toolMessage(error))
                }
            }
            if let worker = lease.generation.worker { return (plugin, .inWorker(worker, lease)) }
            switch registration.body {
            case .json(let function, let userdata):
                return (plugin, .job(jsonToolJob(function, userdata: userdata, arguments: argumentsJSON, lease: lease, tool: name)))
            case .typed(let function, let signature):
                return (plugin, .job(typedToolJob(function, signature: signature, arguments: argumentsJSON, lease: lease)))
            }
        }
    }

    private static func result(_ answer: ToolAnswer, tool: String, plugin: String) throws(PluginError) -> String {
        switch answer {
        case .result(let json): return json
        case .failed(let reason): throw PluginError.toolFailed(tool, plugin: plugin, reason)
        case .invalidArguments(let reason): throw PluginError.invalidArguments(tool, reason)
        }
    }

    private func jsonToolJob(
        _ function: UInt, userdata: UInt, arguments: String, lease: Lease, tool: String
    ) -> DeadlineJob<ToolAnswer> {
        let call = ToolCallContext()
        let token = call.token
        let argumentsCopy = UInt(bitPattern: strdup(arguments))
        let deadline = configuration.toolDeadline
        return DeadlineJob(
            thread: "sd-\(lease.generation.name)", deadline: deadline,
            body: {
                let function = unsafeBitCast(function, to: SDToolFunction.self)
                let code = function(
                    HandleTable.pointer(token), UnsafePointer(bitPattern: argumentsCopy),
                    UnsafeMutableRawPointer(bitPattern: userdata)
                )
                return Self.toolAnswer(call.finish(returned: code))
            },
            onDeadline: { [self] in
                if let answer = call.expire() { return Self.toolAnswer(answer) }
                overran(lease, "tool '\(tool)' did not return within \(deadline.spoken)")
                return .failed("it did not return within \(deadline.spoken)")
            },
            cleanup: { [self] in
                free(UnsafeMutableRawPointer(bitPattern: argumentsCopy))
                release(lease)
            }
        )
    }

    private static func toolAnswer(_ answer: ToolCallContext.Answer?) -> ToolAnswer {
        switch answer {
        case .result(let json)?: .result(json)
        case .error(let message)?: .failed(message)
        case nil: .failed("it did not return within its deadline")
        }
    }

    private func typedToolJob(
        _ function: UInt, signature: TypedToolSignature, arguments: String, lease: Lease
    ) -> DeadlineJob<ToolAnswer> {
        let settled = Settled<ToolAnswer>()
        let deadline = configuration.toolDeadline
        return DeadlineJob(
            thread: "sd-\(lease.generation.name)", deadline: deadline,
            body: {
                let answer: ToolAnswer
                do {
                    let function = unsafeBitCast(function, to: (@convention(c) () -> Void).self)
                    answer = .result(try TypedToolInvoker.invoke(function, signature: signature, argumentsJSON: arguments))
                } catch let error as ToolError where error.kind == .invalidArguments {
                    answer = .invalidArguments(error.message)
                } catch {
                    answer = .failed(RegistrationReader.toolMessage(error))
                }
                return settled.settle(answer) ?? answer
            },
            onDeadline: { [self] in
                if let answer = settled.expire() { return answer }
                overran(lease, "typed tool '\(signature.name)' did not return within \(deadline.spoken)")
                return .failed("it did not return within \(deadline.spoken)")
            },
            cleanup: { [self] in release(lease) }
        )
    }
}
