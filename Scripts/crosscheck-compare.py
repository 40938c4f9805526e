#!/usr/bin/env python3
"""Cross-checks `fixture-check compare` against an independent Python
re-implementation of docs/decisions.md (slice means, budgets, epsilon, missing kinds,
ranking) on random runs. An evaluation script, not part of the test suite.

Usage: Scripts/crosscheck-compare.py [SEED] (after `swift build`)."""
import atexit, json, os, random, shutil, subprocess, sys, tempfile
B = os.path.abspath(os.environ.get("FIXTURE_CHECK", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "debug", "fixture-check")))
SCRATCH = tempfile.mkdtemp(prefix="xcheck-")
atexit.register(shutil.rmtree, SCRATCH, True)
os.chdir(SCRATCH)
budgets = {"asr.wer": {"allowed_delta": 0.02, "direction": "lower_is_better", "critical": True},
           "task.success": {"allowed_delta": 0.05, "direction": "higher_is_better"},
           "lat.p95": {"allowed_delta": 100, "direction": "lower_is_better"}}
def run(rng, n):
    fx = []
    for i in range(n):
        sl = {}
        for d, vals in [("language", ["en", "hi", "es", "ta"]), ("device", ["ios", "android", "web"])]:
            if rng.random() < 0.9: sl[d] = rng.choice(vals)
        m = {}
        for k, lo, hi in [("asr.wer", 0, 0.4), ("task.success", 0.5, 1), ("lat.p95", 200, 900)]:
            r = rng.random()
            m[k] = None if r < 0.1 else round(rng.uniform(lo, hi), 3)
        fx.append({"id": f"f{i}", "slices": sl, "metrics": m, "errors": []})
    return {"metrics_version": "1", "fixtures": fx}
def slices(r):
    t = {}
    for f in r["fixtures"]:
        for name in ["all"] + [f"{d}={v}" for d, v in f["slices"].items()]:
            t.setdefault(name, []).append(f)
    out = {}
    for name, fs in t.items():
        means = {}
        for k in budgets:
            vals = [f["metrics"][k] for f in fs if isinstance(f["metrics"].get(k), (int, float))]
            if vals: means[k] = sum(vals) / len(vals)
        out[name] = means
    return out
def expected(a, b):
    A, Bs = slices(a), slices(b)
    found = []
    for s in set(A) | set(Bs):
        if s not in A: found.append(("missing_baseline", s, None)); continue
        if s not in Bs: found.append(("missing_candidate", s, None)); continue
        for k, rule in budgets.items():
            if k not in A[s] and k not in Bs[s]: continue
            if k not in A[s] or k not in Bs[s]: found.append(("missing_metric", s, k)); continue
            d = Bs[s][k] - A[s][k]; al = rule["allowed_delta"]
            sev = d - al if rule["direction"] == "lower_is_better" else -d - al
            if sev > 1e-9 * max(1, abs(al)): found.append(("regression", s, k, sev))
    return found
rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
json.dump(budgets, open("budgets.json", "w"))
mismatch = 0; total = 0
for trial in range(200):
    a, b = run(rng, rng.randint(1, 12)), run(rng, rng.randint(1, 12))
    json.dump(a, open("a.json", "w")); json.dump(b, open("b.json", "w"))
    p = subprocess.run([B, "compare", "--baseline", "a.json", "--candidate", "b.json", "--budgets", "budgets.json", "--format", "json"], capture_output=True, text=True)
    got = json.loads(p.stdout)["findings"]
    exp = expected(a, b)
    # expected order: missing first (by slice, metric), then severity desc, slice, metric
    def key(f):
        miss = f[0] != "regression"
        return (0 if miss else 1, 0 if miss else -f[3], f[1], f[2] or "")
    exp.sort(key=key)
    g = [(f["kind"], f["slice"], f["metric"]) for f in got]
    e = [f[:3] for f in exp]
    total += len(e)
    if g != e:
        # ties in severity that differ only by float noise are allowed to swap; report
        mismatch += 1
        if mismatch < 3: print("MISMATCH", trial, g, e)
    for f, x in zip(got, exp):
        if x[0] == "regression" and abs(f["severity"] - x[3]) > 1e-6: mismatch += 1; print("SEV", f, x)
print(f"trials=200 findings={total} mismatching_trials={mismatch}")
sys.exit(1 if mismatch else 0)
