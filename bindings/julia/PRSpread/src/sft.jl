# ---------------------------------------------------------------- sft

"""
    Model(; vocab_size, context_length, n_layer, n_head, d_model, mlp_ratio, init_std, seed, num_threads, precision)

A GPT-2 style decoder with its AdamW trainer; unspecified options keep the
library defaults.  `precision` is `LibPRSpread.PR_SFT_PRECISION_FP32` (default)
or `PR_SFT_PRECISION_BF16` (bf16 matrix-product operands with fp32 sums; needs
AVX512-BF16).  Freed by a finalizer or `close`.  One Model per thread.

Parameters cross the ABI row-major, so a tensor of C shape [r, c] is a
Julia matrix of size (c, r) (the same memory, no copy): `get_param(m,
"h.0.attn.w_q")` of C shape [d_in, d_out] is a (d_out, d_in) matrix.
"""
mutable struct Model
    ptr::Ptr{L.pr_sft}
    function Model(ptr::Ptr{L.pr_sft})
        ptr == C_NULL && throw(ArgumentError("NULL model handle"))
        m = new(ptr)
        finalizer(close, m)
        return m
    end
end

function Model(; kw...)
    opts = Ref{L.pr_sft_options}()
    L.pr_sft_options_init(opts)
    opts[] = _with(opts[]; kw...)
    out = Ref{Ptr{L.pr_sft}}(C_NULL)
    _check(L.pr_sft_create(out, opts), :pr_sft_create)
    return Model(out[])
end

function Base.close(m::Model)
    if m.ptr != C_NULL
        L.pr_sft_free(m.ptr)
        m.ptr = C_NULL
    end
    return nothing
end

function Base.unsafe_convert(::Type{Ptr{L.pr_sft}}, m::Model)
    m.ptr == C_NULL && throw(ArgumentError("the Model is closed"))
    return m.ptr
end

function options(m::Model)
    out = Ref{L.pr_sft_options}()
    _check(L.pr_sft_get_options(m, out), :pr_sft_get_options)
    return out[]
end

function train_options(m::Model)
    out = Ref{L.pr_sft_train_options}()
    _check(L.pr_sft_get_train_options(m, out), :pr_sft_get_train_options)
    return out[]
end

"""Changes training options given as keywords; the others keep their values."""
function set_train_options!(m::Model; kw...)
    opts = Ref(_with(train_options(m); kw...))
    _check(L.pr_sft_set_train_options(m, opts), :pr_sft_set_train_options)
    return m
end

const _SET_DATA = Dict(UInt16 => L.pr_sft_set_data_u16, UInt32 => L.pr_sft_set_data_u32,
                       Int32 => L.pr_sft_set_data_i32)

"""The token stream (0-based ids; UInt16/UInt32/Int32; copied)."""
function set_data!(m::Model, tokens::Vector{T}) where {T<:Union{UInt16,UInt32,Int32}}
    _check(_SET_DATA[T](m, tokens, length(tokens)), Symbol(:pr_sft_set_data_, T))
    return m
end

mutable struct _StepCallback
    fn::Any
    err::Any
end

const _step_c = Ref{Ptr{Cvoid}}(C_NULL)

function _step_trampoline(user::Ptr{Cvoid}, info::Ptr{L.pr_sft_step_info})::Cint
    s = unsafe_pointer_to_objref(user)::_StepCallback
    s.err === nothing || return Cint(1)
    try
        return s.fn(unsafe_load(info)) === true ? Cint(1) : Cint(0)
    catch e
        s.err = e
        return Cint(1)
    end
end

"""
    train!(m, n_steps=0; on_step=nothing)

Runs n_steps (0 = up to max_steps).  `on_step(info)` is called after each
step with a `pr_sft_step_info`; returning `true` stops (PRSpreadError with
PR_ERR_CANCELLED; the steps done are kept).  An exception in it (Ctrl-C's
InterruptException included) stops training and is rethrown.
"""
function train!(m::Model, n_steps::Integer = 0; on_step = nothing)
    if on_step === nothing
        return _check(L.pr_sft_train(m, UInt64(n_steps), C_NULL, C_NULL), :pr_sft_train)
    end
    s = _StepCallback(on_step, nothing)
    status = GC.@preserve s L.pr_sft_train(m, UInt64(n_steps), _step_c[], pointer_from_objref(s))
    s.err === nothing || throw(s.err)
    return _check(status, :pr_sft_train)
end

function step!(m::Model)
    info = Ref{L.pr_sft_step_info}()
    _check(L.pr_sft_step(m, info), :pr_sft_step)
    return info[]
end

function eval_loss(m::Model)
    out = Ref{Cdouble}(0)
    _check(L.pr_sft_eval(m, out), :pr_sft_eval)
    return out[]
end

# Batches are (seq_len, batch) Int32 matrices: one column per sequence,
# which is the C API's row-major [batch, seq_len].
function loss_grad!(m::Model, inputs::Matrix{Int32}, targets::Matrix{Int32})
    size(targets) == size(inputs) || throw(ArgumentError("arguments 'inputs' and 'targets' must have the same size"))
    t, b = size(inputs)
    out = Ref{Cdouble}(0)
    _check(L.pr_sft_loss_grad_i32(m, inputs, targets, b, t, out), :pr_sft_loss_grad_i32)
    return out[]
end

function step_batch!(m::Model, inputs::Matrix{Int32}, targets::Matrix{Int32})
    size(targets) == size(inputs) || throw(ArgumentError("arguments 'inputs' and 'targets' must have the same size"))
    t, b = size(inputs)
    info = Ref{L.pr_sft_step_info}()
    _check(L.pr_sft_step_batch_i32(m, inputs, targets, b, t, info), :pr_sft_step_batch_i32)
    return info[]
end

"""Logits as a (vocab, seq_len, batch) Float32 array."""
function logits(m::Model, inputs::Matrix{Int32})
    t, b = size(inputs)
    out = Array{Float32}(undef, options(m).vocab_size, t, b)
    _check(L.pr_sft_logits_f32(m, inputs, b, t, out, length(out)), :pr_sft_logits_f32)
    return out
end

function step_count(m::Model)
    out = Ref{UInt64}(0)
    _check(L.pr_sft_step_count(m, out), :pr_sft_step_count)
    return out[]
end

function num_scalars(m::Model)
    out = Ref{UInt64}(0)
    _check(L.pr_sft_num_scalars(m, out), :pr_sft_num_scalars)
    return out[]
end

"""`[(name, c_shape)]` of every parameter, c_shape in the C (row-major) order."""
function params(m::Model)
    n = Ref{Csize_t}(0)
    _check(L.pr_sft_param_count(m, n), :pr_sft_param_count)
    map(0:Int(n[])-1) do i
        name = Ref{Ptr{UInt8}}(C_NULL)
        ndim = Ref{UInt32}(0)
        shape = zeros(UInt64, 2)
        _check(L.pr_sft_param_info(m, i, name, ndim, shape), :pr_sft_param_info)
        (unsafe_string(name[]), Tuple(Int.(shape[1:ndim[]])))
    end
end

function _c_shape(m::Model, name::AbstractString)
    for (n, s) in params(m)
        n == name && return s
    end
    throw(ArgumentError("argument 'name' = \"$name\": no such parameter"))
end

function _tensor!(f, m::Model, name::AbstractString, out::Array{Float32}, func::Symbol)
    s = _c_shape(m, name)
    size(out) == reverse(s) || throw(ArgumentError("argument 'values' must have size $(reverse(s)), got $(size(out))"))
    shape = UInt64[s...]
    _check(f(m, name, UInt32(length(s)), shape, out), func)
    return out
end

get_param(m::Model, name::AbstractString) =
    _tensor!(L.pr_sft_get_param_f32, m, name, Array{Float32}(undef, reverse(_c_shape(m, name))...), :pr_sft_get_param_f32)
get_grad(m::Model, name::AbstractString) =
    _tensor!(L.pr_sft_get_grad_f32, m, name, Array{Float32}(undef, reverse(_c_shape(m, name))...), :pr_sft_get_grad_f32)
set_param!(m::Model, name::AbstractString, values::Array{Float32}) =
    (_tensor!(L.pr_sft_set_param_f32, m, name, values, :pr_sft_set_param_f32); m)

"""A model with the architecture stored in a checkpoint, loaded."""
function load_model(path::AbstractString; num_threads::Integer = 0)
    out = Ref{Ptr{L.pr_sft}}(C_NULL)
    _check(L.pr_sft_create_from_file(out, path, Int32(num_threads)), :pr_sft_create_from_file)
    return Model(out[])
end

"""Safetensors checkpoint (atomic), with the AdamW state unless told not to."""
save(m::Model, path::AbstractString; include_optimizer::Bool = true) =
    _check(L.pr_sft_save(m, path, Cint(include_optimizer)), :pr_sft_save)

"""Loads weights (and optimizer state if present) of the same architecture."""
load!(m::Model, path::AbstractString) = (_check(L.pr_sft_load(m, path), :pr_sft_load); m)
