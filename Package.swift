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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // MARK: C shims (module map only)
        .systemLibrary(
            name: "COpenBLAS",
            path: "Host/COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),

        /// Hot loops of the embedding model in C, one variant per instruction set (picked at load).
        /// Optimised in every configuration, like the Swift kernels.
        .target(
            name: "CKernels",
            path: "Host/CKernels",
            cSettings: [.unsafeFlags(["-O2", "-Wno-psabi"])]
        ),

        // MARK: Host modules
        .target(
            name: "Core",
            path: "Host/Core",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Embeddings",
            dependencies: ["COpenBLAS", "CKernels"],
            path: "Host/Embeddings",
            swiftSettings: numericSettings
        ),
        .target(
            name: "SmartDeskCLI",
            dependencies: [
                "Core",
                "Embeddings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
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

        // MARK: Tests
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
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
        .testTarget(
            name: "SmartDeskCLITests",
            dependencies: ["SmartDeskCLI", "Core", "Embeddings", "TestSupport"],
            path: "Tests/SmartDeskCLITests",
            swiftSettings: swiftSettings
        ),
    ]
)
