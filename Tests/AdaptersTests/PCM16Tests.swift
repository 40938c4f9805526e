import Adapters
import XCTest

/// The wire format of audio: little-endian 16-bit PCM in base64.
final class PCM16Tests: XCTestCase {
    /// 1 → 01 00, −2 → FE FF; base64 of 01 00 FE FF is "AQD+/w==".
    func testBytesAreLittleEndian() {
        XCTAssertEqual(PCM16.base64([1, -2]), "AQD+/w==")
        XCTAssertEqual(PCM16.decode(base64: "AQD+/w=="), [1, -2])
    }

    func testDecodingRefusesOddLengthsAndNonBase64() {
        XCTAssertNil(PCM16.decode(base64: "AQD+"))
        XCTAssertNil(PCM16.decode(base64: "not base64!"))
    }

    func testQuantizationRoundsAndSaturates() {
        XCTAssertEqual(PCM16.quantize([0, 0.5, -0.5, 1.0, -1.0, 2.0, 1.0 / 65_536 * 1.01]), [0, 16_384, -16_384, 32_767, -32_768, 32_767, 1])
    }

    /// Every 16-bit value survives float and back, as a 16-bit WAV read
    /// through libsndfile must.
    func testSixteenBitValuesRoundTripExactly() {
        let all = (Int(Int16.min)...Int(Int16.max)).map { Int16($0) }
        XCTAssertEqual(PCM16.quantize(PCM16.floats(all)), all)
    }
}
