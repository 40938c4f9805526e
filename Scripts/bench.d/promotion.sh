# Promotion-run bench, sourced by Scripts/bench (needs root, cache, reps and
# bin = a release fixture-check with sphinx-adapter beside it).
#
# N ten-second fixtures (BENCH_PROMOTION_N, default 20) of espeak-ng speech
# with pauses, each run through sphinx-adapter as a promotion run
# (`run --asr sphinx`): one process per fixture ("streams": "one") against
# sessions ("streams": "many", processes reused), with --jobs 1 and 2;
# beside the floor, PocketSphinx alone decoding the same audio concatenated
# in one process (Scripts/bench.d/sphinx_floor.c, same VAD endpointing).

promo_n=${BENCH_PROMOTION_N:-20}
promo=$cache/promotion-$promo_n
sphinx_bin="$(dirname "$bin")/sphinx-adapter"
[ -x "$sphinx_bin" ] || { echo "bench: $sphinx_bin is missing (swift build -c release --product sphinx-adapter)" >&2; exit 2; }
cc -O2 -o "$cache/sphinx_floor" Scripts/bench.d/sphinx_floor.c $(pkg-config --cflags --libs pocketsphinx)

if [ ! -f "$promo/.done" ]; then
  rm -rf "$promo"
  mkdir -p "$promo/Fixtures" "$promo/gen"
  espeak-ng -v en-us -s 165 -f Scripts/bench.d/near.txt -w "$promo/gen/near22.wav"
  # Sentences with 0.8 s pauses, so the recognizer's VAD endpoints inside a fixture.
  sox -R "$promo/gen/near22.wav" -r 16000 -b 16 -c 1 "$promo/gen/speech.wav" silence -l 1 0.05 1% -1 0.3 1% pad 0 0.8
  total=$(soxi -D "$promo/gen/speech.wav")
  for i in $(seq 0 $((promo_n - 1))); do
    id=$(printf 'promo-%03d' "$i")
    mkdir -p "$promo/Fixtures/$id"
    start=$(awk -v i="$i" -v t="$total" 'BEGIN { printf "%.2f", (i * 7.3) % (t - 10) }')
    sox -R "$promo/gen/speech.wav" "$promo/Fixtures/$id/mic.wav" trim "$start" 10
    printf '{"schema": "fixture/v1", "id": "%s", "provenance": {"kind": "synthetic", "generator": "Scripts/bench promotion"}, "audio": {"mic": "mic.wav"}, "annotations": {"speech": [[0, 10000]]}, "asr": {"adapter": "sphinx"}}\n' "$id" \
      > "$promo/Fixtures/$id/fixture.json"
  done
  sox -R "$promo"/Fixtures/*/mic.wav -t raw "$promo/all.raw"
  for streams in one many; do
    printf '{"adapters": {"sphinx": {"kind": "asr", "command": ["%s"], "sample_rate": 16000, "timeout_s": 30, "streams": "%s"}}}\n' \
      "$sphinx_bin" "$streams" > "$promo/$streams.json"
  done
  touch "$promo/.done"
fi

promo_results=$cache/promotion-results.txt
: > "$promo_results"
promo_measure() { # name, command…  → appends "name wall_s peak_rss_kb cpu_s"
  local name=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$cache/time.out" "$@" >/dev/null 2>"$cache/stderr.out" || {
    echo "bench: $name failed:" >&2; tail -5 "$cache/stderr.out" >&2; exit 2; }
  echo "$name $(tail -1 "$cache/time.out" | awk '{print $1, $2, $3 + $4}')" >> "$promo_results"
}
for r in $(seq 1 "$reps"); do
  echo "bench: promotion round $r of $reps ($promo_n fixtures of 10 s)" >&2
  promo_measure floor_one_process sh -c '"$0" < "$1"' "$cache/sphinx_floor" "$promo/all.raw"
  for jobs in 1 2; do
    for streams in one many; do
      promo_measure "${streams}_stream_jobs$jobs" "$bin" run "$promo"/Fixtures/promo-* --asr sphinx \
        --adapters "$promo/$streams.json" --jobs "$jobs" --format json
    done
  done
done

python3 - "$promo_results" "$promo_n" <<'PY'
import statistics, sys
rows, n = {}, int(sys.argv[2])
for line in open(sys.argv[1]):
    name, wall, rss, cpu = line.split()
    rows.setdefault(name, []).append((float(wall), int(rss), float(cpu)))
med = {k: statistics.median(w for w, _, _ in v) for k, v in rows.items()}
print(f"promotion run, {n} fixtures x 10 s through sphinx-adapter (n={len(rows['floor_one_process'])} rounds; "
      "RSS is fixture-check's or the floor's own, not the engines')")
print(f"{'run':<20}{'median s':>10}{'s/fixture':>11}{'CPU s':>8}{'peak RSS MB':>13}{'x floor':>9}")
for k, v in rows.items():
    cpu = statistics.median(c for _, _, c in v)
    rss = max(r for _, r, _ in v) / 1024
    print(f"{k:<20}{med[k]:>10.2f}{med[k] / n:>11.3f}{cpu:>8.2f}{rss:>13.1f}{med[k] / med['floor_one_process']:>9.2f}")
for jobs in (1, 2):
    one, many = med[f"one_stream_jobs{jobs}"], med[f"many_stream_jobs{jobs}"]
    print(f"--jobs {jobs}: sessions {one / many:.2f}x the speed of one-stream ({one - many:+.2f} s, "
          f"{(one - many) / n * 1000:.0f} ms saved per fixture)")
PY
