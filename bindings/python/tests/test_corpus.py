"""Corpus wrapper against a numpy reference."""
import os

import numpy as np
import pytest

import prspread
from prspread.corpus import Corpus

from conftest import CORPUS_DIR


def dense_counts(tokens, V, lag=1):
    C = np.zeros((V, V), np.uint64)
    np.add.at(C, (tokens[:-lag], tokens[lag:]), 1)
    return C


def csr_to_dense(corpus):
    row_ptr, col, counts = corpus.to_csr()
    V = corpus.vocab_size
    D = np.zeros((V, V), np.uint64)
    for a in range(V):
        s, e = int(row_ptr[a]), int(row_ptr[a + 1])
        D[a, col[s:e]] = counts[s:e]
    return D


@pytest.fixture
def stream():
    return np.random.default_rng(7).integers(0, 40, size=5000).astype(np.uint16)


def test_counts_match_numpy_for_every_dtype_and_chunking(stream):
    want = dense_counts(stream.astype(np.int64), 40)
    for dtype in (np.uint8, np.uint16, np.uint32, np.int32, np.int64):
        with Corpus(40) as c:
            for chunk in np.array_split(stream.astype(dtype), 7):
                c.add(chunk)
            np.testing.assert_array_equal(csr_to_dense(c), want)
            assert c.total_tokens == stream.size
            assert c.total_pairs == stream.size - 1
            assert c.nnz == np.count_nonzero(want)
            assert c.count(int(stream[0]), int(stream[1])) == want[stream[0], stream[1]]
            np.testing.assert_array_equal(c.unigram(), np.bincount(stream, minlength=40))


def test_lag_and_document_boundaries(stream):
    c = Corpus(40, lag=3)
    c.add(stream[:100]).end_document().add(stream[100:200])
    want = dense_counts(stream[:100].astype(np.int64), 40, 3) + \
        dense_counts(stream[100:200].astype(np.int64), 40, 3)
    np.testing.assert_array_equal(csr_to_dense(c), want)
    assert c.lag == 3


def test_merge_equals_one_pass(stream):
    a, b, whole = Corpus(40), Corpus(40), Corpus(40)
    a.add(stream[:2000]).end_document()
    b.add(stream[2000:])
    whole.add(stream[:2000]).end_document().add(stream[2000:])
    a.merge(b)
    np.testing.assert_array_equal(csr_to_dense(a), csr_to_dense(whole))


def test_bad_tokens_name_the_argument_and_leave_counts_unchanged(stream):
    c = Corpus(40)
    c.add(stream[:10])
    before = c.total_pairs
    bad = np.array([1, 2, 99], np.uint16)
    with pytest.raises(prspread.OutOfRangeError) as e:
        c.add(bad)
    assert "99" in str(e.value)
    assert c.total_pairs == before
    with pytest.raises(TypeError, match="'tokens'"):
        c.add(np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match="'tokens'"):
        c.add([1, 2, 3])
    with pytest.raises(ValueError, match="'tokens'"):
        c.add(np.zeros((2, 2), np.uint16))
    with pytest.raises(ValueError, match="'tokens'.*contiguous"):
        c.add(stream[::2])


def test_invalid_options_raise_with_message():
    with pytest.raises(prspread.InvalidArgumentError):
        Corpus(0)
    with pytest.raises(TypeError, match="unknown option"):
        from prspread.corpus import corpus_options
        corpus_options(vocabsize=3)


def test_save_load_round_trip_and_corrupt_file(tmp_path, stream):
    c = Corpus(40)
    c.add(stream)
    path = tmp_path / "c.prc"
    c.save(path)
    d = Corpus.load(path)
    np.testing.assert_array_equal(csr_to_dense(d), csr_to_dense(c))
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    bad = tmp_path / "bad.prc"
    bad.write_bytes(bytes(raw))
    with pytest.raises(prspread.Error) as e:
        Corpus.load(bad)
    assert isinstance(e.value, (prspread.FormatError, prspread.ChecksumError))
    with pytest.raises(prspread.IOError):
        Corpus.load(tmp_path / "missing.prc")


def test_closed_corpus_refuses_calls(stream):
    c = Corpus(40)
    c.close()
    with pytest.raises(ValueError, match="closed"):
        c.add(stream)


def test_real_text_bytes():
    path = os.path.join(CORPUS_DIR, "tinyshakespeare.txt")
    if not os.path.exists(path):
        pytest.skip("tinyshakespeare.txt not available")
    data = np.fromfile(path, np.uint8)
    c = Corpus(256)
    c.add(data)
    assert c.total_pairs == data.size - 1
    i = int(np.argmax(data == ord("T")))
    assert c.count(ord("T"), ord("h")) == int(np.sum((data[:-1] == ord("T")) & (data[1:] == ord("h"))))
    assert c.count(data[i], data[i + 1]) >= 1
