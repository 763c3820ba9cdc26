/// BERT's uncased WordPiece tokenizer: normalisation (see ``BertNormalizer``), then greedy
/// longest-match-first pieces with `##` continuations, `[UNK]` for a word that cannot be covered
/// or is longer than 100 characters, and `[CLS] … [SEP]` around the result.
///
/// ```swift
/// let tokenizer = WordPieceTokenizer(vocabulary: try Vocabulary(contentsOf: vocabURL))
/// tokenizer.encode("I'd like to book")   // [101, 1045, 1005, 1040, 2066, 2000, 2338, 102]
/// ```
public struct WordPieceTokenizer: Sendable {
    public let vocabulary: Vocabulary
    /// Longest sequence produced, `[CLS]` and `[SEP]` included (the model's `max_seq_length`).
    public let maxLength: Int
    public let maxCharactersPerWord: Int

    public init(vocabulary: Vocabulary, maxLength: Int = 256, maxCharactersPerWord: Int = 100) {
        precondition(maxLength >= 2, "a sequence needs room for [CLS] and [SEP]")
        self.vocabulary = vocabulary
        self.maxLength = maxLength
        self.maxCharactersPerWord = maxCharactersPerWord
    }

    /// Token ids of `text`, truncated to ``maxLength`` with `[CLS]` first and `[SEP]` last.
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [vocabulary.classifierID]
        let budget = maxLength - 1
        words: for word in BertNormalizer.words(text) {
            for piece in pieces(of: word) {
                if ids.count == budget { break words }
                ids.append(piece)
            }
        }
        ids.append(vocabulary.separatorID)
        return ids
    }

    /// The WordPiece ids of one normalised word.
    func pieces(of word: [Unicode.Scalar]) -> [Int32] {
        if word.count > maxCharactersPerWord { return [vocabulary.unknownID] }
        var result: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while end > start {
                var candidate = start > 0 ? "##" : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary.id(for: candidate) {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else { return [vocabulary.unknownID] }
            result.append(id)
            start = end
        }
        return result
    }
}
