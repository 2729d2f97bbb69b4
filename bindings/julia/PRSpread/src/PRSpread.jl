"""
    PRSpread

Julia binding of libprspread (corpus transition statistics, attention
asymmetry and initialisation) over `ccall`.

The library is opened in `__init__`, first from `ENV["PRSPREAD_LIBRARY"]`,
then from `deps/libprspread.so.0` inside this package, then by its SONAME
`libprspread.so.0` on the loader path.  The raw wrappers in `LibPRSpread`
name the library by SONAME, which the dynamic loader resolves to the copy
already opened.

Handles are mutable structs freed by finalizers (or `close`); failures throw
[`PRSpreadError`](@ref) with the library's message; arrays are passed
without copies after their element type and size are checked.
"""
module PRSpread

using Libdl

include("LibPRSpread.jl")
using .LibPRSpread
const L = LibPRSpread

export PRSpreadError, version, build_isa
export Corpus, load_corpus, save, add!, end_document!, set_num_threads!, vocab_size, lag,
       total_tokens, total_pairs, pair_count, unigram, to_csr
export Model, options, train_options, set_train_options!, set_data!, train!, step!, eval_loss,
       loss_grad!, step_batch!, logits, step_count, num_scalars, params, get_param, get_grad,
       set_param!, load_model, load!
export add_token_file!, read_token_file, add_text_bytes!, add_text_file_bytes!
export Transition, info, stationary, entry, irreversibility, apply, project, pr_table, PrRow,
       spectrum, spectrum_antisym, split_sym_antisym, top_planes, similarity, principal_cosines
export Vocab, vocab_from_file, load_vocab, word_id, word, word_count, encode, add_text_words!
export Synth, generate, reset!, base_distribution, transition_row, successors, add_synth!

# ---------------------------------------------------------------- loading

const _lib_handle = Ref{Ptr{Cvoid}}(C_NULL)
const _lib_path = Ref{String}("")

function __init__()
    candidates = String[]
    explicit = get(ENV, "PRSPREAD_LIBRARY", "")
    if !isempty(explicit)
        # A set variable that fails to load is an error, not a fallthrough.
        _lib_handle[] = Libdl.dlopen(explicit, Libdl.RTLD_NOW)
        _lib_path[] = explicit
    else
        local_copy = joinpath(@__DIR__, "..", "deps", L.libprspread)
        for path in (local_copy, L.libprspread)
            h = Libdl.dlopen(path, Libdl.RTLD_NOW; throw_error = false)
            if h !== nothing
                _lib_handle[] = h
                _lib_path[] = path
                break
            end
        end
        _lib_handle[] == C_NULL && error(
            "libprspread not found: set ENV[\"PRSPREAD_LIBRARY\"] to its path or make " *
            "$(L.libprspread) visible to the dynamic loader (LD_LIBRARY_PATH)")
    end
    _progress_c[] = @cfunction(_progress_trampoline, Cint, (Ptr{Cvoid}, UInt64, UInt64))
    _step_c[] = @cfunction(_step_trampoline, Cint, (Ptr{Cvoid}, Ptr{L.pr_sft_step_info}))
    if L.pr_version_number() != L.PR_VERSION_NUMBER
        @warn "libprspread $(version()) does not match the header these bindings were made from" L.PR_VERSION_NUMBER
    end
    return nothing
end

"""The path (or SONAME) the library was opened from."""
library_path() = _lib_path[]

# ---------------------------------------------------------------- errors

"""
    PRSpreadError(status, name, message, func)

A prspread call failed: `status` is the `pr_status` code, `name` its constant
name (e.g. `"PR_ERR_OUT_OF_RANGE"`), `message` the library's `pr_last_error()`
text (it names the argument and the value), `func` the C function.
"""
struct PRSpreadError <: Exception
    status::Int32
    name::String
    message::String
    func::Symbol
end

Base.showerror(io::IO, e::PRSpreadError) =
    print(io, "PRSpreadError: ", e.func, ": ", e.message, " [", e.name, "]")

function _check(status::Integer, func::Symbol)
    status == 0 && return nothing
    name = unsafe_string(L.pr_status_name(Cint(status)))
    throw(PRSpreadError(Int32(status), name, unsafe_string(L.pr_last_error()), func))
end

"""Throws an `ArgumentError` naming `name` unless `a` has `n` elements."""
function _check_length(a::AbstractArray, n::Integer, name::AbstractString)
    length(a) == n || throw(ArgumentError("argument '$name' must have $n elements, got $(length(a))"))
    return nothing
end

"""Arrays cross the ABI without copies, so they must be dense in memory."""
function _check_dense(a::AbstractArray, name::AbstractString)
    a isa Array || throw(ArgumentError("argument '$name' must be a dense Array, got $(typeof(a))"))
    return nothing
end

"""Returns a copy of the immutable options struct `o` with fields from `kw`."""
function _with(o::T; kw...) where {T}
    names = fieldnames(T)
    for k in keys(kw)
        k in names || throw(ArgumentError("unknown option '$k' (valid: $(join(names, ", ")))"))
    end
    return T((k in keys(kw) ? convert(fieldtype(T, k), kw[k]) : getfield(o, k) for k in names)...)
end

# ---------------------------------------------------------------- progress

# Progress callbacks: a Julia function (done, total) -> Bool (true cancels).
# An exception inside it (InterruptException from Ctrl-C included) cancels
# the C call and is rethrown after it returns.
mutable struct _Progress
    fn::Any
    err::Any
end

const _progress_c = Ref{Ptr{Cvoid}}(C_NULL)

function _progress_trampoline(user::Ptr{Cvoid}, done::UInt64, total::UInt64)::Cint
    p = unsafe_pointer_to_objref(user)::_Progress
    p.err === nothing || return Cint(1)
    try
        return p.fn(done, total) === true ? Cint(1) : Cint(0)
    catch e
        p.err = e
        return Cint(1)
    end
end

"""Calls `f(fnptr, user)` with the C progress pointer pair for `progress`
(`nothing` passes NULL) and rethrows what the callback caught."""
function _with_progress(f, progress, func::Symbol)
    if progress === nothing
        return _check(f(C_NULL, C_NULL), func)
    end
    p = _Progress(progress, nothing)
    status = GC.@preserve p f(_progress_c[], pointer_from_objref(p))
    p.err === nothing || throw(p.err)
    return _check(status, func)
end

# ---------------------------------------------------------------- version

"""The loaded library's version."""
version() = VersionNumber(unsafe_string(L.pr_version_string()))

"""The instruction set the library's kernels were compiled for."""
build_isa() = unsafe_string(L.pr_build_isa())

"""A status code's constant name, e.g. `"PR_ERR_OUT_OF_RANGE"`."""
status_name(status::Integer) = unsafe_string(L.pr_status_name(Cint(status)))

include("corpus.jl")
include("sft.jl")
include("transition.jl")
include("vocab.jl")
include("synth.jl")

end # module PRSpread
