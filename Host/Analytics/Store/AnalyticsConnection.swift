import Foundation

/// A value bound to or read from a statement.
public enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)

    public var int: Int64? {
        switch self {
        case .int(let value): value
        case .double(let value): Int64(value)
        case .text(let text): Int64(text)
        case .null: nil
        }
    }

    public var double: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .text(let text): Double(text)
        case .null: nil
        }
    }

    public var text: String? {
        switch self {
        case .text(let text): text
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .null: nil
        }
    }
}

public enum SQLDialect: Sendable {
    case sqlite, postgres
}

/// A failure of the store, with the database's own message.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The server could not be reached (as opposed to a statement it refused).
    public var isUnreachable: Bool

    public init(_ description: String, unreachable: Bool = false) {
        self.description = description
        self.isUnreachable = unreachable
    }
}

/// One connection to the analytics store. Not thread-safe: each user (the writer thread, the
/// queries of the admin API) holds its own. Statements are written with `?` placeholders.
public protocol AnalyticsConnection: AnyObject {
    var dialect: SQLDialect { get }
    /// Runs `sql`; returns the rows it changed.
    @discardableResult func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [[SQLValue]]
    func close()
}

extension AnalyticsConnection {
    @discardableResult public func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws);
    /// SQLite takes the write lock at once (`BEGIN IMMEDIATE`).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute(dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }
    public func query(_ sql: String) throws -> [[SQLValue]] { try query(sql, []) }
}

/// Where the analytics live: a SQLite file (the default, in the data directory) or a PostgreSQL
/// server (`postgres://user:password@host:port/database`).
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// `text` is a `postgres://` or `postgresql://` URL, `sqlite:PATH`, or a file path.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            self = .postgres(url: trimmed)
        } else if trimmed.hasPrefix("sqlite:") {
            let path = String(trimmed.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreError("sqlite: needs a file path (sqlite:/var/lib/smartdesk/analytics.db)") }
            self = .sqlite(path: path)
        } else if trimmed.contains("://") {
            throw StoreError("unsupported database URL \"\(Self.withoutPassword(trimmed))\" (use postgres://… or a SQLite file path)")
        } else if trimmed.isEmpty {
            throw StoreError("the database location is empty")
        } else {
            self = .sqlite(path: trimmed)
        }
    }

    /// Opens a connection and brings the schema up to date.
    public func connect() throws -> any AnalyticsConnection {
        let connection: any AnalyticsConnection
        switch self {
        case .sqlite(let path): connection = try SQLiteConnection(path: path)
        case .postgres(let url): connection = try PostgresConnection(url: url)
        }
        do {
            try Schema.migrate(connection)
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// For logs: never the password.
    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite \(path)"
        case .postgres(let url): "PostgreSQL \(Self.withoutPassword(url))"
        }
    }

    static func withoutPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
