import Foundation

/// A WordPiece vocabulary: one token per line of `vocab.txt`, the line number is the id.
public struct Vocabulary: Sendable {
    public let tokens: [String]
    private let ids: [String: Int32]

    public let unknownID: Int32
    public let classifierID: Int32
    public let separatorID: Int32
    public let paddingID: Int32

    public var count: Int { tokens.count }

    /// Reads a `vocab.txt` file (UTF-8, one token per line).
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EmbeddingError.modelFileUnreadable(path: url.path, reason: "\(error)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw EmbeddingError.modelFileInvalid(path: url.path, reason: "vocabulary is not UTF-8")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.last == "" { lines.removeLast() }
        try self.init(tokens: lines, source: url.path)
    }

    /// Builds a vocabulary from tokens in id order. It must contain `[UNK]`, `[CLS]`, `[SEP]` and `[PAD]`.
    public init(tokens: [String], source: String = "<memory>") throws {
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() where ids[token] == nil {
            ids[token] = Int32(index)
        }
        func special(_ name: String) throws -> Int32 {
            guard let id = ids[name] else {
                throw EmbeddingError.modelFileInvalid(path: source, reason: "vocabulary has no \(name) token")
            }
            return id
        }
        self.tokens = tokens
        self.ids = ids
        self.unknownID = try special("[UNK]")
        self.classifierID = try special("[CLS]")
        self.separatorID = try special("[SEP]")
        self.paddingID = try special("[PAD]")
    }

    public func id(for token: String) -> Int32? { ids[token] }
}
