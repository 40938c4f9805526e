#!/usr/bin/env python3
"""Writes the benchmark corpus: N ten-second fixtures with ASR, TTS and
turn-taking traces (docs/formats.md). Audio files are hard links to a few distinct
clips, so the corpus costs little disk; every fixture is still decoded and
measured in full by the gate.

usage: make_corpus.py CLIPS_DIR OUT_DIR N
"""
import json
import os
import random
import sys

clips_dir, out_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
clips = sorted(os.path.join(clips_dir, c) for c in os.listdir(clips_dir) if c.endswith(".wav"))
rng = random.Random(20261126)
words = "turn left at the light then continue straight for half a mile".split()
languages = ["en-US", "hi-IN", "es-US"]
devices = ["android", "ios", "web"]

for i in range(count):
    fid = f"bench-{i:04d}"
    d = os.path.join(out_dir, fid)
    os.makedirs(d, exist_ok=True)
    mic = os.path.join(d, "mic.wav")
    if not os.path.exists(mic):
        os.link(clips[i % len(clips)], mic)
    start, end = 400 + rng.randrange(200), 8000 + rng.randrange(1500)
    with open(os.path.join(d, "asr.jsonl"), "w") as f:
        t = start + 300
        for n in range(1, len(words) + 1):
            text = " ".join(words[:n])
            if rng.random() < 0.2 and n > 2:
                text = " ".join(words[:n - 1] + ["write"])
            f.write(json.dumps({"t_ms": t, "utt": 0, "kind": "partial", "text": text}) + "\n")
            t += 250 + rng.randrange(200)
        f.write(json.dumps({"t_ms": max(t, end + 300), "utt": 0, "kind": "final", "text": " ".join(words)}) + "\n")
    with open(os.path.join(d, "tts.jsonl"), "w") as f:
        f.write(json.dumps({"t_ms": 0, "req": 0, "kind": "request", "text": "Sure, here is the route."}) + "\n")
        t = 300 + rng.randrange(200)
        for _ in range(40):
            f.write(json.dumps({"t_ms": t, "req": 0, "kind": "chunk", "duration_ms": 40}) + "\n")
            t += 35 + rng.randrange(10)
        f.write(json.dumps({"t_ms": t, "req": 0, "kind": "end"}) + "\n")
    with open(os.path.join(d, "turns.jsonl"), "w") as f:
        stop = start + 200 + rng.randrange(300)
        for event in [{"t_ms": 0, "kind": "tts_play_start"}, {"t_ms": start, "kind": "vad_start"},
                      {"t_ms": stop, "kind": "tts_play_stop", "reason": "cancel"}, {"t_ms": end, "kind": "vad_end"}]:
            f.write(json.dumps(event) + "\n")
    manifest = {
        "schema": "fixture/v1", "id": fid, "description": "benchmark corpus fixture",
        "provenance": {"kind": "synthetic"},
        "slices": {"language": languages[i % 3], "device": devices[(i // 3) % 3]},
        "audio": {"mic": "mic.wav"},
        "annotations": {"speech": [[start, end]], "reference": " ".join(words)},
        "asr": {"trace": "asr.jsonl"}, "tts": {"trace": "tts.jsonl"}, "turns": {"trace": "turns.jsonl"},
    }
    with open(os.path.join(d, "fixture.json"), "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
