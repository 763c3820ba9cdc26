/// Example phrases for `handoff.request`, the way callers ask for a person on the phone.
enum HandoffExamples {
    static let request = [
        "let me talk to a person",
        "can I speak to a human",
        "representative",
        "operator please",
        "get me a real person",
        "I want to talk to someone",
        "transfer me to an agent",
        "is there a real person I can talk to",
        "I'd like to speak with someone at the front desk",
        "put me through to a member of staff",
        "agent",
        "talk to a human",
        "I don't want to talk to a machine",
        "this isn't working, let me speak to somebody",
        "can you connect me to customer service",
        "I need to speak to a manager",
        "can someone call me back",
        "is anybody there who can help me",
        "you're not understanding me, I want a person",
        "speak to reception please",
    ]
}
