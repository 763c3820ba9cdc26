/// How callers ask about each fact: the example phrases of the FAQ skill's built-in topics,
/// written the way people ask a receptionist.
enum FAQExamples {
    static let address = [
        "what's your address",
        "where are you located",
        "where are you guys",
        "what street are you on",
        "where's the office",
        "can you give me the address",
        "what's the address of the practice",
        "where exactly are you",
        "which part of town are you in",
        "I need your address for my GPS",
        "where is the clinic",
        "what's the location",
    ]
    static let directions = [
        "how do I get there",
        "how do I find you",
        "can you give me directions",
        "what's the best way to get to you",
        "which floor are you on",
        "I'm lost, how do I find the office",
        "what building are you in",
        "is it easy to find",
        "where's the entrance",
        "what's near you, like a landmark",
        "how do I get to you by bus",
    ]
    static let parking = [
        "is there parking",
        "where can I park",
        "do you have parking",
        "is parking free",
        "can I park nearby",
        "is there a car park",
        "where do I leave my car",
        "do you validate parking",
        "is there somewhere to park",
        "how's the parking situation",
        "is there a parking lot",
        "will I find a spot to park",
    ]
    static let insurance = [
        "do you take my insurance",
        "what insurance do you accept",
        "do you accept Delta Dental",
        "are you in network with my plan",
        "do you take Cigna",
        "which insurance plans do you work with",
        "can I use my dental insurance",
        "do you bill insurance",
        "am I covered with my insurance there",
        "do you accept Aetna",
        "do you take MetLife",
        "I have Guardian, is that okay",
    ]
    static let phone = [
        "what's your phone number",
        "what number can I call you on",
        "is there a direct line",
        "what's the number for the office",
        "what number should I save for you",
        "can I get your phone number",
    ]
    static let email = [
        "how can I email you",
        "what's the office email",
        "where do I send an email to you",
        "can I email the practice",
        "what email do I send my forms to",
        "what's your email address",
    ]
    static let website = [
        "do you have a website",
        "what's your website",
        "where can I find you online",
        "what's your web address",
        "can I look you up online",
    ]
    static let name = [
        "who am I speaking to",
        "what's the name of the practice",
        "what place is this",
        "did I call the right place",
        "who did I call",
    ]
}
