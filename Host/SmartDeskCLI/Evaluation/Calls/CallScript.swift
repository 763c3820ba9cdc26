import Agent
import Foundation
import TOMLKit

/// One scripted call of the conversation suite (`docs/conversation-suite.md`): what the caller
/// says turn by turn, the tasks they called for with the checks that say each was done, and what
/// must hold of the call as a whole.
public struct CallScript: Sendable, Equatable {
    public var name: String
    public var description: String
    public var caller: String?
    /// The business's local time, `YYYY-MM-DDTHH:MM`.
    public var now: String
    public var turns: [Turn]
    public var tasks: [Task]
    public var expect: Expectations

    public static let defaultNow = "2026-11-25T10:00"

    public struct Turn: Sendable, Equatable {
        public var caller: String
        public var says: [String]
        public var notSays: [String]
    }

    /// Something the caller called for, and how to tell it was done.
    public struct Task: Sendable, Equatable {
        /// The intent that does it; a prefix ("faq") matches its dotted children ("faq.parking").
        public var intent: String
        public var booked: String?
        public var cancelled: String?
        public var rescheduled: String?
        public var paid: String?
        public var disputed: String?
        public var email: String?
        public var contactPhone: String?
        public var handoff: Bool
        public var says: [String]

        /// The store changes this task asks for, each with what a failure says.
        var changeChecks: [(key: StoreChange.Check, missing: String)] {
            let named: [(String, String?, (String) -> String)] = [
                ("booked", booked, { "no booking at \($0)" }),
                ("cancelled", cancelled, { "the appointment at \($0) was not cancelled" }),
                ("rescheduled", rescheduled, { "no appointment was moved to \($0)" }),
                ("paid", paid, { "no payment of \($0)" }),
                ("disputed", disputed, { "no dispute on the \($0) charge" }),
                ("email", email, { "the email is not \($0)" }),
                ("contact_phone", contactPhone, { "the contact number is not \($0)" }),
            ]
            return named.compactMap { name, value, missing in
                value.map { (StoreChange.Check(name: name, value: $0), missing($0)) }
            }
        }

        public func matches(intent other: String) -> Bool {
            other == intent || other.hasPrefix(intent + ".")
        }
    }

    public struct Expectations: Sendable, Equatable {
        public var ended: Bool?
        public var says: [String] = []
        public var neverSays: [String] = []
    }

    public var expectsHandoff: Bool { tasks.contains(where: \.handoff) }

    /// Reads a call file; every problem names the file and the key.
    public static func load(_ url: URL) throws -> CallScript {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw CLIError("cannot read \(url.path)")
        }
        return try parse(text, name: url.deletingPathExtension().lastPathComponent, file: url.path)
    }

    public static func parse(_ text: String, name: String, file: String) throws -> CallScript {
        let table = try TOMLPrecheck.table(text, file: file)
        let reader = Reader(table: table, file: file, path: "")
        try reader.only(["description", "caller", "now", "turn", "task", "expect"])
        let now = try reader.string("now") ?? defaultNow
        guard LocalTime(parsing: now) != nil else { throw CLIError("\(file): now must be YYYY-MM-DDTHH:MM, not \(now)") }
        let turns = try reader.tables("turn").map { turn -> Turn in
            try turn.only(["caller", "says", "not_says"])
            guard let said = try turn.string("caller"), !said.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CLIError("\(file): \(turn.path) needs caller = \"what the caller says\"")
            }
            return Turn(caller: said, says: try turn.strings("says"), notSays: try turn.strings("not_says"))
        }
        guard !turns.isEmpty else { throw CLIError("\(file): a call needs at least one [[turn]]") }
        let tasks = try reader.tables("task").map { task -> Task in
            try task.only(["intent", "booked", "cancelled", "rescheduled", "paid", "disputed", "email", "contact_phone",
                           "handoff", "says"])
            guard let intent = try task.string("intent"), !intent.isEmpty else {
                throw CLIError("\(file): \(task.path) needs intent = \"skill.intent\"")
            }
            let parsed = Task(
                intent: intent, booked: try task.dateTime("booked"), cancelled: try task.dateTime("cancelled"),
                rescheduled: try task.dateTime("rescheduled"), paid: try task.money("paid"),
                disputed: try task.money("disputed"), email: try task.string("email")?.lowercased(),
                contactPhone: try task.string("contact_phone"), handoff: try task.bool("handoff") ?? false,
                says: try task.strings("says")
            )
            return parsed
        }
        var expect = Expectations()
        if let table = try reader.table("expect") {
            try table.only(["ended", "says", "never_says"])
            expect = Expectations(ended: try table.bool("ended"), says: try table.strings("says"), neverSays: try table.strings("never_says"))
        }
        return CallScript(
            name: name, description: try reader.string("description") ?? "", caller: try reader.string("caller"),
            now: now, turns: turns, tasks: tasks, expect: expect
        )
    }

    /// Every `*.toml` call file in `directory` except `smartdesk.toml`, by name.
    public static func loadSuite(_ directory: URL) throws -> [CallScript] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw CLIError("cannot read the folder \(directory.path)")
        }
        let files = names.filter { $0.hasSuffix(".toml") && $0 != ConfigFile.defaultPath }.sorted()
        guard !files.isEmpty else { throw CLIError("\(directory.path) holds no call files (*.toml)") }
        return try files.map { try load(directory.appendingPathComponent($0)) }
    }
}

/// Strict reading of one TOML table: unknown keys and wrong types are errors naming the key.
private struct Reader {
    let table: TOMLTable
    let file: String
    let path: String

    private func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    func only(_ known: [String]) throws {
        for name in table.keys where !known.contains(name) {
            throw CLIError("\(file): unknown key \(key(name)) (known: \(known.joined(separator: ", ")))")
        }
    }

    func string(_ name: String) throws -> String? {
        guard let value = table[name] else { return nil }
        guard let text = value.string else { throw CLIError("\(file): \(key(name)) must be a string") }
        return text
    }

    func bool(_ name: String) throws -> Bool? {
        guard let value = table[name] else { return nil }
        guard let flag = value.bool else { throw CLIError("\(file): \(key(name)) must be true or false") }
        return flag
    }

    /// A string or an array of strings.
    func strings(_ name: String) throws -> [String] {
        guard let value = table[name] else { return [] }
        if let text = value.string { return [text] }
        guard let array = value.array else { throw CLIError("\(file): \(key(name)) must be a string or a list of strings") }
        return try array.map { element in
            guard let text = element.string else { throw CLIError("\(file): \(key(name)) must list strings") }
            return text
        }
    }

    func dateTime(_ name: String) throws -> String? {
        guard let text = try string(name) else { return nil }
        guard let time = LocalTime(parsing: text) else {
            throw CLIError("\(file): \(key(name)) must be YYYY-MM-DDTHH:MM, not \(text)")
        }
        return String(time.description.prefix(16))
    }

    /// Money as two decimals ("60" → "60.00").
    func money(_ name: String) throws -> String? {
        guard let value = table[name] else { return nil }
        let number = value.double ?? value.int.map(Double.init) ?? value.string.flatMap(Double.init)
        guard let number, number >= 0, number.isFinite else { throw CLIError("\(file): \(key(name)) must be an amount such as \"60.00\"") }
        return String(format: "%.2f", number)
    }

    func table(_ name: String) throws -> Reader? {
        guard let value = table[name] else { return nil }
        guard let inner = value.table else { throw CLIError("\(file): \(key(name)) must be a table") }
        return Reader(table: inner, file: file, path: key(name))
    }

    /// An array of tables (`[[turn]]`).
    func tables(_ name: String) throws -> [Reader] {
        guard let value = table[name] else { return [] }
        guard let array = value.array else { throw CLIError("\(file): \(key(name)) must be written [[\(name)]]") }
        return try array.enumerated().map { index, element in
            guard let inner = element.table else { throw CLIError("\(file): \(key(name)) must be written [[\(name)]]") }
            return Reader(table: inner, file: file, path: "\(key(name))[\(index + 1)]")
        }
    }
}
