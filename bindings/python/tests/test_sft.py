"""Trainer wrapper: shapes, data, steps, callbacks, parameters, gradients."""
import math

import numpy as np
import pytest

import prspread
from prspread.sft import Model

SMALL = dict(vocab_size=16, context_length=8, n_layer=1, n_head=2, d_model=16, seed=3)


@pytest.fixture
def model():
    m = Model(**SMALL)
    m.set_train_options(batch_size=4, max_steps=20, warmup_steps=2, eval_batches=2)
    data = np.random.default_rng(0).integers(0, 16, 4000).astype(np.uint16)
    m.set_data(data)
    return m


def test_options_round_trip(model):
    assert model.options.d_model == 16 and model.options.n_head == 2
    assert model.train_options.batch_size == 4


def test_initial_loss_is_near_log_vocab(model):
    loss = model.eval()
    assert abs(loss - math.log(16)) < 0.15


def test_train_calls_back_and_counts_steps(model):
    infos = model.train(5, progress=False)
    assert [i.step for i in infos] == [1, 2, 3, 4, 5]
    assert model.step_count == 5
    assert all(np.isfinite(i.loss) for i in infos)


def test_on_step_stop_and_ctrl_c_keep_the_steps(model):
    with pytest.raises(prspread.CancelledError):
        model.train(10, on_step=lambda info: info.step >= 2, progress=False)
    assert model.step_count == 2

    def interrupt(info):
        import signal
        signal.raise_signal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        model.train(10, on_step=interrupt, progress=False)
    assert model.step_count == 3
    model.step()
    assert model.step_count == 4


def test_params_get_set_and_shape_errors(model):
    shapes = model.param_shapes()
    assert shapes["wte"] == (16, 16)
    assert shapes["h.0.attn.w_q"] == (16, 16)
    w = np.arange(256, dtype=np.float32).reshape(16, 16) / 256
    model.set_param("h.0.attn.w_q", w)
    np.testing.assert_array_equal(model.get_param("h.0.attn.w_q"), w)
    with pytest.raises(ValueError, match="'values'"):
        model.set_param("h.0.attn.w_q", np.zeros((16, 15), np.float32))
    with pytest.raises(KeyError, match="nope"):
        model.get_param("nope")
    assert sum(int(np.prod(s)) for s in shapes.values()) == model.num_scalars


def test_gradient_matches_finite_difference(model):
    rng = np.random.default_rng(1)
    x = rng.integers(0, 16, (2, 8)).astype(np.int32)
    y = rng.integers(0, 16, (2, 8)).astype(np.int32)
    model.loss_grad(x, y)
    g = model.get_grad("ln_f.bias")
    b = model.get_param("ln_f.bias")
    eps = 1e-2
    for i in (0, 5):
        bp, bm = b.copy(), b.copy()
        bp[i] += eps
        bm[i] -= eps
        model.set_param("ln_f.bias", bp)
        lp = model.loss_grad(x, y)
        model.set_param("ln_f.bias", bm)
        lm = model.loss_grad(x, y)
        assert (lp - lm) / (2 * eps) == pytest.approx(g[i], rel=0.05, abs=1e-3)
    model.set_param("ln_f.bias", b)


def test_logits_shape_and_bad_batches(model):
    x = np.zeros((2, 8), np.int32)
    assert model.logits(x).shape == (2, 8, 16)
    with pytest.raises(TypeError, match="'inputs'"):
        model.logits(np.zeros((2, 8), np.int64))
    with pytest.raises(prspread.OutOfRangeError):
        model.set_data(np.array([1, 2, 99] * 100, np.uint16))


def test_precision_names_and_the_isa_cap(monkeypatch):
    with pytest.raises(ValueError, match="fp16"):
        Model(**SMALL, precision="fp16")
    assert Model(**SMALL).options.precision == prspread._raw.PR_SFT_PRECISION_FP32
    # Below AVX512-BF16 (forced here by the cap) bf16 is refused, never emulated.
    monkeypatch.setenv("PRSPREAD_ISA_MAX", "avx2")
    with pytest.raises(Exception, match="AVX512-BF16"):
        Model(**SMALL, precision="bf16")
    monkeypatch.delenv("PRSPREAD_ISA_MAX")
    try:
        m = Model(**SMALL, precision="bf16")
    except Exception as e:  # a CPU without AVX512-BF16
        assert "AVX512-BF16" in str(e)
        return
    assert m.options.precision == prspread._raw.PR_SFT_PRECISION_BF16
