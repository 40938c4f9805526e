#!/usr/bin/env python3
"""Widened accuracy evaluation of `fixture-check features`, split by source.

The sets of Scripts/eval-features.py are all espeak-ng speech with
regular pauses. This one adds the sources the estimators were never tuned
on and splits them BY SOURCE into a tuning part and a held-out part (no
voice or recording of the held-out part is in the tuning part, nor in the
babble or the near-end talkers of the tuning part's cases):

  tuning    espeak-ng (en-us, en-gb, de, fr, es, hi voices), flite kal16 and awb
  held-out  festival with the HTS voice cmu_us_slt_arctic_hts, flite rms and
            slt, and the human recordings in alsa-utils
            (/usr/share/sounds/alsa/*.wav except Noise.wav)
  fresh     the held-out sources speaking other sentences, with a seed of
            its own: a draw no decision has seen, for when the held-out
            part has been looked at too often to be untouched
  probe     two festival voices in no other part, the diphone voice
            ked_diphone (English) and the HTS voice upc_ca_ona_hts
            (Catalan): where a voice no tuning saw fell between the
            tuning and the held-out parts (round 11). Rounds 12 and 13
            measured and chose on its draws too, so it is a tuning
            part from then on (docs/features.md, round 14)

Speech tracks have a drawn activity (speech time over track time, 0.4 to
0.95), so pauses are long or short, and leading and trailing silence;
utterance levels vary by ±6 dB. Noises: white, pink, brown, 50 Hz hum,
babble (six talkers of the part's other sources), music-like (notes with
harmonics and decaying envelopes, chords, a pulse) and level-stepping pink
noise (the level jumps by up to ±6 dB every 1–3 s), at every bucket centre
and at 40 dB, two cases per source × noise × SNR (--reps).
Sample rates 8–48 kHz, PCM16/PCM24/float, mono and stereo.

Truth (docs/features.md): P_speech is the active level of the clean
speech on 10 ms frames, A = mean{p_i : p_i >= A·10^-1.59} found by
fixed-point iteration from the mean; P_noise the mean square of the added
noise; SNR = 10·log10(A / P_noise). VAD truth: the clean speech's active
cells with pauses of up to 100 ms bridged.

Echo: far-end speech of the part (continuous in half the cases: activity
0.95) through a room response (direct path 10–350 ms, decaying tail), ERL
6–30 dB; in two thirds of the cases a near-end talker (another source of
the part) starts
at 55–65 % of the recording and talks on, 0–30 dB louder than the echo
(the first half is far-end single talk); white noise 5–40 dB under the
echo. Buried cases (echo 20 dB under the noise by construction) may read
null; a delay they do report must be right.

No audio is downloaded: everything is made here with espeak-ng, festival,
flite and the alsa-utils recordings.

  Scripts/eval-features --wide [--part tuning|held-out|fresh|probe|all] [--reps N]
      [--seed N] [--echo-cases N] [--json F] [--verbose] [--keep DIR]
      [--noises NOISE ...] [--mains-hz 50|60]
  Scripts/eval-features --wide --pool RUN.json [RUN.json ...]
  Scripts/eval-features --wide --replay RUN.json --keep DIR --binary PATH
  Scripts/eval-features --wide --compare BEFORE.json AFTER.json [BEFORE.json AFTER.json ...]

--seed draws the part anew (other noises, levels, pauses, rates and echo
paths over the same sources and sentences): a check no decision has seen
once the part's own draw has been looked at. --noises keeps only the
noises named (its cases are numbered, and so drawn, anew); --mains-hz 60
makes the hum 60 Hz mains instead of 50. --pool runs nothing: it reads
runs saved with --json (one per draw, say) and summarizes each part's
cases together, with 95 % intervals and each measure's range over the
runs. --replay scores another binary on the SNR/VAD cases of a run saved
with --json whose audio --keep kept (the rows hold each case's truth), so
two builds are compared on the same audio without making it again.
--compare runs nothing either: it reads pairs of such runs of the same
cases (a draw made or replayed with one build, then replayed with
another) and reports, each part pooled over the pairs, how many cases
the second build moved, how many closer to the truth and how many
further, the bucket misses it fixed and made, and the cells (noise, SNR)
whose misses changed.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import soundfile as sf
from scipy import signal

_spec = importlib.util.spec_from_file_location("eval_base", os.path.join(os.path.dirname(__file__), "eval-features.py"))
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

ENGLISH = ["turn left at the light and keep going", "please set an alarm for seven thirty tomorrow morning",
           "what is the weather like in boston today", "could you read me the last message again",
           "play something relaxing in the kitchen", "remind me to call the dentist on friday"]
# Sentences of the fresh part only: none of its TTS audio is in the other parts.
FRESH_ENGLISH = ["the meeting moved to half past four on thursday", "turn the volume down a little please",
                 "how long will it take to drive to the airport", "add milk and two lemons to my shopping list",
                 "text sarah that i am running ten minutes late", "what time does the pharmacy close tonight"]
# The probe part's Catalan voice speaks these.
CATALAN = ["gira a l'esquerra al semàfor i continua", "posa una alarma per a les set i mitja de demà",
           "quin temps fa avui a barcelona", "pots llegir-me l'últim missatge una altra vegada",
           "posa alguna cosa relaxant a la cuina", "recorda'm que truqui al dentista divendres"]
# Festival voices: source -> (voice, label, sentences of its own or None
# for the part's English ones).
FESTIVAL_VOICES = {"festival-hts": ("cmu_us_slt_arctic_hts", "festival slt-hts", None),
                   "festival-ked": ("ked_diphone", "festival-ked", None),
                   "festival-ona": ("upc_ca_ona_hts", "festival-ona", CATALAN)}
SOURCES = {
    "tuning": ["espeak", "flite-kal-awb"],
    "held-out": ["festival-hts", "flite-rms-slt", "alsa-human"],
}
SOURCES["fresh"] = SOURCES["held-out"]
SOURCES["probe"] = ["festival-ked", "festival-ona"]
# Each part's seed: its noises, rates, levels, pauses and echo paths.
SEEDS = {"tuning": 31000, "held-out": 52000, "fresh": 91000, "probe": 39000}
BUCKET_CENTRES = [-3.0, 2.5, 7.5, 12.5, 17.5, 25.0, 35.0, 40.0]
NOISES = ["white", "pink", "babble", "music", "levelstep", "brown", "hum"]
ISSUE_NOISES = ["white", "pink", "brown", "babble", "hum"]
RATES = [8000, 16000, 44100, 48000]
SUBTYPES = ["PCM_16", "PCM_24", "FLOAT"]


def read_mono(path):
    x, fs = sf.read(path, always_2d=True)
    return x.mean(axis=1), fs


def synthesize(source, work, part):
    """The utterances of one source as (name, samples, rate); the fresh
    part speaks its own sentences."""
    out = []
    sentences = FRESH_ENGLISH if part == "fresh" else ENGLISH
    work = os.path.join(work, "fresh-speech") if part == "fresh" else work
    os.makedirs(work, exist_ok=True)
    if source == "espeak":
        for voice, texts in base.TEXTS.items():
            for i, text in enumerate(texts):
                path = os.path.join(work, f"espeak-{voice}-{i}.wav")
                subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "-w", path, text], check=True)
                out.append((f"espeak {voice}",) + read_mono(path))
    elif source.startswith("flite"):
        voices = ["kal16", "awb"] if source == "flite-kal-awb" else ["rms", "slt"]
        for voice in voices:
            for i, text in enumerate(sentences):
                path = os.path.join(work, f"flite-{voice}-{i}.wav")
                subprocess.run(["flite", "-voice", voice, "-t", text, "-o", path], check=True)
                out.append((f"flite {voice}",) + read_mono(path))
    elif source in FESTIVAL_VOICES:
        voice, label, own = FESTIVAL_VOICES[source]
        for i, text in enumerate(own or sentences):
            path = os.path.join(work, f"{source}-{i}.wav")
            if os.path.exists(path):
                os.remove(path)
            subprocess.run(["text2wave", "-eval", f"(voice_{voice})", "-o", path],
                           input=text, text=True, check=True, capture_output=True)
            if not os.path.exists(path):  # text2wave exits 0 on an unknown voice
                sys.exit(f"eval-features: festival has no voice {voice} (Scripts/setup installs it)")
            out.append((label,) + read_mono(path))
    elif source == "alsa-human":
        folder = "/usr/share/sounds/alsa"
        for name in sorted(os.listdir(folder)):
            if name.endswith(".wav") and name != "Noise.wav":
                out.append((f"alsa {name}",) + read_mono(os.path.join(folder, name)))
    else:
        raise ValueError(source)
    # Trim each utterance to its audible part (the pauses are drawn below).
    trimmed = []
    for name, x, fs in out:
        p, hop = base.frame_powers(x, fs)
        loud = np.flatnonzero(p > p.max() * 1e-6)
        trimmed.append((name, x[loud[0] * hop:(loud[-1] + 1) * hop], fs))
    return trimmed


class Pool:
    """The utterances of a part's sources, resampled on demand."""

    def __init__(self, sources, work, part):
        self.utterances = {s: synthesize(s, work, part) for s in sources}
        self.all = [u for s in sources for u in self.utterances[s]]
        self.cache = {}

    def at(self, source, index, rate):
        """Utterance `index` of `source`: one source's name, a list of
        names, or None for all of the part's."""
        sources = [source] if isinstance(source, str) else (source or list(self.utterances))
        items = [u for s in sources for u in self.utterances[s]]
        name, x, fs = items[index % len(items)]
        key = (tuple(sources), index % len(items), rate)
        if key not in self.cache:
            g = np.gcd(rate, fs)
            self.cache[key] = signal.resample_poly(x, rate // g, fs // g)
        return self.cache[key]

    def track(self, rng, rate, seconds, source=None, activity=None):
        """Utterances of one source (any of the part's when None) whose
        speech fills `activity` of the track, the rest split at random into
        leading silence, pauses and trailing silence."""
        activity = rng.uniform(0.4, 0.95) if activity is None else activity
        utterances, speech = [], 0
        while speech < activity * seconds * rate:
            u = self.at(source, int(rng.integers(0, 1 << 30)), rate)
            u = u / (np.sqrt(np.mean(u ** 2)) + 1e-12) * 0.05 * 10 ** (rng.uniform(-6, 6) / 20)
            utterances.append(u)
            speech += len(u)
        silence = max(int(speech * (1 - activity) / activity), len(utterances) + 1)
        shares = rng.dirichlet(np.ones(len(utterances) + 1) * 0.8)
        gaps = [np.zeros(int(s * silence)) for s in shares]
        out = [gaps[0]]
        for u, gap in zip(utterances, gaps[1:]):
            out += [u, gap]
        return np.concatenate(out)


def music(rng, n, rate):
    """Notes with harmonics and decaying envelopes, chords of two or three,
    and a decaying noise pulse every beat: non-stationary, tonal."""
    out = np.zeros(n)
    t0 = 0
    beat = int(rate * rng.uniform(0.35, 0.6))
    while t0 < n:
        length = int(rate * rng.uniform(0.15, 0.7))
        for _ in range(int(rng.integers(1, 4))):
            f0 = 110 * 2 ** (rng.integers(0, 30) / 12)
            m = min(length * 2, n - t0)
            t = np.arange(m) / rate
            env = np.exp(-t / rng.uniform(0.1, 0.5)) * np.minimum(1, t / 0.01)
            tone = sum((0.6 ** h) * np.sin(2 * np.pi * f0 * (h + 1) * t) for h in range(6) if f0 * (h + 1) < rate / 2.2)
            out[t0:t0 + m] += env * tone * rng.uniform(0.3, 1)
        t0 += length
    for start in range(0, n, beat):
        m = min(int(0.08 * rate), n - start)
        out[start:start + m] += 0.3 * rng.standard_normal(m) * np.exp(-np.arange(m) / (0.02 * rate))
    return out


def level_steps(rng, n, rate):
    """Pink noise whose level jumps by up to ±6 dB every 1–3 s (a fan or a
    car coming and going), with 50 ms ramps."""
    x = base.coloured(rng, n, rate, 1)
    x /= np.sqrt(np.mean(x ** 2))
    gain = np.zeros(n)
    start = 0
    while start < n:
        m = int(rate * rng.uniform(1.0, 3.0))
        gain[start:start + m] = rng.uniform(-6, 6)
        start += m
    ramp = int(0.05 * rate)
    gain = np.convolve(gain, np.ones(ramp) / ramp, mode="same")
    return x * 10 ** (gain / 20)


def make_noise(kind, rng, n, rate, pool, others=None):
    """`others`: the sources babble talkers come from (never the speech's
    own source: the same TTS utterance twice would be correlated)."""
    if kind == "white":
        return rng.standard_normal(n)
    if kind == "pink":
        return base.coloured(rng, n, rate, 1)
    if kind == "babble":
        voices = []
        for _ in range(6):
            v = pool.track(rng, rate, n / rate + 1, source=others, activity=rng.uniform(0.7, 0.9))[:n]
            v = np.concatenate([v, np.zeros(max(0, n - len(v)))])
            v = np.roll(v, int(rng.integers(0, n)))
            voices.append(v / (np.sqrt(np.mean(v ** 2)) + 1e-12))
        return np.sum(voices, axis=0)
    if kind in ("brown", "hum"):
        return base.make_noise(kind, rng, n, rate, None)
    if kind == "music":
        return music(rng, n, rate)
    if kind == "levelstep":
        return level_steps(rng, n, rate)
    raise ValueError(kind)


def snr_cases(args, part, pool, work, seed):
    rows = []
    i = 0
    for s, source in enumerate(SOURCES[part]):
        for k, noise_kind in enumerate(NOISES):
            for b, snr in enumerate(BUCKET_CENTRES):
                for rep in range(args.reps):
                    rng = np.random.default_rng(seed + i)
                    # Rate, format and channels rotate across the SNRs, so
                    # that every SNR meets every rate (counting cases in
                    # order tied each SNR to two rates).
                    rate = RATES[(b + k + s + 2 * rep) % len(RATES)]
                    subtype = SUBTYPES[(b + k + rep) % len(SUBTYPES)]
                    channels = 1 + (b + s + rep) % 2
                    clean = pool.track(rng, rate, rng.uniform(5, 9), source=source)
                    level, active = base.active_level(clean, rate)
                    mask = base.bridge(active, 10)
                    noise = make_noise(noise_kind, rng, len(clean), rate, pool,
                                       others=[x for x in SOURCES[part] if x != source])
                    noise *= np.sqrt(level / 10 ** (snr / 10) / np.mean(noise ** 2))
                    mix = clean + noise
                    peak = np.max(np.abs(mix))
                    if peak > 0.99:
                        mix *= 0.99 / peak
                    path = os.path.join(work, f"{part}-{i:03d}-{source}-{noise_kind}-{snr:+.1f}-{rate}-{subtype}-{channels}ch.wav")
                    base.write(path, mix, rate, subtype, channels)
                    scale = min(1, 0.99 / peak)
                    truth = dict(case=os.path.basename(path), part=part, source=source, noise=noise_kind, snr=snr,
                                 rate=rate, activity=float(np.mean(active)),
                                 noise_dbfs_true=float(10 * np.log10(np.mean(noise ** 2) * scale ** 2)),
                                 speech_dbfs_true=float(10 * np.log10(level * scale ** 2)),
                                 cells=int(np.ceil(len(mix) / int(round(rate / 100)))), truth_runs=base.mask_runs(mask))
                    rows.append(score(truth, base.run_features(args.binary, path)))
                    i += 1
                    if args.verbose:
                        r = rows[-1]
                        print(f"{r['case']:70s} act {r['activity']:.2f} est {est if est is None else round(est, 2)!s:>7} "
                              f"noise err {r['noise_err'] if r['noise_err'] is None else round(r['noise_err'], 2)} "
                              f"speech err {r['speech_err'] if r['speech_err'] is None else round(r['speech_err'], 2)} f1 {r['f1']:.3f}",
                              file=sys.stderr)
    return rows


def score(truth, report):
    """One SNR/VAD case's row: its truth (kept in the row, so that
    --replay can score another binary on the kept audio) and what
    `features` reported."""
    mask = np.zeros(truth["cells"], dtype=bool)
    for a, b in truth["truth_runs"]:
        mask[a:b] = True
    ours = base.segments_to_cells(report["vad"]["segments"], truth["cells"])
    audio = report["audio"]
    return dict(truth, est=report["snr"]["db"],
                noise_err=audio["noise_dbfs"] - truth["noise_dbfs_true"] if audio.get("noise_dbfs") is not None else None,
                speech_err=audio["speech_dbfs"] - truth["speech_dbfs_true"] if audio.get("speech_dbfs") is not None else None,
                f1=base.f1(ours, mask), **base.vad_errors(ours, mask))


def in_bucket(row):
    """Whether a case's SNR was read in its true bucket (a null never is)."""
    return row["est"] is not None and base.bucket(row["est"]) == base.bucket(row["snr"])


def read_run(path, flag):
    """A run saved with --json, by part; exits 2 naming the file when it
    is not one."""
    try:
        with open(path) as f:
            saved = json.load(f)
        if not isinstance(saved, dict):
            raise ValueError("not a run saved with --json")
        for part, run in saved.items():
            if part not in SOURCES or not isinstance(run, dict) or not {"rows", "echo"} <= run.keys():
                raise ValueError(f"{part!r} is not a part of a run saved with --json ({', '.join(SOURCES)})")
        return saved
    except (OSError, ValueError) as e:  # a JSONDecodeError is a ValueError
        print(f"eval-features {flag}: {path}: {e}", file=sys.stderr)
        sys.exit(2)


def replay(args, path):
    """Scores --binary on the audio of a run saved with --json and kept
    with --keep (DIR), without making it again; prints the summary."""
    def fail(message):
        print(f"eval-features --replay: {path}: {message}", file=sys.stderr)
        sys.exit(2)
    saved = read_run(path, "--replay")
    replayed = {}
    for part, run in saved.items():
        if any("truth_runs" not in r for r in run["rows"]):
            fail("saved before the rows kept their truth; make the draw again with --json and --keep")
        missing = [r["case"] for r in run["rows"] if not os.path.isfile(os.path.join(args.keep, r["case"]))]
        if missing:
            fail(f"{args.keep} lacks {len(missing)} of its {len(run['rows'])} cases (first: {missing[0]}); "
                 "--keep names the folder the run kept its audio in")
        rows = [score(r, base.run_features(args.binary, os.path.join(args.keep, r["case"]))) for r in run["rows"]]
        replayed[part] = dict(rows=rows, echo=[], summary=summarize(part, rows, []))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(replayed, f, indent=1, default=float)


def echo_cases(args, part, pool, work, seed):
    rows = []
    for i in range(args.echo_cases):
        rng = np.random.default_rng(seed + 500 + i)
        rate = [8000, 16000, 48000][i % 3]
        buried = i % 6 == 5
        double_talk = not buried and i % 3 != 0
        continuous = i % 2 == 0
        delay_ms = float(rng.uniform(10, 350))
        erl = float(rng.uniform(6, 30))
        # Far end and near end from different sources of the part: one TTS
        # utterance in both would be a second, correlated echo path.
        far_source = SOURCES[part][i % len(SOURCES[part])]
        near_source = SOURCES[part][(i + 1) % len(SOURCES[part])]
        far = pool.track(rng, rate, 8, source=far_source, activity=0.95 if continuous else rng.uniform(0.6, 0.8))
        h = base.room_response(rng, rate, delay_ms / 1000)
        echo = signal.fftconvolve(far, h)[: len(far)]
        echo *= np.sqrt(np.mean(far ** 2) / 10 ** (erl / 10) / np.mean(echo ** 2))
        echo_to_noise = -20.0 if buried else float(rng.uniform(5, 40))
        noise = rng.standard_normal(len(far)) * np.sqrt(np.mean(echo ** 2)) * 10 ** (-echo_to_noise / 20)
        mic = echo + noise
        near_over_echo = None
        if double_talk:
            start = int(rng.uniform(0.55, 0.65) * len(mic))
            near = pool.track(rng, rate, (len(mic) - start) / rate + 1, source=near_source, activity=0.9)[: len(mic) - start]
            near_over_echo = float(rng.uniform(0, 30))
            near = near / np.sqrt(np.mean(near[np.abs(near) > 0] ** 2)) \
                * np.sqrt(np.mean(echo[start:] ** 2)) * 10 ** (near_over_echo / 20)
            mic[start:start + len(near)] += near
        peak = np.max(np.abs(mic))
        if peak > 0.99:
            mic *= 0.99 / peak
        mic_path = os.path.join(work, f"{part}-echo-{i:03d}-{rate}-mic.wav")
        far_path = os.path.join(work, f"{part}-echo-{i:03d}-{rate}-far.wav")
        base.write(mic_path, mic, rate, "FLOAT", 1)
        base.write(far_path, far / max(1, np.max(np.abs(far)) / 0.99), rate, "FLOAT", 1)
        far_scale = 1 / max(1, np.max(np.abs(far)) / 0.99)
        mic_scale = min(1, 0.99 / peak)
        true_erl = erl + 20 * np.log10(far_scale / mic_scale)
        report = base.run_features(args.binary, mic_path, far_path)["echo"]
        rows.append(dict(case=os.path.basename(mic_path), part=part, delay=delay_ms, erl=true_erl, buried=buried,
                         double_talk=double_talk, continuous=continuous, near_over_echo=near_over_echo,
                         est_delay=report.get("delay_ms"), est_erl=report.get("erl_db"),
                         dtr=report.get("double_talk_ratio"), coherence=report.get("coherence")))
        if args.verbose:
            r = rows[-1]
            print(f"{r['case']:32s} delay {delay_ms:7.2f} est {r['est_delay']} erl {true_erl:5.2f} est {r['est_erl']} "
                  f"dt {double_talk} cont {continuous} buried {buried} coh {r['coherence']}", file=sys.stderr)
    return rows


def summarize(part, rows, echo_rows, intervals=False):
    est = np.array([r["est"] if r["est"] is not None else np.nan for r in rows])
    truth = np.array([r["snr"] for r in rows])
    err = est - truth
    aerr = np.abs(err)
    aerr_scored = np.where(np.isnan(aerr), 99.0, aerr)  # a null estimate is a miss
    bucket_ok = [in_bucket(r) for r in rows]
    nonneg = truth >= 0
    worst = int(np.argmax(np.where(nonneg, aerr_scored, -1)))
    print(f"== {part}: SNR/VAD cases {len(rows)} (null SNR {int(np.isnan(est).sum())}), sources {', '.join(SOURCES[part])}")
    print(f"   SNR median |err| {np.nanmedian(aerr):.2f} dB  mean {np.nanmean(aerr):.2f} dB  bias {np.nanmean(err):+.2f} dB  "
          f"bucket accuracy {100 * np.mean(bucket_ok):.1f} %  worst at true >= 0 dB {aerr_scored[worst]:.2f} dB ({rows[worst]['case']})")
    f1s = np.array([r["f1"] for r in rows])
    print(f"   VAD F1 {np.mean(f1s):.3f}  by noise: " + ", ".join(
        f"{k} {np.mean([r['f1'] for r in rows if r['noise'] == k]):.3f}" for k in NOISES))
    print("   VAD precision / recall by noise: " + ", ".join(
        f"{k} {np.mean([r['precision'] for r in rows if r['noise'] == k]):.3f} / "
        f"{np.mean([r['recall'] for r in rows if r['noise'] == k]):.3f}" for k in NOISES))
    # Runs saved before the gap count was kept have no `fp_gap`.
    errors = {k: np.mean([r[k] for r in rows if k in r] or [np.nan])
              for k in ("fn_edge", "fn_word", "fp_adjacent", "fp_gap", "fp_isolated")}
    print("   VAD errors, cells a case: missed at an edge {fn_edge:.1f}, whole words {fn_word:.1f}; "
          "false next to speech {fp_adjacent:.1f} (bridging a pause {fp_gap:.1f}), away from it {fp_isolated:.1f}".format(**errors))
    print("   SNR mean |err| (bias) by noise: " + ", ".join(
        f"{k} {np.nanmean(aerr[[r['noise'] == k for r in rows]]):.2f} ({np.nanmean(err[[r['noise'] == k for r in rows]]):+.2f})" for k in NOISES))
    print("   by source, SNR mean |err| (bias) and VAD F1: " + ", ".join(
        f"{s} {np.nanmean(aerr[[r['source'] == s for r in rows]]):.2f} ({np.nanmean(err[[r['source'] == s for r in rows]]):+.2f}), "
        f"F1 {np.mean([r['f1'] for r in rows if r['source'] == s]):.3f}" for s in SOURCES[part]))
    print("   by SNR: " + ", ".join(
        f"{t:+.1f} {np.nanmean(aerr[truth == t]):.2f} ({np.nanmean(err[truth == t]):+.2f})" for t in BUCKET_CENTRES))
    # The noises issue 16's own held-out set has (no music, no level steps).
    issue = np.array([r["noise"] in ISSUE_NOISES for r in rows])
    issue_nonneg = issue & nonneg
    print(f"   issue-16 noises only ({', '.join(ISSUE_NOISES)}; {int(issue.sum())} cases): "
          f"SNR median |err| {np.nanmedian(aerr[issue]):.2f} dB  mean {np.nanmean(aerr[issue]):.2f} dB  "
          f"bucket accuracy {100 * np.mean(np.array(bucket_ok)[issue]):.1f} %  "
          f"worst at true >= 0 dB {np.max(aerr_scored[issue_nonneg]):.2f} dB  VAD F1 {np.mean(f1s[issue]):.3f}")
    if intervals:
        print_intervals(aerr, np.array(bucket_ok, dtype=float), issue, f1s)
    rates = np.array([r["rate"] for r in rows])
    print("   by rate: " + ", ".join(
        f"{rate} {np.nanmean(aerr[rates == rate]):.2f} ({np.nanmean(err[rates == rate]):+.2f}), "
        f"F1 {np.mean(f1s[rates == rate]):.3f}" for rate in RATES))
    # Cells: noise x SNR x source.
    cells = {}
    for k, r in enumerate(rows):
        cells.setdefault((r["noise"], r["snr"], r["source"]), []).append(k)
    cell_err = {c: float(np.mean(aerr_scored[ks])) for c, ks in cells.items()}
    worst_cell = max(cell_err, key=cell_err.get)
    print(f"   worst cell (noise, SNR, source) {worst_cell}: mean |err| {cell_err[worst_cell]:.2f} dB; "
          f"cells over 4 dB: {sum(v > 4 for v in cell_err.values())} of {len(cell_err)}")
    print(f"   per-cell mean |err| (rows noise, columns SNR; one line per source):")
    for s in SOURCES[part]:
        for k in NOISES:
            print(f"     {s:14s} {k:9s} " + " ".join(f"{cell_err.get((k, t, s), np.nan):5.2f}" for t in BUCKET_CENTRES))
    out = dict(snr_median=float(np.nanmedian(aerr)), snr_mean=float(np.nanmean(aerr)), bucket=float(np.mean(bucket_ok)),
               worst_nonneg=float(aerr_scored[worst]), f1=float(np.mean(f1s)),
               f1_min_noise=float(min(np.mean([r['f1'] for r in rows if r['noise'] == k]) for k in NOISES)))
    if echo_rows:
        live = [r for r in echo_rows if not r["buried"]]
        ok = [r["est_delay"] is not None and abs(r["est_delay"] - r["delay"]) <= 2 for r in live]
        nulls = sum(r["est_delay"] is None for r in live)
        erl_err = [abs(r["est_erl"] - r["erl"]) for r in live if r["est_erl"] is not None]
        dt = [r for r in live if r["double_talk"]]
        dt_ok = [r["est_delay"] is not None and abs(r["est_delay"] - r["delay"]) <= 2 for r in dt]
        buried = [r for r in echo_rows if r["buried"]]
        print(f"   ECHO cases {len(live)}: delay within ±2 ms {100 * np.mean(ok):.1f} % (null {nulls}; double talk "
              f"{100 * np.mean(dt_ok) if dt else float('nan'):.1f} % of {len(dt)})  ERL mean |err| "
              f"{np.mean(erl_err) if erl_err else float('nan'):.2f} dB; buried (null or right): "
              f"{sum(r['est_delay'] is None for r in buried)}/{len(buried)} null, "
              f"{sum(r['est_delay'] is not None and abs(r['est_delay'] - r['delay']) > 2 for r in buried)} wrong")
        for r in live:
            if not (r["est_delay"] is not None and abs(r["est_delay"] - r["delay"]) <= 2):
                print(f"     miss {r['case']}: delay {r['delay']:.2f} est {r['est_delay']} erl {r['erl']:.1f} "
                      f"dt {r['double_talk']} near/echo {r['near_over_echo']} continuous {r['continuous']}")
        out.update(echo_ok=float(np.mean(ok)), erl_mean=float(np.mean(erl_err)) if erl_err else None,
                   buried_null=sum(r['est_delay'] is None for r in buried), buried=len(buried))
    return out


def main():
    global NOISES
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/release/fixture-check")
    parser.add_argument("--part", choices=list(SOURCES) + ["all"], default="tuning")
    parser.add_argument("--reps", type=int, default=2, help="cases per (source, noise, SNR)")
    parser.add_argument("--seed", type=int, help="draw the part anew from this seed (the part's own by default)")
    parser.add_argument("--echo-cases", type=int, default=36)
    parser.add_argument("--no-echo", action="store_true")
    parser.add_argument("--no-snr", action="store_true")
    parser.add_argument("--keep")
    parser.add_argument("--json")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--noises", nargs="+", choices=NOISES, metavar="NOISE",
                        help=f"only these noises ({', '.join(NOISES)}): a draw of its own, the cases numbered anew")
    parser.add_argument("--mains-hz", type=int, choices=[50, 60], default=50, help="the hum's mains frequency")
    parser.add_argument("--pool", nargs="+", metavar="RUN.json",
                        help="summarize runs saved with --json together; runs nothing")
    parser.add_argument("--replay", metavar="RUN.json",
                        help="score --binary on the SNR/VAD cases of a run saved with --json whose audio --keep DIR kept")
    parser.add_argument("--compare", nargs="+", metavar="RUN.json",
                        help="pairs BEFORE.json AFTER.json of runs of the same cases: what the second build moved; runs nothing")
    args = parser.parse_args()
    if args.pool:
        return pool_runs(args.pool)
    if args.compare:
        if len(args.compare) % 2:
            parser.error("--compare takes runs in pairs, BEFORE.json AFTER.json")
        return compare_runs(list(zip(args.compare[::2], args.compare[1::2])))
    if args.replay:
        if not args.keep:
            parser.error("--replay needs --keep DIR, the folder the run kept its audio in")
        args.binary = os.path.abspath(args.binary)
        return replay(args, args.replay)
    if args.noises:
        NOISES = [k for k in NOISES if k in args.noises]
    base.MAINS_HZ = args.mains_hz
    args.binary = os.path.abspath(args.binary)
    work = args.keep or tempfile.mkdtemp(prefix="eval-features-wide-")
    os.makedirs(work, exist_ok=True)
    parts = list(SOURCES) if args.part == "all" else [args.part]
    results = {}
    for part in parts:
        pool = Pool(SOURCES[part], work, part)
        seed = SEEDS[part] if args.seed is None else args.seed
        rows = [] if args.no_snr else snr_cases(args, part, pool, work, seed)
        echo_rows = [] if args.no_echo else echo_cases(args, part, pool, work, seed)
        results[part] = dict(rows=rows, echo=echo_rows)
        if rows:
            results[part]["summary"] = summarize(part, rows, echo_rows)
        elif echo_rows:
            summarize_echo_only(part, echo_rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, default=float)
    if not args.keep:
        subprocess.run(["rm", "-rf", work])


def pool_runs(paths):
    """Summarizes runs saved with --json together: each part's cases over all
    the runs, 95 % intervals, and each measure's range over the runs."""
    parts = {}
    for path in paths:
        for part, run in read_run(path, "--pool").items():
            parts.setdefault(part, []).append(run)
    for part, runs in parts.items():
        rows = [r for run in runs for r in run["rows"]]
        echo_rows = [r for run in runs for r in run["echo"]]
        if rows:
            summarize(part, rows, echo_rows, intervals=True)
            summaries = [run["summary"] for run in runs if "summary" in run]
            def span(key, digits=2, scale=1):
                values = [scale * s[key] for s in summaries]
                return f"{min(values):.{digits}f}–{max(values):.{digits}f}"
            print(f"   over the {len(summaries)} runs: SNR median |err| {span('snr_median')} dB, mean {span('snr_mean')} dB, "
                  f"bucket accuracy {span('bucket', 1, 100)} %, worst at true >= 0 dB {span('worst_nonneg', 1)} dB, "
                  f"VAD F1 {span('f1', 3)} (weakest noise {span('f1_min_noise', 3)})")
        elif echo_rows:
            summarize_echo_only(part, echo_rows)


def compare_runs(pairs):
    """What the build of each pair's AFTER run changed against its BEFORE
    run, case by case (both runs of the same cases), each part pooled over
    the pairs."""
    # Every draw of a part names its cases alike: the truth tells the draws apart.
    truth = ("snr", "cells", "noise_dbfs_true", "speech_dbfs_true")
    parts = {}
    for before_path, after_path in pairs:
        before, after = read_run(before_path, "--compare"), read_run(after_path, "--compare")
        for part, run in before.items():
            if not run["rows"]:
                continue
            by_case = {r["case"]: r for r in after.get(part, {"rows": []})["rows"]}
            unmatched = [r["case"] for r in run["rows"]
                         if r["case"] not in by_case or any(r[k] != by_case[r["case"]][k] for k in truth)]
            if unmatched:
                print(f"eval-features --compare: {after_path}: does not hold {len(unmatched)} of the {len(run['rows'])} "
                      f"{part} cases of {before_path} as it drew them (first: {unmatched[0]}); compare two runs of one draw",
                      file=sys.stderr)
                sys.exit(2)
            parts.setdefault(part, []).extend((r, by_case[r["case"]]) for r in run["rows"])
    def error(r):
        return abs(r["est"] - r["snr"]) if r["est"] is not None else np.inf
    order = {noise: i for i, noise in enumerate(NOISES)}
    for part, matched in parts.items():
        def both(measure):
            return [measure([pair[i] for pair in matched]) for i in (0, 1)]
        change = np.array([error(b) - error(a) for a, b in matched if a["est"] != b["est"]])
        finite = change[np.isfinite(change)]
        print(f"== {part}: {len(matched)} cases, {len(change)} moved: {np.sum(change < 0)} closer (by up to "
              f"{max(0, -finite.min(initial=0)):.2f} dB), {np.sum(change > 0)} further (by up to {max(0, finite.max(initial=0)):.2f} dB)")
        mean = both(lambda rows: np.mean([error(r) for r in rows if r["est"] is not None]))
        accuracy = both(lambda rows: 100 * np.mean([in_bucket(r) for r in rows]))
        f1 = both(lambda rows: np.mean([r["f1"] for r in rows]))
        fixed = sum(not in_bucket(a) and in_bucket(b) for a, b in matched)
        made = sum(in_bucket(a) and not in_bucket(b) for a, b in matched)
        nulls = both(lambda rows: sum(r["est"] is None for r in rows))
        print(f"   SNR mean |err| {mean[0]:.3f} -> {mean[1]:.3f} dB (null SNR {nulls[0]} -> {nulls[1]}), bucket accuracy "
              f"{accuracy[0]:.2f} -> {accuracy[1]:.2f} % (misses fixed {fixed}, made {made}), VAD F1 {f1[0]:.4f} -> {f1[1]:.4f}")
        misses = {}
        for a, b in matched:
            cell = misses.setdefault((a["noise"], a["snr"]), [0, 0])
            cell[0] += not in_bucket(a)
            cell[1] += not in_bucket(b)
        changed = [f"{noise} {snr:g} dB {m[0]} -> {m[1]}"
                   for (noise, snr), m in sorted(misses.items(), key=lambda c: (order.get(c[0][0], len(order)), c[0][1]))
                   if m[0] != m[1]]
        if changed:
            print("   bucket misses where they changed (noise, SNR): " + "; ".join(changed))


def print_intervals(aerr, ok, issue, f1s, resamples=1000):
    """95 % intervals of the SNR's |error|, the bucket hits `ok` (overall and
    on issue 16's noises) and the VAD's F1, the cases resampled with
    replacement. A run's cases share voices and sentences, so these are a
    floor on the uncertainty, not all of it."""
    rng = np.random.default_rng(0)

    def interval(values, digits, stat=np.nanmean):
        picks = rng.integers(0, len(values), size=(resamples, len(values)))
        low, high = np.percentile(stat(values[picks], axis=1), [2.5, 97.5])
        return f"{stat(values):.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"
    print(f"   95 % intervals over the cases: SNR mean |err| {interval(aerr, 2)} dB, bucket accuracy {interval(100 * ok, 1)} % "
          f"(issue-16 noises {interval(100 * ok[issue], 1)} %), VAD F1 {interval(f1s, 3, np.mean)}")


def summarize_echo_only(part, echo_rows):
    live = [r for r in echo_rows if not r["buried"]]
    ok = [r["est_delay"] is not None and abs(r["est_delay"] - r["delay"]) <= 2 for r in live]
    erl_err = [abs(r["est_erl"] - r["erl"]) for r in live if r["est_erl"] is not None]
    buried = [r for r in echo_rows if r["buried"]]
    print(f"== {part}: ECHO cases {len(live)}: delay within ±2 ms {100 * np.mean(ok):.1f} % "
          f"(null {sum(r['est_delay'] is None for r in live)})  ERL mean |err| {np.mean(erl_err) if erl_err else float('nan'):.2f} dB; "
          f"buried null {sum(r['est_delay'] is None for r in buried)}/{len(buried)}, "
          f"wrong {sum(r['est_delay'] is not None and abs(r['est_delay'] - r['delay']) > 2 for r in buried)}")
    for r in live:
        if not (r["est_delay"] is not None and abs(r["est_delay"] - r["delay"]) <= 2):
            print(f"     miss {r['case']}: delay {r['delay']:.2f} est {r['est_delay']} erl {r['erl']:.1f} "
                  f"dt {r['double_talk']} near/echo {r['near_over_echo']} continuous {r['continuous']}")


if __name__ == "__main__":
    main()
