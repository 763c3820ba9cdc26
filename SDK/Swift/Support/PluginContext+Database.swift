import Foundation

extension PluginContext {
    /// Opens (creating when missing) `fileName` in this plugin's data directory.
    ///
    /// ```swift
    /// let db = try context.openDatabase("scheduling.sqlite", functions: .linked)
    /// ```
    public func openDatabase(_ fileName: String, functions: SQLiteFunctions) throws -> SQLiteDatabase {
        try SQLiteDatabase(path: dataDirectory.appendingPathComponent(fileName).path, functions: functions)
    }
}
