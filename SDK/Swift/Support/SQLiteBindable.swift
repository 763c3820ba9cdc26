/// A value a statement parameter takes.
public enum SQLiteValue: Sendable, Hashable {
    case integer(Int64)
    case text(String)
    case null
}

/// Something that can be bound to a `?` parameter: integers, strings, optionals of them (`nil`
/// binds NULL) and the kit's dates and times (bound as their canonical text).
public protocol SQLiteBindable {
    var sqliteValue: SQLiteValue { get }
}

extension SQLiteValue: SQLiteBindable {
    public var sqliteValue: SQLiteValue { self }
}

extension Int: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Int64: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(self) }
}

extension String: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .text(self) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    public var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}

extension LocalDate: SQLiteBindable {
    /// `YYYY-MM-DD`, which sorts and compares correctly as text.
    public var sqliteValue: SQLiteValue { .text(description) }
}

extension LocalTime: SQLiteBindable {
    /// `HH:MM`, which sorts and compares correctly as text.
    public var sqliteValue: SQLiteValue { .text(description) }
}

extension LocalDateTime: SQLiteBindable {
    /// `YYYY-MM-DDTHH:MM:00`, which sorts and compares correctly as text.
    public var sqliteValue: SQLiteValue { .text(description) }
}
