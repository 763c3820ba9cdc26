import Agent
import Core
import LLM
import PluginHost
import Testing
@testable import SmartDeskCLI

/// `smartdesk.toml` and its environment overrides: what is read, and a clear error for what is wrong.
@Suite struct ConfigFileTests {
    @Test func readsAgentAndPluginSettings() throws {
        let config = try ConfigFile.parse("""
            [agent]
            greeting = "Welcome to Acme."
            threshold = 0.8

            [plugins]
            data_directory = "/var/lib/smartdesk"

            [plugins.scheduling]
            hours = "mon-fri 08:00-18:00"
            slot_minutes = 20
            online = true
            """, file: "t.toml")
        #expect(config.greeting == "Welcome to Acme.")
        #expect(config.threshold == 0.8)
        #expect(config.dataDirectory == "/var/lib/smartdesk")
        #expect(config.pluginSettings["scheduling"] == ["hours": "mon-fri 08:00-18:00", "slot_minutes": "20", "online": "true"])
    }

    @Test("isolation is chosen for all plugins or one; it is not a value the plugin reads; a wrong mode is an error")
    func isolation() throws {
        let config = try ConfigFile.parse("""
            [plugins]
            worker_memory_mb = 256

            [plugins.billing]
            isolation = "process"
            currency = "EUR"
            """, file: "t.toml")
        #expect(config.isolation.mode(of: "billing") == .process)
        #expect(config.isolation.mode(of: "crm") == .inProcess)
        #expect(config.isolation.memoryLimitMegabytes == 256)
        #expect(config.pluginSettings["billing"] == ["currency": "EUR"])
        let all = try ConfigFile.parse("[plugins]\nisolation = \"process\"", file: "t.toml")
        #expect(all.isolation.mode(of: "crm") == .process)
        #expect(throws: CLIError.self) { try ConfigFile.parse("[plugins.crm]\nisolation = \"sandbox\"", file: "t.toml") }
        #expect(throws: CLIError.self) { try ConfigFile.parse("[plugins]\nworker_memory_mb = 2", file: "t.toml") }
    }

    @Test("[wording] words the call's own lines; a key it does not know, an empty line or an absurd limit is refused")
    func wording() throws {
        let config = try ConfigFile.parse("""
            [wording]
            busy = "All our lines are taken, please call back shortly."
            too_long = "That was a lot. In a few words?"
            max_utterance_chars = 400
            """, file: "t.toml")
        #expect(config.wording.busy == "All our lines are taken, please call back shortly.")
        #expect(config.wording.tooLong == "That was a lot. In a few words?")
        #expect(config.wording.maximumUtterance == 400)
        #expect(config.wording.shuttingDown == CallWording().shuttingDown)
        var session = SessionConfiguration()
        config.applySession(to: &session)
        #expect(session.wording == config.wording)
        for bad in ["[wording]\nbusy = \"\"", "[wording]\nbussy = \"hi\"", "[wording]\nmax_utterance_chars = 5", "wording = 3"] {
            #expect(throws: CLIError.self, "\(bad)") { try ConfigFile.parse(bad, file: "t.toml") }
        }
    }

    @Test func theBusinessProfileReachesTheFAQSkillsSettings() throws {
        let config = try ConfigFile.parse("""
            [business]
            name = "Acme Dental"
            parking = "Free parking behind the building."
            [[business.faq]]
            answer = "Yes, from age three."
            questions = ["do you see children"]
            [plugins.faq]
            parking = "Street parking only."
            """, file: "t.toml")
        let settings = try #require(config.pluginSettings["faq"])
        #expect(settings["name"] == "Acme Dental")
        #expect(settings["parking"] == "Street parking only.", "[plugins.faq] wins over the profile")
        #expect(settings["entries"]?.contains("from age three") == true)
        #expect(throws: CLIError.self) { try ConfigFile.parse("[business]\nwifi = \"yes\"", file: "t.toml") }
        #expect(throws: CLIError.self) { try ConfigFile.parse("[[business.faq]]\nanswer = \"x\"", file: "t.toml") }
    }

    @Test func theLanguageModelComesFromTheFileAndTheEnvironmentItsKeyOnlyFromTheEnvironment() throws {
        var config = try ConfigFile.parse("[llm]\nbase_url = \"http://127.0.0.1:8080\"\nmodel = \"qwen\"\n", file: "t.toml")
        #expect(try config.llmConfiguration()?.completionsURL == "http://127.0.0.1:8080/v1/chat/completions")
        #expect(try config.llmConfiguration()?.apiKey == nil)
        try config.apply(environment: ["OPENAI_API_KEY": "sk-openai", "SMARTDESK_LLM_MODEL": "gpt-4o-mini"])
        #expect(try config.llmConfiguration()?.apiKey == "sk-openai")
        #expect(try config.llmConfiguration()?.model == "gpt-4o-mini")
        try config.apply(environment: ["SMARTDESK_LLM_API_KEY": "sk-own", "OPENAI_API_KEY": "sk-openai"])
        #expect(try config.llmConfiguration()?.apiKey == "sk-own")
        // None configured: none used.
        #expect(try ConfigFile.parse("", file: "t.toml").llmConfiguration() == nil)
        // Half configured, a key in the file, a bad URL, an unknown key: errors that say so.
        #expect(throws: CLIError.self) { try ConfigFile.parse("[llm]\nmodel = \"m\"\n", file: "t.toml").llmConfiguration() }
        #expect(throws: CLIError.self) { try ConfigFile.parse("[llm]\napi_key = \"sk\"\n", file: "t.toml") }
        #expect(throws: CLIError.self) { try ConfigFile.parse("[llm]\nbase_url = \"ftp://x\"\n", file: "t.toml") }
        #expect(throws: CLIError.self) { try ConfigFile.parse("[llm]\ntemperature = \"1\"\n", file: "t.toml") }
    }

    @Test func theHoldingPhraseIsConfigurable() throws {
        let toml = "[llm]\nbase_url = \"http://127.0.0.1:8080\"\nmodel = \"m\"\nholding_phrase = \"One moment.\"\nholding_delay_ms = 500\n"
        let config = try ConfigFile.parse(toml, file: "t.toml")
        let composer = config.answerComposer(client: LLMClient(try #require(try config.llmConfiguration())))
        #expect(composer.holdingPhrase == "One moment.")
        #expect(composer.holdingDelay == .milliseconds(500))
        let none = try ConfigFile.parse("[llm]\nholding_phrase = \"\"\n", file: "t.toml")
        #expect(none.answerComposer(client: LLMClient(LLMConfiguration(baseURL: "http://x", model: "m"))).holdingPhrase == nil)
        let unset = try ConfigFile.parse("", file: "t.toml")
        #expect(unset.answerComposer(client: LLMClient(LLMConfiguration(baseURL: "http://x", model: "m"))).holdingPhrase == "Let me check that.")
        #expect(throws: CLIError.self) { try ConfigFile.parse("[llm]\nholding_delay_ms = \"soon\"\n", file: "t.toml") }
        #expect(throws: CLIError.self) { try ConfigFile.parse("[llm]\nholding_delay_ms = 60000\n", file: "t.toml") }
    }

    @Test func readsServerSettings() throws {
        var config = try ConfigFile.parse("""
            [server]
            port = 9090
            drain_seconds = 5
            check_slot_answers = false
            """, file: "t.toml")
        #expect(config.server.port == 9090)
        #expect(config.server.drainSeconds == 5)
        #expect(config.server.checkSlotAnswers == false)
        try config.apply(environment: ["SMARTDESK_SERVER_CHECK_SLOT_ANSWERS": "TRUE"])
        #expect(config.server.checkSlotAnswers == true)
    }

    @Test func environmentOverridesTheFile() throws {
        var config = try ConfigFile.parse("[plugins.crm]\nbusiness_name = \"File Dental\"\n", file: "t.toml")
        try config.apply(environment: [
            "SMARTDESK_PLUGIN__CRM__BUSINESS_NAME": "Env Dental", "SMARTDESK_AGENT_THRESHOLD": "0.9", "HOME": "/root",
        ])
        #expect(config.pluginSettings["crm"]?["business_name"] == "Env Dental")
        #expect(config.threshold == 0.9)
    }

    @Test(arguments: [
        ("[plugins\n", "t.toml:1:9"),
        ("colour = 3\n", "unknown section or key \"colour\""),
        ("[agent]\nthreshold = 2\n", "agent.threshold must be a number from 0 to 1"),
        ("[agent]\nvoice = \"x\"\n", "unknown key agent.voice"),
        ("[plugins]\ndirectory = 3\n", "plugins.directory must be a string"),
        ("[plugins]\ncrm = \"x\"\n", "plugins.crm must be a table"),
        ("[plugins.crm]\nnames = [1, 2]\n", "plugins.crm.names must be a string, number or boolean"),
        ("[server]\ncheck_slot_answers = \"yes\"\n", "server.check_slot_answers must be true or false"),
    ])
    func refusesWhatIsWrongWithTheReason(text: String, message: String) {
        #expect {
            _ = try ConfigFile.parse(text, file: "t.toml")
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func badEnvironmentValuesAreErrorsToo() throws {
        var config = ConfigFile()
        #expect(throws: CLIError.self) { try config.apply(environment: ["SMARTDESK_AGENT_THRESHOLD": "high"]) }
        #expect(throws: CLIError.self) { try config.apply(environment: ["SMARTDESK_PLUGIN__CRM": "x"]) }
        #expect(throws: CLIError.self) { try config.apply(environment: ["SMARTDESK_SERVER_CHECK_SLOT_ANSWERS": "sometimes"]) }
    }
}
