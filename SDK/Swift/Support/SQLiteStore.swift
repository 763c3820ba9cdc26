/// A plugin's own data in one SQLite file in its data directory: a type that owns the connection,
/// declares the schema as migrations, and answers the plugin's queries. Conformers get
/// ``open(in:)``, which opens the file (creating it when missing) and brings its schema up to
/// date, and ``close()``. Not thread-safe, like ``SQLiteDatabase``: keep the store behind the
/// plugin's `Mutex`.
///
/// ```swift
/// final class Notes: SQLiteStore {
///     static let fileName = "notes.sqlite"
///     static var migrations: [(SQLiteDatabase) throws -> Void] {
///         [{ db in try db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)") }]
///     }
///     let database: SQLiteDatabase
///     init(database: SQLiteDatabase) { self.database = database }
/// }
///
/// let notes = Mutex(try Notes.open(in: context))
/// ```
public protocol SQLiteStore: AnyObject {
    /// The file in the plugin's data directory (`"notes.sqlite"`).
    static var fileName: String { get }
    /// The schema steps, in order (see ``SQLiteDatabase/migrate(_:)``): append, never change or
    /// reorder shipped ones.
    static var migrations: [(SQLiteDatabase) throws -> Void] { get }
    /// The connection, opened and migrated.
    var database: SQLiteDatabase { get }
    /// Wraps a connection that ``open(in:)`` has opened and migrated.
    init(database: SQLiteDatabase)
}

extension SQLiteStore {
    /// Opens ``fileName`` in the plugin's data directory with the SQLite the kit links, and runs
    /// the ``migrations`` the file has not had yet.
    public static func open(in context: PluginContext) throws -> Self {
        let database = try context.openDatabase(fileName, functions: .linked)
        try database.migrate(migrations)
        return Self(database: database)
    }

    /// Closes the connection; later queries throw.
    public func close() { database.close() }
}
