/// Phone numbers in the form the host uses for caller IDs and `phone_number` slots, so that numbers
/// typed or said differently compare equal.
public enum PhoneNumber {
    /// `+15551230001` for a 10-digit North-American number or an 11-digit one starting with 1;
    /// otherwise the digits, keeping a leading `+` (E.164 from elsewhere). `nil` without digits.
    ///
    /// ```swift
    /// PhoneNumber.canonical("(555) 123-0001")   // "+15551230001"
    /// PhoneNumber.canonical("+44 20 7946 0958") // "+442079460958"
    /// ```
    public static func canonical(_ text: String) -> String? {
        let digits = text.filter(\.isASCIIDigit)
        switch digits.count {
        case 0: return nil
        case 10: return "+1" + digits
        case 11 where digits.hasPrefix("1"): return "+" + digits
        default: return text.trimmingWhitespace.hasPrefix("+") ? "+" + digits : digits
        }
    }
}
