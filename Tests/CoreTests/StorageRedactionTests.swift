import Core
import Testing

/// What analytics may store or log: no card number (in figures or spoken), token or key.
@Suite struct StorageRedactionTests {
    @Test(arguments: [
        ("pay with 4242 4242 4242 4242 please", "pay with [card ending 4242] please"),
        ("it's four two four two four two four two four two four two four two four two", "it's [card number]"),
        ("my number is five five five oh one nine two", "my number is five five five oh one nine two"),
        ("the api key is sk-live-abcdef1234567890", "the api key is [secret]"),
        ("token=ghp_16C7e42F292c6912E7710c838347Ae178B4a", "token=[secret]"),
        ("password hunter2 for the portal", "password [secret] for the portal"),
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9abc123", "Authorization: Bearer [secret]"),
        ("reference QWxhZGRpbjpvcGVuIHNlc2FtZQ2Fx9 on the letter", "reference [secret] on the letter"),
        ("book me in for next tuesday at three", "book me in for next tuesday at three"),
    ])
    func masked(_ pair: (String, String)) {
        #expect(Redaction.forStorage(pair.0) == pair.1)
    }
}
