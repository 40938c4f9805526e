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
        .target(name: "FixtureAudio", dependencies: ["CSndFile"]),
        .target(name: "SignalFeatures", dependencies: ["CFFTW"]),
        .target(name: "Traces"),
        .target(name: "StreamingMetrics", dependencies: ["Traces"]),
        .target(name: "Adapters", dependencies: ["FixtureAudio", "Traces", "StreamingMetrics"]),
        .target(name: "Harness", dependencies: ["FixtureAudio", "SignalFeatures", "Traces", "StreamingMetrics", "Adapters"]),
        // One binary, many targets: FUZZ_TARGET picks the reader, so one
        // instrumented link serves every reader.
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "fixture-fuzz", dependencies: ["CFuzzerDriver", "Harness", "FixtureAudio", "Traces", "StreamingMetrics", "Adapters"]),
    ],
    swiftLanguageModes: [.v5]
)
