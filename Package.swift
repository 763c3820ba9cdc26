// swift-tools-version: 6.1
import PackageDescription

/// One set of compiler settings for every target (see STYLE.md: no per-target drift).
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The numeric kernels of the embedding model are optimised in debug builds too: unoptimised, a
/// forward pass is ~50× slower and the reference and evaluation tests would take minutes.
let numericSettings: [SwiftSetting] = swiftSettings + [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "smartdesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "smartdesk", targets: ["smartdesk"]),
        .library(name: "Core", targets: ["Core"]),
        .library(name: "Embeddings", targets: ["Embeddings"]),
        .library(name: "SmartDeskPluginKit", targets: ["SmartDeskPluginKit"]),
        // The bundled skill plugins, each its own shared library (lib<Name>.so beside the executable).
        .library(name: "Scheduling", type: .dynamic, targets: ["SchedulingPlugin"]),
        .library(name: "Billing", type: .dynamic, targets: ["BillingPlugin"]),
        .library(name: "CRM", type: .dynamic, targets: ["CRMPlugin"]),
        .library(name: "Handoff", type: .dynamic, targets: ["HandoffPlugin"]),
        .library(name: "FAQ", type: .dynamic, targets: ["FAQPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // HMAC-SHA1/SHA-256 for Twilio request signatures: vetted primitives, not hand-rolled crypto.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // /metrics: swift-metrics' types over a Prometheus registry of the host's own (no global bootstrap).
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: C shims (module map only)
        .systemLibrary(
            name: "COpenBLAS",
            path: "Host/COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),

        .systemLibrary(
            name: "CFFI",
            path: "Host/CFFI",
            pkgConfig: "libffi",
            providers: [.apt(["libffi-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            path: "Host/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),

        .systemLibrary(
            name: "CLibPQ",
            path: "Host/CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        .systemLibrary(
            name: "CPocketSphinx",
            path: "Host/CPocketSphinx",
            pkgConfig: "pocketsphinx",
            providers: [.apt(["libpocketsphinx-dev", "libsphinxbase-dev", "pocketsphinx-en-us"])]
        ),
        .systemLibrary(
            name: "CCurl",
            path: "Host/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        /// Flite has no pkg-config file: the module map names its libraries.
        .systemLibrary(
            name: "CFlite",
            path: "Host/CFlite",
            providers: [.apt(["flite1-dev"])]
        ),
        /// Gives each synthesis thread its own `rand()` sequence (see its header): Flite's noise
        /// is then the same for the same text, whatever else the process synthesises.
        .target(
            name: "CSynthesisNoise",
            path: "Host/CSynthesisNoise",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        .systemLibrary(
            name: "CSpeexDSP",
            path: "Host/CSpeexDSP",
            pkgConfig: "speexdsp",
            providers: [.apt(["libspeexdsp-dev"])]
        ),
        /// A C face for WebRTC's (C++) audio processing module: noise suppression and VAD.
        .target(
            name: "CWebRTCAudio",
            path: "Host/CWebRTCAudio",
            cxxSettings: [.unsafeFlags(["-I/usr/include/webrtc_audio_processing", "-DWEBRTC_POSIX", "-DWEBRTC_AUDIO_PROCESSING_ONLY_BUILD"])],
            linkerSettings: [.linkedLibrary("webrtc_audio_processing")]
        ),

        // MARK: SDK
        /// The plugin ABI: `SDK/include/smartdesk.h` (the `.c` file is empty; C targets need one).
        .target(
            name: "SmartDeskSDK",
            path: "SDK",
            exclude: ["Swift", "examples", "README.md"],
            sources: ["sdk.c"],
            publicHeadersPath: "include"
        ),
        /// The thin Swift layer for Swift plugin authors.
        .target(
            name: "SmartDeskPluginKit",
            dependencies: ["Locks", "SmartDeskSDK", "CSQLite"],
            path: "SDK/Swift",
            swiftSettings: swiftSettings
        ),

        /// Hot loops of the embedding model in C, one variant per instruction set (picked at load).
        /// Optimised in every configuration, like the Swift kernels.
        .target(
            name: "CKernels",
            path: "Host/CKernels",
            cSettings: [.unsafeFlags(["-O2", "-Wno-psabi"])]
        ),

        // MARK: Host modules
        /// `Mutex` for every module: the standard one, or one ThreadSanitizer sees (Host/Locks).
        .target(
            name: "Locks",
            path: "Host/Locks",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Core",
            path: "Host/Core",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Embeddings",
            dependencies: ["Locks", "COpenBLAS", "CKernels"],
            path: "Host/Embeddings",
            swiftSettings: numericSettings
        ),
        .target(
            name: "LLM",
            dependencies: ["Locks", "HTTPClient"],
            path: "Host/LLM",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Speech",
            dependencies: ["Locks", "Core", "CPocketSphinx", "CFlite", "CSynthesisNoise", "CSpeexDSP", "CWebRTCAudio"],
            path: "Host/Speech",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PluginHost",
            dependencies: ["Locks", "Core", "SmartDeskSDK", "CFFI"],
            path: "Host/PluginHost",
            swiftSettings: swiftSettings
        ),
        /// Calls' events into SQLite or PostgreSQL (a writer thread, a spill file), the handoff
        /// queue the hosts share, and the daily report.
        .target(
            name: "Analytics",
            dependencies: [
                "Locks", "Core", "CSQLite", "CLibPQ",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Host/Analytics",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Agent",
            dependencies: ["Locks", "Core", "PluginHost", "Embeddings", "LLM", "HTTPClient"],
            path: "Host/Agent",
            swiftSettings: swiftSettings
        ),
        /// Outbound HTTP over libcurl (Twilio's REST API; LLM endpoints later).
        .target(
            name: "HTTPClient",
            dependencies: ["Locks", "CCurl"],
            path: "Host/HTTPClient",
            swiftSettings: swiftSettings
        ),
        /// The live audio call: VAD, endpointing, STT, the agent, TTS and playback accounting, with no
        /// sockets (a transport feeds it audio and marks and sends what it emits).
        .target(
            name: "Voice",
            dependencies: ["Locks", "Core", "Agent", "Speech", "PluginHost"],
            path: "Host/Voice",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "Locks", "Core",
                "Agent",
                "Speech",
                "Voice",
                "PluginHost",
                "HTTPClient",
                "Analytics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Host/Server",
            swiftSettings: swiftSettings
        ),
        /// A caller for tests and `smartdesk call`: Twilio's side of a call, with a person on the line.
        .target(
            name: "Caller",
            dependencies: [
                "Core",
                "Speech",
                "Server",
                "HTTPClient",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "Host/Caller",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SmartDeskCLI",
            dependencies: [
                "Locks", "Core",
                "Server",
                "Caller",
                "Voice",
                "HTTPClient",
                "LLM",
                "Embeddings",
                "PluginHost",
                "Agent",
                "Speech",
                "Analytics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "Host/SmartDeskCLI",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "smartdesk",
            dependencies: [
                "SmartDeskCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Host/smartdesk",
            swiftSettings: swiftSettings
        ),

        // MARK: Bundled plugins
        .target(
            name: "SchedulingPlugin",
            dependencies: ["Locks", "SmartDeskPluginKit"],
            path: "Plugins/Scheduling",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BillingPlugin",
            dependencies: ["SmartDeskSDK"],
            path: "Plugins/Billing",
            cSettings: [.unsafeFlags(["-Wall", "-Wextra"])],
            linkerSettings: [.linkedLibrary("sqlite3")]
        ),
        .target(
            name: "CRMPlugin",
            dependencies: ["Locks", "SmartDeskPluginKit"],
            path: "Plugins/CRM",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HandoffPlugin",
            dependencies: ["Locks", "SmartDeskPluginKit"],
            path: "Plugins/Handoff",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FAQPlugin",
            dependencies: ["Locks", "SmartDeskPluginKit"],
            path: "Plugins/FAQ",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LLMTestSupport",
            dependencies: [
                "Locks", "LLM", "HTTPClient", "TestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/LLMTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LLMTests",
            dependencies: ["LLM", "HTTPClient", "LLMTestSupport", "TestSupport"],
            path: "Tests/LLMTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CoreTests",
            dependencies: ["Core", "TestSupport"],
            path: "Tests/CoreTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EmbeddingsTests",
            dependencies: ["Embeddings", "CKernels", "COpenBLAS", "TestSupport"],
            path: "Tests/EmbeddingsTests",
            swiftSettings: swiftSettings
        ),
        /// Plain C functions the typed-tool tests call through libffi.
        .target(
            name: "CToolFixtures",
            path: "Tests/CToolFixtures"
        ),
        .testTarget(
            name: "PluginHostTests",
            dependencies: ["Locks", "PluginHost", "Core", "SmartDeskSDK", "CToolFixtures", "TestSupport"],
            path: "Tests/PluginHostTests",
            swiftSettings: swiftSettings
        ),
        /// A real agent for tests (model, dlopened plugins, fixed clock), shared by the agent,
        /// voice and server tests.
        .target(
            name: "AgentTestSupport",
            dependencies: ["Agent", "PluginHost", "Core", "Embeddings", "Speech", "Voice", "TestSupport"],
            path: "Tests/AgentTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AgentTests",
            dependencies: ["Locks", "Agent", "PluginHost", "Core", "Embeddings", "Speech", "TestSupport", "AgentTestSupport", "LLM", "LLMTestSupport", "Analytics"],
            path: "Tests/AgentTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SpeechTests",
            dependencies: ["Locks", "Speech", "Core", "CSynthesisNoise", "TestSupport"],
            path: "Tests/SpeechTests",
            swiftSettings: swiftSettings
        ),
        /// Scripted speech engines, a model-free embedding and a stream-time driver for `CallFlow`:
        /// voice scenarios that run in microseconds, with no sleeps and no polling.
        .target(
            name: "VoiceTestSupport",
            dependencies: ["Locks", "Voice", "Agent", "Speech", "Core", "Embeddings"],
            path: "Tests/VoiceTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VoiceTests",
            dependencies: [
                "Locks", "Voice", "Agent", "Speech", "Core", "PluginHost", "Embeddings", "TestSupport", "AgentTestSupport", "VoiceTestSupport", "LLM",
                "LLMTestSupport",
            ],
            path: "Tests/VoiceTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Locks", "Server", "Caller", "Voice", "Analytics", "Agent", "Speech", "Core", "TestSupport", "AgentTestSupport", "HTTPClient", "PluginHost",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/ServerTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AnalyticsTests",
            dependencies: ["Locks", "Analytics", "Core", "TestSupport"],
            path: "Tests/AnalyticsTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SmartDeskCLITests",
            dependencies: ["Locks", "SmartDeskCLI", "Core", "Embeddings", "TestSupport", "HTTPClient", "LLM", "Agent", "Analytics", "LLMTestSupport", "Server",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "HummingbirdWSClient", package: "hummingbird-websocket")],
            path: "Tests/SmartDeskCLITests",
            swiftSettings: swiftSettings
        ),
    ]
)
