#!/usr/bin/env python3
"""A small study, notebook style, through the Python binding.

Question: how close does a tiny byte-level transformer get to the corpus's
own bigram statistics after N steps, and how much do seeds matter?

    PRSPREAD_LIBRARY=build/libprspread.so /usr/bin/python3 examples/python/study.py \
        [--text tinyshakespeare.txt] [--steps 100] [--seeds 3] [--plot loss.png]

Cells:
  1. exact byte-bigram counts of the text (pr_corpus);
  2. the bigram conditional entropy H(next | prev): the loss of the best
     model that only sees the previous byte;
  3. several seeds of a 1-layer model trained for --steps (pr_sft), with the
     validation loss reported as mean, spread and seed count (a single
     seed's difference of a few percent means nothing);
  4. optionally a figure of the loss curves (matplotlib).
"""
import argparse
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bindings", "python"))
import prspread  # noqa: E402

ap = argparse.ArgumentParser(description="corpus statistics vs a tiny trained model")
ap.add_argument("--text", default=os.path.join(
    os.environ.get("PRSPREAD_CORPUS_DIR", os.path.join(HERE, "..", "..", "..", "shared", "corpora")),
    "tinyshakespeare.txt"))
ap.add_argument("--steps", type=int, default=100)
ap.add_argument("--seeds", type=int, default=3)
ap.add_argument("--d-model", type=int, default=32)
ap.add_argument("--plot", default=None, help="write the loss-curve figure here (needs matplotlib)")
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

# %% 2. H(next | prev) in nats from the counts: the bigram floor.
rows = np.repeat(np.arange(256), np.diff(row_ptr.astype(np.int64)))
row_sum = np.bincount(rows, weights=counts, minlength=256)
p_pair = counts / counts.sum()
h_bigram = -np.sum(p_pair * np.log(counts / row_sum[rows]))
unigram = np.bincount(data, minlength=256) / data.size
h_unigram = -np.sum(unigram[unigram > 0] * np.log(unigram[unigram > 0]))
print(f"[entropy] unigram H = {h_unigram:.3f} nats, bigram H(next|prev) = {h_bigram:.3f} nats, "
      f"uniform = {np.log(256):.3f}")

# %% 3. A 1-layer model, several seeds.
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

# %% 4. Figure.
if args.plot:
    try:
        from prspread import plot
    except ImportError as e:
        print(f"[plot] skipped: {e}")
    else:
        ax = plot.plot_loss_curves({"1-layer model": np.stack(list(curves.values()))})
        ax.axhline(h_bigram, linestyle="--", color="gray", label="bigram H(next|prev)")
        ax.legend()
        plot.save(ax, args.plot)
        print(f"[plot] wrote {args.plot}")
