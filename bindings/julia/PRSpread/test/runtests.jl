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
