// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "fixture-check",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fixture-check", targets: ["fixture-check"]),
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

        .target(name: "FixtureAudio", dependencies: ["CSndFile"]),
        .target(name: "SignalFeatures", dependencies: ["CFFTW"]),
        .target(name: "Traces"),
        .target(name: "StreamingMetrics", dependencies: ["Traces"]),
        .target(
            name: "Harness",
            dependencies: ["FixtureAudio", "SignalFeatures", "Traces", "StreamingMetrics"]
        ),
        .executableTarget(
            name: "fixture-check",
            dependencies: [
                "Harness",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "FixtureAudioTests", dependencies: ["FixtureAudio"]),
        .testTarget(name: "SignalFeaturesTests", dependencies: ["SignalFeatures"]),
        .testTarget(name: "CLITests", dependencies: ["fixture-check", "FixtureAudio"]),
        .testTarget(name: "AuthoringTests", dependencies: ["Harness", "FixtureAudio", "Traces", "StreamingMetrics"]),
        .testTarget(name: "CoverageTests", dependencies: ["Harness", "Traces"]),
    ],
    swiftLanguageModes: [.v5]
)
