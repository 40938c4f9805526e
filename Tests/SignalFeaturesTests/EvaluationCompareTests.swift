import CLITestSupport
import Foundation
import XCTest

/// `Scripts/eval-features --wide --compare` reports what a second build
/// changed on the same cases: moved, closer, further, bucket misses fixed
/// and made. Every draw of a part names its cases alike, so runs of two
/// draws must not be compared as one.
final class EvaluationCompareTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A held-out run of three cases at 2.5 dB, `estimates` the SNRs read.
    func run(_ estimates: [Double?], truth: Double = 2.5) -> [String: Any] {
        let rows: [[String: Any]] = estimates.enumerated().map { i, est in
            ["case": "held-out-00\(i)-alsa-human-babble-+2.5-16000-PCM_16-1ch.wav", "noise": "babble", "snr": truth,
             "cells": 500, "noise_dbfs_true": -40.0, "speech_dbfs_true": -40.0 + truth,
             "est": est as Any? ?? NSNull(), "f1": 0.9]
        }
        return ["held-out": ["rows": rows, "echo": [Any]()]]
    }

    func compare(_ before: [String: Any], _ after: [String: Any]) throws -> CLIResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fc-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, run) in [("before.json", before), ("after.json", after)] {
            try JSONSerialization.data(withJSONObject: run).write(to: folder.appendingPathComponent(name))
        }
        return try CLI.shell(".venv/bin/python Scripts/eval-features-wide.py --compare \(folder.path)/before.json \(folder.path)/after.json",
                             cwd: root)
    }

    func testItCountsTheCasesMovedCloserAndFurtherAndTheMissesFixedAndMade() throws {
        // Case 0 unmoved; case 1 from a miss (−1.5) into the bucket (3.0);
        // case 2 from the bucket (2.0) to a miss (−0.5); null reads as a miss.
        let result = try compare(run([2.5, -1.5, 2.0]), run([2.5, 3.0, -0.5]))
        XCTAssertEqual(result.status, 0, "run Scripts/setup for .venv: " + result.stderr)
        XCTAssertTrue(result.stdout.contains("== held-out: 3 cases, 2 moved: 1 closer (by up to 3.50 dB), 1 further (by up to 2.50 dB)"),
                      result.stdout)
        XCTAssertTrue(result.stdout.contains("(misses fixed 1, made 1)"), result.stdout)
        let null = try compare(run([2.5, 2.5, 2.5]), run([2.5, 2.5, nil]))
        XCTAssertTrue(null.stdout.contains("1 moved: 0 closer (by up to 0.00 dB), 1 further"), null.stdout)
        XCTAssertTrue(null.stdout.contains("(null SNR 0 -> 1)"), null.stdout)
        XCTAssertTrue(null.stdout.contains("bucket misses where they changed (noise, SNR): babble 2.5 dB 0 -> 1"), null.stdout)
    }

    func testRunsOfTwoDrawsAreRefusedNamingTheFile() throws {
        let result = try compare(run([2.5, 2.5, 2.5]), run([2.5, 2.5, 2.5], truth: 7.5))
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("after.json: does not hold 3 of the 3 held-out cases"), result.stderr)
    }
}
