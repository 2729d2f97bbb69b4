#!/usr/bin/python3
"""`prspread verdicts` merges reproduce runs without changing a number.

usage: verdicts_merge.py PRSPREAD TMPDIR

Runs `reproduce --quick --json` on the two built-in sources (lag-2 and
first-order, about 3 s each), then `verdicts` on them in both orders, as JSON
and as markdown.  Checked: one column per argument, in argument order, named
by the run's corpus (or by NAME= when given); every cell is exactly the
run's own verdict line (same id, outcome, interval, MDE, evidence); every
verdict line of every run appears; the markdown has one row per claim and
each cell starts with the run's outcome.
"""
import json
import os
import subprocess
import sys


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        fail(f"{' '.join(cmd)} -> exit {proc.returncode}: {proc.stderr.strip()}")
    return proc.stdout


def check_merged(merged, runs, names):
    if merged.get("format") != "prspread-verdicts":
        fail(f"merged JSON has format {merged.get('format')}")
    got = [c["name"] for c in merged["corpora"]]
    if got != names:
        fail(f"columns {got}, want {names} (argument order)")
    for c, (_, j) in zip(merged["corpora"], runs):
        if c["config"] != j["config"]:
            fail(f"column {c['name']}: config not copied")
    ids = [row["id"] for row in merged["claims"]]
    if len(ids) != len(set(ids)):
        fail(f"a claim appears twice: {ids}")
    for col, (path, j) in enumerate(runs):
        lines = {v["id"]: v for v in j["verdict"]}
        for row in merged["claims"]:
            cell = row["cells"][col]
            want = lines.get(row["id"])
            if cell != want:
                fail(f"{path}, claim {row['id']}: merged cell {cell} differs from the run's line {want}")
        missing = set(lines) - set(ids)
        if missing:
            fail(f"{path}: verdict lines {missing} missing from the merged table")


def check_markdown(md, merged):
    rows = [l for l in md.splitlines() if l.startswith("| ") and not l.startswith("| Claim")]
    if len(rows) != len(merged["claims"]):
        fail(f"markdown has {len(rows)} claim rows, JSON {len(merged['claims'])}")
    for line, row in zip(rows, merged["claims"]):
        # Split on the unescaped pipes only: cells may hold "\|PR - 2\|".
        cells = [c.strip() for c in line.replace("\\|", "\x00").strip("|").split("|")]
        if len(cells) != len(merged["corpora"]) + 2:
            fail(f"markdown row has {len(cells)} cells: {line}")
        for k, cell in enumerate(row["cells"]):
            want = "**" + cell["outcome"] + "**"
            if not cells[k + 1].startswith(want):
                fail(f"markdown cell {cells[k + 1]!r} does not start with {want}")


def main():
    cli, tmp = sys.argv[1], sys.argv[2]
    os.makedirs(tmp, exist_ok=True)
    paths = []
    for lag in (2, 1):
        out = run([cli, "reproduce", "--quick", "--synth-lag", str(lag), "--json", "-q"])
        path = os.path.join(tmp, f"verdicts_lag{lag}.json")
        with open(path, "w") as f:
            f.write(out)
        paths.append(path)
    runs = [(p, json.load(open(p))) for p in paths]
    sources = [j["config"]["source"] for _, j in runs]
    if sources[0] == sources[1]:
        fail(f"the two sources have one name: {sources[0]}")

    for order in ([0, 1], [1, 0]):
        args = [paths[i] for i in order]
        merged = json.loads(run([cli, "verdicts", "--json"] + args))
        check_merged(merged, [runs[i] for i in order], [sources[i] for i in order])
        check_markdown(run([cli, "verdicts"] + args), merged)

    named = json.loads(run([cli, "verdicts", "--json", "first=" + paths[1], "second=" + paths[0]]))
    check_merged(named, [runs[1], runs[0]], ["first", "second"])
    print("verdicts ok:", len(named["claims"]), "claims x", len(named["corpora"]), "corpora")


if __name__ == "__main__":
    main()
