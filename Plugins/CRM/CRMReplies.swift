import SmartDeskPluginKit

/// Everything the CRM skill says, in one place.
enum CRMReplies {
    static let askEmail = "What's the new email address?"
    static let askPhone = "What's the best number to reach you on?"

    static func greeting(_ customer: CustomerRecord, business: String) -> String {
        "Hi \(customer.firstName), thanks for calling \(business). How can I help you today?"
    }

    static let notOnFile = "I'm sorry, I can only update details for customers we have on file, and I couldn't find "
        + "a record for the number you're calling from. If you'd like, I can connect you with a member of our team."

    static let noRecord = "I couldn't find a customer record for the number you're calling from. "
        + "If you'd like, I can connect you with a member of our team."

    // MARK: Email

    static let emailNotHeard = "Sorry, I didn't catch a full email address. What's the new email address?"
    static let emailUnchanged = "That's already the email address we have on file for you."

    static func confirmEmail(_ email: String) -> String { "That's \(Spoken.email(email)). Is that right?" }

    static let emailRejected = "Sorry about that. What's the new email address?"

    static func emailUpdated(_ email: String) -> String { "Thanks, I've updated your email to \(email)." }

    // MARK: Phone

    static let phoneNotHeard = "Sorry, I didn't catch the whole number. What's the best number to reach you on?"
    static let phoneUnchanged = "That's already the number we have on file for you."

    static func confirmPhone(_ phone: String) -> String { "That's \(Spoken.phoneNumber(phone)). Is that right?" }

    static let phoneRejected = "Sorry about that. What's the best number to reach you on?"

    static func phoneUpdated(_ phone: String) -> String {
        "Thanks, I've updated your contact number to \(Spoken.phoneNumber(phone))."
    }

    // MARK: Details

    static func details(_ customer: CustomerRecord) -> String {
        "I have you down as \(customer.name), with the email \(Spoken.email(customer.email)) "
            + "and the contact number \(Spoken.phoneNumber(customer.contactPhone))."
    }
}
