// Run under mpirun -np 1..4: pr_mpi_init_compare_run equals
// pr_init_compare_run in one process with the same thread count: every
// run's final loss, training and validation curves and data digest exactly,
// and the summaries, claims and markdown / JSON reports.  The reference
// (an ORACLE arm without oracle_path) and an oracle_path checkpoint exercise
// both broadcasts.  Only rank 0 passes the study; the others pass NULL.
// Errors on one rank reach every rank: a bad option on rank 0, a bad options
// version and an unwritable temp_dir on the last rank, a cancel on rank 0.
//   study_test <scratch dir>
#include "prspread_mpi.h"
#include "expect.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace {


std::string report(const pr_init_compare *r, int format) {
    size_t n = 0;
    if (pr_init_compare_report(r, format, nullptr, 0, &n) != 0) return "error: " + std::string(pr_last_error());
    std::string s(n, '\0');
    pr_init_compare_report(r, format, &s[0], n, &n);
    return s;
}

// Every reader of the two handles gives the same values, bit for bit.
void expect_equal(const pr_init_compare *one, const pr_init_compare *dist, size_t n_arms, size_t n_seeds, uint64_t steps) {
    size_t a2 = 0, s2 = 0;
    uint64_t st2 = 0;
    EXPECT(pr_init_compare_counts(dist, &a2, &s2, &st2) == 0 && a2 == n_arms && s2 == n_seeds && st2 == steps,
           "counts %zu %zu %llu", a2, s2, (unsigned long long)st2);
    for (size_t a = 0; a < n_arms; ++a) {
        std::vector<double> f1(n_seeds), f2(n_seeds);
        pr_init_compare_final_losses_f64(one, a, f1.data(), n_seeds);
        pr_init_compare_final_losses_f64(dist, a, f2.data(), n_seeds);
        EXPECT(std::memcmp(f1.data(), f2.data(), n_seeds * sizeof(double)) == 0, "final losses of arm %zu differ", a);
        for (size_t i = 0; i < n_seeds; ++i) {
            std::vector<double> c1(steps), c2(steps);
            pr_init_compare_train_curve_f64(one, a, i, c1.data(), steps);
            pr_init_compare_train_curve_f64(dist, a, i, c2.data(), steps);
            EXPECT(std::memcmp(c1.data(), c2.data(), steps * sizeof(double)) == 0, "train curve (%zu, %zu) differs", a, i);
            size_t n1 = 0, n2 = 0;
            pr_init_compare_val_curve_f64(one, a, i, nullptr, nullptr, 0, &n1);
            pr_init_compare_val_curve_f64(dist, a, i, nullptr, nullptr, 0, &n2);
            EXPECT(n1 == n2 && n1 > 1, "val curve sizes %zu %zu", n1, n2);
            if (n1 == n2) {
                std::vector<uint64_t> e1(n1), e2(n1);
                std::vector<double> v1(n1), v2(n1);
                pr_init_compare_val_curve_f64(one, a, i, e1.data(), v1.data(), n1, &n1);
                pr_init_compare_val_curve_f64(dist, a, i, e2.data(), v2.data(), n2, &n2);
                EXPECT(e1 == e2 && std::memcmp(v1.data(), v2.data(), n1 * sizeof(double)) == 0,
                       "val curve (%zu, %zu) differs", a, i);
            }
            uint64_t d1 = 1, d2 = 2;
            pr_init_compare_data_digest(one, a, i, &d1);
            pr_init_compare_data_digest(dist, a, i, &d2);
            EXPECT(d1 == d2, "data digest (%zu, %zu) differs", a, i);
        }
        pr_init_arm_summary m1{}, m2{};
        pr_init_compare_summary(one, a, &m1);
        EXPECT(pr_init_compare_summary(dist, a, &m2) == 0 && std::strcmp(m1.label, m2.label) == 0 &&
                   std::strcmp(m1.description, m2.description) == 0 && m1.n_seeds == m2.n_seeds &&
                   std::memcmp(&m1.loss_mean, &m2.loss_mean, 7 * sizeof(double)) == 0 &&
                   m1.steps_to_random_final == m2.steps_to_random_final,
               "summary of arm %zu differs", a);
        pr_claim_test t1{}, t2{};
        pr_init_compare_claim(one, a, 0, -3.0, &t1);
        pr_init_compare_claim(dist, a, 0, -3.0, &t2);
        EXPECT(std::memcmp(&t1, &t2, sizeof t1) == 0, "claim of arm %zu differs", a);
    }
    EXPECT(report(one, PR_REPORT_MARKDOWN) == report(dist, PR_REPORT_MARKDOWN), "markdown reports differ");
    EXPECT(report(one, PR_REPORT_JSON) == report(dist, PR_REPORT_JSON), "JSON reports differ:\n%s\n%s",
           report(one, PR_REPORT_JSON).c_str(), report(dist, PR_REPORT_JSON).c_str());
}

int cancel_at_2(void *, uint64_t done, uint64_t) { return done >= 2; }

}  // namespace

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    const std::string dir = argc > 1 ? argv[1] : "/tmp";
    mkdir(dir.c_str(), 0755);

    // A lag-1 source over 32 ids.
    std::vector<uint32_t> data(6000);
    uint64_t x = 11;
    for (size_t i = 0; i < data.size(); ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        data[i] = i ? (data[i - 1] * 5 + uint32_t(x >> 60)) % 32 : 0;
    }
    pr_sft_options mo;
    pr_sft_options_init(&mo);
    mo.vocab_size = 32, mo.context_length = 16, mo.n_layer = 1, mo.n_head = 2, mo.d_model = 16, mo.num_threads = 1;
    pr_sft_train_options to;
    pr_sft_train_options_init(&to);
    to.batch_size = 4, to.warmup_steps = 2, to.eval_batches = 2;
    pr_init_compare_options co;
    pr_init_compare_options_init(&co);
    co.model = &mo, co.train = &to, co.steps = 6, co.eval_interval = 2, co.reference_steps = 5;
    // Curve points on 1 of the 2 validation batches: a worker that lost the
    // field would evaluate its runs' curves on both, unlike one process.
    co.curve_eval_batches = 1;

    // An oracle checkpoint that only rank 0 names (the others get its bytes).
    const std::string oracle_file = dir + "/study_test_oracle_" + std::to_string(g_size) + ".safetensors";
    if (g_rank == 0) {
        pr_sft *m = nullptr;
        mo.seed = 4242;
        pr_sft_create(&m, &mo);
        pr_init_save_model_safetensors(m, oracle_file.c_str());
        pr_sft_free(m);
        mo.seed = 1337;
    }
    pr_init_options random, direct, oracle, oracle_file_arm;
    pr_init_options_init(&random);
    pr_init_options_init(&direct);
    direct.strategy = PR_INIT_DIRECT;
    pr_init_options_init(&oracle);
    oracle.strategy = PR_INIT_ORACLE;
    oracle_file_arm = oracle;
    oracle_file_arm.oracle_path = oracle_file.c_str();
    const pr_init_arm arms[] = {{"random", random}, {"direct", direct}, {"oracle", oracle}, {"oracle_file", oracle_file_arm}};
    const size_t n_arms = 4;
    const uint64_t seeds[] = {1, 2, 3};
    const size_t n_seeds = 3;

    pr_init_compare *one = nullptr;
    if (g_rank == 0) {
        const int st = pr_init_compare_run(&one, &co, data.data(), data.size(), arms, n_arms, seeds, n_seeds, nullptr, nullptr);
        EXPECT(st == 0, "single process: %s", pr_last_error());
    }

    // Only rank 0 passes the study.
    pr_init_compare *dist = reinterpret_cast<pr_init_compare *>(1);
    const bool root = g_rank == 0;
    int st = pr_mpi_init_compare_run(&dist, MPI_COMM_WORLD, root ? &co : nullptr, root ? data.data() : nullptr,
                                     root ? data.size() : 0, root ? arms : nullptr, root ? n_arms : 0,
                                     root ? seeds : nullptr, root ? n_seeds : 0, nullptr);
    EXPECT(st == 0, "distributed: status %d (%s)", st, pr_mpi_last_error());
    if (root && st == 0 && one) {
        expect_equal(one, dist, n_arms, n_seeds, co.steps);
        std::printf("np %d: %zu runs equal to one process\n", g_size, n_arms * n_seeds);
    }
    if (!root) EXPECT(dist == nullptr, "*out on rank %d is not NULL", g_rank);
    pr_init_compare_free(dist);

    // A bad option on rank 0 is an error on every rank.
    pr_init_compare_options bad = co;
    bad.steps = 0;
    dist = nullptr;
    st = pr_mpi_init_compare_run(&dist, MPI_COMM_WORLD, &bad, data.data(), data.size(), arms, n_arms, seeds, n_seeds, nullptr);
    EXPECT(st == PR_ERR_INVALID_ARGUMENT && dist == nullptr && std::strstr(pr_mpi_last_error(), "rank 0: ") &&
               std::strstr(pr_mpi_last_error(), "steps"),
           "bad steps: status %d (%s)", st, pr_mpi_last_error());

    // An unknown options version on the last rank alone.
    pr_mpi_compare_options mopts;
    pr_mpi_compare_options_init(&mopts);
    if (g_rank == g_size - 1) mopts.version = 99;
    st = pr_mpi_init_compare_run(&dist, MPI_COMM_WORLD, &co, data.data(), data.size(), arms, n_arms, seeds, n_seeds, &mopts);
    const std::string last = "rank " + std::to_string(g_size - 1) + ": ";
    EXPECT(st == PR_ERR_VERSION && std::strstr(pr_mpi_last_error(), last.c_str()), "bad version: status %d (%s)", st,
           pr_mpi_last_error());

    // The last rank cannot keep its copy of the checkpoints.
    pr_mpi_compare_options_init(&mopts);
    if (g_rank == g_size - 1) mopts.temp_dir = "/nonexistent-prspread-dir";
    st = pr_mpi_init_compare_run(&dist, MPI_COMM_WORLD, &co, data.data(), data.size(), arms, n_arms, seeds, n_seeds, &mopts);
    EXPECT(st == PR_ERR_IO && std::strstr(pr_mpi_last_error(), last.c_str()), "bad temp_dir: status %d (%s)", st,
           pr_mpi_last_error());

    // A cancel on rank 0 (during the reference) cancels every rank.
    pr_mpi_compare_options_init(&mopts);
    if (root) mopts.progress = cancel_at_2;
    st = pr_mpi_init_compare_run(&dist, MPI_COMM_WORLD, &co, data.data(), data.size(), arms, n_arms, seeds, n_seeds, &mopts);
    EXPECT(st == PR_ERR_CANCELLED && dist == nullptr, "cancel: status %d (%s)", st, pr_mpi_last_error());

    // Still usable after the errors.
    st = pr_mpi_init_compare_run(&dist, MPI_COMM_WORLD, &co, data.data(), data.size(), arms, n_arms, seeds, n_seeds, nullptr);
    EXPECT(st == 0, "after the errors: status %d (%s)", st, pr_mpi_last_error());
    if (root && st == 0 && one) expect_equal(one, dist, n_arms, n_seeds, co.steps);
    pr_init_compare_free(dist);
    pr_init_compare_free(one);
    if (root) std::remove(oracle_file.c_str());

    int total = 0;
    MPI_Allreduce(&g_failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (g_rank == 0) std::printf(total ? "FAILED: %d checks\n" : "all checks passed\n", total);
    MPI_Finalize();
    return total ? 1 : 0;
}
