import SmartDeskSDK
import Locks

extension PluginHost {
    /// Runs the handler of `intent` for one turn on a host thread. Returns when the handler
    /// returns, or at the handler deadline at the latest (`.timedOut`: the turn is answered
    /// without it, the plugin is marked degraded, the handler's later calls get `SD_ERR`). The
    /// generation stays pinned until the handler has really returned.
    public func runIntent(_ intent: String, turn: TurnInput) async -> TurnOutcome {
        switch prepareIntent(intent, turn: turn) {
        case .answered(let outcome): return outcome
        case .inWorker(let worker, let lease): return await runInWorker(worker, intent: intent, turn: turn, lease: lease)
        case .job(let job): return await job.run()
        }
    }

    /// `runIntent` on the calling thread, without a deadline: a plugin worker's, whose host keeps
    /// the deadline.
    func runIntentHere(_ intent: String, turn: TurnInput) -> TurnOutcome {
        switch prepareIntent(intent, turn: turn) {
        case .answered(let outcome): return outcome
        case .inWorker: return TurnOutcome(status: .failed("a plugin worker does not run workers"))
        case .job(let job): return job.runHere()
        }
    }

    /// How a turn is to run, once its intent is looked up and its generation leased.
    enum Prepared<Value: Sendable>: Sendable {
        /// Nothing to run: this is the answer.
        case answered(Value)
        /// The plugin runs in a worker process.
        case inWorker(IsolatedPlugin, Lease)
        case job(DeadlineJob<Value>)
    }

    private func prepareIntent(_ intent: String, turn: TurnInput) -> Prepared<TurnOutcome> {
        switch state.withLock({ $0.leaseIntent(intent, callID: turn.callID) }) {
        case .unknown:
            return .answered(TurnOutcome(status: .unknownIntent))
        case .refused(let generation, let reason):
            log(generation.name, .error, "Not running intent '\(intent)': \(reason)")
            return .answered(TurnOutcome(plugin: generation.name, generation: generation.number, status: .failed(reason)))
        case .leased(let lease, let registration):
            if let worker = lease.generation.worker { return .inWorker(worker, lease) }
            let context = TurnContext(
                input: turn, plugin: lease.generation.name, generation: lease.generation.number,
                declaredSlots: Set(registration.info.slots.map(\.name))
            )
            return .job(handlerJob(
                handler: registration.handler, userdata: registration.userdata, context: context, lease: lease,
                what: "the handler of intent '\(intent)'"
            ))
        }
    }

    /// Runs every plugin's call-start hooks, plugins in load order, each under the handler
    /// deadline, and merges what they did: says in order, call-value changes in order (a later
    /// hook reads an earlier one's values and customer record), the last customer record, the
    /// first transfer reason and deferred facts, end-call if any asked. A hook that failed or
    /// overran contributes nothing; the merged status is the first such status, else `.completed`.
    public func runCallStartHooks(_ turn: TurnInput) async -> TurnOutcome {
        let hooks = state.withLock { $0.leaseHooks(callID: turn.callID) }
        var merged = TurnOutcome()
        var input = turn
        for (lease, hook) in hooks {
            let outcome: TurnOutcome
            if let worker = lease.generation.worker {
                outcome = await runInWorker(worker, intent: nil, turn: input, lease: lease)
            } else {
                let context = TurnContext(
                    input: input, plugin: lease.generation.name, generation: lease.generation.number, declaredSlots: []
                )
                outcome = await handlerJob(
                    handler: hook.handler, userdata: hook.userdata, context: context, lease: lease,
                    what: "a call-start hook"
                ).run()
            }
            guard outcome.status == .completed else {
                if merged.status == .completed { merged.status = outcome.status }
                continue
            }
            merged.says += outcome.says
            merged.callValueChanges += outcome.callValueChanges
            for change in outcome.callValueChanges {
                input.callValues[change.key] = change.value
            }
            if let customer = outcome.customerJSON {
                merged.customerJSON = customer
                input.customerJSON = customer
            }
            merged.transferReason = merged.transferReason ?? outcome.transferReason
            merged.deferredFacts = merged.deferredFacts ?? outcome.deferredFacts
            merged.endCall = merged.endCall || outcome.endCall
        }
        return merged
    }

    /// An intent handler or hook (`SDIntentHandler` and `SDCallStartHandler` have the same type)
    /// as a job under the handler deadline.
    private func handlerJob(handler: UInt, userdata: UInt, context: TurnContext, lease: Lease, what: String) -> DeadlineJob<TurnOutcome> {
        let generation = lease.generation
        let deadline = configuration.handlerDeadline
        let token = context.token
        return DeadlineJob(
            thread: "sd-\(generation.name)", deadline: deadline,
            body: { [self] in
                let function = unsafeBitCast(handler, to: SDIntentHandler.self)
                let code = function(HandleTable.pointer(token), UnsafeMutableRawPointer(bitPattern: userdata))
                guard let outcome = context.finish(returned: code) else {
                    return TurnOutcome(plugin: generation.name, generation: generation.number, status: .timedOut)
                }
                if case .failed(let reason) = outcome.status {
                    log(generation.name, .warning, "\(generation.label): \(what) failed: \(reason)")
                }
                return outcome
            },
            onDeadline: { [self] in
                if let outcome = context.expire() { return outcome }
                overran(lease, "\(what) did not return within \(deadline.spoken)")
                return TurnOutcome(plugin: generation.name, generation: generation.number, status: .timedOut)
            },
            cleanup: { [self] in
                context.releaseStrings()
                release(lease)
            }
        )
    }

    /// Plugin code overran its deadline: log it and mark the plugin degraded.
    func overran(_ lease: Lease, _ reason: String) {
        log(
            lease.generation.name, .error,
            "\(lease.generation.label): \(reason); answered without it, and the plugin is degraded until it is reloaded"
        )
        if let registry = state.withLock({ $0.overran(lease, reason: reason) }) {
            observers.publish(registry)
        }
    }
}
