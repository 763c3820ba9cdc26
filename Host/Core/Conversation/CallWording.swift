/// What the agent says when the call itself, not a skill, has something to tell the caller:
/// every transport takes these lines from here (a business words them in `[wording]`).
public struct CallWording: Sendable, Equatable {
    /// The host cannot take the call (draining, or at its call limit).
    public var busy = "Sorry, we can't take your call right now. Please try again in a few minutes."
    /// The host is shutting down while the call is live.
    public var shuttingDown = "I'm sorry, I have to end the call now. Please call us back in a few minutes. Goodbye."
    /// A transfer was asked for and nobody can take it.
    public var nobodyToTransfer = "Everyone on our team is busy right now, so we'll call you back as soon as we can. Goodbye."
    /// A speech engine failed mid-call.
    public var technicalProblem = "Sorry, I'm having trouble on my end. Could you say that again?"
    /// A turn far longer than anyone speaks at once.
    public var tooLong = "Sorry, that was a lot at once. Could you tell me in a few words what you need?"

    /// The caller has been silent after the agent's question was repeated.
    public var stillThere = "Are you still there?"
    /// The caller stayed silent through every reprompt: the call ends.
    public var silenceGoodbye = "I haven't heard anything, so I'll end the call now. Please call us back any time. Goodbye."

    /// Characters of one caller turn that are read; a longer turn gets ``tooLong``.
    public var maximumUtterance = 1_000

    public init() {}
}
