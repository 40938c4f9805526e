import CSndFile

/// Names for libsndfile's container and sample formats, and the encodings
/// fixtures may be written in.
public enum AudioEncoding: String, CaseIterable, Sendable {
    case wavPCM16 = "wav-pcm16"
    case wavPCM24 = "wav-pcm24"
    case wavPCM32 = "wav-pcm32"
    case wavFloat = "wav-float"
    case flacPCM16 = "flac-pcm16"
    case flacPCM24 = "flac-pcm24"

    var sfFormat: Int32 {
        switch self {
        case .wavPCM16: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        case .wavPCM24: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24)
        case .wavPCM32: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_32)
        case .wavFloat: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
        case .flacPCM16: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        case .flacPCM24: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_24)
        }
    }

    private static let majors: [Int32: String] = [
        Int32(SF_FORMAT_WAV): "WAV", Int32(SF_FORMAT_AIFF): "AIFF", Int32(SF_FORMAT_AU): "AU",
        Int32(SF_FORMAT_RAW): "RAW", Int32(SF_FORMAT_W64): "W64", Int32(SF_FORMAT_WAVEX): "WAVEX",
        Int32(SF_FORMAT_FLAC): "FLAC", Int32(SF_FORMAT_OGG): "OGG", Int32(SF_FORMAT_CAF): "CAF",
        Int32(SF_FORMAT_RF64): "RF64", Int32(SF_FORMAT_MPEG): "MPEG",
    ]

    private static let subtypes: [Int32: String] = [
        Int32(SF_FORMAT_PCM_S8): "PCM_S8", Int32(SF_FORMAT_PCM_U8): "PCM_U8",
        Int32(SF_FORMAT_PCM_16): "PCM_16", Int32(SF_FORMAT_PCM_24): "PCM_24",
        Int32(SF_FORMAT_PCM_32): "PCM_32", Int32(SF_FORMAT_FLOAT): "FLOAT",
        Int32(SF_FORMAT_DOUBLE): "DOUBLE", Int32(SF_FORMAT_ULAW): "ULAW",
        Int32(SF_FORMAT_ALAW): "ALAW", Int32(SF_FORMAT_IMA_ADPCM): "IMA_ADPCM",
        Int32(SF_FORMAT_MS_ADPCM): "MS_ADPCM", Int32(SF_FORMAT_GSM610): "GSM610",
        Int32(SF_FORMAT_VORBIS): "VORBIS", Int32(SF_FORMAT_OPUS): "OPUS",
        Int32(SF_FORMAT_MPEG_LAYER_III): "MPEG_LAYER_III",
    ]

    static func majorName(_ format: Int32) -> String {
        let major = format & Int32(SF_FORMAT_TYPEMASK)
        return majors[major] ?? libsndfileName(major, command: Int32(SFC_GET_FORMAT_INFO))
    }

    static func subtypeName(_ format: Int32) -> String {
        let subtype = format & Int32(SF_FORMAT_SUBMASK)
        return subtypes[subtype] ?? libsndfileName(subtype, command: Int32(SFC_GET_FORMAT_INFO))
    }

    private static func libsndfileName(_ code: Int32, command: Int32) -> String {
        var formatInfo = SF_FORMAT_INFO()
        formatInfo.format = code
        let status = sf_command(nil, command, &formatInfo, Int32(MemoryLayout<SF_FORMAT_INFO>.size))
        guard status == 0, let name = formatInfo.name else { return String(format: "0x%05x", code) }
        return String(cString: name)
    }
}
