# ---------------------------------------------------------------- init

const STRATEGIES = (random = L.PR_INIT_RANDOM, direct = L.PR_INIT_DIRECT, pr_blend = L.PR_INIT_PR_BLEND,
                    oracle = L.PR_INIT_ORACLE, mimetic = L.PR_INIT_MIMETIC, symmetric = L.PR_INIT_SYMMETRIC)
const INIT_MODES = (raw = L.PR_MODE_RAW, center_embeddings = L.PR_MODE_CENTER_EMBEDDINGS,
                    subtract_stationary = L.PR_MODE_SUBTRACT_STATIONARY, flux = L.PR_MODE_FLUX)

"""
    init_options(; strategy=:random, mode=:center_embeddings, kw...)

A `pr_init_options` with the library defaults, then the keywords (fields of
the C struct; `strategy` and `mode` also take Symbols).  `oracle_path` is a
borrowed pointer in C: pass it to [`apply_init!`](@ref) instead.
"""
function init_options(; kw...)
    opts = Ref{L.pr_init_options}()
    L.pr_init_options_init(opts)
    d = Dict{Symbol,Any}(kw)
    haskey(d, :strategy) && d[:strategy] isa Symbol && (d[:strategy] = getfield(STRATEGIES, d[:strategy]))
    haskey(d, :mode) && d[:mode] isa Symbol && (d[:mode] = getfield(INIT_MODES, d[:mode]))
    haskey(d, :oracle_path) && throw(ArgumentError("pass oracle_path to apply_init!, not init_options"))
    return _with(opts[]; d...)
end

strategy_name(s::Integer) = (n = unsafe_string(L.pr_init_strategy_name(Cint(s))); n == "unknown" ? nothing : n)

"""One line naming the strategy and the options that matter for it."""
function describe(opts::L.pr_init_options)
    r = Ref(opts)
    n = Ref{Csize_t}(0)
    _check(L.pr_init_describe(r, C_NULL, 0, n), :pr_init_describe)
    buf = Vector{UInt8}(undef, max(n[], 1))
    _check(L.pr_init_describe(r, buf, length(buf), n), :pr_init_describe)
    return String(buf[1:findfirst(==(0x00), buf)-1])
end

"""
    apply_init!(m, opts; tokens=nothing, oracle_path=nothing)

Initialises model `m` in place; `tokens` (0-based `Vector{UInt32}`) are
needed for DIRECT, PR_BLEND and PPMI-SVD.  Returns one report per layer.
"""
function apply_init!(m::Model, opts::L.pr_init_options; tokens::Union{Nothing,Vector{UInt32}} = nothing,
                     oracle_path::Union{Nothing,AbstractString} = nothing)
    n_layer = Int(options(m).n_layer)
    reports = Vector{L.pr_init_layer_report}(undef, n_layer)
    path = oracle_path === nothing ? nothing : String(oracle_path)
    GC.@preserve path begin
        o = path === nothing ? opts : _with(opts; oracle_path = Ptr{Cchar}(pointer(path)))
        _check(L.pr_init_apply(m, Ref(o), tokens === nothing ? Ptr{UInt32}(C_NULL) : tokens,
                               tokens === nothing ? 0 : length(tokens), reports, n_layer), :pr_init_apply)
    end
    return reports
end

"""
    corpus_forms(tokens, E; max_power=1, mode=:center_embeddings)

M_1..M_K of a token stream under an embedding E given as a (d, vocab)
Float32 matrix; returns a (d, d, K) array holding each M_k transposed
(row-major C order seen from Julia).
"""
function corpus_forms(tokens::Vector{UInt32}, E::Matrix{Float32}; max_power::Integer = 1,
                      mode::Symbol = :center_embeddings)
    d, vocab = size(E)
    out = Array{Float64}(undef, d, d, max_power)
    _check(L.pr_init_corpus_forms_f64(tokens, length(tokens), UInt32(vocab), E, UInt32(d), UInt32(max_power),
                                      Cint(getfield(INIT_MODES, mode)), out), :pr_init_corpus_forms_f64)
    return out
end

"""Writes every parameter of `m` as F32 safetensors."""
save_safetensors(m::Model, path::AbstractString) =
    _check(L.pr_init_save_model_safetensors(m, path), :pr_init_save_model_safetensors)

"""Results of a matched-seed comparison (immutable)."""
mutable struct Comparison
    ptr::Ptr{L.pr_init_compare}
    function Comparison(ptr::Ptr{L.pr_init_compare})
        ptr == C_NULL && throw(ArgumentError("NULL comparison handle"))
        c = new(ptr)
        finalizer(close, c)
        return c
    end
end

function Base.close(c::Comparison)
    if c.ptr != C_NULL
        L.pr_init_compare_free(c.ptr)
        c.ptr = C_NULL
    end
    return nothing
end

function Base.unsafe_convert(::Type{Ptr{L.pr_init_compare}}, c::Comparison)
    c.ptr == C_NULL && throw(ArgumentError("the Comparison is closed"))
    return c.ptr
end

"""
    compare(tokens, arms, seeds; steps=100, eval_interval=10, model=nothing, train=nothing, progress=nothing)

Runs every arm (`label => pr_init_options` pairs) for every seed on the same
batches.  `model`/`train` are keyword NamedTuples of pr_sft option fields.
"""
function compare(tokens::Vector{UInt32}, arms::AbstractVector{<:Pair}, seeds::AbstractVector{<:Integer};
                 model = nothing, train = nothing, progress = nothing, kw...)
    opts = Ref{L.pr_init_compare_options}()
    L.pr_init_compare_options_init(opts)
    mo = Ref{L.pr_sft_options}(); L.pr_sft_options_init(mo)
    model === nothing || (mo[] = _with(mo[]; model...))
    to = Ref{L.pr_sft_train_options}(); L.pr_sft_train_options_init(to)
    train === nothing || (to[] = _with(to[]; train...))
    labels = [String(first(a)) for a in arms]
    seeds64 = UInt64.(seeds)
    out = Ref{Ptr{L.pr_init_compare}}(C_NULL)
    GC.@preserve labels mo to begin
        raw = [L.pr_init_arm(Ptr{Cchar}(pointer(labels[i])), last(arms[i])) for i in eachindex(arms)]
        opts[] = _with(opts[]; kw..., model = Base.unsafe_convert(Ptr{L.pr_sft_options}, mo),
                       train = Base.unsafe_convert(Ptr{L.pr_sft_train_options}, to))
        _with_progress((fn, user) -> L.pr_init_compare_run(out, opts, tokens, length(tokens), raw, length(raw),
                                                           seeds64, length(seeds64), fn, user),
                       progress, :pr_init_compare_run)
    end
    return Comparison(out[])
end

"""`(n_arms, n_seeds, steps)`."""
function counts(c::Comparison)
    a, s, n = Ref{Csize_t}(0), Ref{Csize_t}(0), Ref{UInt64}(0)
    _check(L.pr_init_compare_counts(c, a, s, n), :pr_init_compare_counts)
    return Int(a[]), Int(s[]), Int(n[])
end

"""Summary of arm `i` (0-based, as in C): a `pr_init_arm_summary` (its
strings are pointers into `c`; use `unsafe_string` while `c` is alive)."""
function arm_summary(c::Comparison, arm::Integer)
    out = Ref{L.pr_init_arm_summary}()
    _check(L.pr_init_compare_summary(c, arm, out), :pr_init_compare_summary)
    return out[]
end

function final_losses(c::Comparison, arm::Integer)
    out = Vector{Float64}(undef, counts(c)[2])
    _check(L.pr_init_compare_final_losses_f64(c, arm, out, length(out)), :pr_init_compare_final_losses_f64)
    return out
end

"""The results as markdown (`:markdown`) or JSON (`:json`)."""
function report(c::Comparison; format::Symbol = :markdown)
    fmt = format === :json ? Cint(1) : format === :markdown ? Cint(0) :
          throw(ArgumentError("argument 'format' = :$format: expected :markdown or :json"))
    n = Ref{Csize_t}(0)
    _check(L.pr_init_compare_report(c, fmt, C_NULL, 0, n), :pr_init_compare_report)
    buf = Vector{UInt8}(undef, max(n[], 1))
    _check(L.pr_init_compare_report(c, fmt, buf, length(buf), n), :pr_init_compare_report)
    return String(buf[1:findfirst(==(0x00), buf)-1])
end

"""Per layer and head (head -1 = layer sum) analysis of a checkpoint."""
function analyze_checkpoint(path::AbstractString, tokens::Vector{UInt32}; n_head::Integer, kw...)
    opts = Ref{L.pr_init_analysis_options}()
    L.pr_init_analysis_options_init(opts)
    opts[] = _with(opts[]; n_head = n_head, kw...)
    n = Ref{Csize_t}(0)
    _check(L.pr_init_analyze_checkpoint(path, tokens, length(tokens), opts, C_NULL, 0, n), :pr_init_analyze_checkpoint)
    out = Vector{L.pr_init_head_analysis}(undef, n[])
    _check(L.pr_init_analyze_checkpoint(path, tokens, length(tokens), opts, out, length(out), n), :pr_init_analyze_checkpoint)
    return out
end
