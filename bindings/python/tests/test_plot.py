import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from prspread import plot  # noqa: E402


def test_pr_table_plot_draws_every_series_and_null(tmp_path):
    ax = plot.plot_pr_table([1, 2, 3], {"raw": [2, 2, 2], "centred": [12, 8, 5]},
                            null={"random W_QK": 24.0})
    assert len(ax.lines) == 3
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [12, 8, 5])
    out = tmp_path / "pr.png"
    plot.save(ax, out)
    assert out.stat().st_size > 1000


def test_pr_table_plot_rejects_misaligned_series():
    with pytest.raises(ValueError, match="'bad'"):
        plot.plot_pr_table([1, 2], {"bad": [1, 2, 3]})


def test_loss_curves_mean_and_band_over_seeds():
    losses = np.array([[3.0, 2.0, 1.0], [3.2, 2.2, 1.4]])
    ax = plot.plot_loss_curves({"random": losses, "corpus": ([0, 10, 20], [3.0, 1.9, 0.9])})
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [3.1, 2.1, 1.2])
    assert "n=2" in ax.lines[0].get_label()
    np.testing.assert_allclose(ax.lines[1].get_xdata(), [0, 10, 20])
