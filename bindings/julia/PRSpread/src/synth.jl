# ---------------------------------------------------------------- synth

"""
    Synth(; vocab_size, zipf_exponent, structure, successors, decay, seed)

A seeded directional Markov source with exact ground truth (ids 0-based).
One handle per thread for generating; the getters only read.
"""
mutable struct Synth
    ptr::Ptr{L.pr_synth}
    function Synth(ptr::Ptr{L.pr_synth})
        ptr == C_NULL && throw(ArgumentError("NULL synth handle"))
        s = new(ptr)
        finalizer(close, s)
        return s
    end
end

function Synth(; kw...)
    opts = Ref{L.pr_synth_options}()
    L.pr_synth_options_init(opts)
    opts[] = _with(opts[]; kw...)
    out = Ref{Ptr{L.pr_synth}}(C_NULL)
    _check(L.pr_synth_create(out, opts), :pr_synth_create)
    return Synth(out[])
end

function Base.close(s::Synth)
    if s.ptr != C_NULL
        L.pr_synth_free(s.ptr)
        s.ptr = C_NULL
    end
    return nothing
end

function Base.unsafe_convert(::Type{Ptr{L.pr_synth}}, s::Synth)
    s.ptr == C_NULL && throw(ArgumentError("the Synth is closed"))
    return s.ptr
end

function vocab_size(s::Synth)
    out = Ref{UInt32}(0)
    _check(L.pr_synth_vocab_size(s, out), :pr_synth_vocab_size)
    return Int(out[])
end

"""The next `n` ids of the stream."""
function generate(s::Synth, n::Integer)
    out = Vector{UInt32}(undef, n)
    _check(L.pr_synth_generate_u32(s, out, n), :pr_synth_generate_u32)
    return out
end

reset!(s::Synth) = (_check(L.pr_synth_reset(s), :pr_synth_reset); s)

function _synth_row(f, s::Synth, func::Symbol)
    out = Vector{Float64}(undef, vocab_size(s))
    _check(f(out), func)
    return out
end

base_distribution(s::Synth) = _synth_row(o -> L.pr_synth_base_f64(s, o, length(o)), s, :pr_synth_base_f64)
transition_row(s::Synth, a::Integer) =
    _synth_row(o -> L.pr_synth_transition_row_f64(s, UInt32(a), o, length(o)), s, :pr_synth_transition_row_f64)
stationary(s::Synth) = _synth_row(o -> L.pr_synth_stationary_f64(s, o, length(o)), s, :pr_synth_stationary_f64)

"""`(ids, probs)` of row a's successor links."""
function successors(s::Synth, a::Integer)
    ids, probs, k = Vector{UInt32}(undef, 64), Vector{Float64}(undef, 64), Ref{Csize_t}(0)
    _check(L.pr_synth_successors(s, UInt32(a), ids, probs, 64, k), :pr_synth_successors)
    return ids[1:k[]], probs[1:k[]]
end

"""Generates `n_tokens` from `s` and counts them in `c` (one document)."""
function add_synth!(c::Corpus, s::Synth, n_tokens::Integer; progress = nothing)
    _with_progress((fn, user) -> L.pr_corpus_add_synth(c, s, UInt64(n_tokens), fn, user), progress,
                   :pr_corpus_add_synth)
    return c
end
