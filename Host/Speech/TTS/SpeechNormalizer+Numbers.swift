/// The rules that read digits: money, phone numbers, long digit strings, confirmation codes, and
/// e-mail addresses.
extension SpeechNormalizer {
    // MARK: Money

    private static let scales: Set<String> = ["thousand", "million", "billion", "trillion"]

    /// "$42.50" → "42 dollars and 50 cents", "$0.99" → "99 cents", "$1" → "1 dollar",
    /// "$2.5 million" → "2.5 million dollars"; with the number of tokens used.
    static func money(_ context: Context) -> (String, Int)? {
        let token = context.token
        guard token.core.hasPrefix("$") else { return nil }
        let amount = token.core.dropFirst()
        let parts = amount.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0]
        guard !whole.isEmpty, parts.count <= 2, isDigit(whole.first!), isDigit(whole.last!),
              whole.allSatisfy({ isDigit($0) || $0 == "," }) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy(isDigit) else { return nil }

        if let next = context.next, next.prefix.isEmpty, scales.contains(next.core.lowercased()) {
            return (token.prefix + "\(amount) \(next.core) dollars" + next.suffix, 2)
        }
        guard fraction.count <= 2 else { return nil }
        let dollars = whole.filter { $0 != "," }.drop(while: { $0 == "0" })  // "" for none
        let cents = Int(fraction.count == 1 ? fraction + "0" : fraction) ?? 0
        var words: [String] = []
        if !dollars.isEmpty || cents == 0 {
            let spoken = dollars.isEmpty ? "0" : whole.hasPrefix("0") ? String(dollars) : String(whole)
            words.append("\(spoken) \(dollars == "1" ? "dollar" : "dollars")")
        }
        if cents > 0 { words.append("\(cents) \(cents == 1 ? "cent" : "cents")") }
        return (token.wrap(words.joined(separator: " and ")), 1)
    }

    // MARK: Phone numbers

    /// A phone number written with `+`, brackets, dashes or dots, possibly over several tokens
    /// ("+1 (555) 123-0001", "+44 20 7946 0958"), read digit by digit in its groups; with the
    /// number of tokens used. A North American number with its `+1` is read without it.
    static func phoneNumber(_ tokens: [Token], from start: Int) -> (String, Int)? {
        var groups: [[Character]] = []
        var digitCount = 0
        var marked = false
        var trailing = ""
        var index = start
        let plus = tokens[start].text.drop(while: { "\"'“‘".contains($0) }).hasPrefix("+")
        while index < tokens.count {
            guard let (body, rest) = phoneText(tokens[index].text) else { break }
            let bodyDigits = body.filter(isDigit).count
            if index > start {
                // Go on only while the number is unfinished: an international one up to 15 digits
                // (a North American one at 11), any other once it has a local number's 7.
                let unfinished = plus ? digitCount < 15 && !(groups.first?.first == "1" && digitCount >= 11)
                    : digitCount < 7
                guard unfinished, trailing.isEmpty, bodyDigits <= 8 else { break }
            }
            marked = marked || body.contains(where: { "+-.()".contains($0) })
            var group: [Character] = []
            for character in body {
                if isDigit(character) {
                    group.append(character)
                } else if !group.isEmpty {
                    groups.append(group)
                    group = []
                }
            }
            if !group.isEmpty { groups.append(group) }
            digitCount += bodyDigits
            trailing = rest
            index += 1
        }
        guard marked, (7...15).contains(digitCount) else { return nil }
        let digits = groups.flatMap { $0 }
        let spoken: String
        if plus, digits.count == 11, digits[0] == "1" {
            spoken = groupedDigits(Array(digits.dropFirst()))
        } else if groups.count == 1 {
            spoken = (plus ? "plus " : "") + groupedDigits(digits)
        } else {
            spoken = (plus ? "plus " : "") + groups.map(groupedDigits).joined(separator: ", ")
        }
        let prefix = String(tokens[start].text.prefix(while: { "\"'“‘".contains($0) }))
        return (prefix + spoken + trailing, index - start)
    }

    /// A token's phone-number part and its trailing punctuation, if it is made only of digits and
    /// `+ - . ( )`; nil for anything else, and for an ISO date or a span of years ("2024-12-03",
    /// "2024-2025").
    private static func phoneText(_ text: String) -> (Substring, String)? {
        var body = Substring(text.drop(while: { "\"'“‘".contains($0) }))
        var rest = ""
        while let last = body.last, ".,;:!?\"'”’".contains(last) {
            rest.insert(last, at: rest.startIndex)
            body.removeLast()
        }
        guard body.contains(where: isDigit), body.allSatisfy({ isDigit($0) || "+-.()".contains($0) }) else { return nil }
        let dashed = body.split(separator: "-").map(\.count)
        if dashed == [4, 2, 2] || dashed == [4, 4] { return nil }
        return (body, rest)
    }

    // MARK: Digits and codes

    /// Digits read one by one in groups a listener can follow: up to 6 in one group, 7 as 3-4,
    /// 10 as 3-3-4, 11 as 1-3-3-4, others in fours.
    static func groupedDigits(_ digits: [Character]) -> String {
        let sizes: [Int] = switch digits.count {
        case ...6: [digits.count]
        case 7: [3, 4]
        case 8: [4, 4]
        case 9: [3, 3, 3]
        case 10: [3, 3, 4]
        case 11: [1, 3, 3, 4]
        default: Array(repeating: 4, count: digits.count / 4) + (digits.count % 4 == 0 ? [] : [digits.count % 4])
        }
        var groups: [String] = []
        var position = 0
        for size in sizes {
            groups.append(digits[position..<position + size].map(String.init).joined(separator: " "))
            position += size
        }
        return groups.joined(separator: ", ")
    }

    /// A confirmation or reference code ("A-1001", "AB12CD", "INV-2024-0042") spelled out: letters
    /// and digits one by one, each run of letters or digits a group. Only words that mix digits
    /// with capital letters count (so "5kg", "10min", "1st" and "COVID" stay as written).
    static func spelledCode(_ core: String) -> String? {
        guard core.contains(where: isDigit), core.contains(where: \.isLetter),
              core.allSatisfy({ isDigit($0) || ($0.isASCII && $0.isUppercase) || $0 == "-" }),
              !core.hasPrefix("-"), !core.hasSuffix("-"), !core.contains("--") else { return nil }
        var runs: [[Character]] = []
        for character in core {
            if character == "-" {
                runs.append([])
            } else if let last = runs.last?.last, isDigit(last) == isDigit(character) {
                runs[runs.count - 1].append(character)
            } else {
                runs.append([character])
            }
        }
        return runs.filter { !$0.isEmpty }.map { run in
            isDigit(run[0]) ? groupedDigits(run) : run.map(String.init).joined(separator: " ")
        }.joined(separator: ", ")
    }

    /// "maria.lopez@mail.com" → "maria dot lopez at mail dot com".
    static func spokenEmail(_ core: String) -> String? {
        let parts = core.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return nil }
        func spoken(_ text: Substring) -> String {
            text.map { character -> String in
                switch character {
                case ".": " dot "
                case "_": " underscore "
                case "-": " dash "
                default: String(character)
                }
            }.joined()
        }
        return spoken(parts[0]) + " at " + spoken(parts[1])
    }
}
