#!/usr/bin/env python3
"""Accuracy of `fixture-check features` on a seeded synthetic set.

Builds speech tracks from espeak-ng (several languages and voices), mixes
them with white, pink, brown, babble and 50 Hz-hum noise at SNRs placed at
the bucket centres, across 8/16/44.1/48 kHz, PCM16/PCM24/float, mono and
stereo; and echo cases (far-end speech through a synthetic room response
with known delay and ERL, some with near-end double talk). Truth follows
docs/features.md exactly:

  P_speech  active speech level of the clean speech, ITU-T P.56 style on
            10 ms frames: A = mean{p_i : p_i >= A * 10^-1.59} (iterated)
  P_noise   mean square of the added noise over the whole track
  VAD truth the 10 ms frames of the clean speech with p_i >= A * 10^-1.59
  delay     the room response's direct-path lag; ERL = 10 log10(P_far/P_echo)

Peers on the same audio: WADA-SNR (Kim & Stern 2008, its G→SNR table
rebuilt here by simulation from the paper's model: Gamma(0.4) speech
amplitude plus Gaussian noise) and WebRTC VAD (modes 0–3).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import soundfile as sf
import webrtcvad
from scipy import signal

TEXTS = {
    "en-us+m3": ["turn left at the light and keep going", "please set an alarm for seven thirty tomorrow morning",
                 "what is the weather like in boston today"],
    "en-gb+f2": ["could you read me the last message again", "play something relaxing in the kitchen"],
    "de+m1": ["wie spät ist es in berlin", "bitte schalte das licht im wohnzimmer aus"],
    "fr+f3": ["quel temps fait il à paris demain", "appelle ma soeur sur son portable"],
    "es+m2": ["pon una alarma para las siete", "cuál es la capital de argentina"],
    "hi": ["आज मौसम कैसा है", "मुझे एक गाना सुनाओ"],
}
BUCKET_CENTRES = [-3.0, 2.5, 7.5, 12.5, 17.5, 25.0, 35.0]
BUCKETS = ["<0", "0-5", "5-10", "10-15", "15-20", "20-30", ">=30"]
RATES = [8000, 16000, 44100, 48000]
SUBTYPES = ["PCM_16", "PCM_24", "FLOAT"]
NOISES = ["white", "pink", "brown", "babble", "hum"]
# The hum's mains frequency (`--mains-hz` of the widened set).
MAINS_HZ = 50


def bucket(db):
    for edge, name in zip([0, 5, 10, 15, 20, 30], BUCKETS):
        if db < edge:
            return name
    return ">=30"


def espeak(voice, text, path):
    subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "-w", path, text], check=True)
    x, fs = sf.read(path)
    return x, fs


class Speech:
    """A pool of espeak-ng utterances, resampled on demand."""

    def __init__(self, work):
        self.utterances = []
        for voice, texts in TEXTS.items():
            for i, text in enumerate(texts):
                x, fs = espeak(voice, text, os.path.join(work, f"u-{voice}-{i}.wav"))
                self.utterances.append((voice, x, fs))

    def at(self, index, rate):
        voice, x, fs = self.utterances[index % len(self.utterances)]
        g = np.gcd(rate, fs)
        return signal.resample_poly(x, rate // g, fs // g)

    def track(self, rng, rate, seconds=6.0):
        """Utterances separated by pauses; returns the clean track."""
        out = [np.zeros(int(rng.uniform(0.3, 0.8) * rate))]
        total = len(out[0])
        while total < seconds * rate:
            u = self.at(int(rng.integers(0, 1 << 30)), rate)
            u = u / (np.sqrt(np.mean(u ** 2)) + 1e-12) * 0.05 * rng.uniform(0.5, 2)
            pause = np.zeros(int(rng.uniform(0.25, 0.9) * rate))
            out += [u, pause]
            total += len(u) + len(pause)
        return np.concatenate(out)


def coloured(rng, n, rate, exponent):
    """Gaussian noise with power spectrum ∝ 1/f^exponent (above 20 Hz)."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / rate)
    shape = np.ones_like(f)
    shape[1:] = np.maximum(f[1:], 20.0) ** (-exponent / 2)
    shape[0] = 0
    return np.fft.irfft(spectrum * shape, n)


def make_noise(kind, rng, n, rate, speech):
    if kind == "white":
        return rng.standard_normal(n)
    if kind == "pink":
        return coloured(rng, n, rate, 1)
    if kind == "brown":
        return coloured(rng, n, rate, 2)
    if kind == "hum":
        t = np.arange(n) / rate
        phase = rng.uniform(0, 2 * np.pi, 8)
        return sum((0.7 ** h) * np.sin(2 * np.pi * MAINS_HZ * (h + 1) * t + phase[h]) for h in range(8))
    if kind == "babble":
        voices = []
        for _ in range(6):
            v = speech.track(rng, rate, seconds=n / rate + 1)[:n]
            v = np.concatenate([v[int(rng.integers(0, rate)):], v])[:n]
            voices.append(v / (np.sqrt(np.mean(v ** 2)) + 1e-12))
        return np.sum(voices, axis=0)
    raise ValueError(kind)


def frame_powers(x, rate):
    hop = int(round(rate / 100))
    n = len(x) // hop
    return np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1), hop


def active_level(x, rate):
    """P.56-style active level and activity mask on 10 ms frames."""
    p, _ = frame_powers(x, rate)
    level = p[p > 0].mean()
    for _ in range(100):
        nxt = p[p >= level * 10 ** -1.59].mean()
        if abs(nxt - level) <= 1e-12 * level:
            break
        level = nxt
    return level, p >= level * 10 ** -1.59


def bridge(mask, cells):
    """VAD truth: active frames with pauses of up to `cells` filled (a stop
    closure or a breath inside a phrase is not a turn boundary), as the
    segments bridge them (docs/features.md, "Active speech"). Two active
    cells `a < b` part a pause of `b − a − 1` cells."""
    out = mask.copy()
    idx = np.flatnonzero(mask)
    for a, b in zip(idx[:-1], idx[1:]):
        if 1 < b - a <= cells + 1:
            out[a:b] = True
    return out


# --- WADA-SNR ---------------------------------------------------------------
def wada_table(rng):
    snrs = np.arange(-20, 101, 1.0)
    speech = rng.gamma(0.4, 1.0, 200_000) * rng.choice([-1, 1], 200_000)
    speech /= np.sqrt(np.mean(speech ** 2))
    noise = rng.standard_normal(200_000)
    g = []
    for snr in snrs:
        z = speech * 10 ** (snr / 20) + noise
        a = np.abs(z) + 1e-20
        g.append(np.log(np.mean(a)) - np.mean(np.log(a)))
    return snrs, np.array(g)


def wada_snr(x, table):
    snrs, g_table = table
    a = np.abs(x / (np.max(np.abs(x)) + 1e-20))
    a = np.maximum(a, 1e-10)
    g = np.log(np.mean(a)) - np.mean(np.log(a))
    # The table is monotonic in SNR; clamp outside it as the original does.
    return float(np.interp(g, g_table, snrs))


def wada_active(x, rate, table):
    """WADA's whole-track SNR converted to the active-level definition is
    not possible without a VAD, so WADA is scored as published: on the
    whole track."""
    return wada_snr(x, table)


# --- WebRTC VAD ---------------------------------------------------------------
def webrtc_decisions(x, rate, mode):
    if rate not in (8000, 16000, 32000, 48000):
        x = signal.resample_poly(x, 16000 // np.gcd(16000, rate), rate // np.gcd(16000, rate))
        rate = 16000
    vad = webrtcvad.Vad(mode)
    hop = rate // 100
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2")
    n = len(pcm) // hop
    return np.array([vad.is_speech(pcm[i * hop:(i + 1) * hop].tobytes(), rate) for i in range(n)])


def f1(pred, truth):
    n = min(len(pred), len(truth))
    pred, truth = pred[:n], truth[:n]
    tp = np.sum(pred & truth)
    fp = np.sum(pred & ~truth)
    fn = np.sum(~pred & truth)
    return 2 * tp / max(1, 2 * tp + fp + fn)


def vad_errors(pred, truth):
    """Where the VAD's frame errors lie. A missed cell is at an *edge* when
    its run of misses touches a detected cell inside the same truth segment
    (a clipped onset or offset), else *word* (a truth segment, or a stretch
    of one between pauses, heard not at all). A false alarm is *adjacent*
    when its run touches a correctly detected cell (a segment held too long
    or opened too early), else *isolated* (a segment with no speech); an
    adjacent one is also a *gap* when it touches one on both sides (a
    pause the segments bridged and the truth did not)."""
    n = min(len(pred), len(truth))
    pred, truth = pred[:n], truth[:n]
    tp = int(np.sum(pred & truth))
    fp = int(np.sum(pred & ~truth))
    fn = int(np.sum(~pred & truth))
    hit = pred & truth

    def runs(mask):
        edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
        return zip(edges[::2], edges[1::2])

    fn_edge = fn_word = fp_adjacent = fp_gap = fp_isolated = 0
    for a, b in runs(~pred & truth):
        touches = (a > 0 and hit[a - 1]) or (b < n and hit[b])
        if touches:
            fn_edge += b - a
        else:
            fn_word += b - a
    for a, b in runs(pred & ~truth):
        before, after = a > 0 and hit[a - 1], b < n and hit[b]
        if before or after:
            fp_adjacent += b - a
            if before and after:
                fp_gap += b - a
        else:
            fp_isolated += b - a
    return dict(tp=tp, fp=fp, fn=fn, precision=tp / max(1, tp + fp), recall=tp / max(1, tp + fn),
                fn_edge=fn_edge, fn_word=fn_word, fp_adjacent=fp_adjacent, fp_gap=fp_gap, fp_isolated=fp_isolated)


def mask_runs(mask):
    """A boolean cell mask as [start, end) runs (for the JSON rows)."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return [[int(a), int(b)] for a, b in zip(edges[::2], edges[1::2])]


def run_features(binary, mic, far=None, aec=None):
    cmd = [binary, "features", mic, "--format", "json"]
    if far:
        cmd += ["--far-end", far]
    if aec:
        cmd += ["--aec-out", aec]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def segments_to_cells(segments, cells, hop_s=0.01):
    mask = np.zeros(cells, dtype=bool)
    for start, end in segments:
        mask[int(round(start / hop_s)):int(round(end / hop_s))] = True
    return mask


def write(path, x, rate, subtype, channels):
    data = np.stack([x] * channels, axis=1) if channels > 1 else x
    sf.write(path, data, rate, subtype=subtype)


def snr_vad_cases(args, speech, work, table):
    rows = []
    i = 0
    for noise_kind in NOISES:
        for snr in BUCKET_CENTRES:
            for rep in range(args.reps):
                rng = np.random.default_rng(args.seed + i)
                rate = RATES[i % len(RATES)]
                subtype = SUBTYPES[(i // 4) % len(SUBTYPES)]
                channels = 1 + (i // 3) % 2
                clean = speech.track(rng, rate)
                level, active = active_level(clean, rate)
                mask = bridge(active, args.bridge_cells)
                noise = make_noise(noise_kind, rng, len(clean), rate, speech)
                noise *= np.sqrt(level / 10 ** (snr / 10) / np.mean(noise ** 2))
                mix = clean + noise
                peak = np.max(np.abs(mix))
                if peak > 0.99:  # keep the file unclipped; scaling keeps the SNR
                    mix *= 0.99 / peak
                    clean, noise = clean * 0.99 / peak, noise * 0.99 / peak
                path = os.path.join(work, f"snr-{i:03d}-{noise_kind}-{snr:+.1f}-{rate}-{subtype}-{channels}ch.wav")
                write(path, mix, rate, subtype, channels)
                decoded, _ = sf.read(path, always_2d=True)
                decoded = decoded.mean(axis=1)
                report = run_features(args.binary, path)
                est = report["snr"]["db"]
                cells = int(np.ceil(len(mix) / (rate // 100 if rate % 100 == 0 else round(rate / 100))))
                ours = segments_to_cells(report["vad"]["segments"], cells)
                webrtc = {m: f1(webrtc_decisions(decoded, rate, m), mask) for m in range(4)}
                whole = 10 * np.log10(np.mean(clean ** 2) / np.mean(noise ** 2))
                rows.append(dict(case=os.path.basename(path), noise=noise_kind, snr=snr, rate=rate, whole=whole,
                                 noise_dbfs=10 * np.log10(np.mean(noise ** 2)), speech_dbfs=10 * np.log10(level * (0.99 / peak) ** 2 if peak > 0.99 else level),
                                 est_noise_dbfs=report["audio"]["noise_dbfs"], est_speech_dbfs=report["audio"]["speech_dbfs"],
                                 est=est, wada=wada_active(decoded, rate, table),
                                 bucket_ok=(est is not None and bucket(est) == bucket(snr)),
                                 wada_bucket_ok=bucket(wada_active(decoded, rate, table)) == bucket(snr),
                                 f1=f1(ours, mask), webrtc=webrtc, cells=cells,
                                 truth_runs=mask_runs(mask), ours_runs=mask_runs(ours),
                                 **vad_errors(ours, mask)))
                i += 1
                if args.verbose:
                    r = rows[-1]
                    print(f"{r['case']:55s} est {est if est is None else round(est, 2)!s:>7} "
                          f"wada {r['wada']:6.2f} f1 {r['f1']:.3f} webrtc-best {max(webrtc.values()):.3f}",
                          file=sys.stderr)
    return rows


def room_response(rng, rate, delay_s):
    """Direct path at `delay_s`, then exponentially decaying reflections
    (RT60 ≈ 0.15 s) at least 2 ms later, each weaker than the direct path."""
    length = int((delay_s + 0.2) * rate)
    h = np.zeros(length)
    d = int(round(delay_s * rate))
    h[d] = 1.0
    tail = np.arange(d + int(0.002 * rate), length)
    decay = np.exp(-6.9 * (tail - d) / (0.15 * rate))
    h[tail] = 0.25 * rng.standard_normal(len(tail)) * decay
    h[tail] = np.clip(h[tail], -0.6, 0.6)
    return h


def buried_echo_cases(args, speech, work):
    """Single-talk echo at falling echo-to-noise ratios: the delay must be
    right when reported, and null (not a random lag) once the echo is
    buried."""
    rows = []
    for i in range(args.buried_cases):
        rng = np.random.default_rng(9000 + i)
        rate = [8000, 16000, 48000][i % 3]
        enr = [-25.0, -15.0, -5.0, 5.0][(i // 3) % 4]
        delay_ms = float(rng.uniform(10, 350))
        far = speech.track(rng, rate, seconds=7)
        h = room_response(rng, rate, delay_ms / 1000)
        echo = signal.fftconvolve(far, h)[: len(far)] * 10 ** (-20 / 20)
        noise = rng.standard_normal(len(far)) * np.sqrt(np.mean(echo ** 2)) * 10 ** (-enr / 20)
        mic_path = os.path.join(work, f"buried-{i:03d}-{rate}-mic.wav")
        far_path = os.path.join(work, f"buried-{i:03d}-{rate}-far.wav")
        write(mic_path, echo + noise, rate, "FLOAT", 1)
        write(far_path, far, rate, "FLOAT", 1)
        report = run_features(args.binary, mic_path, far_path)["echo"]
        rows.append(dict(case=os.path.basename(mic_path), enr=enr, delay=delay_ms, est_delay=report.get("delay_ms"),
                         est_erl=report.get("erl_db"), coherence=report.get("coherence")))
        if args.verbose:
            r = rows[-1]
            print(f"{r['case']:30s} enr {enr:+5.1f} delay {delay_ms:7.2f} est {r['est_delay']} coh {r['coherence']}",
                  file=sys.stderr)
    return rows


def echo_cases(args, speech, work):
    rows = []
    for i in range(args.echo_cases):
        rng = np.random.default_rng(5000 + i)
        rate = [8000, 16000, 48000][i % 3]
        delay_ms = float(rng.uniform(10, 350))
        erl = float(rng.uniform(6, 25))
        far = speech.track(rng, rate, seconds=7)
        h = room_response(rng, rate, delay_ms / 1000)
        echo = signal.fftconvolve(far, h)[: len(far)]
        echo *= np.sqrt(np.mean(far ** 2) / 10 ** (erl / 10) / np.mean(echo ** 2))
        mic = echo.copy()
        double_talk = i % 3 == 2
        near = np.zeros_like(mic)
        if double_talk:
            u = speech.at(int(rng.integers(0, 1 << 30)), rate)
            u = u / np.sqrt(np.mean(u ** 2)) * np.sqrt(np.mean(echo[np.abs(echo) > 0] ** 2)) * 2
            start = int(rng.uniform(0.2, 0.5) * len(mic))
            near[start:start + len(u)] = u[: len(mic) - start]
            mic += near
        noise = rng.standard_normal(len(mic)) * np.sqrt(np.mean(echo ** 2)) * 10 ** (-35 / 20)
        mic += noise
        aec_out = near + noise + 0.1 * echo  # a canceller with 20 dB of ERLE
        mic_path = os.path.join(work, f"echo-{i:03d}-{rate}-mic.wav")
        far_path = os.path.join(work, f"echo-{i:03d}-{rate}-far.wav")
        aec_path = os.path.join(work, f"echo-{i:03d}-{rate}-aec.wav")
        write(mic_path, mic, rate, "FLOAT", 1)
        write(far_path, far, rate, "FLOAT", 1)
        write(aec_path, aec_out, rate, "FLOAT", 1)
        report = run_features(args.binary, mic_path, far_path, aec_path)["echo"]
        rows.append(dict(case=os.path.basename(mic_path), delay=delay_ms, erl=erl, double_talk=double_talk,
                         est_delay=report.get("delay_ms"), est_erl=report.get("erl_db"),
                         dtr=report.get("double_talk_ratio"), coherence=report.get("coherence"),
                         erle=report.get("erle_db")))
        if args.verbose:
            r = rows[-1]
            print(f"{r['case']:30s} delay {delay_ms:7.2f} est {r['est_delay']} erl {erl:5.2f} est {r['est_erl']} "
                  f"dtr {r['dtr']} dt {double_talk} coh {r['coherence']} erle {r['erle']}", file=sys.stderr)
    return rows


def summarize_buried(rows):
    if not rows:
        return
    print(f"BURIED ECHO cases {len(rows)} (echo-to-noise ratio; reported = delay not null, wrong = reported and off by > 2 ms)")
    for enr in sorted({r["enr"] for r in rows}):
        sel = [r for r in rows if r["enr"] == enr]
        reported = [r for r in sel if r["est_delay"] is not None]
        wrong = [r for r in reported if abs(r["est_delay"] - r["delay"]) > 2]
        print(f"     {enr:+6.1f} dB  reported {len(reported)}/{len(sel)}  wrong {len(wrong)}")


def summarize(snr_rows, echo_rows):
    est = np.array([r["est"] if r["est"] is not None else np.nan for r in snr_rows])
    truth = np.array([r["snr"] for r in snr_rows])
    wada = np.array([r["wada"] for r in snr_rows])
    err = np.abs(est - truth)
    werr = np.abs(wada - truth)
    print(f"SNR  cases {len(snr_rows)}  (null estimates: {int(np.isnan(est).sum())})")
    print(f"     ours:      median |err| {np.nanmedian(err):.2f} dB  mean {np.nanmean(err):.2f} dB  "
          f"bucket accuracy {100 * np.mean([r['bucket_ok'] for r in snr_rows]):.1f} %")
    print(f"     WADA-SNR:  median |err| {np.median(werr):.2f} dB  mean {np.mean(werr):.2f} dB  "
          f"bucket accuracy {100 * np.mean([r['wada_bucket_ok'] for r in snr_rows]):.1f} %")
    whole = np.array([r["whole"] for r in snr_rows])
    wwerr = np.abs(wada - whole)
    print(f"     WADA-SNR against its own whole-track truth (10log10 mean s^2 / mean n^2): "
          f"median |err| {np.median(wwerr):.2f} dB  mean {np.mean(wwerr):.2f} dB")
    for kind in NOISES:
        sel = [k for k, r in enumerate(snr_rows) if r["noise"] == kind]
        print(f"     {kind:7s} ours mean |err| {np.nanmean(err[sel]):5.2f}  WADA {np.mean(werr[sel]):5.2f}")
    for snr in BUCKET_CENTRES:
        sel = [k for k, r in enumerate(snr_rows) if r["snr"] == snr]
        print(f"     {snr:+6.1f} dB ours mean |err| {np.nanmean(err[sel]):5.2f}  WADA {np.mean(werr[sel]):5.2f}")
    ours_f1 = np.mean([r["f1"] for r in snr_rows])
    webrtc = {m: np.mean([r["webrtc"][m] for r in snr_rows]) for m in range(4)}
    print(f"VAD  frame F1 ours {ours_f1:.3f}; WebRTC VAD modes 0-3: "
          + ", ".join(f"{webrtc[m]:.3f}" for m in range(4)))
    for kind in NOISES:
        sel = [r for r in snr_rows if r["noise"] == kind]
        print(f"     {kind:7s} ours {np.mean([r['f1'] for r in sel]):.3f}  "
              f"WebRTC best mode {max(np.mean([r['webrtc'][m] for r in sel]) for m in range(4)):.3f}")
    for snr in BUCKET_CENTRES:
        sel = [r for r in snr_rows if r["snr"] == snr]
        print(f"     {snr:+6.1f} dB ours {np.mean([r['f1'] for r in sel]):.3f}  "
              f"WebRTC best mode {max(np.mean([r['webrtc'][m] for r in sel]) for m in range(4)):.3f}")
    print("     errors (cells per case; FN edge = clipped onset/offset, FN word = nothing heard; "
          "FP adjacent = held too long/opened early, of it gap = a pause bridged, FP isolated = no speech there)")
    for label, key, values in [("noise", "noise", NOISES), ("SNR", "snr", BUCKET_CENTRES)]:
        for value in values:
            sel = [r for r in snr_rows if r[key] == value]
            mean = lambda k: np.mean([r[k] for r in sel])
            name = f"{value:+.1f} dB" if key == "snr" else value
            print(f"     {name:9s} P {mean('precision'):.3f} R {mean('recall'):.3f}  "
                  f"FN edge {mean('fn_edge'):5.1f} word {mean('fn_word'):5.1f}  "
                  f"FP adjacent {mean('fp_adjacent'):5.1f} (gap {mean('fp_gap'):5.1f}) isolated {mean('fp_isolated'):5.1f}")
    if echo_rows:
        delay_ok = [r["est_delay"] is not None and abs(r["est_delay"] - r["delay"]) <= 2 for r in echo_rows]
        erl_err = [abs(r["est_erl"] - r["erl"]) if r["est_erl"] is not None else np.nan for r in echo_rows]
        print(f"ECHO cases {len(echo_rows)}  delay within ±2 ms {100 * np.mean(delay_ok):.1f} %  "
              f"ERL mean |err| {np.nanmean(erl_err):.2f} dB (null {int(np.isnan(erl_err).sum())})")
        st = [r["dtr"] for r in echo_rows if not r["double_talk"] and r["dtr"] is not None]
        dt = [r["dtr"] for r in echo_rows if r["double_talk"] and r["dtr"] is not None]
        print(f"     double-talk ratio: single-talk cases mean {np.mean(st):.3f}, double-talk cases mean {np.mean(dt):.3f}")
        print(f"     ERLE (true 20 dB on echo): mean {np.nanmean([r['erle'] if r['erle'] is not None else np.nan for r in echo_rows]):.2f} dB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/debug/fixture-check")
    parser.add_argument("--reps", type=int, default=3, help="cases per (noise, SNR)")
    parser.add_argument("--seed", type=int, default=1000, help="first SNR case seed (another value gives a held-out set)")
    parser.add_argument("--echo-cases", type=int, default=60)
    parser.add_argument("--buried-cases", type=int, default=24, help="single-talk echo at -25/-15/-5/+5 dB echo-to-noise")
    parser.add_argument("--keep", help="write the set here and keep it")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--bridge-cells", type=int, default=10, help="VAD truth fills pauses up to this many 10 ms cells")
    parser.add_argument("--json", help="write per-case rows here")
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)
    work = args.keep or tempfile.mkdtemp(prefix="eval-features-")
    os.makedirs(work, exist_ok=True)
    speech = Speech(work)
    table = wada_table(np.random.default_rng(7))
    snr_rows = snr_vad_cases(args, speech, work, table)
    echo_rows = echo_cases(args, speech, work)
    buried_rows = buried_echo_cases(args, speech, work)
    summarize(snr_rows, echo_rows)
    summarize_buried(buried_rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(snr=snr_rows, echo=echo_rows, buried=buried_rows), f, indent=1, default=float)
    if not args.keep:
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
