/// The TwiML documents the host answers with.
public enum TwiML {
    /// Connects the call to a bidirectional media stream at `streamURL` (`wss://…`), passing
    /// `parameters` as `<Parameter>`s (Twilio allows no query string in the URL).
    public static func connectStream(url streamURL: String, parameters: [(name: String, value: String)]) -> String {
        let items = parameters.map { "      <Parameter name=\"\(escape($0.name))\" value=\"\(escape($0.value))\"/>\n" }.joined()
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <Response>
          <Connect>
            <Stream url="\(escape(streamURL))">
        \(items)    </Stream>
          </Connect>
        </Response>

        """
    }

    /// Says `text` and hangs up (a host that is shutting down).
    public static func sayAndHangUp(_ text: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Response><Say>\(escape(text))</Say><Hangup/></Response>

        """
    }

    /// Dials `number` (a transfer to a person), with `callerID` when given.
    public static func dial(_ number: String, callerID: String? = nil, timeout: Int = 20) -> String {
        let caller = callerID.map { " callerId=\"\(escape($0))\"" } ?? ""
        return "<Response><Dial\(caller) timeout=\"\(timeout)\">\(escape(number))</Dial></Response>"
    }

    /// XML-escapes text and attribute values.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
