# ---------------------------------------------------------------- transition

"""
    Transition(vocab_size, row_ptr, col, count; unigram=nothing, alpha, dangling, ...)
    Transition(corpus::Corpus; options...)

Row-stochastic T built from 0-based CSR counts (copied).  Immutable, so one
Transition may be used from several threads at once.  Keyword options are
the fields of `pr_transition_options`.
"""
mutable struct Transition
    ptr::Ptr{L.pr_transition}
    function Transition(ptr::Ptr{L.pr_transition})
        ptr == C_NULL && throw(ArgumentError("NULL transition handle"))
        t = new(ptr)
        finalizer(close, t)
        return t
    end
end

function Transition(vocab_size::Integer, row_ptr::Vector{UInt64}, col::Vector{UInt32},
                    count::Vector{UInt64}; unigram::Union{Nothing,Vector{UInt64}} = nothing, kw...)
    _check_length(row_ptr, vocab_size + 1, "row_ptr")
    _check_length(count, length(col), "count")
    unigram === nothing || _check_length(unigram, vocab_size, "unigram")
    opts = Ref{L.pr_transition_options}()
    L.pr_transition_options_init(opts)
    opts[] = _with(opts[]; kw...)
    out = Ref{Ptr{L.pr_transition}}(C_NULL)
    _check(L.pr_transition_create_csr(out, UInt32(vocab_size), row_ptr, col, count,
                                      unigram === nothing ? Ptr{UInt64}(C_NULL) : unigram, opts),
           :pr_transition_create_csr)
    return Transition(out[])
end

function Transition(c::Corpus; kw...)
    row_ptr, col, counts = to_csr(c)
    return Transition(vocab_size(c), row_ptr, col, counts; unigram = unigram(c), kw...)
end

function Base.close(t::Transition)
    if t.ptr != C_NULL
        L.pr_transition_free(t.ptr)
        t.ptr = C_NULL
    end
    return nothing
end

function Base.unsafe_convert(::Type{Ptr{L.pr_transition}}, t::Transition)
    t.ptr == C_NULL && throw(ArgumentError("the Transition is closed"))
    return t.ptr
end

function info(t::Transition)
    out = Ref{L.pr_transition_info}()
    _check(L.pr_transition_info_get(t, out), :pr_transition_info_get)
    return out[]
end

vocab_size(t::Transition) = Int(info(t).vocab_size)

function stationary(t::Transition)
    pi = Vector{Float64}(undef, vocab_size(t))
    _check(L.pr_transition_stationary_f64(t, pi, length(pi)), :pr_transition_stationary_f64)
    return pi
end

"""T[a, b] for 0-based ids."""
function entry(t::Transition, a::Integer, b::Integer)
    out = Ref{Cdouble}(0)
    _check(L.pr_transition_entry_f64(t, UInt32(a), UInt32(b), out), :pr_transition_entry_f64)
    return out[]
end

function irreversibility(t::Transition)
    out = Ref{L.pr_irreversibility}()
    _check(L.pr_transition_irreversibility(t, out), :pr_transition_irreversibility)
    return out[]
end

# The C API is row-major.  A Julia Matrix is column-major, so a V x d
# row-major block is a d x V Julia matrix: embeddings are passed as
# `E::Matrix{Float32}` of size (d, V), i.e. one column per token.  No copy.

"""`T * X` for X given as a (d, V) Float32 matrix (one column per token)."""
function apply(t::Transition, X::Matrix{Float32})
    d, V = size(X)
    Y = similar(X)
    _check(L.pr_transition_apply_f32(t, X, V, d, Y), :pr_transition_apply_f32)
    return Y
end

const MODES = (raw = L.PR_MODE_RAW, center_embeddings = L.PR_MODE_CENTER_EMBEDDINGS,
               subtract_stationary = L.PR_MODE_SUBTRACT_STATIONARY, flux = L.PR_MODE_FLUX)

function _projection_options(max_power, mode)
    opts = Ref{L.pr_projection_options}()
    L.pr_projection_options_init(opts)
    opts[] = _with(opts[]; max_power = UInt32(max_power), mode = Cint(getfield(MODES, mode)))
    return opts
end

"""Sets the progress pair of an options Ref and calls f(opts)."""
function _options_progress(f, opts, progress, func::Symbol)
    progress === nothing && return _check(f(opts), func)
    p = _Progress(progress, nothing)
    GC.@preserve p begin
        opts[] = _with(opts[]; progress = _progress_c[], progress_user = pointer_from_objref(p))
        status = f(opts)
    end
    p.err === nothing || throw(p.err)
    return _check(status, func)
end

"""
    project(t, E; max_power=8, mode=:raw, progress=nothing) -> Array{Float64,3}

M_k for k = 1..K as a (d, d, K) array; because the C result is row-major,
`M[:, :, k]` is M_k transposed (use `permutedims(M, (2, 1, 3))` for M_k).
E is (d, V) Float32, read in place.
"""
function project(t::Transition, E::Matrix{Float32}; max_power::Integer = 8, mode::Symbol = :raw,
                 progress = nothing)
    d, V = size(E)
    opts = _projection_options(max_power, mode)
    M = Array{Float64}(undef, d, d, max_power)
    _options_progress(o -> L.pr_transition_project_f32(t, E, V, d, o, M, length(M)), opts, progress,
                      :pr_transition_project_f32)
    return M
end

"""A PR-table row with its mode name as a String."""
struct PrRow
    mode::Symbol
    power::Int
    pr::Float64
    pr_sigma::Float64
    planes::Float64
    effective_rank::Float64
    stable_rank::Float64
    antisym_norm::Float64
    sym_norm::Float64
    top_plane_share::Float64
end

"""PR(A_k) for k = 1..K under every mode (ordered by power, then mode)."""
function pr_table(t::Transition, E::Matrix{Float32}; max_power::Integer = 8, progress = nothing)
    d, V = size(E)
    opts = _projection_options(max_power, :raw)
    needed = Ref{Csize_t}(0)
    _check(L.pr_transition_pr_table_f32(t, E, V, d, opts, C_NULL, 0, needed), :pr_transition_pr_table_f32)
    rows = Vector{L.pr_pr_row}(undef, needed[])
    _options_progress(o -> L.pr_transition_pr_table_f32(t, E, V, d, o, rows, length(rows), needed),
                      opts, progress, :pr_transition_pr_table_f32)
    return [PrRow(Symbol(unsafe_string(r.mode_name)), Int(r.power), r.pr, r.pr_sigma, r.planes,
                  r.effective_rank, r.stable_rank, r.antisym_norm, r.sym_norm, r.top_plane_share)
            for r in rows]
end

# ---- matrix functions.  The C side is row-major; a Julia d x d matrix is
# passed as is, which hands C its transpose.  Spectra, norms and cosines are
# invariant under transposing both arguments, so those results are exact;
# the antisymmetric part flips sign, which leaves its spectrum unchanged.

function _square(M::Matrix{Float64}, name)
    size(M, 1) == size(M, 2) || throw(ArgumentError("argument '$name' must be square, got $(size(M))"))
    return size(M, 1)
end

"""`(spectrum, singular_values)` of a square matrix."""
function spectrum(M::Matrix{Float64})
    d = _square(M, "M")
    sv = Vector{Float64}(undef, d)
    out = Ref{L.pr_spectrum}()
    _check(L.pr_spectrum_f64(M, d, sv, out), :pr_spectrum_f64)
    return out[], sv
end

"""`(spectrum, plane_frequencies)` of the antisymmetric part of M."""
function spectrum_antisym(M::Matrix{Float64})
    d = _square(M, "M")
    w = Vector{Float64}(undef, d ÷ 2)
    out = Ref{L.pr_spectrum}()
    _check(L.pr_spectrum_antisym_f64(M, d, isempty(w) ? Ptr{Float64}(C_NULL) : w, out), :pr_spectrum_antisym_f64)
    return out[], w
end

"""`(S, A)`: symmetric and antisymmetric parts."""
function split_sym_antisym(M::Matrix{Float64})
    d = _square(M, "M")
    S, A = similar(M), similar(M)
    _check(L.pr_split_sym_antisym_f64(M, d, S, A), :pr_split_sym_antisym_f64)
    return S, A
end

const PARTS = (full = L.PR_PART_FULL, antisymmetric = L.PR_PART_ANTISYMMETRIC, symmetric = L.PR_PART_SYMMETRIC)

"""Orthonormal basis of the top `planes` invariant planes: a (2*planes, d)
matrix whose rows are the basis vectors (the C result is row-major d x 2r).
Computed on M's transpose as stored: pass `permutedims(M)` for M itself."""
function top_planes(M::Matrix{Float64}, planes::Integer; part::Symbol = :antisymmetric)
    d = _square(M, "M")
    basis = Matrix{Float64}(undef, 2 * planes, d)
    _check(L.pr_top_planes_f64(M, d, Cint(getfield(PARTS, part)), planes, basis, length(basis)), :pr_top_planes_f64)
    return basis
end

"""Similarities of A and B, each with its null; options as keyword arguments."""
function similarity(A::Matrix{Float64}, B::Matrix{Float64}; kw...)
    d = _square(A, "A")
    size(B) == size(A) || throw(ArgumentError("arguments 'A' and 'B' must have the same size"))
    opts = Ref{L.pr_similarity_options}()
    L.pr_similarity_options_init(opts)
    kw2 = Dict{Symbol,Any}(kw)
    haskey(kw2, :part) && kw2[:part] isa Symbol && (kw2[:part] = getfield(PARTS, kw2[:part]))
    opts[] = _with(opts[]; kw2...)
    out = Ref{L.pr_similarity}()
    _check(L.pr_similarity_f64(A, B, d, opts, out), :pr_similarity_f64)
    return out[]
end

"""Cosines of the 2*planes principal angles, descending."""
function principal_cosines(A::Matrix{Float64}, B::Matrix{Float64}, planes::Integer; part::Symbol = :antisymmetric)
    d = _square(A, "A")
    size(B) == size(A) || throw(ArgumentError("arguments 'A' and 'B' must have the same size"))
    cos = Vector{Float64}(undef, 2 * planes)
    _check(L.pr_principal_cosines_f64(A, B, d, Cint(getfield(PARTS, part)), planes, cos), :pr_principal_cosines_f64)
    return cos
end
