// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "fixture-check",
    platforms: [.macOS(.v15)],
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
        // Reference engines for the adapter executables (docs/adapters.md).
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

        // A JSON/file-format base: no domain knowledge.
        .target(name: "FileFormats"),
        .target(name: "FixtureAudio", dependencies: ["CSndFile", "FileFormats"]),
        .target(name: "FourierTransforms", dependencies: ["CFFTW"]),
        .target(name: "SignalFeatures", dependencies: ["FourierTransforms"]),
        .target(name: "Traces", dependencies: ["FileFormats"]),
        .target(name: "StreamingMetrics", dependencies: ["FileFormats", "Traces"]),
        .target(name: "Adapters", dependencies: ["FileFormats", "FixtureAudio", "Traces", "StreamingMetrics"]),
        // One fixture: manifest codec, runner, the FixtureRun value.
        .target(
            name: "FixtureKit",
            dependencies: ["FileFormats", "FixtureAudio", "SignalFeatures", "Traces", "StreamingMetrics", "Adapters"]
        ),
        // What reads FixtureRuns: the gate, the insights, the pages.
        .target(name: "Gate", dependencies: ["FileFormats", "Traces", "StreamingMetrics", "FixtureKit"]),
        .target(name: "Insights", dependencies: ["FileFormats", "Traces", "StreamingMetrics", "FixtureKit"]),
        .target(name: "TimelineView", dependencies: ["FileFormats", "FixtureAudio", "Traces", "StreamingMetrics", "FixtureKit"]),
        // What writes fixtures: add, synth, duplex scenes.
        .target(
            name: "Authoring",
            dependencies: ["FileFormats", "FixtureAudio", "SignalFeatures", "Traces", "StreamingMetrics", "Adapters",
                           "FixtureKit"]
        ),
        // Reference adapters: separate processes speaking the adapter
        // protocol (docs/adapters.md) exactly as a third-party engine would.
        .executableTarget(name: "sphinx-adapter", dependencies: ["CPocketSphinx", "FileFormats"]),
        .executableTarget(name: "espeak-adapter", dependencies: ["CEspeakNG", "FileFormats"]),
        .executableTarget(name: "conformance-adapter", dependencies: ["FileFormats"]),
        // The CLI: commands in a library (parsing tested in-process), and a
        // one-line executable.
        .target(
            name: "FixtureCheckCommands",
            dependencies: [
                "FileFormats", "Traces", "StreamingMetrics", "Adapters", "FixtureKit", "Gate", "Insights",
                "TimelineView", "Authoring",
                .target(name: "CMalloc", condition: .when(platforms: [.linux])),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "fixture-check", dependencies: ["FixtureCheckCommands"]),

        // Tests 1:1 with modules; CLITests and ReliabilityTests drive the
        // real executable.
        .target(name: "CLITestSupport", path: "Tests/Support"),
        .testTarget(name: "FileFormatsTests", dependencies: ["FileFormats"]),
        .testTarget(name: "FixtureAudioTests", dependencies: ["FixtureAudio"]),
        // The tests' reference STFT (SignalFeatures and Authoring tests).
        .target(name: "SpectralReference", dependencies: ["SignalFeatures", "FourierTransforms"], path: "Tests/SpectralReference"),
        .testTarget(name: "SignalFeaturesTests", dependencies: ["SignalFeatures", "FourierTransforms", "FixtureAudio", "FileFormats", "SpectralReference", "CLITestSupport"],
                    exclude: ["Audio"]),
        .testTarget(name: "TracesTests", dependencies: ["FileFormats", "Traces"]),
        .testTarget(name: "StreamingMetricsTests", dependencies: ["FileFormats", "StreamingMetrics", "Traces"]),
        .testTarget(
            name: "AdaptersTests",
            dependencies: ["Adapters", "FileFormats", "FixtureAudio", "Traces",
                           "sphinx-adapter", "espeak-adapter", "conformance-adapter"]
        ),
        .testTarget(
            name: "FixtureKitTests",
            dependencies: ["FixtureKit", "FileFormats", "StreamingMetrics", "Traces", "FixtureAudio", "SignalFeatures"]
        ),
        .testTarget(
            name: "GateTests",
            dependencies: ["Gate", "FixtureKit", "FileFormats", "Traces", "StreamingMetrics", "FixtureAudio"]
        ),
        .testTarget(
            name: "InsightsTests",
            dependencies: ["Insights", "FixtureKit", "FileFormats", "Traces", "StreamingMetrics"]
        ),
        .testTarget(
            name: "TimelineViewTests",
            dependencies: ["TimelineView", "FixtureKit", "FileFormats", "StreamingMetrics", "Traces", "FixtureAudio"]
        ),
        .testTarget(
            name: "AuthoringTests",
            dependencies: ["Authoring", "FixtureKit", "Adapters", "SignalFeatures", "FileFormats", "FixtureAudio",
                           "Traces", "StreamingMetrics", "sphinx-adapter", "espeak-adapter", "SpectralReference"]
        ),
        .testTarget(
            name: "FixtureCheckCommandsTests",
            dependencies: ["FixtureCheckCommands", "Gate", "Traces",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["CLITestSupport", "fixture-check", "FixtureAudio", "conformance-adapter"]
        ),
        // Bad-input catalog, crash reproducers from Scripts/fuzz (Corpus/),
        // atomic writes, fixture timeouts, privacy canaries.
        .testTarget(
            name: "ReliabilityTests",
            dependencies: ["CLITestSupport", "fixture-check", "conformance-adapter", "FixtureKit", "Gate", "Insights",
                           "Authoring", "FileFormats", "Traces", "StreamingMetrics", "FixtureAudio", "Adapters"],
            exclude: ["Corpus"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
