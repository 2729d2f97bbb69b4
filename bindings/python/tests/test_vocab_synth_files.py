"""Vocab, Synth, token/text files and checkpoints through the binding."""
import numpy as np
import pytest

import prspread
from prspread.corpus import Corpus, read_token_file

TEXT = "the cat sat on the mat . the dog sat on the log . The cat ran ."


def test_vocab_build_encode_word_round_trip(tmp_path):
    v = prspread.Vocab.build(TEXT)
    assert v.word(0) == "<unk>"
    assert v.word(1) == "the"                   # the most frequent word
    ids = v.encode("the cat sat")
    assert [v.word(i) for i in ids] == ["the", "cat", "sat"]
    assert v.id("zebra") == prspread.vocab.UNK
    assert v.count(v.id("the")) == 4
    low = prspread.Vocab.build(TEXT, lowercase=True)
    assert low.count(low.id("the")) == 5
    v.save(tmp_path / "v.bin")
    w = prspread.Vocab.load(tmp_path / "v.bin")
    assert len(w) == len(v) and w.encode(TEXT).tolist() == v.encode(TEXT).tolist()
    with pytest.raises(prspread.OutOfRangeError):
        v.word(len(v))
    with pytest.raises(TypeError, match="'text'"):
        prspread.Vocab.build(123)


def test_corpus_counts_words_and_bytes():
    v = prspread.Vocab.build(TEXT)
    c = Corpus(len(v)).add_text_words(v, TEXT)
    ids = v.encode(TEXT)
    assert c.total_pairs == ids.size - 1
    assert c.count(v.id("sat"), v.id("on")) == 2
    b = Corpus(256).add_text_bytes(TEXT)
    assert b.count(ord("a"), ord("t")) == TEXT.count("at")
    # An int is not text (bytes(5) would be five NUL bytes).
    with pytest.raises(TypeError, match="'text'"):
        Corpus(256).add_text_bytes(5)


def test_text_and_token_files(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text(TEXT)
    calls = []
    c = Corpus(256).add_text_file_bytes(p, progress=lambda d, t: calls.append((d, t)) and False)
    assert c.total_tokens == len(TEXT) and calls and calls[-1][0] == calls[-1][1]
    ids = np.array([3, 1, 4, 1, 5, 9, 2, 6], np.uint16)
    f = tmp_path / "ids.bin"
    ids.tofile(f)
    np.testing.assert_array_equal(read_token_file(f, "u16"), ids.astype(np.uint32))
    n = tmp_path / "ids.npy"
    np.save(n, ids.astype(np.int64))
    np.testing.assert_array_equal(read_token_file(n), ids)   # auto-detects .npy
    d = Corpus(10).add_token_file(n, progress=False)
    assert d.total_pairs == ids.size - 1
    with pytest.raises(ValueError, match="'format'"):
        read_token_file(f, "u12")


def test_synth_ground_truth_and_counts():
    s = prspread.Synth(vocab_size=50, seed=3, structure=0.7, successors=3)
    assert s.vocab_size == 50
    row = s.transition_row(7)
    assert row.sum() == pytest.approx(1.0, abs=1e-12)
    pi = s.stationary()
    assert pi.sum() == pytest.approx(1.0, abs=1e-12)
    ids, probs = s.successors(7)
    assert ids.size == 3 and probs.sum() == pytest.approx(0.7, abs=1e-12)
    a = s.generate(1000)
    s.reset()
    np.testing.assert_array_equal(s.generate(1000), a)        # reproducible
    c = Corpus(50).add_synth(s.reset(), 200000, progress=False)
    T = prspread.Transition.from_corpus(c)
    # The estimated row approaches the true one (200k tokens, V = 50).
    est = np.array([T.entry(7, b) for b in range(50)])
    assert np.abs(est - row).max() < 0.05


def test_model_checkpoint_round_trip(tmp_path):
    m = prspread.Model(vocab_size=16, context_length=8, n_layer=1, n_head=2, d_model=16)
    m.set_train_options(batch_size=2, max_steps=10, warmup_steps=1, eval_batches=1)
    m.set_data(np.random.default_rng(0).integers(0, 16, 2000).astype(np.uint16))
    m.train(3, progress=False)
    path = tmp_path / "m.safetensors"
    m.save(path)
    n = prspread.Model.from_file(path)
    assert n.options.d_model == 16 and n.step_count == 3
    for name in m.param_shapes():
        np.testing.assert_array_equal(n.get_param(name), m.get_param(name))
    other = prspread.Model(vocab_size=16, context_length=8, n_layer=1, n_head=2, d_model=32)
    with pytest.raises(prspread.MismatchError):
        other.load(path)


def test_embeddings_load_and_data_file(tmp_path):
    E = np.random.default_rng(0).standard_normal((20, 4))
    np.save(tmp_path / "E.npy", E)                          # float64 on disk
    got = prspread.transition.load_embeddings(tmp_path / "E.npy")
    np.testing.assert_allclose(got, E.astype(np.float32))
    with pytest.raises(prspread.IOError):
        prspread.transition.load_embeddings(tmp_path / "missing.npy")
    ids = np.random.default_rng(1).integers(0, 16, 3000).astype(np.uint16)
    ids.tofile(tmp_path / "train.bin")
    m = prspread.Model(vocab_size=16, context_length=8, n_layer=1, n_head=2, d_model=16)
    m.set_train_options(batch_size=2, eval_batches=1)
    m.set_data_file(tmp_path / "train.bin", "u16")
    assert np.isfinite(m.eval())
