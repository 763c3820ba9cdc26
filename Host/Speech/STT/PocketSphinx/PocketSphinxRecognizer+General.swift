import Foundation

extension PocketSphinxRecognizer {
    /// A recogniser of general English: the model's own 130k-word trigram model with the full
    /// dictionary instead of a domain model. For the caller's side of a test call (it knows
    /// nothing of what the agent will say); far slower to open and less accurate on the phone
    /// path than a domain model, so never the agent's ear.
    public static func generalEnglish(
        configuration: PocketSphinxConfiguration = PocketSphinxConfiguration(readyDecoders: 0)
    ) throws -> PocketSphinxRecognizer {
        var configuration = configuration
        let model = configuration.acousticModel.deletingLastPathComponent()
        // Options given twice take their last value: these replace the domain model's.
        configuration.decoderOptions += [
            "-lm", model.appendingPathComponent("en-us.lm.bin").path, "-dict", configuration.dictionary.path,
        ]
        return try PocketSphinxRecognizer(phrases: [], configuration: configuration)
    }
}
