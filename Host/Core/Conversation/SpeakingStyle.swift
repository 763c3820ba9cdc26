/// How the agent should sound on its next reply, chosen by the conversation engine from how the
/// call is going; the speech layer turns it into voice settings on top of the business's brand
/// defaults.
public enum SpeakingStyle: String, Sendable, Equatable, CaseIterable {
    /// The brand's own voice.
    case neutral
    /// Slower and lower: the caller sounded frustrated or was not understood.
    case calm
    /// A little quicker: the caller knows what they want (a request complete in one sentence).
    case brisk
}
