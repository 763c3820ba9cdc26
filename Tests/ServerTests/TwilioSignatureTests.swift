import Foundation
import Server
import Testing

/// The vectors in PROTOCOLS.md §1.7 (from Twilio's own SDK tests, recomputed).
@Suite struct TwilioSignatureTests {
    static let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let parameters: [(name: String, value: String)] = [
        ("CallSid", "CA1234567890ABCDE"), ("Digits", "1234"), ("From", "+14158675309"), ("To", "+18005551212"),
        ("Caller", "+14158675309"),
    ]

    @Test func theFormVectorValidates() {
        let signer = TwilioSignature(authToken: "12345")
        #expect(signer.signature(url: Self.url, parameters: Self.parameters) == "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
        #expect(signer.isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: Self.url, parameters: Self.parameters))
        // Parameter order in the body does not matter.
        #expect(signer.isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: Self.url, parameters: Self.parameters.reversed()))
    }

    @Test func anyChangeFailsIt() {
        let signer = TwilioSignature(authToken: "12345")
        var tampered = Self.parameters
        tampered[1].value = "1235"
        #expect(!signer.isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: Self.url, parameters: tampered))
        #expect(!signer.isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: Self.url + "&x=1", parameters: Self.parameters))
        #expect(!TwilioSignature(authToken: "54321").isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: Self.url, parameters: Self.parameters))
        #expect(!signer.isValid("not base64!", url: Self.url, parameters: Self.parameters))
        #expect(!signer.isValid("", url: Self.url, parameters: Self.parameters))
    }

    @Test func theUpgradeVectorValidates() {
        let signer = TwilioSignature(authToken: "12345")
        #expect(signer.signature(url: "wss://example.com/media") == "7PR3qMkpDyEJtMrVOY/LDyNq8J8=")
        #expect(signer.isValid("7PR3qMkpDyEJtMrVOY/LDyNq8J8=", url: "wss://example.com/media"))
    }

    @Test func theDefaultPortIsTriedBothWays() {
        let signer = TwilioSignature(authToken: "12345")
        let withPort = signer.signature(url: "https://mycompany.com:443/myapp.php?foo=1&bar=2", parameters: Self.parameters)
        #expect(signer.isValid(withPort, url: Self.url, parameters: Self.parameters))
        #expect(signer.isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: "https://mycompany.com:443/myapp.php?foo=1&bar=2", parameters: Self.parameters))
        // Another port is another URL.
        #expect(!signer.isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: "https://mycompany.com:8443/myapp.php?foo=1&bar=2", parameters: Self.parameters))
    }

    @Test func aJSONBodyIsCoveredByItsHash() {
        let signer = TwilioSignature(authToken: "12345")
        let body = Data(#"{"property": "value", "boolean": true}"#.utf8)
        let url = "https://mycompany.com/myapp.php?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        let signature = signer.signature(url: url)
        #expect(signer.isValid(signature, url: url, body: body))
        #expect(!signer.isValid(signature, url: url, body: Data(#"{"property": "value", "boolean": false}"#.utf8)))
    }

    @Test func repeatedNamesAreSortedAndDeduplicated() {
        let signer = TwilioSignature(authToken: "12345")
        let a = signer.signature(url: "https://x.test/", parameters: [("B", "2"), ("A", "z"), ("A", "y"), ("A", "y")])
        let b = signer.signature(url: "https://x.test/", parameters: [("A", "y"), ("A", "z"), ("B", "2")])
        #expect(a == b)
    }
}

@Suite struct FormAndTwiMLTests {
    @Test func formsRoundTrip() {
        let pairs: [(name: String, value: String)] = [("From", "+1 555/01&x"), ("Body", "héllo = world"), ("Empty", "")]
        let decoded = FormEncoding.decode(FormEncoding.encode(pairs))
        #expect(decoded.map(\.name) == pairs.map(\.name))
        #expect(decoded.map(\.value) == pairs.map(\.value))
        #expect(FormEncoding.decode("a=1+2&b=%41%zz&c").map(\.value) == ["1 2", "A%zz", ""])
    }

    @Test func twimlEscapesAndParsesBack() throws {
        let xml = TwiML.connectStream(url: "wss://h.test/twilio/stream", parameters: [("sessionToken", "a\"b<c>&'d"), ("from", "+1555")])
        #expect(xml.contains("<Connect>"))
        #expect(xml.contains("&quot;") && xml.contains("&lt;") && xml.contains("&amp;"))
        #expect(TwiML.dial("+15551234567", callerID: "+15550000000") == #"<Response><Dial callerId="+15550000000" timeout="20">+15551234567</Dial></Response>"#)
    }
}
