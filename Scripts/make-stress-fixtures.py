#!/usr/bin/env python3
"""Writes synthetic stress fixtures for the page layout check (Scripts/check-pages).

    Scripts/make-stress-fixtures.py OUT_DIR

Each fixture is fully synthetic (generated tones and scripted traces, no
person's voice), provenance "synthetic". They are built to crowd a page:

- stress-dense-001: 60 utterances x 30 hypotheses (1,800 rows, some long),
  20 TTS requests with starving chunks (many underruns), 6 barge-ins of which
  some are missed and some false at the same instants, endpointer events.
- stress-late-tts-001: 3 s of audio, TTS that runs to 60 s (the zoom case),
  a turn log whose cancel cuts a request mid-playback, a retrieval trace with
  ungrounded answers and long document ids.
- stress-broken-001: a TTS trace and a rag trace that cannot be read (the
  page must say why in place of the lanes).
- stress-scored-001: 40 utterances whose finals carry word confidences
  (772 scored words, every fifth wrong, some finals longer than
  the plot, late ones cut to the left of their tick), a reference of all
  of them and 40 entities (some found, some missed, more than fit).
Deterministic: no randomness, so the pages are the same on every run.
"""
import json
import math
import os
import struct
import sys
import wave

RATE = 8000


def write_wav(path, seconds, bursts):
    """A quiet floor with tone bursts (start_s, end_s) standing in for speech."""
    frames = bytearray()
    n = int(seconds * RATE)
    for i in range(n):
        t = i / RATE
        v = 0.002 * math.sin(2 * math.pi * 50 * t)
        for start, end in bursts:
            if start <= t < end:
                v += 0.4 * math.sin(2 * math.pi * 220 * t) * math.sin(math.pi * (t - start) / (end - start))
        frames += struct.pack("<h", int(max(-1, min(1, v)) * 32767))
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))


def write_jsonl(path, header, events):
    with open(path, "w") as f:
        if header:
            f.write(json.dumps(header) + "\n")
        for e in events:
            f.write(json.dumps(e) + "\n")


def manifest(folder, fid, description, extra):
    doc = {
        "schema": "fixture/v1",
        "id": fid,
        "description": description,
        "provenance": {"kind": "synthetic", "generator": "Scripts/make-stress-fixtures.py (tones and scripted traces)"},
        "slices": {"language": "en-US", "device": "stress"},
        "audio": {"mic": "mic.wav"},
    }
    doc.update(extra)
    with open(os.path.join(folder, "fixture.json"), "w") as f:
        json.dump(doc, f, indent=2)


WORDS = ("turn on the kitchen lights and set a timer for twenty minutes then play the "
         "weather forecast for tomorrow morning in san francisco please").split()


def dense(out):
    fid = "stress-dense-001"
    folder = os.path.join(out, fid)
    os.makedirs(folder, exist_ok=True)
    utterances, hyps = 60, 30
    speech = []
    asr = []
    endpointer = []
    for u in range(utterances):
        start = 400 + u * 1000
        end = start + 700
        speech.append([start, end])
        endpointer.append({"t_ms": start + 20, "utt": u, "kind": "speech_start"})
        for h in range(hyps):
            t = start + 40 + h * 22
            n = 1 + h // 2
            words = [WORDS[(u + i) % len(WORDS)] for i in range(n)]
            if h % 7 == 3:
                words[-1] = "erasedword"
            if u % 10 == 9:  # very long rows
                words = words * 4
            kind = "final" if h == hyps - 1 else "partial"
            asr.append({"t_ms": t, "utt": u, "kind": kind, "text": " ".join(words)})
        endpointer.append({"t_ms": end + 30, "utt": u, "kind": "speech_end"})
    events = sorted(asr + endpointer, key=lambda e: e["t_ms"])
    write_jsonl(os.path.join(folder, "asr.jsonl"), None, events)

    tts = []
    for r in range(20):
        t0 = r * 3000
        tts.append({"t_ms": t0, "req": r, "kind": "request",
                    "text": "Stress request %d: a long sentence the agent reads out loud, long enough to reach the edge of the plot and beyond it." % r})
        t = t0 + 200 + 60 * (r % 5)
        for c in range(14):
            tts.append({"t_ms": t, "req": r, "kind": "chunk", "duration_ms": 40})
            t += 40 + (55 if c % 2 else 5)  # starving: an underrun every other chunk
        tts.append({"t_ms": t, "req": r, "kind": "end"})
    tts.sort(key=lambda e: e["t_ms"])
    write_jsonl(os.path.join(folder, "tts.jsonl"), None, tts)

    turns = []
    # 6 barge-ins: playback spans a user onset; stops fast (ok), late
    # (missed), or with no onset at all before (false) at the same instant.
    for b in range(6):
        onset = speech[b * 9][0]
        start = onset - 300
        stop = onset + (200 if b % 3 == 0 else 1100 + 700 * b)
        turns.append({"t_ms": start, "kind": "tts_play_start"})
        turns.append({"t_ms": onset, "kind": "vad_start"})
        turns.append({"t_ms": stop - 10, "kind": "cancel_sent"})
        turns.append({"t_ms": stop, "kind": "tts_play_stop", "reason": "cancel"})
    # false barge-ins: cancels with no onset in the budget before.
    for b in range(3):
        start = 58000 + b * 400
        turns.append({"t_ms": start, "kind": "tts_play_start"})
        turns.append({"t_ms": start + 150, "kind": "tts_play_stop", "reason": "cancel"})
    turns.sort(key=lambda e: e["t_ms"])
    write_jsonl(os.path.join(folder, "turns.jsonl"), None, turns)

    write_wav(os.path.join(folder, "mic.wav"), 61, [(s / 1000, e / 1000) for s, e in speech])
    manifest(folder, fid, "Layout stress: 1,800 hypotheses, 20 TTS requests with underruns, 6 barge-ins and false barge-ins.",
             {"annotations": {"speech": speech, "reference": " ".join(WORDS[:8])},
              "asr": {"trace": "asr.jsonl"}, "tts": {"trace": "tts.jsonl"}, "turns": {"trace": "turns.jsonl"},
              "budgets": {"barge_in_ms": 500}})


def late_tts(out):
    fid = "stress-late-tts-001"
    folder = os.path.join(out, fid)
    os.makedirs(folder, exist_ok=True)
    speech = [[300, 1200], [1600, 2600]]
    asr = [
        {"t_ms": 500, "utt": 0, "kind": "partial", "text": "reset"},
        {"t_ms": 900, "utt": 0, "kind": "partial", "text": "reset my rooter"},
        {"t_ms": 1400, "utt": 0, "kind": "final", "text": "reset my router"},
        {"t_ms": 1800, "utt": 1, "kind": "partial", "text": "stop"},
        {"t_ms": 2300, "utt": 1, "kind": "final", "text": "stop talking please " * 12},
    ]
    write_jsonl(os.path.join(folder, "asr.jsonl"), None, asr)
    tts = []
    for r in range(6):
        t0 = 1500 + r * 11000
        tts.append({"t_ms": t0, "req": r, "kind": "request", "text": "Answer %d with a very long text that goes on and on past the right edge of the drawing" % r})
        t = t0 + 900
        for c in range(30):
            tts.append({"t_ms": t, "req": r, "kind": "chunk", "duration_ms": 100})
            t += 120
        tts.append({"t_ms": t, "req": r, "kind": "end"})
    tts.sort(key=lambda e: e["t_ms"])
    write_jsonl(os.path.join(folder, "tts.jsonl"), None, tts)
    turns = [
        {"t_ms": 2400, "kind": "tts_play_start"},
        {"t_ms": 2500, "kind": "vad_start"},
        {"t_ms": 2900, "kind": "tts_play_stop", "reason": "cancel"},
    ]
    write_jsonl(os.path.join(folder, "turns.jsonl"), None, turns)
    rag = [
        {"t_ms": 1400, "query": 0, "kind": "query", "text": "reset my router", "expected": ["kb-router-reset-procedure-for-all-models"]},
        {"t_ms": 1600, "query": 0, "kind": "retrieval", "docs": ["kb-wifi-password-change-and-recovery", "kb-billing-autopay-setup", "kb-router-lights-meaning"]},
        {"t_ms": 2200, "query": 0, "kind": "answer", "text": "x", "citations": ["kb-made-up-document-never-retrieved"]},
        {"t_ms": 2300, "query": 1, "kind": "query", "text": "stop talking please"},
        {"t_ms": 2350, "query": 1, "kind": "retrieval", "docs": ["kb-a"]},
        {"t_ms": 2360, "query": 1, "kind": "answer", "text": "y", "citations": ["kb-a"]},
    ]
    write_jsonl(os.path.join(folder, "rag.jsonl"), {"schema": "rag/v1"}, rag)
    write_wav(os.path.join(folder, "mic.wav"), 3, [(0.3, 1.2), (1.6, 2.6)])
    manifest(folder, fid, "Layout stress: 3 s of audio against TTS that runs to a minute; a cancel mid-playback; ungrounded answers.",
             {"annotations": {"speech": speech, "reference": "reset my router"},
              "asr": {"trace": "asr.jsonl"}, "tts": {"trace": "tts.jsonl"}, "turns": {"trace": "turns.jsonl"},
              "rag": {"trace": "rag.jsonl", "k": 3}})


def broken(out):
    fid = "stress-broken-001"
    folder = os.path.join(out, fid)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "tts.jsonl"), "w") as f:
        f.write('{"t_ms": 0, "req": 0, "kind": "request", "text": "hi"}\n{"t_ms": "soon", "req": 0}\n')
    with open(os.path.join(folder, "rag.jsonl"), "w") as f:
        f.write('{"schema": "rag/v9"}\n')
    write_jsonl(os.path.join(folder, "asr.jsonl"), None, [{"t_ms": 900, "utt": 0, "kind": "final", "text": "hello there"}])
    write_wav(os.path.join(folder, "mic.wav"), 2, [(0.3, 0.8)])
    manifest(folder, fid, "Layout stress: parts that cannot be read; their lanes must say why.",
             {"annotations": {"speech": [[300, 800]]}, "asr": {"trace": "asr.jsonl"},
              "tts": {"trace": "tts.jsonl"}, "rag": {"trace": "rag.jsonl"}})


def scored(out):
    fid = "stress-scored-001"
    folder = os.path.join(out, fid)
    os.makedirs(folder, exist_ok=True)
    speech, asr, reference, entities = [], [], [], []
    for u in range(40):
        start = 300 + u * 750
        end = start + 600
        speech.append([start, end])
        n = 60 if u % 8 == 7 else 8 + (u * 5) % 13
        truth = [WORDS[(u * 3 + i) % len(WORDS)] for i in range(n)]
        truth[3] = "item%d" % u  # each entity occurs once
        heard = ["wrongword" if (u + i) % 5 == 0 else w for i, w in enumerate(truth)]
        reference += truth
        entities.append(" ".join(truth[2:5]))
        for h in range(3):
            asr.append({"t_ms": start + 100 + h * 150, "utt": u, "kind": "partial", "text": " ".join(heard[:2 + h * 2])})
        words = [{"text": w, "confidence": round(0.05 + 0.9 * ((u * 7 + i * 13) % 19) / 18, 3)} for i, w in enumerate(heard)]
        asr.append({"t_ms": end + 80, "utt": u, "kind": "final", "text": " ".join(heard), "words": words})
    write_jsonl(os.path.join(folder, "asr.jsonl"), None, asr)
    write_wav(os.path.join(folder, "mic.wav"), 31, [(s / 1000, e / 1000) for s, e in speech])
    manifest(folder, fid, "Layout stress: 40 finals with word confidences (772 scored words), a long reference with 40 entities.",
             {"annotations": {"speech": speech, "reference": " ".join(reference), "entities": entities},
              "asr": {"trace": "asr.jsonl"}})


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: Scripts/make-stress-fixtures.py OUT_DIR")
    os.makedirs(sys.argv[1], exist_ok=True)
    dense(sys.argv[1])
    late_tts(sys.argv[1])
    broken(sys.argv[1])
    scored(sys.argv[1])
