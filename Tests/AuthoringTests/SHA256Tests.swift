import Authoring
import XCTest

/// Our SHA-256 matches the FIPS 180-4 example digests, however the input
/// is split across updates.
final class SHA256Tests: XCTestCase {
    func testFIPSExampleVectors() {
        XCTAssertEqual(SHA256.hex(of: Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(of: Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testMillionAs() {
        XCTAssertEqual(SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Reference from Python's hashlib: `sha256(bytes(range(256)) * 3)`.
    func testSplitUpdatesEqualOneShot() {
        let bytes = (0..<3).flatMap { _ in (0...255).map(UInt8.init) }
        let expected = "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363"
        XCTAssertEqual(SHA256.hex(of: bytes), expected)
        for chunk in [1, 7, 63, 64, 65, 200] {
            var hasher = SHA256()
            for start in stride(from: 0, to: bytes.count, by: chunk) {
                hasher.update(bytes[start..<min(start + chunk, bytes.count)])
            }
            XCTAssertEqual(hasher.hexDigest(), expected, "chunks of \(chunk)")
        }
    }
}
