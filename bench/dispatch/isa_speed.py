#!/usr/bin/python3
"""The runtime-dispatched library against the -march=native one, side by side.

Runs the same benchmark binaries of a native build tree (bench_corpus,
bench_transition, bench_sft_train) and the Python binding's PPMI-SVD with
either library loaded, interleaved in every round:

  native      the build tree's own libprspread (PRSPREAD_ISA=native)
  dispatch    a PRSPREAD_ISA=dispatch libprspread (what the packages ship),
              choosing its level from CPUID
  @avx2, @portable   the dispatched library forced lower (PRSPREAD_ISA_MAX)

Shapes (issue 15 §2): counting 1e8 Zipf tokens at V = 50257; one projection
power at V = 50257, d = 768; the trainer's recipe (4L-4H-d128, T128, B16)
and nanoGPT's shape (6L-6H-d384, T256, B16); PPMI-SVD at V = 50257, d = 64.
Prints every round, the median of each configuration, and the median of the
per-round ratios dispatch / native (time; > 1 is slower).

    /usr/bin/python3 bench/dispatch/isa_speed.py --native build \\
        --dispatch build-dispatch [--rounds 3] [--levels avx2,portable]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CORPUS = os.path.join(ROOT, "..", "shared", "corpora", "tinyshakespeare.txt")

PPMI = r"""
import os, sys, time
sys.path.insert(0, os.path.join(sys.argv[1], "bindings", "python"))
import prspread
from prspread import transition as tr
from prspread.corpus import Corpus
from prspread.synth import Synth
V = 50257
synth, corpus = Synth(vocab_size=V), Corpus(V)
for _ in range(2):
    corpus.add(synth.generate(10_000_000))
t0 = time.perf_counter()
tr.ppmi_svd_embeddings(corpus, 64, power_iterations=4)
print(time.perf_counter() - t0, prspread.runtime_isa())
"""


def run(cmd, env):
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    return out.stdout


def shape_runners(native, work):

    def counting(env):
        j = json.loads(run([f"{native}/bench/bench_corpus", "--n", "1e8", "--repeats", "1"], env).splitlines()[-1])
        return j["median_s"]

    def projection(env):
        j = json.loads(run([f"{native}/bench/bench_transition", work, "2e7", "768", "2", "50257"], env).splitlines()[-1])
        return j["per_power_s"]

    def trainer(args, steps):
        def f(env):
            lines = run([f"{native}/bench/bench_sft_train", CORPUS, f"steps={steps}", "eval_interval=0"] + args,
                        env).splitlines()[1:]
            per_step = [float(x.split(",")[4]) for x in lines if x and x[0].isdigit()]
            tok_s = statistics.median(per_step[2:])  # steady state: skip the first two steps
            return 1.0 / tok_s  # seconds per token
        return f

    def ppmi(env):
        return float(run([sys.executable, "-c", PPMI, ROOT], env).split()[0])

    return {
        "counting 1e8 tokens, V 50257 (s)": counting,
        "projection V 50257 d 768 (s per power)": projection,
        "trainer recipe 4L-d128 (us per token)": trainer(["layers=4", "heads=4", "d=128", "ctx=128", "batch=16"], 12),
        "trainer nanoGPT 6L-d384 T256 (us per token)": trainer(["layers=6", "heads=6", "d=384", "ctx=256",
                                                               "batch=16"], 6),
        "PPMI-SVD V 50257 d 64 (s)": ppmi,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--native", required=True, help="a PRSPREAD_ISA=native build tree with bench/")
    ap.add_argument("--dispatch", required=True, help="the folder of a PRSPREAD_ISA=dispatch libprspread.so.0")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--levels", default="avx2,portable", help="forced levels of the dispatched library to add")
    ap.add_argument("--only", default="", help="run only shapes whose name contains this")
    a = ap.parse_args()
    if not os.path.exists(CORPUS):
        sys.exit(f"isa_speed: the trainer shapes need {CORPUS}")
    native, dispatch = os.path.abspath(a.native), os.path.abspath(a.dispatch)
    base = {k: v for k, v in os.environ.items() if k not in ("PRSPREAD_ISA_MAX", "LD_LIBRARY_PATH")}
    configs = {"native": dict(base, PRSPREAD_LIBRARY=f"{native}/libprspread.so.0")}
    configs["dispatch"] = dict(base, LD_LIBRARY_PATH=dispatch, PRSPREAD_LIBRARY=f"{dispatch}/libprspread.so.0")
    for level in filter(None, a.levels.split(",")):
        configs[f"@{level}"] = dict(configs["dispatch"], PRSPREAD_ISA_MAX=level)
    # Which library each configuration really loads (RUNPATH must not win).
    for name, env in configs.items():
        got = run([f"{native}/tools/prspread", "version"], env).strip()
        print(f"{name:10s} {got}")
        assert ("dispatch" in got) == (name != "native"), f"{name} loaded the wrong library: {got}"
    print(f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.1f} at the start, {a.rounds} rounds, interleaved")

    with tempfile.TemporaryDirectory() as work:
        shapes = {k: f for k, f in shape_runners(native, work).items() if a.only in k}
        times = {s: {c: [] for c in configs} for s in shapes}
        for r in range(a.rounds):
            for s, f in shapes.items():
                for c, env in configs.items():
                    times[s][c].append(f(env))
                row = "  ".join(f"{c} {times[s][c][-1]:.4g}" for c in configs)
                print(f"round {r + 1}  {s}: {row}", flush=True)
    print(f"load {os.getloadavg()[0]:.1f} at the end\n")

    scale = {s: (1e6 if "per token" in s else 1.0) for s in shapes}
    print("| shape | " + " | ".join(configs) + " | dispatch / native, per round | median |")
    print("|---" * (len(configs) + 3) + "|")
    for s in shapes:
        med = {c: statistics.median(times[s][c]) * scale[s] for c in configs}
        ratios = [d / n for d, n in zip(times[s]["dispatch"], times[s]["native"])]
        cells = " | ".join(f"{med[c]:.4g}" for c in configs)
        print(f"| {s} | {cells} | {', '.join(f'{x:.3f}' for x in ratios)} | {statistics.median(ratios):.3f} |")


if __name__ == "__main__":
    main()
