extension Redaction {
    /// Text as it may be stored or logged: card numbers (in figures, or 13 or more digit words in
    /// a row) masked, and anything that looks like a token, key or password replaced by
    /// "[secret]".
    public static func forStorage(_ text: String) -> String {
        maskSecrets(maskSpokenCardNumbers(maskCardNumbers(text)))
    }

    private static let spokenDigits: [String: Int] = [
        "zero": 1, "oh": 1, "o": 1, "one": 1, "two": 1, "three": 1, "four": 1, "five": 1, "six": 1, "seven": 1,
        "eight": 1, "nine": 1, "double": 1, "triple": 2,
    ]

    /// Thirteen or more digits said as words in a row ("four two four two …", "double" and
    /// "triple" counted) become "[card number]".
    static func maskSpokenCardNumbers(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        var output: [Substring] = []
        var run: [Substring] = []
        var digits = 0
        func flush() {
            if digits >= 13 { output.append("[card number]") } else { output += run }
            run = []
            digits = 0
        }
        for word in words {
            let bare = word.lowercased().filter { $0.isLetter || $0.isNumber }
            if let count = spokenDigits[bare] {
                run.append(word)
                digits += count
            } else if !bare.isEmpty, bare.allSatisfy({ $0.isASCII && $0.isNumber }), !run.isEmpty || bare.count < 13 {
                run.append(word)
                digits += bare.count
            } else {
                flush()
                output.append(word)
            }
        }
        flush()
        return output.joined(separator: " ")
    }

    private static let secretMarkers = ["password", "passcode", "api_key", "apikey", "api-key", "token", "secret", "bearer"]

    /// Keys and tokens: a word after "password", "token", "bearer" and the like (with or without
    /// "=" or ":"), a word starting "sk-" or "xox", and any word of 24 or more letters, digits and
    /// `-_+/=` that mixes letters and digits.
    static func maskSecrets(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var output: [String] = []
        var maskNext = false
        for word in words {
            let lower = word.lowercased()
            if maskNext, !word.isEmpty, !["is", "was", "=", ":", "of"].contains(lower) {
                output.append("[secret]")
                maskNext = false
                continue
            }
            if let marker = secretMarkers.first(where: { lower.hasPrefix($0) }) {
                let rest = lower.dropFirst(marker.count).drop { $0 == "=" || $0 == ":" || $0 == "\"" }
                if rest.isEmpty {
                    output.append(word)
                    maskNext = true
                } else {
                    output.append(String(word.prefix(marker.count)) + "=[secret]")
                }
                continue
            }
            if looksLikeSecret(word) {
                output.append("[secret]")
            } else {
                output.append(word)
            }
        }
        return output.joined(separator: " ")
    }

    static func looksLikeSecret(_ word: String) -> Bool {
        let trimmed = word.trimmingCharacters(in: ".,;:!?\"'()[]{}")
        if trimmed.hasPrefix("sk-") || trimmed.hasPrefix("xox") { return trimmed.count >= 8 }
        guard trimmed.count >= 24 else { return false }
        let allowed = trimmed.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || "-_+/=".contains($0) }
        return allowed && trimmed.contains(where: \.isLetter) && trimmed.contains(where: \.isNumber)
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, set.contains(last) { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
