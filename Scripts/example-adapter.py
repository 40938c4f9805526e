#!/usr/bin/env python3
"""A minimal outside ASR engine for fixture-check (protocol: docs/adapters.md).

It shows how any engine plugs in: read JSON lines on stdin, answer with
JSON lines on stdout, flush after every line, log only to stderr. Its
"recognizer" counts words: one word per 200 ms of audio louder than
-40 dBFS, so a hypothesis grows while someone talks.

It speaks sessions: load once, answer every "start" with "ready" after
resetting the stream's state, serve "start" ... "done" again and again
until EOF ("streams": "many" in fixture-check.json).

    fixture-check run Fixtures/x --asr-command "python3 Scripts/example-adapter.py"
"""
import base64
import json
import math
import struct
import sys


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()  # the harness waits for each line; never buffer


def main():
    rate, heard, energy, words = 16000, 0, 0.0, 0
    for line in sys.stdin:
        message = json.loads(line)
        kind = message.get("type")
        if kind == "start":
            # A new stream: nothing of the previous one may carry over.
            rate = int(message.get("sample_rate", 16000))
            heard, energy, words = 0, 0.0, 0
            print(f"example-adapter: start at {rate} Hz", file=sys.stderr)
            send({"type": "ready"})
        elif kind == "audio":
            pcm = base64.b64decode(message["pcm16"])
            before = words
            for (sample,) in struct.iter_unpack("<h", pcm):
                energy += (sample / 32768.0) ** 2
                heard += 1
                if heard % (rate // 5) == 0:  # a 200 ms block is complete
                    if energy / (rate // 5) >= 1e-4:
                        words += 1
                    energy = 0.0
            if words != before:
                send({"type": "partial", "utt": 0, "text": " ".join(["word"] * words)})
            send({"type": "ack"})  # exactly one per audio message
        elif kind == "end":
            send({"type": "final", "utt": 0, "text": " ".join(["word"] * words)})
            send({"type": "done"})  # then the next "start", or EOF


if __name__ == "__main__":
    main()
