# Run with: PRSPREAD_LIBRARY=/path/to/libprspread.so julia --project=. test/runtests.jl
using Test
using PRSpread
const L = PRSpread.LibPRSpread

@testset "version and status" begin
    @test PRSpread.version() == VersionNumber(L.PR_VERSION_MAJOR, L.PR_VERSION_MINOR, L.PR_VERSION_PATCH)
    @test PRSpread.build_isa() in ("avx512", "avx2", "avx", "sse2", "generic")
    @test PRSpread.status_name(L.PR_ERR_OUT_OF_RANGE) == "PR_ERR_OUT_OF_RANGE"
    err = try
        PRSpread._check(L.PR_ERR_IO, :pr_test)
        nothing
    catch e
        e
    end
    @test err isa PRSpreadError && err.status == L.PR_ERR_IO && err.func == :pr_test
end

@testset "corpus" begin
    x = UInt16[rand(0:19) for _ in 1:3000]
    c = Corpus(20)
    add!(c, x[1:1000]); add!(c, x[1001:end])
    @test total_pairs(c) == 2999
    @test pair_count(c, x[1], x[2]) == sum((x[1:end-1] .== x[1]) .& (x[2:end] .== x[2]))
    @test sum(unigram(c)) == 3000
    row_ptr, col, counts = to_csr(c)
    @test length(row_ptr) == 21 && sum(counts) == 2999
    err = try add!(c, UInt16[1, 2, 77]); nothing catch e; e end
    @test err isa PRSpreadError && err.name == "PR_ERR_OUT_OF_RANGE" && occursin("77", err.message)
    @test_throws ArgumentError add!(c, [1.0, 2.0])
    path = tempname()
    save(c, path)
    d = load_corpus(path)
    @test to_csr(d) == to_csr(c)
    close(c)
    @test_throws ArgumentError total_pairs(c)
end

@testset "sft" begin
    m = Model(vocab_size = 16, context_length = 8, n_layer = 1, n_head = 2, d_model = 16)
    set_train_options!(m; batch_size = 4, max_steps = 20, warmup_steps = 2, eval_batches = 2)
    set_data!(m, UInt16[rand(0:15) for _ in 1:4000])
    @test abs(eval_loss(m) - log(16)) < 0.15
    steps = Int[]
    train!(m, 3; on_step = info -> (push!(steps, Int(info.step)); false))
    @test steps == [1, 2, 3] && step_count(m) == 3
    w = rand(Float32, 16, 16)
    set_param!(m, "h.0.attn.w_q", w)
    @test get_param(m, "h.0.attn.w_q") == w
    @test sum(prod(s) for (_, s) in params(m)) == num_scalars(m)
    @test_throws ArgumentError get_param(m, "nope")
end

@testset "vocab and synth" begin
    text = "the cat sat on the mat . the dog sat on the log ."
    v = Vocab(text)
    @test word(v, 0) == "<unk>" && word(v, 1) == "the"
    ids = encode(v, "the cat")
    @test ids == UInt32[word_id(v, "the"), word_id(v, "cat")]
    c = Corpus(length(v))
    add_text_words!(c, v, text)
    @test pair_count(c, word_id(v, "sat"), word_id(v, "on")) == 2
    s = Synth(vocab_size = 40, seed = 5)
    a = generate(s, 500); reset!(s)
    @test generate(s, 500) == a
    @test abs(sum(transition_row(s, 3)) - 1) < 1e-12
end

@testset "transition" begin
    s = Synth(vocab_size = 30, seed = 2)
    c = add_synth!(Corpus(30), s, 20_000)
    t = Transition(c)
    @test abs(sum(stationary(t)) - 1) < 1e-9
    @test abs(sum(entry(t, 3, b) for b in 0:29) - 1) < 1e-12
    E = randn(Float32, 6, 30)          # (d, V): one column per token
    rows = pr_table(t, E; max_power = 3)
    @test length(rows) == 3 * 4
    called = Ref(0)
    project(t, E; max_power = 2, progress = (d, n) -> (called[] += 1; false))
    @test called[] >= 2
    err = try project(t, E; max_power = 2, progress = (d, n) -> true); nothing catch e; e end
    @test err isa PRSpreadError && err.name == "PR_ERR_CANCELLED"
    A = zeros(6, 6); A[1, 2] = 1; A[2, 1] = -1
    sp, w = spectrum_antisym(A)
    @test abs(sp.pr - 2) < 1e-12 && abs(sp.planes - 1) < 1e-12
    M = randn(6, 6)
    @test abs(similarity(M, M).frobenius_cosine.value - 1) < 1e-12
end
