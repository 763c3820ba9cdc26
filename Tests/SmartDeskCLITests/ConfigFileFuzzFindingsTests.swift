import Testing
@testable import SmartDeskCLI

/// What `scripts/fuzz.sh config` found: files that made TOMLKit's parser (toml++) abort the process
/// — an assertion, not an error — and a profile whose settings text changed from one read to the
/// next. Each is now one clear error naming the file, line and column; valid TOML that looks like
/// them still reads.
@Suite struct ConfigFileFuzzFindingsTests {
    @Test("a file that aborted the host is refused with its place", arguments: [
        ("[é]\nx = 1\n", "t.toml:1:2: a table name cannot start with \"é\" (U+E9)"),
        ("[agent]\ngrüße = 1\n", "t.toml:2:3: \"ü\" (U+FC) outside quotes"),
        ("[\u{13}an]\n", "t.toml:1:2: a table name cannot start with U+13"),
        ("[.plugins]\n", "t.toml:1:2: a table name cannot start with \".\""),
        ("[[ =x]]\n", "t.toml:1:4: a table name cannot start with \"=\""),
        ("[server]\nhost = 1979-05-27T.73:2:00Z\n", "t.toml:2:19: a date and time needs its time"),
        ("x = [1979-05-27T]\n", "t.toml:1:17: a date and time needs its time"),
        ("d = 0979-06-27 0,\n", "t.toml:1:17: a date and time needs its time"),
        ("l = [601?-05-20 1\u{0B}]\n", "t.toml:1:18: a date and time needs its time"),
        ("host = { inline = [1, }\n", "t.toml:1:23: \"}\" (U+7D) does not close"),
        ("a = 1\u{0}\n", "t.toml:1:6: the control character U+0"),
        ("x = 1\n[\u{A0}agent]\n", "t.toml:2:2: a table name cannot start with \"\u{A0}\""),
    ])
    func refused(text: String, message: String) {
        #expect {
            _ = try ConfigFile.parse(text, file: "t.toml")
        } throws: { error in
            error is CLIError && "\(error)".hasPrefix(message)
        }
    }

    @Test func validFilesThatLookLikeThemStillRead() throws {
        let config = try ConfigFile.parse("""
            \u{FEFF}# Réception — a comment may say anything: [é] 1979-05-27T.
            [agent]
            greeting = "Bonjour, café Müller [é] }"   # and after a value
            [plugins."crm"]
            "clé" = 'l’été'
            note = \"\"\"
            [é] a multi-line string } 1979-05-27 0,
            \"\"\"
            [plugins]
            bundled = [
              "crm",  # the CRM
              "faq",
            ]
            [plugins.billing]
            x = 1
            """, file: "t.toml")
        #expect(config.greeting == "Bonjour, café Müller [é] }")
        #expect(config.pluginSettings["crm"]?["clé"] == "l’été")
        #expect(config.pluginSettings["crm"]?["note"]?.contains("[é] a multi-line string") == true)
        #expect(config.pluginTables == ["crm", "billing"])
        #expect(config.bundled == ["crm", "faq"])
        // Dates and times; arrays across lines whose lines start with "[", inline tables in arrays:
        // values, not headers.
        #expect(TOMLPrecheck.firstProblem(in: """
            when = 1979-05-27T07:32:00Z
            day = 1979-05-27
            stamp = 1979-05-27 07:32:00
            nested = [
              [1, 2],
              [ [3], "]" ],
            ]
            tables = [ { a = 1 }, { b = [2, 1979-05-27T07:32:00] } ]
            [[a.b]]
            c = { d = [1979-05-27 07:32:00, 1979-05-27] }
            """) == nil)
    }

    @Test func theSameProfileGivesTheSameSettingsText() throws {
        let text = """
            [business]
            name = "Acme Dental"
            [[business.faq]]
            answer = "Yes, from age three."
            questions = ["do you see children", "can I bring my kid"]
            """
        let settings = try (0..<20).map { _ in try ConfigFile.parse(text, file: "t.toml").pluginSettings["faq"]?["entries"] }
        #expect(Set(settings).count == 1)
        #expect(settings[0] == #"[{"answer":"Yes, from age three.","questions":["do you see children","can I bring my kid"]}]"#)
    }
}
