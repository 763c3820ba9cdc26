import CLibPQ
import Foundation

/// PostgreSQL through libpq: parameters sent as text with `$n` placeholders (the `?` of the shared
/// statements are numbered here), a 3 s connect timeout, and a dropped server reported as
/// unreachable so the pipeline spills and reconnects.
final class PostgresConnection: AnalyticsConnection {
    let dialect = SQLDialect.postgres
    private var connection: OpaquePointer?

    init(url: String) throws {
        let keywords = ["dbname", "connect_timeout", "application_name"]
        let values = [url, "3", "smartdesk"]
        let connection = withCStrings(keywords) { keys in
            withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(connection)
            throw StoreError("cannot connect to \(StoreLocation.withoutPassword(url)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))",
                             unreachable: true)
        }
        self.connection = connection
        _ = PQexec(connection, "SET client_min_messages TO warning").map { PQclear($0) }
    }

    deinit { close() }

    func close() {
        if let connection { PQfinish(connection) }
        connection = nil
    }

    /// `?` → `$1`, `$2`, … (the shared statements hold no `?` inside literals).
    static func numbered(_ sql: String) -> String {
        var output = ""
        var count = 0
        for character in sql {
            if character == "?" {
                count += 1
                output += "$\(count)"
            } else {
                output.append(character)
            }
        }
        return output
    }

    private func run(_ sql: String, _ parameters: [SQLValue]) throws -> OpaquePointer {
        guard let connection else { throw StoreError("the analytics database is closed", unreachable: true) }
        let texts: [String?] = parameters.map { value in
            switch value {
            case .null: nil
            case .int(let number): String(number)
            case .double(let number): number.isFinite ? String(number) : nil
            case .text(let text): text
            }
        }
        let result = withOptionalCStrings(texts) { pointers in
            PQexecParams(connection, Self.numbered(sql), Int32(texts.count), nil, pointers, nil, nil, 0)
        }
        guard let result else {
            throw StoreError(String(cString: PQerrorMessage(connection)), unreachable: PQstatus(connection) != CONNECTION_OK)
        }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQclear(result)
            let broken = PQstatus(connection) != CONNECTION_OK
            throw StoreError(broken ? "the PostgreSQL connection was lost: \(message)" : "\(message) (in \(sql.prefix(60)))", unreachable: broken)
        }
        return result
    }

    @discardableResult func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [[SQLValue]] {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        let rows = PQntuples(result), columns = PQnfields(result)
        var output: [[SQLValue]] = []
        output.reserveCapacity(Int(rows))
        let types = (0..<columns).map { PQftype(result, $0) }
        for row in 0..<rows {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columns))
            for column in 0..<columns {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(.null)
                    continue
                }
                let text = String(cString: PQgetvalue(result, row, column))
                switch types[Int(column)] {
                case 20, 21, 23: values.append(Int64(text).map(SQLValue.int) ?? .text(text))  // int8, int2, int4
                case 700, 701, 1700: values.append(Double(text).map(SQLValue.double) ?? .text(text))  // float4, float8, numeric
                default: values.append(.text(text))
                }
            }
            output.append(values)
        }
        return output
    }
}

private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let duplicates = strings.map { strdup($0) }
    defer { duplicates.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = duplicates.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeMutableBufferPointer { body(UnsafePointer($0.baseAddress!)) }
}

private func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let duplicates = strings.map { $0.map { strdup($0) } ?? nil }
    defer { duplicates.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = duplicates.map { $0.map { UnsafePointer($0) } }
    if pointers.isEmpty { return body(nil) }
    return pointers.withUnsafeMutableBufferPointer { body(UnsafePointer($0.baseAddress!)) }
}
