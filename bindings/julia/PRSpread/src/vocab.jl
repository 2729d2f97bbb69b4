# ---------------------------------------------------------------- vocab

"""
    Vocab(text; max_words=65535, lowercase=false)

A word-level vocabulary built from text (id 0 is `<unk>`, ids are 0-based
as in the C API).  Immutable: may be shared by several threads.
"""
mutable struct Vocab
    ptr::Ptr{L.pr_vocab}
    function Vocab(ptr::Ptr{L.pr_vocab})
        ptr == C_NULL && throw(ArgumentError("NULL vocab handle"))
        v = new(ptr)
        finalizer(close, v)
        return v
    end
end

function _vocab_options(max_words, lowercase)
    opts = Ref{L.pr_vocab_options}()
    L.pr_vocab_options_init(opts)
    kw = max_words === nothing ? (; lowercase = Int32(lowercase)) :
         (; max_words = UInt32(max_words), lowercase = Int32(lowercase))
    opts[] = _with(opts[]; kw...)
    return opts
end

function Vocab(text::String; max_words = nothing, lowercase::Bool = false)
    out = Ref{Ptr{L.pr_vocab}}(C_NULL)
    _check(L.pr_vocab_build(out, text, sizeof(text), _vocab_options(max_words, lowercase)), :pr_vocab_build)
    return Vocab(out[])
end

function vocab_from_file(path::AbstractString; max_words = nothing, lowercase::Bool = false)
    out = Ref{Ptr{L.pr_vocab}}(C_NULL)
    _check(L.pr_vocab_build_from_file(out, path, _vocab_options(max_words, lowercase)), :pr_vocab_build_from_file)
    return Vocab(out[])
end

function load_vocab(path::AbstractString)
    out = Ref{Ptr{L.pr_vocab}}(C_NULL)
    _check(L.pr_vocab_load(out, path), :pr_vocab_load)
    return Vocab(out[])
end

save(v::Vocab, path::AbstractString) = _check(L.pr_vocab_save(v, path), :pr_vocab_save)

function Base.close(v::Vocab)
    if v.ptr != C_NULL
        L.pr_vocab_free(v.ptr)
        v.ptr = C_NULL
    end
    return nothing
end

function Base.unsafe_convert(::Type{Ptr{L.pr_vocab}}, v::Vocab)
    v.ptr == C_NULL && throw(ArgumentError("the Vocab is closed"))
    return v.ptr
end

function Base.length(v::Vocab)
    out = Ref{UInt32}(0)
    _check(L.pr_vocab_size(v, out), :pr_vocab_size)
    return Int(out[])
end

"""The 0-based id of a word (0 = `<unk>` if absent)."""
function word_id(v::Vocab, word::AbstractString)
    out = Ref{UInt32}(0)
    _check(L.pr_vocab_id(v, word, out), :pr_vocab_id)
    return out[]
end

"""The word of a 0-based id."""
function word(v::Vocab, id::Integer)
    n = Ref{Csize_t}(0)
    _check(L.pr_vocab_word(v, UInt32(id), C_NULL, 0, n), :pr_vocab_word)
    buf = Vector{UInt8}(undef, n[] + 1)
    _check(L.pr_vocab_word(v, UInt32(id), buf, length(buf), n), :pr_vocab_word)
    return String(buf[1:n[]])
end

function word_count(v::Vocab, id::Integer)
    out = Ref{UInt64}(0)
    _check(L.pr_vocab_count(v, UInt32(id), out), :pr_vocab_count)
    return out[]
end

"""0-based word ids of text."""
function encode(v::Vocab, text::String)
    n = Ref{Csize_t}(0)
    _check(L.pr_vocab_encode(v, text, sizeof(text), C_NULL, 0, n), :pr_vocab_encode)
    ids = Vector{UInt32}(undef, n[])
    _check(L.pr_vocab_encode(v, text, sizeof(text), ids, length(ids), n), :pr_vocab_encode)
    return ids
end

"""Encodes text with `v` and counts the ids in `c`."""
function add_text_words!(c::Corpus, v::Vocab, text::String)
    _check(L.pr_corpus_add_text_words(c, v, text, sizeof(text)), :pr_corpus_add_text_words)
    return c
end
