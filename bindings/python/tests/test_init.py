"""Init family through the binding: generation, apply, compare, analysis."""
import numpy as np
import pytest

import prspread
from prspread import init

SMALL = dict(vocab_size=32, context_length=8, n_layer=1, n_head=2, d_model=16, seed=1)


@pytest.fixture(scope="module")
def tokens():
    s = prspread.Synth(vocab_size=32, seed=4, structure=0.8)
    return s.generate(6000)


def test_names_and_describe():
    assert init.strategy_name("pr_blend") == "pr_blend"
    assert init.strategy_name(99) is None
    text = init.describe(strategy="direct", power=2, mode="flux")
    assert text.startswith("direct") and "flux" in text
    with pytest.raises(ValueError, match="'strategy'"):
        init.init_options(strategy="best")
    with pytest.raises(TypeError, match="unknown option"):
        init.init_options(strategyy="direct")


def test_direct_apply_writes_an_antisymmetric_layer_form(tokens):
    m = prspread.Model(**SMALL)
    before = m.get_param("h.0.attn.w_q").copy()
    reports = init.apply(m, tokens, strategy="direct", mode="flux")
    assert len(reports) == 1
    assert not np.array_equal(m.get_param("h.0.attn.w_q"), before)
    # DIRECT with even d_head gives whole rotation planes: antisymmetric.
    assert reports[0].symmetry < 1e-6
    q, k = m.get_param("h.0.attn.w_q"), m.get_param("h.0.attn.w_k")
    W = q.astype(np.float64) @ k.T.astype(np.float64)        # sum over heads
    S = (W + W.T) / 2
    assert np.linalg.norm(S) ** 2 / np.linalg.norm(W) ** 2 == pytest.approx(reports[0].symmetry, abs=1e-5)


def test_corpus_forms_and_generate(tokens):
    E = np.random.default_rng(0).standard_normal((32, 16)).astype(np.float32)
    M = init.corpus_forms(tokens, E, max_power=2, mode="raw")
    assert M.shape == (2, 16, 16)
    w, reports = init.generate(2, 2, 16, corpus_forms=M.astype(np.float32), strategy="direct")
    assert w["w_q"].shape == (2, 16, 16) and len(reports) == 2
    w2, _ = init.generate(1, 2, 16, strategy="random", seed=3)
    w3, _ = init.generate(1, 2, 16, strategy="random", seed=3)
    np.testing.assert_array_equal(w2["w_q"], w3["w_q"])       # deterministic in seed
    with pytest.raises(TypeError, match="'tokens'"):
        init.corpus_forms(tokens.astype(np.int64), E)


def test_compare_runs_matched_seeds(tokens):
    calls = []
    c = init.compare(tokens, {"random": {}, "direct": {"strategy": "direct"}}, seeds=[1, 2], steps=3,
                     eval_interval=0, model_options=SMALL,
                     train_options=dict(batch_size=2, warmup_steps=1, eval_batches=1),
                     progress=lambda d, t: calls.append(d) and False)
    assert c.counts == (2, 2, 3)
    s = c.summaries()
    assert [x.label for x in s] == ["random", "direct"] and s[0].n_seeds == 2
    assert c.final_losses(1).shape == (2,)
    assert c.train_curve(0, 0).shape == (3,)
    steps, loss = c.val_curve(0, 1)
    assert steps[0] == 0 and steps[-1] == 3 and loss.size == steps.size
    assert c.data_digest(0, 0) == c.data_digest(1, 0)         # same batches for every arm
    assert "direct" in c.report("markdown") and c.report("json").lstrip().startswith(("{", "["))
    assert calls and calls[-1] == 2 * 2 * 3


def test_compare_curve_on_fewer_batches(tokens):
    kw = dict(arms={"random": {}}, seeds=[1], steps=4, eval_interval=2, model_options=SMALL, progress=False)
    train = dict(batch_size=2, warmup_steps=1, eval_batches=3)
    full = init.compare(tokens, train_options=train, **kw)
    one = init.compare(tokens, train_options=train, curve_eval_batches=1, **kw)
    np.testing.assert_array_equal(one.final_losses(0), full.final_losses(0))  # verdicts: all 3 batches
    assert one.val_curve(0, 0)[1][-1] != full.val_curve(0, 0)[1][-1]       # curve: the first one only
    with pytest.raises(prspread.Error, match="curve_eval_batches"):
        init.compare(tokens, train_options=train, curve_eval_batches=4, **kw)


def test_analyze_a_saved_checkpoint(tmp_path, tokens):
    m = prspread.Model(**SMALL)
    path = tmp_path / "m.safetensors"
    init.save_model_safetensors(m, path)
    rows = init.analyze_checkpoint(path, tokens, n_head=2, null_draws=4)
    assert len(rows) == 1 * (2 + 1)
    assert [r.head for r in rows] == [0, 1, -1]
    assert all(0 <= r.symmetry <= 1 for r in rows)
