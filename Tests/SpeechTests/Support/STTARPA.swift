import Foundation

/// An ARPA language model read back from its text, to check what `LanguageModelBuilder` wrote.
struct STTARPA {
    var declaredCounts: [Int] = []
    var logProbability: [[String]: Double] = [:]
    var logBackOff: [[String]: Double] = [:]
    var vocabulary: [String] = []

    init(_ text: String) {
        var order = 0
        for line in text.split(separator: "\n") {
            if line.hasPrefix("ngram ") {
                declaredCounts.append(Int(line.split(separator: "=")[1])!)
            } else if line.hasPrefix("\\") && line.hasSuffix("-grams:") {
                order = Int(String(line.dropFirst().prefix(while: \.isNumber)))!
            } else if line.hasPrefix("\\") {
                order = 0
            } else if order > 0 {
                let fields = line.split(separator: " ").map(String.init)
                let words = Array(fields[1...order])
                logProbability[words] = Double(fields[0])!
                if fields.count > order + 1 { logBackOff[words] = Double(fields[order + 1])! }
                if order == 1 { vocabulary.append(words[0]) }
            }
        }
    }

    /// P(word | history) with Katz back-off, history of at most two words.
    func probability(_ word: String, after history: [String]) -> Double {
        if let logP = logProbability[history + [word]] { return pow(10, logP) }
        if history.isEmpty { return 0 }
        let backOff = logBackOff[history].map { pow(10, $0) } ?? 1
        return backOff * probability(word, after: Array(history.dropFirst()))
    }

    /// Every history the model conditions on: each unigram and bigram with a back-off weight,
    /// and every n-gram prefix.
    var histories: Set<[String]> {
        var result = Set<[String]>([[]])
        for key in logProbability.keys where key.count > 1 { result.insert(Array(key.dropLast())) }
        return result
    }
}
