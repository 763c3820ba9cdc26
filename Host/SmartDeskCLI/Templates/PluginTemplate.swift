import Foundation

/// The files of a new plugin project (`smartdesk plugin new`): one intent with one slot, one JSON
/// tool, a build (make, or a Swift package depending on the SDK by path) and a test script that
/// checks it with `smartdesk plugins check` and talks to it with `smartdesk chat --script`.
struct PluginTemplate {
    enum Language: String, CaseIterable {
        case c, swift
    }

    /// `[a-z][a-z0-9_]*`: a plugin name, a C identifier and (capitalised) a Swift module.
    let name: String
    let language: Language
    /// A SmartDesk checkout (its `SDK/include/smartdesk.h`; the Swift package depends on it).
    let sourceRoot: URL
    /// The `smartdesk` executable the test script runs.
    let executable: String

    /// Refuses names that cannot be a plugin, a C identifier and a Swift module all at once.
    static func check(name: String) -> String? {
        guard let first = name.first, first.isASCII, first.isLowercase,
              name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }), name.count <= 32 else {
            return "a plugin name is a lower-case letter followed by lower-case letters, digits or _ (at most 32), e.g. pharmacy"
        }
        return nil
    }

    /// `pharmacy_shop` → `PharmacyShop`.
    var moduleName: String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The shared library the build produces, relative to the project.
    var library: String {
        switch language {
        case .c: "lib\(name).so"
        case .swift: ".build/debug/lib\(moduleName).so"
        }
    }

    /// Relative path → contents; `test.sh` is made executable by the writer.
    func files() throws -> [String: String] {
        var files = [
            "README.md": readme,
            "test-call.txt": testCall,
            "test.sh": testScript,
            ".gitignore": (language == .c ? "lib\(name).so\n" : ".build/\nPackage.resolved\n") + "data/\ntranscript.txt\n",
        ]
        switch language {
        case .c:
            let header = sourceRoot.appendingPathComponent("SDK/include/smartdesk.h")
            files["include/smartdesk.h"] = try String(contentsOf: header, encoding: .utf8)
            files["\(name).c"] = cSource
            files["Makefile"] = makefile
        case .swift:
            files["Package.swift"] = package
            files["Sources/\(moduleName)/\(moduleName).swift"] = swiftSource
        }
        return files
    }

    // MARK: What the plugin does (the same in both languages)

    var examples: [String] {
        [
            "is my order ready", "I want to check on my order", "what's the status of my order",
            "has my order come in yet", "can you check my order for me", "I'm calling about an order",
            "is my order ready to pick up", "where is my order", "I placed an order, is it in",
            "could you look up my order",
        ]
    }

    var testCall: String {
        """
        # One caller line per turn (smartdesk chat --script). Edit to match what your plugin says.
        hi, I'm calling to check on my order
        it's one two three four five
        thanks, that's all

        """
    }

    // MARK: C

    var cSource: String {
        let examples = examples.map { "    \"\($0)\"," }.joined(separator: "\n")
        return """
        /* The \(name) plugin: one intent with one slot, and one JSON tool. Built with `make`;
         * checked and tried with `./test.sh`. The header says who owns every pointer. */
        #include "smartdesk.h"

        #include <stdio.h>
        #include <string.h>

        static const SDPluginDescriptor descriptor = SD_DESCRIPTOR("\(name)", "0.1.0", "Order status", 0);

        SD_EXPORT const SDPluginDescriptor *sd_plugin_describe(void) { return &descriptor; }

        static const SDHostAPI *host;
        static SDPlugin *self;

        /* How callers ask. Phrases without values (numbers, dates) reach the fast path best: the
         * values go in slots. `smartdesk plugins check` says which phrases fall short. */
        static const char *const order_examples[] = {
        \(examples)
        };

        static const SDSlotSpec order_slots[] = {
            {sizeof(SDSlotSpec), "order", "digits", "What's your order number?", 0},
        };

        /* Looks an order up (a real plugin would ask its own system). */
        static const char *order_status(const char *order) {
            size_t length = strlen(order);
            return length > 0 && (order[length - 1] - '0') % 2 == 1 ? "ready to pick up" : "on its way";
        }

        static int handle_order(SDTurn *turn, void *userdata) {
            (void)userdata;
            const char *order = host->turn_slot(turn, "order"); /* digits, e.g. "12345" */
            if (order == NULL || order[0] == '\\0') return host->ask_slot(turn, "order", "Sorry, what was the order number?");
            char reply[SD_MAX_TEXT + 1];
            snprintf(reply, sizeof reply, "Order %s is %s.", order, order_status(order));
            return host->say(turn, reply);
        }

        /* The host checks the arguments against this schema before the tool runs. */
        static const char order_schema[] =
            "{\\"type\\":\\"object\\",\\"properties\\":{\\"order\\":{\\"type\\":\\"string\\",\\"description\\":\\"the order number\\"}},"
            "\\"required\\":[\\"order\\"],\\"additionalProperties\\":false}";

        static int order_tool(SDToolCall *call, const char *arguments_json, void *userdata) {
            (void)userdata;
            const char *start = strstr(arguments_json, "\\"order\\"");
            char order[32] = "";
            /* A space in a scanf format matches any run of spaces, none included. */
            if (start == NULL || sscanf(start, "\\"order\\" : \\"%31[0-9]\\"", order) != 1) {
                host->tool_error(call, "expected {\\"order\\": \\"12345\\"} (digits)");
                return SD_ERR;
            }
            char result[128];
            snprintf(result, sizeof result, "{\\"order\\":\\"%s\\",\\"status\\":\\"%s\\"}", order, order_status(order));
            return host->tool_result(call, result);
        }

        #define COUNT(array) ((uint32_t)(sizeof(array) / sizeof((array)[0])))

        SD_EXPORT int sd_plugin_init(SDPlugin *plugin, const SDHostAPI *api) {
            host = api;
            self = plugin;
            const SDIntentSpec order = {
                sizeof(SDIntentSpec), "\(name).order_status", "check on an order",
                order_examples, COUNT(order_examples), order_slots, COUNT(order_slots), handle_order, NULL, 0};
            const SDToolSpec tool = {
                sizeof(SDToolSpec), "\(name)_order_status", "The status of an order", order_schema, order_tool, NULL,
                SD_TOOL_FOR_MODEL, NULL};
            if (host->register_intent(self, &order) != SD_OK) return SD_ERR;
            if (host->register_tool(self, &tool) != SD_OK) return SD_ERR;
            return SD_OK;
        }

        """
    }

    var makefile: String {
        """
        # Plain cc against the SmartDesk header (include/smartdesk.h); nothing else is linked.
        CC ?= cc
        CFLAGS ?= -O2 -Wall -Wextra

        lib\(name).so: \(name).c include/smartdesk.h
        \t$(CC) $(CFLAGS) -shared -fPIC -Iinclude -o $@ \(name).c

        test: lib\(name).so
        \t./test.sh

        clean:
        \trm -f lib\(name).so

        .PHONY: test clean

        """
    }

    // MARK: Swift

    var package: String {
        """
        // swift-tools-version: 6.1
        import PackageDescription

        // The \(name) plugin as a shared library (\(library)), on SmartDeskPluginKit from the
        // SmartDesk checkout at the path below; a package by path is named by its folder
        // ("\(sourceRoot.lastPathComponent)"). For a published one: .package(url: …, from: …), package: "smartdesk".
        let package = Package(
            name: "\(moduleName)",
            products: [.library(name: "\(moduleName)", type: .dynamic, targets: ["\(moduleName)"])],
            dependencies: [.package(path: "\(sourceRoot.path)")],
            targets: [
                .target(name: "\(moduleName)", dependencies: [.product(name: "SmartDeskPluginKit", package: "\(sourceRoot.lastPathComponent)")]),
            ]
        )

        """
    }

    var swiftSource: String {
        let examples = examples.map { "        \"\($0)\"," }.joined(separator: "\n")
        return """
        import SmartDeskPluginKit
        import SmartDeskSDK

        /// The \(name) plugin: one intent with one slot, and one JSON tool. Built with `swift build`;
        /// checked and tried with `./test.sh`.
        final class \(moduleName)Plugin: SmartDeskPlugin {
            static let about = PluginDescription(name: "\(name)", version: "0.1.0", summary: "Order status")

            /// How callers ask. Phrases without values (numbers, dates) reach the fast path best:
            /// the values go in slots. `smartdesk plugins check` says which phrases fall short.
            static let examples = [
        \(examples)
            ]

            struct Order: Codable {
                var order: String
            }

            struct Status: Codable {
                var order: String
                var status: String
            }

            init(context: PluginContext) throws {
                try context.registerIntent(
                    name: "\(name).order_status", description: "check on an order", examples: Self.examples,
                    slots: [.init("order", type: "digits", question: "What's your order number?")]
                ) { turn in
                    guard let order = turn.slot("order"), !order.isEmpty else {
                        _ = turn.say("Sorry, what was the order number?")
                        return
                    }
                    _ = turn.say("Order \\(order) is \\(Self.status(of: order)).")
                }
                // The host checks the arguments against this schema before the tool runs.
                try context.registerTool(
                    name: "\(name)_order_status", description: "The status of an order",
                    parameters: #"{"type":"object","properties":{"order":{"type":"string","description":"the order number"}},"required":["order"],"additionalProperties":false}"#,
                    model: PluginContext.ModelAccess()
                ) { (arguments: Order) in Status(order: arguments.order, status: Self.status(of: arguments.order)) }
            }

            /// Looks an order up (a real plugin would ask its own system).
            static func status(of order: String) -> String {
                (order.last?.wholeNumberValue ?? 0) % 2 == 1 ? "ready to pick up" : "on its way"
            }
        }

        @_cdecl("sd_plugin_describe")
        public func describe() -> UnsafePointer<SDPluginDescriptor> { PluginKit.describe(\(moduleName)Plugin.self) }

        @_cdecl("sd_plugin_init")
        public func initialize(_ plugin: OpaquePointer?, _ api: UnsafePointer<SDHostAPI>?) -> Int32 {
            PluginKit.initialize(\(moduleName)Plugin.self, plugin: plugin, api: api)
        }

        @_cdecl("sd_plugin_unload")
        public func unload(_ plugin: OpaquePointer?) { PluginKit.unload(plugin: plugin) }

        """
    }

    // MARK: Both

    var testScript: String {
        let build = language == .c ? "make" : "swift build"
        return """
        #!/bin/sh
        # Builds the plugin, checks it in a scratch host beside the bundled skills (refusals, phrase
        # quality, overlaps, slot questions), then talks to it as a caller would.
        set -eu
        cd "$(dirname "$0")"
        SMARTDESK="${SMARTDESK:-\(executable)}"
        \(build)
        "$SMARTDESK" plugins check ./\(library)
        "$SMARTDESK" plugins tool \(name)_order_status '{"order":"12345"}' --no-bundled --plugin ./\(library)
        "$SMARTDESK" chat --no-bundled --plugin ./\(library) --script test-call.txt > transcript.txt
        cat transcript.txt
        grep -q "Order 12345 is ready to pick up" transcript.txt && echo "test.sh: the call went as expected"

        """
    }

    var readme: String {
        """
        # \(name)

        A SmartDesk skill plugin in \(language == .c ? "C" : "Swift"): one intent (`\(name).order_status`,
        "check on an order") with one slot (`order`, digits), and one JSON tool
        (`\(name)_order_status`, which the agent's language model may call).

        ```sh
        \(language == .c ? "make" : "swift build")                    # builds \(library)
        ./test.sh                    # builds, checks, calls the tool, and talks to it
        smartdesk plugins check ./\(library)    # refusals, phrase quality, overlaps with other plugins
        smartdesk chat --plugin ./\(library)    # try it by hand
        smartdesk plugins load --url http://127.0.0.1:8080 "$PWD/\(library)"   # into a running host
        ```

        The SDK's header (`SDK/include/smartdesk.h` in the SmartDesk checkout) says who owns every
        pointer, the limits and the threading rules; `SDK/examples/hello_plugin.c` is a tutorial.
        Write example phrases the way callers talk, without values: a number or a date belongs in a
        slot, and a phrase that carries one scores lower against the caller's own words.

        """
    }
}
