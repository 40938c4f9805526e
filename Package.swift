// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "fixture-check",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fixture-check", targets: ["fixture-check"]),
        .executable(name: "sphinx-adapter", targets: ["sphinx-adapter"]),
        .executable(name: "espeak-adapter", targets: ["espeak-adapter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System-library shims: no logic, only the C headers and link flags.
        .systemLibrary(
            name: "CSndFile",
            pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"]), .brew(["libsndfile"])]
        ),
        .systemLibrary(
            name: "CFFTW",
            pkgConfig: "fftw3f",
            providers: [.apt(["libfftw3-dev"]), .brew(["fftw"])]
        ),
        // Reference engines for the adapter executables (SPEC §6).
        .systemLibrary(
            name: "CPocketSphinx",
            pkgConfig: "pocketsphinx",
            providers: [.apt(["libpocketsphinx-dev", "pocketsphinx-en-us"])]
        ),
        .systemLibrary(
            name: "CEspeakNG",
            pkgConfig: "espeak-ng",
            providers: [.apt(["libespeak-ng-dev"])]
        ),
        // glibc's malloc.h (mallopt), for the CLI's memory policy.
        .systemLibrary(name: "CMalloc"),

        .target(name: "FixtureAudio", dependencies: ["CSndFile"]),
        .target(name: "SignalFeatures", dependencies: ["CFFTW"]),
        .target(name: "Traces"),
        .target(name: "StreamingMetrics", dependencies: ["Traces"]),
        .target(name: "Adapters", dependencies: ["FixtureAudio", "Traces", "StreamingMetrics"]),
        .target(
            name: "Harness",
            dependencies: ["FixtureAudio", "SignalFeatures", "Traces", "StreamingMetrics", "Adapters"]
        ),
        // Reference adapters: separate processes speaking the SPEC §6
        // protocol exactly as a third-party engine would.
        .executableTarget(name: "sphinx-adapter", dependencies: ["CPocketSphinx", "Traces"]),
        .executableTarget(name: "espeak-adapter", dependencies: ["CEspeakNG", "Traces"]),
        .executableTarget(name: "conformance-adapter", dependencies: ["Traces"]),
        .executableTarget(
            name: "fixture-check",
            dependencies: [
                "Harness",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "FixtureAudioTests", dependencies: ["FixtureAudio"]),
        .testTarget(name: "SignalFeaturesTests", dependencies: ["SignalFeatures", "FixtureAudio"]),
        .testTarget(name: "GateTests", dependencies: ["Harness", "Traces", "StreamingMetrics", "FixtureAudio"]),
        .testTarget(name: "GroundingTests", dependencies: ["Traces", "StreamingMetrics"]),
        .testTarget(name: "DecisionsTests", dependencies: ["Harness", "Traces", "StreamingMetrics"]),
        .target(name: "CLITestSupport", path: "Tests/Support"),
        .testTarget(name: "CLITests", dependencies: ["CLITestSupport", "fixture-check", "FixtureAudio", "conformance-adapter"]),
        .testTarget(name: "TracesTests", dependencies: ["Traces"]),
        .testTarget(name: "StreamingMetricsTests", dependencies: ["StreamingMetrics", "Traces"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "StreamingMetrics", "Traces", "FixtureAudio"]),
        // Bad-input catalog, crash reproducers from Scripts/fuzz (Corpus/),
        // atomic writes, fixture timeouts, privacy canaries.
        .testTarget(
            name: "ReliabilityTests",
            dependencies: ["CLITestSupport", "fixture-check", "conformance-adapter", "Harness", "Traces", "StreamingMetrics",
                           "FixtureAudio", "Adapters"],
            exclude: ["Corpus"]
        ),
        .testTarget(
            name: "AdaptersTests",
            dependencies: ["Adapters", "FixtureAudio", "Traces",
                           "sphinx-adapter", "espeak-adapter", "conformance-adapter"]
        ),
        .testTarget(name: "TimelineTests", dependencies: ["Harness", "StreamingMetrics", "Traces", "FixtureAudio"]),
        .testTarget(name: "AuthoringTests", dependencies: ["Harness", "FixtureAudio", "Traces", "StreamingMetrics"]),
        .testTarget(name: "CoverageTests", dependencies: ["Harness", "Traces"]),
        .testTarget(
            name: "SynthesisTests",
            dependencies: ["Harness", "Adapters", "SignalFeatures", "FixtureAudio", "Traces", "StreamingMetrics",
                           "sphinx-adapter", "espeak-adapter"]
        ),
    ],
    swiftLanguageModes: [.v5]
)
