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
