/// The SQLite C functions ``SQLiteDatabase`` calls; ``linked`` is the library the kit links.
public struct SQLiteFunctions: Sendable {
    public typealias Destructor = @convention(c) (UnsafeMutableRawPointer?) -> Void

    public var open: @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<OpaquePointer?>?, Int32, UnsafePointer<CChar>?) -> Int32
    public var close: @convention(c) (OpaquePointer?) -> Int32
    public var errorMessage: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    public var prepare: @convention(c) (
        OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafeMutablePointer<OpaquePointer?>?,
        UnsafeMutablePointer<UnsafePointer<CChar>?>?
    ) -> Int32
    public var step: @convention(c) (OpaquePointer?) -> Int32
    public var finalize: @convention(c) (OpaquePointer?) -> Int32
    public var bindInt64: @convention(c) (OpaquePointer?, Int32, Int64) -> Int32
    public var bindText: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, Int32, Destructor?) -> Int32
    public var bindNull: @convention(c) (OpaquePointer?, Int32) -> Int32
    public var columnInt64: @convention(c) (OpaquePointer?, Int32) -> Int64
    public var columnText: @convention(c) (OpaquePointer?, Int32) -> UnsafePointer<UInt8>?
    public var changes: @convention(c) (OpaquePointer?) -> Int32

    public init(
        open: @escaping @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<OpaquePointer?>?, Int32, UnsafePointer<CChar>?) -> Int32,
        close: @escaping @convention(c) (OpaquePointer?) -> Int32,
        errorMessage: @escaping @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?,
        prepare: @escaping @convention(c) (
            OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafeMutablePointer<OpaquePointer?>?,
            UnsafeMutablePointer<UnsafePointer<CChar>?>?
        ) -> Int32,
        step: @escaping @convention(c) (OpaquePointer?) -> Int32,
        finalize: @escaping @convention(c) (OpaquePointer?) -> Int32,
        bindInt64: @escaping @convention(c) (OpaquePointer?, Int32, Int64) -> Int32,
        bindText: @escaping @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, Int32, Destructor?) -> Int32,
        bindNull: @escaping @convention(c) (OpaquePointer?, Int32) -> Int32,
        columnInt64: @escaping @convention(c) (OpaquePointer?, Int32) -> Int64,
        columnText: @escaping @convention(c) (OpaquePointer?, Int32) -> UnsafePointer<UInt8>?,
        changes: @escaping @convention(c) (OpaquePointer?) -> Int32
    ) {
        self.open = open
        self.close = close
        self.errorMessage = errorMessage
        self.prepare = prepare
        self.step = step
        self.finalize = finalize
        self.bindInt64 = bindInt64
        self.bindText = bindText
        self.bindNull = bindNull
        self.columnInt64 = columnInt64
        self.columnText = columnText
        self.changes = changes
    }
}

/// SQLite's result codes and open flags the wrapper uses (fixed by SQLite's stable C interface).
enum SQLiteCode {
    static let ok: Int32 = 0
    static let row: Int32 = 100
    static let done: Int32 = 101
    static let openReadWrite: Int32 = 0x0000_0002
    static let openCreate: Int32 = 0x0000_0004
    static let openFullMutex: Int32 = 0x0001_0000
    /// `SQLITE_TRANSIENT`: SQLite copies a bound string before the bind call returns.
    static let transient = unsafeBitCast(-1, to: SQLiteFunctions.Destructor.self)
}
