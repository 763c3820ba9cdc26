/// A SQLite connection for a plugin's own data: opened read-write (created when missing) in
/// serialized mode (`SQLITE_OPEN_FULLMUTEX`), write-ahead logging so that an old and a new
/// generation of the plugin can share the file during a reload, and a busy timeout instead of
/// `SQLITE_BUSY` errors.
///
/// Every statement is prepared, bound, stepped and finalized inside one call, so no statement
/// outlives it. The connection itself is not `Sendable`: keep it inside the plugin's `Mutex`, which
/// also keeps a read-then-write sequence of one handler from interleaving with another's.
///
/// ```swift
/// let db = try context.openDatabase("notes.sqlite", functions: .linked)
/// try db.migrate([{ db in try db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)") }])
/// try db.run("INSERT INTO notes (text) VALUES (?)", "call Dana back")
/// let texts = try db.query("SELECT text FROM notes ORDER BY id") { $0.string(0) }
/// ```
public final class SQLiteDatabase {
    private let sqlite: SQLiteFunctions
    private var handle: OpaquePointer?
    public let path: String

    public init(path: String, functions: SQLiteFunctions) throws {
        self.sqlite = functions
        self.path = path
        var handle: OpaquePointer?
        let flags = SQLiteCode.openReadWrite | SQLiteCode.openCreate | SQLiteCode.openFullMutex
        let status = functions.open(path, &handle, flags, nil)
        guard status == SQLiteCode.ok, let handle else {
            let message = handle.flatMap { functions.errorMessage($0) }.map { String(cString: $0) } ?? "cannot open"
            _ = functions.close(handle)
            throw SQLiteError(code: status, message: message, sql: nil, path: path)
        }
        self.handle = handle
        try execute("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;")
    }

    deinit { close() }

    /// Closes the connection; later calls throw. Safe to call more than once.
    public func close() {
        guard let handle else { return }
        _ = sqlite.close(handle)
        self.handle = nil
    }

    /// Runs a script of one or more statements without parameters (schema, pragmas).
    public func execute(_ script: String) throws {
        let handle = try openHandle(for: script)
        try script.withCString { start in
            var cursor = start
            while cursor.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let status = sqlite.prepare(handle, cursor, -1, &statement, &tail)
                guard status == SQLiteCode.ok else { throw error(status, script) }
                defer { _ = sqlite.finalize(statement) }
                if let statement {  // nil for trailing whitespace or a comment
                    var result = sqlite.step(statement)
                    while result == SQLiteCode.row { result = sqlite.step(statement) }
                    guard result == SQLiteCode.done else { throw error(result, script) }
                }
                guard let tail, tail != cursor else { break }
                cursor = tail
            }
        }
    }

    /// Runs one statement with `?` parameters bound in order; answers the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ parameters: any SQLiteBindable...) throws -> Int {
        try run(sql, parameters: parameters)
    }

    /// ``run(_:_:)`` with the parameters in an array.
    @discardableResult
    public func run(_ sql: String, parameters: [any SQLiteBindable]) throws -> Int {
        try withStatement(sql, parameters) { statement in
            var result = sqlite.step(statement)
            while result == SQLiteCode.row { result = sqlite.step(statement) }
            guard result == SQLiteCode.done else { throw error(result, sql) }
            return Int(sqlite.changes(handle))
        }
    }

    /// Runs one query with `?` parameters bound in order and maps each row.
    public func query<Row>(
        _ sql: String, _ parameters: any SQLiteBindable..., row: (SQLiteRow) throws -> Row
    ) throws -> [Row] {
        try query(sql, parameters: parameters, row: row)
    }

    /// ``query(_:_:row:)`` with the parameters in an array.
    public func query<Row>(
        _ sql: String, parameters: [any SQLiteBindable], row: (SQLiteRow) throws -> Row
    ) throws -> [Row] {
        try withStatement(sql, parameters) { statement in
            var rows: [Row] = []
            while true {
                let result = sqlite.step(statement)
                if result == SQLiteCode.done { return rows }
                guard result == SQLiteCode.row else { throw error(result, sql) }
                rows.append(try row(SQLiteRow(statement: statement, sqlite: sqlite)))
            }
        }
    }

    /// Runs `body` in one transaction (`BEGIN IMMEDIATE`, so it holds the write lock from the
    /// start and a read-then-write inside cannot race another connection); rolls back when it
    /// throws. Transactions do not nest.
    public func transaction<Result>(_ body: () throws -> Result) throws -> Result {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The schema version stored in the file (`PRAGMA user_version`), 0 for a new file.
    public func userVersion() throws -> Int {
        try query("PRAGMA user_version") { $0.int(0) }.first ?? 0
    }

    /// Brings the schema up to `steps.count`: runs, in order and each in its own transaction,
    /// the steps the file has not had yet, counting them in `PRAGMA user_version`. Append steps;
    /// never change or reorder shipped ones.
    public func migrate(_ steps: [(SQLiteDatabase) throws -> Void]) throws {
        let current = try userVersion()
        for (index, step) in steps.enumerated() where index >= current {
            try transaction {
                try step(self)
                try execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }

    // MARK: Statements

    private func openHandle(for sql: String) throws -> OpaquePointer {
        guard let handle else { throw SQLiteError(code: 21, message: "the database is closed", sql: sql, path: path) }
        return handle
    }

    private func withStatement<Result>(
        _ sql: String, _ parameters: [any SQLiteBindable], _ body: (OpaquePointer) throws -> Result
    ) throws -> Result {
        let handle = try openHandle(for: sql)
        var statement: OpaquePointer?
        let status = sqlite.prepare(handle, sql, -1, &statement, nil)
        guard status == SQLiteCode.ok, let statement else { throw error(status, sql) }
        defer { _ = sqlite.finalize(statement) }
        for (offset, parameter) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let result = switch parameter.sqliteValue {
            case .integer(let value): sqlite.bindInt64(statement, index, value)
            case .text(let value): sqlite.bindText(statement, index, value, -1, SQLiteCode.transient)
            case .null: sqlite.bindNull(statement, index)
            }
            guard result == SQLiteCode.ok else { throw error(result, sql) }
        }
        return try body(statement)
    }

    private func error(_ code: Int32, _ sql: String) -> SQLiteError {
        let message = handle.flatMap { sqlite.errorMessage($0) }.map { String(cString: $0) } ?? "error \(code)"
        return SQLiteError(code: code, message: message, sql: sql, path: path)
    }
}

/// One result row, valid only inside the `query` closure it is passed to.
public struct SQLiteRow {
    fileprivate let statement: OpaquePointer
    fileprivate let sqlite: SQLiteFunctions

    /// The column as an integer (0 for NULL).
    public func int(_ column: Int32) -> Int { Int(sqlite.columnInt64(statement, column)) }

    /// The column as text, `nil` for NULL.
    public func text(_ column: Int32) -> String? {
        sqlite.columnText(statement, column).map { String(cString: $0) }
    }

    /// The column as text, "" for NULL.
    public func string(_ column: Int32) -> String { text(column) ?? "" }
}

/// A failed SQLite call: SQLite's result code and message, and the statement that failed.
public struct SQLiteError: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String?
    public let path: String

    public var description: String {
        "SQLite error \(code) (\(message))" + (sql.map { " in \"\($0)\"" } ?? "") + " [\(path)]"
    }
}
