#!/usr/bin/env python3
"""The Python peer for Scripts/bench: the same work as `fixture-check features
MIC --far-end FAR`, written the way a speech team would write it with the
usual stack (soundfile + numpy STFT + webrtcvad + numpy GCC-PHAT).

It is a *comparison*, not part of the product. It reads whole files (as such
scripts do), computes a 25 ms / 10 ms STFT, a noise-floor SNR from the 10th
percentile of frame energies, WebRTC VAD decisions on 10 ms frames, and the
echo delay by GCC-PHAT over the first minute, then prints a JSON summary.
"""
import json
import sys

import numpy as np
import soundfile as sf
import webrtcvad


def stft_power(x, frame, hop, nfft):
    count = 1 + (len(x) - frame) // hop
    window = np.hanning(frame + 1)[:-1].astype(np.float32)
    out = np.empty(count, dtype=np.float64)
    step = 4096  # frames per batch: keeps the peer's memory reasonable
    for start in range(0, count, step):
        n = min(step, count - start)
        idx = (start + np.arange(n))[:, None] * hop + np.arange(frame)[None, :]
        spec = np.fft.rfft(x[idx] * window, n=nfft, axis=1)
        out[start:start + n] = (np.abs(spec) ** 2).sum(axis=1)
    return out


def snr_db(x, rate):
    frame, hop = int(0.025 * rate), int(0.010 * rate)
    power = stft_power(x, frame, hop, 1 << (frame - 1).bit_length())
    noise = max(np.percentile(power, 10), 1e-12)
    total = power.mean()
    return 10 * np.log10(max(total - noise, 1e-12) / noise)


def vad_ratio(x, rate):
    vad = webrtcvad.Vad(3)
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()
    step = int(rate * 0.01) * 2
    frames = [pcm[i:i + step] for i in range(0, len(pcm) - step + 1, step)]
    speech = sum(vad.is_speech(f, rate) for f in frames)
    return speech / max(1, len(frames))


def gcc_phat_delay_ms(mic, far, rate, max_ms=1000):
    n = min(len(mic), len(far), rate * 60)
    size = 1 << (2 * n - 1).bit_length()
    spec = np.fft.rfft(mic[:n], size) * np.conj(np.fft.rfft(far[:n], size))
    spec /= np.maximum(np.abs(spec), 1e-12)
    cc = np.fft.irfft(spec, size)
    lag_max = int(rate * max_ms / 1000)
    lag = int(np.argmax(cc[:lag_max + 1]))
    return 1000 * lag / rate


def main():
    mic, rate = sf.read(sys.argv[1], dtype="float32", always_2d=True)
    mic = mic.mean(axis=1)
    result = {"duration_s": len(mic) / rate, "snr_db": snr_db(mic, rate), "vad_speech_ratio": vad_ratio(mic, rate)}
    if len(sys.argv) > 2:
        far, far_rate = sf.read(sys.argv[2], dtype="float32", always_2d=True)
        far = far.mean(axis=1)
        result["echo_delay_ms"] = gcc_phat_delay_ms(mic, far, rate)
        result["far_snr_db"] = snr_db(far, far_rate)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
