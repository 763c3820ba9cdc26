import Foundation
import HTTPClient

/// Twilio's REST API for a live call: replace its TwiML (a transfer) or end it.
public struct TwilioREST: Sendable {
    public let credentials: TwilioCredentials
    public let apiBase: String

    public init(credentials: TwilioCredentials, apiBase: String = "https://api.twilio.com") {
        self.credentials = credentials
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
    }

    /// Dials `number` on the call (its `<Connect><Stream>` ends).
    public func transfer(callSid: String, to number: String, callerID: String? = nil) async throws(TwilioRESTError) {
        try await update(callSid: callSid, parameters: [("Twiml", TwiML.dial(number, callerID: callerID))])
    }

    /// Ends the call. A call that already ended counts as success.
    public func hangUp(callSid: String) async throws(TwilioRESTError) {
        try await update(callSid: callSid, parameters: [("Status", "completed")])
    }

    private func update(callSid: String, parameters: [(name: String, value: String)]) async throws(TwilioRESTError) {
        guard let accountSid = credentials.accountSid, !accountSid.isEmpty else {
            throw TwilioRESTError(description: "no Twilio account SID configured")
        }
        let url = "\(apiBase)/2010-04-01/Accounts/\(FormEncoding.escape(accountSid))/Calls/\(FormEncoding.escape(callSid)).json"
        let request = HTTPRequest(
            method: "POST", url: url, headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Data(FormEncoding.encode(parameters).utf8), basicAuth: (accountSid, credentials.authToken)
        )
        let response: HTTPResponse
        do {
            response = try await HTTPClient.send(request)
        } catch {
            throw TwilioRESTError(description: "Twilio could not be reached: \(error)")
        }
        switch response.status {
        case 200..<300:
            return
        case 404 where response.text.contains("20404"):
            return  // the call is already over
        default:
            throw TwilioRESTError(description: "Twilio answered \(response.status): \(response.text.prefix(300))")
        }
    }
}

public struct TwilioRESTError: Error, CustomStringConvertible, Equatable {
    public let description: String
}
