import Foundation
import SmartDeskSDK
import Locks

extension PluginHost {
    /// Loads a generation from `path` and swaps it in; `replacing` names the plugin it must be a
    /// new generation of (a reload). On refusal everything is undone and the registry is untouched.
    func loadGeneration(path: String, replacing: String?) throws(Refusal) -> Generation {
        if configuration.isolation.anyProcess, let generation = try loadIsolated(path: path, replacing: replacing) {
            return generation
        }
        let image = try PluginImage.open(copyOf: path, into: configuration.copyDirectory)
        let descriptor = try describe(image)
        let reservation = try reserve(descriptor, replacing: replacing) { image.close(keepMapped: descriptor.keepMapped) }
        do throws(Refusal) {
            let generation = try initialize(image, descriptor, path: path, id: reservation.id, number: reservation.number)
            try commit(generation)
            return generation
        } catch {
            state.withLock { $0.cancelReservation(descriptor.name) }
            throw error
        }
    }

    /// Claims the descriptor's name for a load (or the reload of `replacing`, whose name it must
    /// declare): the generation's id and number. `undo` releases what was opened when refused.
    func reserve(
        _ descriptor: PluginDescriptor, replacing: String?, orUndo undo: () -> Void
    ) throws(Refusal) -> (id: Int, number: Int) {
        do throws(Refusal) {
            if let replacing, descriptor.name != replacing {
                throw Refusal("the file now declares plugin \(descriptor.name), not \(replacing)")
            }
            return try state.withLock { state throws(Refusal) in
                try state.reserve(descriptor.name, replacing: replacing != nil)
            }
        } catch {
            undo()
            throw error
        }
    }

    /// Finds and calls `sd_plugin_describe` (on a host thread, under the lifecycle deadline) and
    /// checks the descriptor. Closes the image when it refuses (when describe overran: once it
    /// returns, never under running code).
    private func describe(_ image: PluginImage) throws(Refusal) -> PluginDescriptor {
        guard let symbol = image.symbol(SD_DESCRIBE_SYMBOL) else {
            image.close(keepMapped: false)
            throw Refusal("no \(SD_DESCRIBE_SYMBOL) symbol (not a SmartDesk plugin?)")
        }
        let describe = unsafeBitCast(symbol, to: SDDescribeFunction.self)
        let result = HostThread.run(
            name: "sd-describe", deadline: configuration.lifecycleDeadline,
            { () -> Result<PluginDescriptor, Refusal> in
                Result { () throws(Refusal) in try PluginDescriptor(reading: describe()) }
            },
            whenAbandoned: { _ in image.close(keepMapped: false) }
        )
        guard let result else {
            throw Refusal(
                "\(SD_DESCRIBE_SYMBOL) did not return within \(configuration.lifecycleDeadline.spoken) (the image is released when it does)"
            )
        }
        do throws(Refusal) {
            return try result.get()
        } catch {
            image.close(keepMapped: false)
            throw error
        }
    }

    /// Creates the generation's handle and data directory, runs `sd_plugin_init` and checks what it
    /// registered. Undoes everything when refused.
    private func initialize(
        _ image: PluginImage, _ descriptor: PluginDescriptor, path: String, id: Int, number: Int
    ) throws(Refusal) -> Generation {
        let name = descriptor.name
        guard let initSymbol = image.symbol(SD_INIT_SYMBOL) else {
            image.close(keepMapped: descriptor.keepMapped)
            throw Refusal("no \(SD_INIT_SYMBOL) symbol")
        }
        let dataDirectory = configuration.dataDirectory.appendingPathComponent(name, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        } catch {
            image.close(keepMapped: descriptor.keepMapped)
            throw Refusal("cannot create its data directory \(dataDirectory.path): \(error.localizedDescription)")
        }
        let context = PluginContext(pluginName: name, generation: number, dataDirectory: dataDirectory.path, link: link)
        // The generation as far as it is known before init: what tearing it down needs.
        let backend = GenerationBackend.inProcess(
            image: image, context: context,
            unloadFunction: UInt(bitPattern: image.symbol(SD_UNLOAD_SYMBOL)),
            configureFunction: UInt(bitPattern: image.symbol(SD_CONFIGURE_SYMBOL))
        )
        let generation = Generation(
            id: id, number: number, descriptor: descriptor, path: path, backend: backend, registrations: Registrations()
        )
        let initialize = unsafeBitCast(initSymbol, to: SDInitFunction.self)
        let token = context.token
        let api = HostAPITable.address
        let code = HostThread.run(
            name: "sd-init-\(name)", deadline: configuration.lifecycleDeadline,
            { initialize(HandleTable.pointer(token), UnsafePointer(bitPattern: api)) },
            whenAbandoned: { [self] _ in
                _ = context.finishInit()
                log(name, .warning, "sd_plugin_init of \(generation.label) returned after its load was refused; unloading it")
                tearDown(generation)
            }
        )
        guard let code else {
            throw Refusal(
                "sd_plugin_init did not return within \(configuration.lifecycleDeadline.spoken) (the image is released when it does)"
            )
        }
        let (registrations, refusal) = context.finishInit()
        if code != Status.ok || refusal != nil {
            tearDown(generation)
            if code != Status.ok {
                throw Refusal("sd_plugin_init reported failure (returned \(code))" + (refusal.map { "; \($0)" } ?? ""))
            }
            throw Refusal("invalid registration: \(refusal ?? "")")
        }
        return Generation(
            id: id, number: number, descriptor: descriptor, path: path, backend: backend, registrations: registrations
        )
    }

    /// Swaps a validated generation in, or tears it down when a name it registered was taken by
    /// another plugin in the meantime.
    func commit(_ generation: Generation) throws(Refusal) {
        let swap: HostState.Swap
        do throws(Refusal) {
            swap = try state.withLock { state throws(Refusal) in try state.commit(generation) }
        } catch {
            tearDown(generation)
            throw error
        }
        observers.publish(swap.registry)
        let counts = "\(generation.registrations.intents.count) intents, \(generation.registrations.tools.count) tools"
        log(generation.name, .info, "Loaded \(generation.label) (\(generation.descriptor.version)) from \(generation.path): \(counts)")
        if let retired = swap.finished {
            shutDownGeneration(retired)
        } else if let still = swap.stillRunning {
            log(generation.name, .info, "\(still.0.label) retires when its \(still.1) running turns end")
        }
    }

    /// Shuts a retired generation down once nothing pins it: `sd_plugin_unload` (under the
    /// lifecycle deadline), then the handle and its strings, then `dlclose` unless the image stays
    /// mapped, then the copy.
    func shutDownGeneration(_ generation: Generation) {
        let returned = tearDown(generation)
        state.withLock { $0.markRetired(generation) }
        log(generation.name, .info, "Unloaded \(generation.label)" + (returned ? "" : " (its image stays mapped)"))
    }

    /// Runs `sd_plugin_unload` and releases the image; false when unload overran (the image and
    /// the plugin's strings are then left in place: its code may still be running).
    @discardableResult
    func tearDown(_ generation: Generation) -> Bool {
        guard case .inProcess(let image, let context, let unloadFunction, _) = generation.backend else {
            generation.worker?.stop()
            return true
        }
        var returned = true
        if unloadFunction != 0 {
            let unload = unsafeBitCast(unloadFunction, to: SDUnloadFunction.self)
            let token = context.token
            returned = HostThread.run(name: "sd-unload-\(generation.name)", deadline: configuration.lifecycleDeadline) {
                unload(HandleTable.pointer(token))
            } != nil
            if !returned {
                log(generation.name, .error,
                    "sd_plugin_unload of \(generation.label) did not return within \(configuration.lifecycleDeadline.spoken); its image stays mapped")
            }
        }
        context.close(freeStrings: returned)
        image.close(keepMapped: generation.keepsImageMapped || !returned)
        return returned
    }
}
