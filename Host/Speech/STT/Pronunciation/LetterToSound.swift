import CFlite
import Foundation
import Locks

/// Pronunciations from Flite's CMU lexicon and letter-to-sound rules (`lex_lookup` of cmulex),
/// written in the phone set of PocketSphinx's en-us acoustic model.
enum LetterToSound {
    /// "S M AA R T D EH S K" for "smartdesk", or nil when the word has no letters Flite can read
    /// or yields a phone the acoustic model lacks.
    static func phones(for word: String) -> String? {
        let flitePhones: [String] = lexicon.withLock { lexicon in
            guard let lexicon = lexicon.pointer else { return [] }
            guard let list = lex_lookup(lexicon, word, nil, nil) else { return [] }
            defer { delete_val(list) }
            var phones: [String] = []
            var cell: UnsafePointer<cst_val>? = UnsafePointer(list)
            while let current = cell {
                if let name = val_string(val_car(current)) { phones.append(String(cString: name)) }
                cell = val_cdr(current)
            }
            return phones
        }
        var result: [String] = []
        for phone in flitePhones {
            let base = phone.filter { !$0.isNumber }
            guard let mapped = phoneMap[base] else { return nil }
            result += mapped
        }
        return result.isEmpty ? nil : result.joined(separator: " ")
    }

    /// Flite's cmulex phones → the 39 CMU phones of the acoustic model (`pau` is dropped).
    private static let phoneMap: [String: [String]] = {
        let same = ["aa", "ae", "ah", "ao", "aw", "ay", "b", "ch", "d", "dh", "eh", "er", "ey", "f", "g", "hh",
                    "ih", "iy", "jh", "k", "l", "m", "n", "ng", "ow", "oy", "p", "r", "s", "sh", "t", "th",
                    "uh", "uw", "v", "w", "y", "z", "zh"]
        var map = Dictionary(uniqueKeysWithValues: same.map { ($0, [$0.uppercased()]) })
        map["ax"] = ["AH"]
        map["axr"] = ["ER"]
        map["ix"] = ["IH"]
        map["hv"] = ["HH"]
        map["nx"] = ["N"]
        map["dx"] = ["D"]
        map["el"] = ["AH", "L"]
        map["em"] = ["AH", "M"]
        map["en"] = ["AH", "N"]
        map["pau"] = []
        return map
    }()

    /// Flite's CMU lexicon; lookups are serialised.
    private static let lexicon = Mutex(FliteLexicon())
}

/// Flite's cmulex lexicon: one static object inside libflite_cmulex, set up by `cmu_lex_init`.
/// That function is not declared in Flite's headers, so it is looked up by name; going through it
/// rather than registering a voice leaves the synthesizer's voice objects alone.
private struct FliteLexicon: ~Copyable {
    let pointer: UnsafeMutablePointer<cst_lexicon>?

    init() {
        typealias LexiconInit = @convention(c) () -> UnsafeMutablePointer<cst_lexicon>?
        guard let symbol = dlsym(nil, "cmu_lex_init") else { pointer = nil; return }
        pointer = unsafeBitCast(symbol, to: LexiconInit.self)()
    }
}
