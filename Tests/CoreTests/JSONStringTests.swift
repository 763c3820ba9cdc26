import Core
import Foundation
import Testing

/// `JSONString`: what it writes parses back to the same text.
struct JSONStringTests {
    @Test(arguments: [
        "", "plain", "say \"hi\"", "back\\slash", "line\nbreak\r\ttab", "\u{08}\u{0C}\u{00}\u{1F}",
        "café – 日本 – 👋", "</script>", "{\"json\": [1, 2]}",
    ])
    func parsesBackToTheSameText(_ text: String) throws {
        let document = "[" + JSONString.quoted(text) + "]"
        let parsed = try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String]
        #expect(parsed == [text])
        #expect(JSONString.quoted(text) == "\"" + JSONString.escaped(text) + "\"")
    }

    @Test func controlCharactersAreEscapedAndOthersLeftAlone() {
        #expect(JSONString.escaped("a\u{01}b") == "a\\u0001b")
        #expect(JSONString.escaped("\u{1F}") == "\\u001f")
        #expect(JSONString.escaped("é👋") == "é👋")
    }
}
