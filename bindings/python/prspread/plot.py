"""Plots of PR tables and loss curves (needs matplotlib, Debian
python3-matplotlib; importing this module without it raises ImportError
with that hint).  Each function draws on `ax` (a new figure when None) and
returns the Axes, so callers can save or restyle it."""
try:
    import matplotlib
    import matplotlib.pyplot as plt
except ImportError as e:  # pragma: no cover - depends on the machine
    raise ImportError("prspread.plot needs matplotlib (apt-get install python3-matplotlib)") from e

import numpy as np


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    return ax


def plot_pr_table(ks, series, null=None, ax=None, planes=False):
    """Participation ratio against the power k.

    ks:     1-D sequence of powers.
    series: {label: PR values, one per k} — e.g. one entry per centring form.
    null:   optional {label: value} of null baselines drawn as dashed lines
            (a random-matrix PR is ~1.5 x d_head: always show one).
    planes: plot PR/2 (rotation planes) instead of PR."""
    ax = _axes(ax)
    ks = np.asarray(ks)
    scale = 0.5 if planes else 1.0
    for label, values in series.items():
        values = np.asarray(values, dtype=float)
        if values.shape != ks.shape:
            raise ValueError(f"series '{label}' has {values.shape} values for {ks.shape} powers")
        ax.plot(ks, scale * values, marker="o", label=label)
    for i, (label, value) in enumerate((null or {}).items()):
        ax.axhline(scale * value, linestyle="--", color=f"C{len(series) + i}", label=f"null: {label}")
    ax.set_xlabel("power k")
    ax.set_ylabel("planes = PR/2" if planes else "participation ratio")
    ax.legend()
    return ax


def plot_loss_curves(curves, ax=None, log=False):
    """Training loss against step.

    curves: {label: (steps, losses)} or {label: losses}; a losses array of
            shape (seeds, steps) is drawn as its mean with a min-max band."""
    ax = _axes(ax)
    for label, c in curves.items():
        if isinstance(c, tuple):
            steps, losses = np.asarray(c[0]), np.asarray(c[1], dtype=float)
        else:
            losses = np.asarray(c, dtype=float)
            steps = np.arange(losses.shape[-1])
        if losses.ndim == 2:
            line, = ax.plot(steps, losses.mean(0), label=f"{label} (n={losses.shape[0]})")
            ax.fill_between(steps, losses.min(0), losses.max(0), alpha=0.2, color=line.get_color())
        else:
            ax.plot(steps, losses, label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    if log:
        ax.set_yscale("log")
    ax.legend()
    return ax


def save(ax, path):
    """Save the Axes' figure (format from the file extension)."""
    ax.figure.savefig(path, bbox_inches="tight")
    plt.close(ax.figure)
