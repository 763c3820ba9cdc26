import Foundation

/// Builds a trigram language model in ARPA text from sentences: absolute discounting
/// (D = 0.5 by default) with Katz back-off weights, log10 probabilities, `<s>` and `</s>` around
/// every sentence.
///
/// ```swift
/// var builder = LanguageModelBuilder()
/// builder.add(phrase: "I'd like to book an appointment")
/// builder.add(phrase: "what's my balance")
/// let model = try builder.build()
/// try model.arpa.write(to: url, atomically: true, encoding: .utf8)
/// ```
///
/// For every history the discounted probabilities of the words seen after it plus its back-off
/// weight times the lower order's probabilities of the other words sum to 1. Unigrams are
/// maximum likelihood: the vocabulary is closed (exactly the words of the sentences).
public struct LanguageModelBuilder: Sendable {
    /// The amount taken from every seen n-gram count and given to the lower order.
    public var discount: Double

    private var ids: [String: Int32] = [:]
    private var words: [String] = []
    private var unigrams: [Int32: Int] = [:]
    private var bigrams: [Bigram: Int] = [:]
    private var trigrams: [Trigram: Int] = [:]
    private(set) var sentenceCount = 0

    public init(discount: Double = 0.5) {
        precondition(discount > 0 && discount < 1, "absolute discounting needs 0 < D < 1")
        self.discount = discount
        _ = id(Self.sentenceStart)
        _ = id(Self.sentenceEnd)
    }

    public static let sentenceStart = "<s>"
    public static let sentenceEnd = "</s>"

    /// The words seen so far (without `<s>` and `</s>`).
    public var vocabulary: Set<String> { Set(words.dropFirst(2)) }

    /// Adds a written phrase after `TranscriptNormalizer` (an empty result adds nothing).
    public mutating func add(phrase: String, count: Int = 1) {
        add(words: TranscriptNormalizer.words(in: phrase), count: count)
    }

    /// Adds a sentence of dictionary-form words `count` times.
    public mutating func add(words sentence: [String], count: Int = 1) {
        guard !sentence.isEmpty, count > 0 else { return }
        sentenceCount += count
        let tokens = [id(Self.sentenceStart)] + sentence.map { id($0) } + [id(Self.sentenceEnd)]
        for index in 1..<tokens.count {
            unigrams[tokens[index], default: 0] += count
            bigrams[Bigram(tokens[index - 1], tokens[index]), default: 0] += count
            if index >= 2 { trigrams[Trigram(tokens[index - 2], tokens[index - 1], tokens[index]), default: 0] += count }
        }
    }

    private mutating func id(_ word: String) -> Int32 {
        if let id = ids[word] { return id }
        let id = Int32(words.count)
        ids[word] = id
        words.append(word)
        return id
    }

    /// Computes the probabilities and writes them as ARPA text.
    public func build() throws -> LanguageModel {
        guard sentenceCount > 0 else { throw SpeechRecognitionError.noPhrases }
        let start = ids[Self.sentenceStart]!

        // Unigrams: maximum likelihood over every token but <s>.
        let total = Double(unigrams.values.reduce(0, +))
        var p1 = [Double](repeating: 0, count: words.count)
        for (word, count) in unigrams { p1[Int(word)] = Double(count) / total }

        // Bigrams: discounted, the rest of each history's mass to the unigrams.
        let bigramHistories = Dictionary(grouping: bigrams.keys, by: \.first)
        var p2: [Bigram: Double] = [:]
        var bow1 = [Double](repeating: 1, count: words.count)
        for (history, followers) in bigramHistories {
            let counts = followers.map { bigrams[$0]! }
            let (probabilities, weight) = discounted(counts: counts, lower: followers.map { p1[Int($0.second)] })
            for (key, probability) in zip(followers, probabilities) { p2[key] = probability }
            bow1[Int(history)] = weight
        }
        func bigramProbability(_ first: Int32, _ second: Int32) -> Double {
            p2[Bigram(first, second)] ?? bow1[Int(first)] * p1[Int(second)]
        }

        // Trigrams: discounted, the rest to the (backed-off) bigrams.
        let trigramHistories = Dictionary(grouping: trigrams.keys, by: { Bigram($0.first, $0.second) })
        var p3: [Trigram: Double] = [:]
        var bow2: [Bigram: Double] = [:]
        for (history, followers) in trigramHistories {
            let counts = followers.map { trigrams[$0]! }
            let lower = followers.map { bigramProbability($0.second, $0.third) }
            let (probabilities, weight) = discounted(counts: counts, lower: lower)
            for (key, probability) in zip(followers, probabilities) { p3[key] = probability }
            bow2[history] = weight
        }

        // ARPA text, n-grams in word order.
        let order = words.indices.sorted { words[$0] < words[$1] }
        var rank = [Int](repeating: 0, count: words.count)
        for (position, word) in order.enumerated() { rank[word] = position }
        var text = "\\data\\\nngram 1=\(words.count)\nngram 2=\(p2.count)\nngram 3=\(p3.count)\n\n\\1-grams:\n"
        for word in order {
            let probability = word == Int(start) ? "-99" : log(p1[word])
            let isHistory = bigramHistories[Int32(word)] != nil
            text += isHistory ? "\(probability) \(words[word]) \(log(bow1[word]))\n" : "\(probability) \(words[word])\n"
        }
        text += "\n\\2-grams:\n"
        for key in p2.keys.sorted(by: { (rank[Int($0.first)], rank[Int($0.second)]) < (rank[Int($1.first)], rank[Int($1.second)]) }) {
            let line = "\(log(p2[key]!)) \(words[Int(key.first)]) \(words[Int(key.second)])"
            text += bow2[key].map { "\(line) \(log($0))\n" } ?? "\(line)\n"
        }
        text += "\n\\3-grams:\n"
        let sortedTrigrams = p3.keys.sorted {
            (rank[Int($0.first)], rank[Int($0.second)], rank[Int($0.third)]) < (rank[Int($1.first)], rank[Int($1.second)], rank[Int($1.third)])
        }
        for key in sortedTrigrams {
            text += "\(log(p3[key]!)) \(words[Int(key.first)]) \(words[Int(key.second)]) \(words[Int(key.third)])\n"
        }
        text += "\n\\end\\\n"
        return LanguageModel(arpa: text, vocabulary: vocabulary, ngramCounts: [words.count, p2.count, p3.count], sentenceCount: sentenceCount)
    }

    /// Absolute discounting of one history's counts, and the back-off weight that hands the freed
    /// mass to the lower order's probabilities of the words not seen after it. When the seen
    /// words already hold all of the lower order's mass there is nothing to back off to: the
    /// history keeps its maximum-likelihood estimate.
    private func discounted(counts: [Int], lower: [Double]) -> (probabilities: [Double], backOff: Double) {
        let total = Double(counts.reduce(0, +))
        let lowerUnseen = 1 - lower.reduce(0, +)
        guard lowerUnseen > 1e-9 else { return (counts.map { Double($0) / total }, 1) }
        let probabilities = counts.map { (Double($0) - discount) / total }
        let freed = discount * Double(counts.count) / total
        return (probabilities, freed / lowerUnseen)
    }

    private func log(_ probability: Double) -> String {
        String(format: "%.6f", log10(probability))
    }
}

/// A language model built by `LanguageModelBuilder`.
public struct LanguageModel: Sendable, Hashable {
    /// The model in ARPA text, ready for PocketSphinx (`-lm file.arpa`).
    public var arpa: String
    /// Its words (without `<s>` and `</s>`).
    public var vocabulary: Set<String>
    /// How many 1-, 2- and 3-grams it has.
    public var ngramCounts: [Int]
    /// How many sentences it was counted from (repeats included).
    public var sentenceCount: Int
}

private struct Bigram: Hashable {
    var first: Int32, second: Int32
    init(_ first: Int32, _ second: Int32) { self.first = first; self.second = second }
}

private struct Trigram: Hashable {
    var first: Int32, second: Int32, third: Int32
    init(_ first: Int32, _ second: Int32, _ third: Int32) { self.first = first; self.second = second; self.third = third }
}
