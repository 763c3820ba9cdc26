import Foundation
import SmartDeskSDK
import Locks

extension PluginHost {
    /// Loads the plugin at `path` as a new plugin: copies the file, opens it, checks its
    /// descriptor before any other plugin code runs, calls `sd_plugin_init`, validates what it
    /// registered and swaps the new registry in. A refused load changes nothing.
    ///
    /// Throws when the file is not a loadable shared library, has no `sd_plugin_describe` or
    /// `sd_plugin_init`, was built against an incompatible ABI, names a plugin that is already
    /// loaded, whose init fails or overruns, or that registered something invalid or owned by
    /// another plugin.
    @discardableResult
    public func load(path: String) throws(PluginError) -> PluginInfo {
        do throws(Refusal) {
            return try loadGeneration(path: path, replacing: nil).info(health: .healthy)
        } catch {
            log(nil, .error, PluginError.load(path, error.reason).message)
            throw PluginError.load(path, error.reason)
        }
    }

    /// Loads every `*.so` in `directory` (only the file names in `names`, when given), in name
    /// order. Never throws: each file's result is in the list (and refusals are logged).
    public func loadAll(in directory: URL, only names: Set<String>? = nil) -> [PluginLoadResult] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".so") && (names?.contains($0) ?? true) }
                .sorted()
        } catch {
            log(nil, .error, "Unable to list plugins in \(directory.path): \(error.localizedDescription)")
            return []
        }
        return files.map { file in
            let path = directory.appendingPathComponent(file).path
            do throws(PluginError) {
                return PluginLoadResult(path: path, result: .success(try load(path: path)))
            } catch {
                return PluginLoadResult(path: path, result: .failure(error))
            }
        }
    }

    /// Takes the plugin out of the registry; its generation is shut down when its last running
    /// turn ends (immediately when none runs). Refused for a permanent plugin.
    public func unload(name: String) throws(PluginError) {
        let (registry, finished): (Registry, Generation?)
        do throws(Refusal) {
            (registry, finished) = try state.withLock { state throws(Refusal) in try state.remove(name) }
        } catch {
            log(name, .error, PluginError.unload(name, error.reason).message)
            throw PluginError.unload(name, error.reason)
        }
        observers.publish(registry)
        if let finished {
            shutDownGeneration(finished)
        } else {
            log(name, .info, "Unloading \(name): retiring; it unloads when its running turns end")
        }
    }

    /// Loads a new generation of `name` from the file it was loaded from, validates it, then swaps
    /// it in: running turns finish on the old generation, new turns use the new one, and the old
    /// one is shut down when its last turn ends. When the new generation is refused, the old one
    /// keeps serving and the error says why.
    @discardableResult
    public func reload(name: String) throws(PluginError) -> PluginInfo {
        guard let current = state.withLock({ $0.activeGeneration(name) }) else {
            throw PluginError.reload(name, path: nil, "no plugin named \(name) is loaded", serving: nil)
        }
        guard !current.descriptor.permanent else {
            throw PluginError.reload(name, path: nil, "it is permanent (SD_PLUGIN_PERMANENT)", serving: nil)
        }
        do throws(Refusal) {
            return try loadGeneration(path: current.path, replacing: name).info(health: .healthy)
        } catch {
            let failure = PluginError.reload(name, path: current.path, error.reason, serving: current.number)
            log(name, .error, failure.message)
            throw failure
        }
    }

    /// Replaces the plugin's configuration values and calls its `sd_plugin_configure` (when it has
    /// one) without swapping code. When configure fails or overruns, the previous values return.
    public func reconfigure(name: String, settings newSettings: [String: String]) throws(PluginError) {
        guard let lease = state.withLock({ $0.leaseActive(name) }) else {
            throw PluginError.reconfigure(name, "no plugin named \(name) is loaded")
        }
        let previous = settings.withLock { settings in
            defer { settings[name] = newSettings }
            return settings[name]
        }
        let generation = lease.generation
        if let worker = generation.worker {
            return try reconfigure(worker, lease: lease, settings: newSettings, previous: previous)
        }
        guard case .inProcess(_, let context, _, let configureFunction) = generation.backend, configureFunction != 0 else {
            release(lease)
            log(name, .info, "Reconfigured \(name) (it has no sd_plugin_configure; new values apply on the next config_get)")
            return
        }
        let configure = unsafeBitCast(configureFunction, to: SDConfigureFunction.self)
        let handle = context.token
        let code = HostThread.run(name: "sd-configure-\(name)", deadline: configuration.lifecycleDeadline) {
            let code = configure(HandleTable.pointer(handle))
            self.release(lease)
            return code
        }
        let failure: String? =
            switch code {
            case nil: "sd_plugin_configure did not return within \(configuration.lifecycleDeadline.spoken)"
            case let code? where code != Status.ok: "sd_plugin_configure reported failure (returned \(code))"
            default: nil
            }
        if let failure {
            settings.withLock { $0[name] = previous }
            log(name, .error, PluginError.reconfigure(name, failure).message + "; the previous values are back")
            throw PluginError.reconfigure(name, failure)
        }
        log(name, .info, "Reconfigured \(name)")
    }
}
