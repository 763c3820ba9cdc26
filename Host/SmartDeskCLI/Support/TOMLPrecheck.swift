import TOMLKit

/// What TOMLKit's parser (toml++) would abort on instead of reporting, checked before the file
/// reaches it. toml++ asserts — the process aborts — where a table header's name starts with a
/// character that cannot start a key (`[é]`, `[.plugins]`, `[=]`, a control character) and where a
/// date's time is cut short (`1979-05-27T.`, `1979-05-27 0,`) and where a `}` stands in an array
/// (`[1, }`); TOML 1.0 allows only ASCII outside
/// quotes and comments anyway, and no control character but tab. All found by `scripts/fuzz.sh config`.
enum TOMLPrecheck {
    struct Problem: Equatable, CustomStringConvertible {
        var line: Int
        var column: Int
        var character: Unicode.Scalar
        var kind: Kind

        enum Kind: Equatable { case notASCII, tableName, time, bracket }

        var description: String {
            let code = "U+" + String(character.value, radix: 16, uppercase: true)
            let shown = character.properties.generalCategory == .control ? code : "\"\(character)\" (\(code))"
            switch kind {
            case .tableName:
                return "\(line):\(column): a table name cannot start with \(shown); it starts with a letter, digit, _, - or a quote"
            case .time:
                return "\(line):\(column): a date and time needs its time (HH:MM:SS) after the date's T or space, not \(shown)"
            case .bracket:
                return "\(line):\(column): \(shown) does not close the array or inline table open here"
            case .notASCII:
                break
            }
            if character.properties.generalCategory == .control {
                return "\(line):\(column): the control character \(shown) is not allowed outside quotes"
            }
            return "\(line):\(column): \(shown) outside quotes; TOML allows only ASCII there (a key with other characters is written in quotes: \"café\" = …)"
        }
    }

    /// The first such problem, or nil. A byte-order mark may open the file.
    static func firstProblem(in text: String) -> Problem? {
        var scalars = Array(text.unicodeScalars)[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var line = 1, column = 0
        var index = scalars.startIndex
        var depth = 0                // arrays and inline tables open in a value
        var lineStart = true         // nothing but spaces and tabs since the line began
        var inHeader = false
        var containers: [Unicode.Scalar] = []  // "[" or "{" for each open value
        var previous: Unicode.Scalar = "\n"     // the last character outside spaces, strings and comments
        func advance() {
            if scalars[index] == "\n" { line += 1; column = 0 } else { column += 1 }
            index += 1
        }
        func starts(with quote: Unicode.Scalar, count: Int) -> Bool {
            scalars[index...].prefix(count).count == count && scalars[index...].prefix(count).allSatisfy { $0 == quote }
        }
        func problem(_ scalar: Unicode.Scalar, _ kind: Problem.Kind = .notASCII) -> Problem {
            Problem(line: line, column: column + 1, character: scalar, kind: kind)
        }
        /// At a value's first character: a date with a T must have a digit after it, and what
        /// looks like a date (ten characters, `-` fifth and eighth), a space and one digit must go
        /// on — toml++ asserts on `1979-05-27T.` and `1979-05-27 0,` (and on `601?-05-20 1`).
        func badTime() -> Problem? {
            let digits = ("0" as Unicode.Scalar)..."9"
            let terminators: Set<Unicode.Scalar> = [" ", "\t", "\n", "\u{0B}", "\u{0C}", "\r", "]", "}", ",", "#"]
            var run: [Unicode.Scalar] = [], end = index  // the value's characters up to a terminator, less "_"
            while end < scalars.endIndex, !terminators.contains(scalars[end]), run.count <= 10 {
                if scalars[end] != "_" { run.append(scalars[end]) }
                end += 1
            }
            guard run.count >= 10, digits.contains(run[0]), run[4] == "-", run[7] == "-" else { return nil }
            let separator = run.count > 10 ? run[10] : (end < scalars.endIndex ? scalars[end] : "\n")
            let after = { (offset: Int) -> Unicode.Scalar in
                let position = end + offset
                return position < scalars.endIndex ? scalars[position] : "\n"
            }
            var offending: Int
            if run.count == 11, separator == "T" || separator == "t", !digits.contains(after(0)) {
                offending = 0
            } else if run.count == 10, separator == " ", digits.contains(after(1)), terminators.contains(after(2)) {
                offending = 2
            } else {
                return nil
            }
            offending += end - index
            for _ in 0..<offending { advance() }
            return problem(scalars[index...].first ?? "\n", .time)
        }
        while index < scalars.endIndex {
            let scalar = scalars[index]
            switch scalar {
            case "\n":
                lineStart = depth == 0
                inHeader = false
                if depth == 0 { previous = "\n" }
                advance()
                continue
            case " ", "\t", "\r":
                advance()
                continue
            case "#":
                while index < scalars.endIndex, scalars[index] != "\n" { advance() }
                continue
            case "\"", "'":
                let multiline = starts(with: scalar, count: 3)
                for _ in 0..<(multiline ? 3 : 1) { advance() }
                while index < scalars.endIndex {
                    if multiline, starts(with: scalar, count: 3) {
                        for _ in 0..<3 { advance() }
                        break
                    }
                    let inner = scalars[index]
                    if !multiline, inner == scalar || inner == "\n" {
                        if inner == scalar { advance() }
                        break
                    }
                    advance()
                    if scalar == "\"", inner == "\\", index < scalars.endIndex { advance() }
                }
            case "[" where lineStart && !inHeader:
                inHeader = true
                advance()
                if index < scalars.endIndex, scalars[index] == "[" { advance() }
                while index < scalars.endIndex, scalars[index] == " " || scalars[index] == "\t" { advance() }
                if index < scalars.endIndex {
                    let first = scalars[index]
                    let startsKey = (first.isASCII && (first.properties.isAlphabetic || ("0"..."9").contains(first)))
                        || ["_", "-", "\"", "'", "]"].contains(first)
                    if !startsKey { return problem(first, .tableName) }
                }
            case "[", "{":
                if !inHeader { depth += 1; containers.append(scalar) }
                advance()
            case "]", "}":
                if !inHeader {
                    if let open = containers.popLast(), open != (scalar == "]" ? "[" : "{") { return problem(scalar, .bracket) }
                    depth = max(0, depth - 1)
                }
                advance()
            default:
                if !scalar.isASCII || scalar.value < 0x20 || scalar.value == 0x7F { return problem(scalar) }
                let startsValue = previous == "=" || (containers.last == "[" && (previous == "[" || previous == ","))
                if startsValue, !inHeader, let bad = badTime() { return bad }
                advance()
            }
            lineStart = false
            previous = scalar
        }
        return nil
    }
}

extension TOMLPrecheck {
    /// `text` parsed as TOML, or one clear error naming `file`, line and column: what toml++
    /// reports, and what it would abort on (checked first).
    static func table(_ text: String, file: String) throws -> TOMLTable {
        if let problem = firstProblem(in: text) { throw CLIError("\(file):\(problem)") }
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw CLIError("\(file):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        }
    }
}
