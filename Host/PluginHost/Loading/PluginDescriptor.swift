/// What a plugin's `SDPluginDescriptor` says, read and checked before any other plugin code runs
/// (``init(reading:)``).
struct PluginDescriptor: Sendable, Equatable, Codable {
    var name: String
    var version: String
    var description: String
    var permanent: Bool
    var keepMapped: Bool
}
