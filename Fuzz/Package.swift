// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for every reader of untrusted bytes (docs/reliability.md).
// The product's modules are symlinked in (Sources/<Module> -> ../../Sources),
// so they are compiled with the same coverage and AddressSanitizer flags as
// the fuzz driver: `Scripts/fuzz` builds with
// `-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library`.
let package = Package(
    name: "fixture-check-fuzz",
    targets: [
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile"),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f"),
        .target(name: "FixtureAudio", dependencies: ["CSndFile", "FileFormats"]),
        .target(name: "SignalFeatures", dependencies: ["CFFTW"]),
        .target(name: "FileFormats"),
        .target(name: "Traces", dependencies: ["FileFormats"]),
        .target(name: "StreamingMetrics", dependencies: ["FileFormats", "Traces"]),
        .target(name: "Adapters", dependencies: ["FileFormats", "FixtureAudio", "Traces", "StreamingMetrics"]),
        .target(
            name: "FixtureKit",
            dependencies: ["FileFormats", "FixtureAudio", "SignalFeatures", "Traces", "StreamingMetrics", "Adapters"]
        ),
        .target(name: "Gate", dependencies: ["FileFormats", "Traces", "StreamingMetrics", "FixtureKit"]),
        .target(name: "Insights", dependencies: ["FileFormats", "Traces", "StreamingMetrics", "FixtureKit"]),
        // One binary, many targets: FUZZ_TARGET picks the reader, so one
        // instrumented link serves every reader.
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "fixture-fuzz", dependencies: [
            "CFuzzerDriver", "FileFormats", "FixtureAudio", "Traces", "StreamingMetrics", "Adapters", "FixtureKit", "Gate",
            "Insights",
        ]),
    ],
    swiftLanguageModes: [.v5]
)
