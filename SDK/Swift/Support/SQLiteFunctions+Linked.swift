import CSQLite

extension SQLiteFunctions {
    /// Debian's libsqlite3, which the plugin kit links.
    public static let linked = SQLiteFunctions(
        open: sqlite3_open_v2, close: sqlite3_close_v2, errorMessage: sqlite3_errmsg,
        prepare: sqlite3_prepare_v2, step: sqlite3_step, finalize: sqlite3_finalize,
        bindInt64: sqlite3_bind_int64, bindText: sqlite3_bind_text, bindNull: sqlite3_bind_null,
        columnInt64: sqlite3_column_int64, columnText: sqlite3_column_text, changes: sqlite3_changes
    )
}
