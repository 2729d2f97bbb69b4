#!/usr/bin/env python3
"""A small study, notebook style, through the Python binding.

Questions: how much attention-like asymmetry is in the corpus's bigram
statistics (and is the "PR locked at 2.0" real or an artefact of E's mean),
and how close does a tiny byte-level transformer get to the corpus's own
bigram statistics after N steps, across seeds?

    PRSPREAD_LIBRARY=build/libprspread.so /usr/bin/python3 examples/python/study.py \
        [--text tinyshakespeare.txt] [--steps 100] [--seeds 3] [--plot loss.png]

Cells:
  1. exact byte-bigram counts of the text (pr_corpus);
  2. the bigram conditional entropy H(next | prev): the loss of the best
     model that only sees the previous byte;
  3. T, pi and the PR table of A_k = antisym(E^T T^k E) under each form
     (raw, centred embeddings, stationary subtracted, flux), with a null
     baseline, and the similarity of the raw and flux asymmetries with its
     null (pr_transition);
  4. several seeds of a 1-layer model trained for --steps (pr_sft), with the
     validation loss reported as mean, spread and seed count (a single
     seed's difference of a few percent means nothing);
  5. optionally figures of the PR table and loss curves (matplotlib).
"""
import argparse
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bindings", "python"))
import prspread  # noqa: E402
from prspread import transition as tr  # noqa: E402

ap = argparse.ArgumentParser(description="corpus statistics vs a tiny trained model")
ap.add_argument("--text", default=os.path.join(
    os.environ.get("PRSPREAD_CORPUS_DIR", os.path.join(HERE, "..", "..", "..", "shared", "corpora")),
    "tinyshakespeare.txt"))
ap.add_argument("--steps", type=int, default=100)
ap.add_argument("--seeds", type=int, default=3)
ap.add_argument("--d-model", type=int, default=32)
ap.add_argument("--powers", type=int, default=8)
ap.add_argument("--null-samples", type=int, default=16)
ap.add_argument("--plot", default=None,
                help="write the figures here as <name>-pr.png and <name>-loss.png (needs matplotlib)")
args = ap.parse_args()
print(f"prspread {prspread.version()} ({prspread.build_isa()}) from {prspread.library_path}")

# %% 1. Exact bigram counts of the bytes.
data = np.fromfile(args.text, np.uint8)
t0 = time.perf_counter()
with prspread.Corpus(256) as corpus:
    corpus.add(data)
    row_ptr, col, counts = corpus.to_csr()
    print(f"[counts] {corpus.total_tokens} bytes, {corpus.nnz} distinct byte pairs "
          f"({time.perf_counter() - t0:.3f} s)")
    # T copies the counts, so the corpus may be closed after this.
    T = prspread.Transition.from_corpus(corpus)

# %% 2. H(next | prev) in nats from the counts: the bigram floor.
rows = np.repeat(np.arange(256), np.diff(row_ptr.astype(np.int64)))
row_sum = np.bincount(rows, weights=counts, minlength=256)
p_pair = counts / counts.sum()
h_bigram = -np.sum(p_pair * np.log(counts / row_sum[rows]))
unigram = np.bincount(data, minlength=256) / data.size
h_unigram = -np.sum(unigram[unigram > 0] * np.log(unigram[unigram > 0]))
print(f"[entropy] unigram H = {h_unigram:.3f} nats, bigram H(next|prev) = {h_bigram:.3f} nats, "
      f"uniform = {np.log(256):.3f}")

# %% 3. Corpus asymmetry: the PR table under each form, with nulls.
info, irr = T.info(), T.irreversibility()
print(f"[T] pi converged={bool(info.stationary_converged)} after {info.stationary_iterations} "
      f"iterations; |Pi T - T^T Pi|_F = {irr.flux_frobenius:.4f}")
rng = np.random.default_rng(0)
d = args.d_model
# Random embedding plus a shared mean direction, as trained embeddings have.
E = (rng.standard_normal((256, d)) + 3.0 * rng.standard_normal(d)).astype(np.float32)
table = tr.PrTable.from_rows(T.pr_table(E, max_power=args.powers, progress=False))
print(f"[PR table] PR(A_k), sigma^2 convention, d = {d}")
print("    k" + "".join(f"{m:>21}" for m in table.pr))
for i, k in enumerate(table.powers):
    print(f"{k:>5}" + "".join(f"{table.pr[m][i]:>21.3f}" for m in table.pr))
null_pr = np.mean([tr.spectrum_antisym(rng.standard_normal((d, d))).pr for _ in range(args.null_samples)])
print(f"[null] PR of a random antisymmetric {d} x {d} matrix: {null_pr:.2f}")
M_raw = T.project(E, max_power=1, mode="raw", progress=False)[0]
M_flux = T.project(E, max_power=1, mode="flux", progress=False)[0]
sim = tr.similarity(M_raw, M_flux, planes=2, null_samples=args.null_samples, seed=1)
for name in ("frobenius_cosine", "subspace_overlap", "spectrum_cosine"):
    st = getattr(sim, name)
    print(f"[raw vs flux, k=1] {name:>17} = {st.value:.3f}  (null {st.null_mean:.3f} "
          f"+- {st.null_std:.3f}, z = {st.z:.1f})")
T.close()

# %% 4. A 1-layer model, several seeds.
tokens = data.astype(np.uint16)
curves, finals = {}, []
for seed in range(1, args.seeds + 1):
    with prspread.Model(vocab_size=256, context_length=64, n_layer=1, n_head=4,
                        d_model=args.d_model, seed=seed) as model:
        model.set_train_options(batch_size=8, max_steps=args.steps, warmup_steps=10,
                                eval_batches=4, lr=3e-3)
        model.set_data(tokens)
        t0 = time.perf_counter()
        infos = model.train(args.steps)
        finals.append(model.eval())
        curves[seed] = np.array([i.loss for i in infos])
        print(f"[train] seed {seed}: {args.steps} steps in {time.perf_counter() - t0:.1f} s, "
              f"train loss {infos[0].loss:.3f} -> {infos[-1].loss:.3f}, val {finals[-1]:.3f}")
finals = np.array(finals)
print(f"[result] val loss after {args.steps} steps: {finals.mean():.3f} +- {finals.std(ddof=1) if finals.size > 1 else 0:.3f} "
      f"(n = {finals.size} seeds); bigram floor {h_bigram:.3f}; gap {finals.mean() - h_bigram:+.3f} nats")

# %% 5. Figures.
if args.plot:
    try:
        from prspread import plot
    except ImportError as e:
        print(f"[plot] skipped: {e}")
    else:
        ax = plot.plot_pr_table(table.powers, table.pr, null={"random antisymmetric": null_pr})
        plot.save(ax, f"{args.plot}-pr.png")
        ax = plot.plot_loss_curves({"1-layer model": np.stack(list(curves.values()))})
        ax.axhline(h_bigram, linestyle="--", color="gray", label="bigram H(next|prev)")
        ax.legend()
        plot.save(ax, f"{args.plot}-loss.png")
        print(f"[plot] wrote {args.plot}-pr.png and {args.plot}-loss.png")
