import CPocketSphinx
import Foundation

/// One PocketSphinx decoder with a domain model's language model, dictionary and feature
/// parameters loaded and the slot grammars registered beside the language model.
///
/// Used by one stream at a time: the recognizer hands it over under its lock and never shares it.
final class PocketSphinxDecoder: @unchecked Sendable {  // one owner at a time, handed over under the pool's lock
    /// The build this decoder was made from (the pool keeps only decoders of the current build).
    let model: DomainModel
    private let decoder: OpaquePointer
    private let languageModelSearch: String
    private let framesPerSecond: Double
    private var activeSearch: String
    private(set) var inUtterance = false
    private var lastPartial = ""

    init(model: DomainModel, configuration: PocketSphinxConfiguration) throws {
        PocketSphinxLogging.disable()
        self.model = model
        let arguments = Self.merged([
            "-hmm", configuration.acousticModel.path,
            "-lm", model.languageModel.path,
            "-dict", model.dictionary.path,
            "-featparams", model.featureParameters.path,
        ] + configuration.decoderOptions)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        defer { argv.forEach { free($0) } }
        guard let config = cmd_ln_parse_r(nil, ps_args(), Int32(argv.count), &argv, 1) else {
            throw SpeechRecognitionError.decoderInit("options refused: \(arguments.joined(separator: " "))")
        }
        defer { cmd_ln_free_r(config) }  // the decoder keeps its own reference
        guard let decoder = ps_init(config) else {
            throw SpeechRecognitionError.decoderInit("ps_init failed with \(model.languageModel.path) and \(model.dictionary.path)")
        }
        self.decoder = decoder
        languageModelSearch = String(cString: ps_get_search(decoder))
        activeSearch = languageModelSearch
        framesPerSecond = Double(cmd_ln_int_r(config, "-frate"))
        // Every property is set: a throw from here on frees the decoder in deinit.
        for grammar in SlotGrammar.allCases where ps_set_jsgf_string(decoder, grammar.searchName, grammar.jsgf) != 0 {
            throw SpeechRecognitionError.grammar(grammar.rawValue)
        }
        // Registering a grammar may activate it: start on the language model.
        guard ps_set_search(decoder, languageModelSearch) == 0 else {
            throw SpeechRecognitionError.decoderInit("cannot select the language model search")
        }
    }

    deinit {
        ps_free(decoder)
    }

    /// Option pairs with a later value of the same option replacing the earlier one
    /// (`cmd_ln_parse_r` refuses an option given twice).
    static func merged(_ arguments: [String]) -> [String] {
        var order: [String] = []
        var values: [String: String] = [:]
        var index = 0
        while index + 1 < arguments.count {
            let (name, value) = (arguments[index], arguments[index + 1])
            if values.updateValue(value, forKey: name) == nil { order.append(name) }
            index += 2
        }
        var result = order.flatMap { [$0, values[$0]!] }
        if index < arguments.count { result.append(arguments[index]) }  // a dangling option: let PocketSphinx refuse it
        return result
    }

    // MARK: Sessions

    /// Readies the decoder for a new call: no utterance open, the requested search, and the
    /// channel's starting cepstral mean (the last call's adaptation is forgotten).
    func prepare(channel: AudioChannel, grammar: SlotGrammar?) throws {
        abandonUtterance()
        try select(grammar)
        if let mean = model.cepstralMeans[channel] { setCepstralMean(mean) }
        _ = ps_start_stream(decoder)
    }

    /// Ends an open utterance without looking at its result.
    func abandonUtterance() {
        if inUtterance { _ = ps_end_utt(decoder) }
        inUtterance = false
        lastPartial = ""
    }

    /// Switches between the language model (`nil`) and a slot grammar; only between utterances.
    func select(_ grammar: SlotGrammar?) throws {
        precondition(!inUtterance, "PocketSphinx cannot switch searches inside an utterance")
        let name = grammar?.searchName ?? languageModelSearch
        guard name != activeSearch else { return }
        let status = ps_set_search(decoder, name)
        guard status == 0 else { throw SpeechRecognitionError.decode("ps_set_search(\(name))", code: Int(status)) }
        activeSearch = name
    }

    // MARK: Utterances

    /// Decodes 16 kHz samples, opening an utterance first when none is open; returns a partial
    /// hypothesis when its words changed.
    func process(_ samples: UnsafeBufferPointer<Int16>) throws -> Hypothesis? {
        if !inUtterance {
            let status = ps_start_utt(decoder)
            guard status == 0 else { throw SpeechRecognitionError.decode("ps_start_utt", code: Int(status)) }
            inUtterance = true
        }
        guard let base = samples.baseAddress, !samples.isEmpty else { return nil }
        let frames = ps_process_raw(decoder, base, samples.count, 0, 0)
        guard frames >= 0 else { throw SpeechRecognitionError.decode("ps_process_raw", code: Int(frames)) }
        let text = currentText()
        guard text != lastPartial else { return nil }
        lastPartial = text
        return Hypothesis(text: text, isFinal: false, words: wordTimings())
    }

    /// Closes the utterance and returns its final hypothesis (empty when none was open).
    func finishUtterance() throws -> Hypothesis {
        guard inUtterance else { return Hypothesis(text: "", isFinal: true) }
        inUtterance = false
        lastPartial = ""
        let status = ps_end_utt(decoder)
        guard status >= 0 else { throw SpeechRecognitionError.decode("ps_end_utt", code: Int(status)) }
        return Hypothesis(text: currentText(), isFinal: true, words: wordTimings())
    }

    private func currentText() -> String {
        var score: Int32 = 0
        guard let hypothesis = ps_get_hyp(decoder, &score) else { return "" }
        return String(cString: hypothesis)
    }

    /// The best path's words with their frames (fillers, silences and sentence marks left out;
    /// alternative pronunciations "word(2)" named by their word).
    private func wordTimings() -> [WordTiming] {
        var words: [WordTiming] = []
        var segment = ps_seg_iter(decoder)
        while let current = segment {
            if let name = ps_seg_word(current) {
                var word = String(cString: name)
                if !(word.hasPrefix("<") || word.hasPrefix("[") || word.hasPrefix("+")) {
                    if let variant = word.firstIndex(of: "(") { word = String(word[..<variant]) }
                    var first: Int32 = 0, last: Int32 = 0
                    ps_seg_frames(current, &first, &last)
                    words.append(WordTiming(word: word, start: Double(first) / framesPerSecond, end: Double(last + 1) / framesPerSecond))
                }
            }
            segment = ps_seg_next(current)
        }
        return words
    }

    // MARK: Cepstral mean normalisation

    /// The live cepstral mean the decoder has adapted to so far (13 values).
    var cepstralMean: [Float] {
        guard let cmn = ps_get_feat(decoder)?.pointee.cmn_struct else { return [] }
        var mean = [Float](repeating: 0, count: Int(cmn.pointee.veclen))
        cmn_live_get(cmn, &mean)
        return mean
    }

    private func setCepstralMean(_ mean: [Float]) {
        guard let cmn = ps_get_feat(decoder)?.pointee.cmn_struct, mean.count == Int(cmn.pointee.veclen) else { return }
        cmn_live_set(cmn, mean)
    }
}

/// Sphinxbase logs to standard error by default, from every thread, into one global stream. The
/// recognizer reports what matters through its own errors, so logging is switched off once.
/// `err_set_logfp` is declared in `<sphinxbase/err.h>`, which `<pocketsphinx.h>` does not include,
/// so it is looked up by name.
enum PocketSphinxLogging {
    static func disable() { _ = disabled }

    private static let disabled: Bool = {
        guard let symbol = dlsym(nil, "err_set_logfp") else { return false }
        typealias SetLogStream = @convention(c) (UnsafeMutableRawPointer?) -> Void
        unsafeBitCast(symbol, to: SetLogStream.self)(nil)
        return true
    }()
}
