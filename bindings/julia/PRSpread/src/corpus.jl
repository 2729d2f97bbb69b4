# ---------------------------------------------------------------- corpus

"""
    Corpus(vocab_size; lag=1, num_threads=0, separator=-1)

Exact counts C[a,b] of token b following token a at distance `lag`.  Freed
by a finalizer or `close`.  One handle per thread for adding; reading
functions may be called from several threads at once.
"""
mutable struct Corpus
    ptr::Ptr{L.pr_corpus}
    function Corpus(ptr::Ptr{L.pr_corpus})
        ptr == C_NULL && throw(ArgumentError("NULL corpus handle"))
        c = new(ptr)
        finalizer(close, c)
        return c
    end
end

function Corpus(vocab_size::Integer; lag::Integer = 1, num_threads::Integer = 0, separator::Integer = -1)
    opts = Ref{L.pr_corpus_options}()
    L.pr_corpus_options_init(opts)
    opts[] = _with(opts[]; vocab_size = vocab_size, lag = lag, num_threads = num_threads, separator = separator)
    out = Ref{Ptr{L.pr_corpus}}(C_NULL)
    _check(L.pr_corpus_create(out, opts), :pr_corpus_create)
    return Corpus(out[])
end

function Base.close(c::Corpus)
    if c.ptr != C_NULL
        L.pr_corpus_free(c.ptr)
        c.ptr = C_NULL
    end
    return nothing
end

function Base.unsafe_convert(::Type{Ptr{L.pr_corpus}}, c::Corpus)
    c.ptr == C_NULL && throw(ArgumentError("the Corpus is closed"))
    return c.ptr
end

"""Loads a file written by `save`."""
function load_corpus(path::AbstractString)
    out = Ref{Ptr{L.pr_corpus}}(C_NULL)
    _check(L.pr_corpus_load(out, path), :pr_corpus_load)
    return Corpus(out[])
end

save(c::Corpus, path::AbstractString) = _check(L.pr_corpus_save(c, path), :pr_corpus_save)

const _ADD = Dict(UInt8 => L.pr_corpus_add_u8, UInt16 => L.pr_corpus_add_u16,
                  UInt32 => L.pr_corpus_add_u32, Int32 => L.pr_corpus_add_i32,
                  Int64 => L.pr_corpus_add_i64)

"""
    add!(c, tokens)

Counts the next tokens of the current document.  `tokens` is a dense vector
of UInt8/UInt16/UInt32/Int32/Int64 ids (0-based, as in the C API), read in
place.
"""
function add!(c::Corpus, tokens::Vector{T}) where {T<:Union{UInt8,UInt16,UInt32,Int32,Int64}}
    _check(_ADD[T](c, tokens, length(tokens)), Symbol(:pr_corpus_add_, T))
    return c
end
add!(c::Corpus, tokens::AbstractVector) =
    throw(ArgumentError("argument 'tokens' must be a Vector of UInt8/UInt16/UInt32/Int32/Int64, got $(typeof(tokens))"))

end_document!(c::Corpus) = (_check(L.pr_corpus_end_document(c), :pr_corpus_end_document); c)
Base.merge!(c::Corpus, other::Corpus) = (_check(L.pr_corpus_merge(c, other), :pr_corpus_merge); c)
set_num_threads!(c::Corpus, n::Integer) = _check(L.pr_corpus_set_num_threads(c, Cint(n)), :pr_corpus_set_num_threads)

for (name, T) in ((:vocab_size, UInt32), (:lag, UInt32), (:total_tokens, UInt64),
                  (:total_pairs, UInt64), (:nnz, UInt64))
    cfun = Symbol(:pr_corpus_, name)
    @eval function $name(c::Corpus)
        out = Ref{$T}(0)
        _check(L.$cfun(c, out), $(QuoteNode(cfun)))
        return out[]
    end
end

"""C[a, b] for 0-based ids a, b."""
function pair_count(c::Corpus, a::Integer, b::Integer)
    out = Ref{UInt64}(0)
    _check(L.pr_corpus_count(c, UInt32(a), UInt32(b), out), :pr_corpus_count)
    return out[]
end

"""Unigram counts (length V)."""
function unigram(c::Corpus)
    out = Vector{UInt64}(undef, vocab_size(c))
    _check(L.pr_corpus_unigram_u64(c, out, length(out)), :pr_corpus_unigram_u64)
    return out
end

"""`(row_ptr, col_idx, counts)` of the counts, 0-based CSR as in the C API."""
function to_csr(c::Corpus)
    nnz_out = Ref{UInt64}(0)
    _check(L.pr_corpus_export_csr(c, C_NULL, C_NULL, C_NULL, 0, nnz_out), :pr_corpus_export_csr)
    n = nnz_out[]
    row_ptr = Vector{UInt64}(undef, vocab_size(c) + 1)
    col = Vector{UInt32}(undef, n)
    counts = Vector{UInt64}(undef, n)
    _check(L.pr_corpus_export_csr(c, row_ptr, col, counts, n, nnz_out), :pr_corpus_export_csr)
    return row_ptr, col, counts
end

const TOKEN_FORMATS = (auto = L.PR_TOKENS_AUTO, u16 = L.PR_TOKENS_U16, u32 = L.PR_TOKENS_U32,
                       llmc = L.PR_TOKENS_LLMC, npy = L.PR_TOKENS_NPY)

"""
    add_token_file!(c, path; format=:auto, progress=nothing)

Counts a token file (memory-mapped) as the continuation of the current
document.  `progress(done, total)` returning `true` cancels (the chunks
counted before are kept).
"""
function add_token_file!(c::Corpus, path::AbstractString; format::Symbol = :auto, progress = nothing)
    fmt = getfield(TOKEN_FORMATS, format)
    _with_progress((fn, user) -> L.pr_corpus_add_token_file(c, path, fmt, fn, user), progress,
                   :pr_corpus_add_token_file)
    return c
end

"""A whole token file as a Vector{UInt32} of 0-based ids."""
function read_token_file(path::AbstractString; format::Symbol = :auto)
    fmt = getfield(TOKEN_FORMATS, format)
    count = Ref{UInt64}(0)
    _check(L.pr_token_file_read_u32(path, fmt, C_NULL, 0, count), :pr_token_file_read_u32)
    out = Vector{UInt32}(undef, count[])
    _check(L.pr_token_file_read_u32(path, fmt, out, length(out), count), :pr_token_file_read_u32)
    return out
end

"""Counts text as byte ids (needs vocab_size >= 256)."""
function add_text_bytes!(c::Corpus, text::Union{String,Vector{UInt8}})
    _check(L.pr_corpus_add_text_bytes(c, text, sizeof(text)), :pr_corpus_add_text_bytes)
    return c
end

"""Counts a text file's bytes (memory-mapped, chunked)."""
function add_text_file_bytes!(c::Corpus, path::AbstractString; progress = nothing)
    _with_progress((fn, user) -> L.pr_corpus_add_text_file_bytes(c, path, fn, user), progress,
                   :pr_corpus_add_text_file_bytes)
    return c
end
