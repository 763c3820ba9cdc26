/// The request in a turn without the talk around it: greetings, fillers and acknowledgements at
/// its start ("hi, um, so, yeah…"), thanks and "please" at its end. Example phrases are written
/// without them, so the request alone matches them better.
///
/// ```swift
/// RequestText.of("hi there, um, so I was wondering what your hours are, thanks")
/// // "I was wondering what your hours are"
/// ```
public enum RequestText {
    static let leading: Set<String> = [
        "hi", "hello", "hey", "hiya", "morning", "afternoon", "evening", "good", "there", "um", "uh", "er", "erm", "hmm",
        "mm", "ah", "oh", "so", "well", "yeah", "yes", "okay", "ok", "alright", "right", "like", "and", "also", "but",
        "just", "quick", "question", "one", "actually", "sorry", "excuse", "me", "anyway", "listen", "look",
    ]
    static let trailing: Set<String> = ["thanks", "thank", "you", "please", "cheers", "then", "so", "right", "ok", "okay"]

    /// Whether `text` asks a question ("what's the address again", "do you take Cigna?") rather
    /// than making a request, answering, or saying something.
    public static func asksQuestion(_ text: String) -> Bool { CallerSignals(text).isQuestion }

    /// `utterance` with those words taken off both ends, as written (case and inner punctuation
    /// kept); the whole utterance when little would be left.
    public static func of(_ utterance: String) -> String {
        var words = utterance.split(whereSeparator: \.isWhitespace).map(String.init)
        func bare(_ word: String) -> String {
            word.lowercased().filter { $0.isLetter || $0 == "'" }
        }
        while let first = words.first, leading.contains(bare(first)) { words.removeFirst() }
        while let last = words.last, trailing.contains(bare(last)) { words.removeLast() }
        guard words.count >= 2 else { return utterance }
        var text = words.joined(separator: " ")
        while let last = text.last, last == "," || last == ";" { text.removeLast() }
        return text
    }
}
