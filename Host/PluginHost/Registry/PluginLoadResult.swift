/// The outcome of loading one file of a directory (``PluginHost/loadAll(in:only:)``).
public struct PluginLoadResult: Sendable {
    /// The file.
    public var path: String
    /// The loaded plugin, or why the file was refused.
    public var result: Result<PluginInfo, PluginError>

    public init(path: String, result: Result<PluginInfo, PluginError>) {
        self.path = path
        self.result = result
    }
}
