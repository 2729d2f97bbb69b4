#!/usr/bin/python3
"""Runs a prspread command with --json and checks the invariants of its report.

usage: check_json.py KIND PRSPREAD ARGS...   (KIND: pr-table or reproduce)

Invariants (DESIGN.md section 1):
  * raw PR(A_k) is about 2 at every power (the artefact the source reported);
  * center_embeddings and flux are well above 2 at power 1 when E has a
    shared mean direction (so the "lock" is not fundamental);
  * reproduce: every strategy has seeds, per-seed losses, a mean and an sd;
    every non-random strategy has a paired difference with a 95% interval;
    similarities come with null values; the verdict backs each outcome with
    evidence.
"""
import json
import math
import subprocess
import sys


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check_pr_table(t, raw_tolerance):
    if not t["done"]:
        fail("pr_table not done")
    modes = {m["mode"]: m for m in t["modes"]}
    for name in ("raw", "center_embeddings", "subtract_stationary", "flux"):
        if name not in modes:
            fail(f"mode {name} missing: {sorted(modes)}")
    raw = modes["raw"]["pr"]
    if len(raw) < 2:
        fail(f"too few powers: {raw}")
    share = t["mean_share"]
    # With a dominant mean direction in E the raw form is one plane at every
    # power; whatever E, every mode returns to one plane at large k (T^k ->
    # 1 pi^T).  A trained E with a weak mean need not be near 2 at k = 1.
    for k, pr in enumerate(raw, 1):
        tol = raw_tolerance if (share > 0.5 or k >= 5) else float("inf")
        if abs(pr - 2.0) > tol:
            fail(f"raw PR at k={k} is {pr}, not within {tol} of 2 (E's mean share {share:.2f})")
    if share > 0.5:
        for name in ("center_embeddings", "flux"):
            pr1 = modes[name]["pr"][0]
            if not pr1 > 2.5:
                fail(f"{name} PR at k=1 is {pr1}, expected well above 2 (E's mean share {share:.2f})")
    for m in t["modes"]:
        for pr, planes in zip(m["pr"], m["planes"]):
            if not (math.isfinite(pr) and abs(planes - pr / 2) < 1e-9):
                fail(f"{m['mode']}: planes {planes} != PR/2 for PR {pr}")
    if not t["null"]["pr"] > 4:
        fail(f"null PR {t['null']['pr']} implausibly low for a random W_QK")
    print("pr_table ok: raw", [round(x, 3) for x in raw],
          "| center k=1", round(modes["center_embeddings"]["pr"][0], 2),
          "| flux k=1", round(modes["flux"]["pr"][0], 2), "| mean share", round(share, 3))


def check_reproduce(j):
    check_pr_table(j["pr_table"], raw_tolerance=0.5)
    loss = j["loss"]
    if not loss["done"]:
        fail("loss table not done")
    names = [s["name"] for s in loss["strategies"]]
    for need in ("random", "direct", "blend", "oracle", "oracle_qkvo", "oracle_all", "random_b", "norm_matched"):
        if need not in names:
            fail(f"strategy {need} missing: {names}")
    nseeds = len(j["config"]["seeds"])
    if nseeds < 2:
        fail("fewer than 2 seeds")
    for s in loss["strategies"]:
        if len(s["seeds"]) != nseeds or len(s["loss"]) != nseeds:
            fail(f"{s['name']}: {len(s['seeds'])} seeds / {len(s['loss'])} losses, want {nseeds}")
        if not all(math.isfinite(x) and 0 < x < 20 for x in s["loss"]):
            fail(f"{s['name']}: bad losses {s['loss']}")
        if not (math.isfinite(s["sd"]) and s["n"] == nseeds):
            fail(f"{s['name']}: sd {s['sd']} n {s['n']}")
        lo, hi = s["ci95"]
        if not lo <= s["mean"] <= hi:
            fail(f"{s['name']}: mean outside its interval")
        if s["name"] != "random":
            d = s["diff_vs_random"]
            lo, hi = d["ci95_pct"]
            if not (d["n"] == nseeds and lo <= d["mean_pct"] <= hi):
                fail(f"{s['name']}: bad paired difference {d}")
            if not (math.isfinite(d["mde_pct"]) and abs(d["mde_pct"] - (hi - d["mean_pct"])) < 1e-9 * max(1, abs(hi))):
                fail(f"{s['name']}: MDE {d['mde_pct']} is not the interval's half-width")
            if d["outcome"] not in ("held", "contradicted", "inconclusive"):
                fail(f"{s['name']}: outcome {d['outcome']}")
    sim = j["similarity"]
    if not sim["done"] or len(sim["layers"]) != j["config"]["n_layer"]:
        fail("similarity table missing layers")
    for layer in sim["layers"]:
        for m in layer["measures"]:
            if not (math.isfinite(m["value"]) and math.isfinite(m["null"]) and m["null_what"]):
                fail(f"similarity {m} lacks a null")
    att = j["attention"]
    if not att["done"] or len(att["layers"]) != j["config"]["n_layer"]:
        fail("attention table missing layers")
    for layer in att["layers"]:
        if not (layer["trained_pr"] >= 1 and layer["random_init_pr"] >= 1):
            fail(f"attention layer {layer}")
    # The PR claims over reference models: one entry per model trained (the
    # first is Table 1's reference, so its numbers are Table 1's), and each PR
    # verdict's interval is over exactly those numbers.
    refs = j["references"]
    if not j["interrupted"] and len(refs) != j["config"]["reference_models"]:
        fail(f"{len(refs)} reference models, config says {j['config']['reference_models']}")
    raw = next(m for m in j["pr_table"]["modes"] if m["mode"] == "raw")
    gap = max(abs(p - 2) for p in raw["pr"])
    if abs(refs[0]["lock_gap"] - gap) > 1e-12:
        fail(f"first reference's lock gap {refs[0]['lock_gap']} is not Table 1's {gap}")
    by_id = {v["id"]: v for v in j["verdict"]}
    for vid, key in (("pr_lock", "lock_gap"), ("lock_fundamental", "best_free_pr")):
        o = by_id[vid]["over_references"]
        if o["values"] != [r[key] for r in refs]:
            fail(f"{vid}: values over references {o['values']} are not the references' {key}")
        lo, hi = o["ci95"]
        if len(refs) > 1 and not lo <= o["mean"] <= hi:
            fail(f"{vid}: mean outside its interval over references {o}")
    lo, hi = by_id["pr_lock"]["over_references"]["ci95"]
    want = "held" if hi <= 0.05 else "contradicted" if lo > 0.5 else "inconclusive"  # verdict_rules.hpp
    if by_id["pr_lock"]["outcome"] != want:
        fail(f"pr_lock is {by_id['pr_lock']['outcome']} for the interval [{lo}, {hi}], want {want}")
    heads = j["config"]["n_head"]
    if len(att["geometry"]) != j["config"]["n_layer"] * (heads + 1):
        fail(f"attention geometry has {len(att['geometry'])} rows, want n_layer x (n_head + 1)")
    for g in att["geometry"]:
        ok = (0 <= g["symmetry"] <= 1 + 1e-9 and -1 - 1e-9 <= g["directionality"] <= 1 + 1e-9
              and g["symmetry_null"]["sd"] > 0 and g["sym_energy"] >= 0 and g["antisym_energy"] >= 0
              and 0 <= g["random_init"]["symmetry"] <= 1 + 1e-9)
        if not ok:
            fail(f"attention geometry row {g}")
    outcomes = {"held", "contradicted", "inconclusive", "not tested", "detected", "not detected",
                "no effect (as expected)", "effect (init-to-init noise is large)", "no effect", "lowers the loss",
                "raises the loss"}
    for v in j["verdict"]:
        if v["outcome"] not in outcomes:
            fail(f"verdict outcome {v['outcome']}")
        if v["outcome"] != "not tested" and not any(ch.isdigit() for ch in v["evidence"]):
            fail(f"verdict without a number: {v}")
        if not v["rule"]:
            fail(f"verdict without its rule: {v}")
    # A positive control is detected exactly when its interval excludes zero,
    # in either direction; without a detected attention positive control no
    # loss claim may be judged.
    for v in j["verdict"]:
        if v["id"].startswith("control:oracle"):
            lo, hi = v["ci95_pct"]
            if (v["outcome"] == "detected") != (hi < 0 or lo > 0):
                fail(f"positive control {v['id']}: outcome {v['outcome']} for the interval [{lo}, {hi}]")
    seen = any(v["outcome"] == "detected" and "oracle_qkvo" in v["claim"] for v in j["verdict"])
    for v in j["verdict"]:
        if "init lowers loss" in v["claim"] and not seen and v["outcome"] != "inconclusive":
            fail(f"loss claim judged without a detected positive control: {v}")
    tested = [v for v in j["verdict"] if v["outcome"] != "not tested"]
    if len(tested) < len(j["verdict"]):
        fail("some claims were not tested: " + str([v["claim"] for v in j["verdict"] if v not in tested]))
    print("reproduce ok:", nseeds, "seeds;", "; ".join(f"{v['claim'][:40]}... {v['outcome']}" for v in j["verdict"]))


def main():
    kind, cmd = sys.argv[1], sys.argv[2:]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        fail(f"exit {proc.returncode}: {proc.stderr.strip()}")
    try:
        j = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        fail(f"stdout is not JSON ({e}): {proc.stdout[:200]}")
    if kind == "pr-table":
        check_pr_table(j, raw_tolerance=0.5)
    elif kind == "reproduce":
        check_reproduce(j)
    else:
        fail("unknown kind " + kind)


if __name__ == "__main__":
    main()
