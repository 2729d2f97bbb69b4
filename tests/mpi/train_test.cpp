// Run under mpirun -np 1..4: pr_mpi_sft_train over P ranks follows the loss
// curve of pr_sft_train in one process (same global batch, seeds) within
// 1e-5 relative over 50 steps; the replicas stay bit-identical; a cancel on
// one rank stops every rank after the same step.
//   train_test <scratch dir>
#include "prspread_mpi.h"
#include "expect.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {


pr_sft *make_model(const std::vector<uint32_t> &data) {
    pr_sft_options mo;
    pr_sft_options_init(&mo);
    mo.vocab_size = 64, mo.context_length = 16, mo.n_layer = 2, mo.n_head = 2, mo.d_model = 32;
    mo.num_threads = 1, mo.seed = 99;
    pr_sft *m = nullptr;
    if (pr_sft_create(&m, &mo) != 0) return nullptr;
    pr_sft_train_options to;
    pr_sft_train_options_init(&to);
    to.batch_size = 10, to.max_steps = 50, to.warmup_steps = 5, to.lr = 3e-3f, to.eval_interval = 25;
    pr_sft_set_train_options(m, &to);
    pr_sft_set_data_u32(m, data.data(), data.size());
    return m;
}

std::vector<double> g_losses, g_vals;
int record(void *, const pr_sft_step_info *info) {
    g_losses.push_back(info->loss);
    g_vals.push_back(info->val_loss);
    return 0;
}

int stop_at_3_on_last(void *, const pr_sft_step_info *info) { return g_rank == g_size - 1 && info->step == 3; }

}  // namespace

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    (void)argv;
    // A source with lag-1 and lag-2 structure, so the loss falls within 50 steps.
    std::vector<uint32_t> data(20000);
    uint64_t s = 7;
    for (size_t i = 0; i < data.size(); ++i) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        const uint64_t r = (s >> 33) % 4;
        data[i] = i < 2 ? 1 : r == 0 ? uint32_t(s >> 40) % 64 : r == 1 ? (data[i - 1] * 3 + 7) % 64 : (data[i - 2] * 5 + 1) % 64;
    }

    // The single-process reference (every rank computes it; they agree).
    pr_sft *ref = make_model(data);
    pr_sft_train(ref, 50, record, nullptr);
    const std::vector<double> ref_losses = g_losses, ref_vals = g_vals;
    g_losses.clear(), g_vals.clear();

    pr_sft *dp = make_model(data);
    int st = pr_mpi_sft_train(MPI_COMM_WORLD, dp, 50, record, nullptr);
    EXPECT(st == 0, "%s", pr_mpi_last_error());
    EXPECT(g_losses.size() == 50, "%zu steps", g_losses.size());
    double worst = 0;
    for (size_t i = 0; i < g_losses.size() && i < ref_losses.size(); ++i)
        worst = std::fmax(worst, std::fabs(g_losses[i] - ref_losses[i]) / std::fabs(ref_losses[i]));
    EXPECT(worst <= 1e-5, "loss curve differs by %.3g relative", worst);
    EXPECT(std::fabs(g_vals[24] - ref_vals[24]) <= 1e-5 * ref_vals[24] && std::isnan(g_vals[0]),
           "val loss %g vs %g", g_vals[24], ref_vals[24]);
    if (g_rank == 0) {
        std::printf("np=%d: 50-step loss curve, max relative difference from one process %.3g\n", g_size, worst);
        for (size_t k = 0; k < g_losses.size(); k += 7)
            std::printf("  step %2zu: %.7f (one process %.7f)\n", k + 1, g_losses[k], ref_losses[k]);
    }

    // The replicas are bit-identical: every rank's weights equal rank 0's.
    uint64_t shape[2];
    const char *name;
    uint32_t ndim;
    pr_sft_param_info(dp, 0, &name, &ndim, shape);
    std::vector<float> w(ndim == 1 ? shape[0] : shape[0] * shape[1]), w0;
    pr_sft_get_param_f32(dp, name, ndim, shape, w.data());
    w0 = w;
    MPI_Bcast(w0.data(), int(w0.size()), MPI_FLOAT, 0, MPI_COMM_WORLD);
    EXPECT(std::memcmp(w.data(), w0.data(), w.size() * 4) == 0, "replica of '%s' differs from rank 0's", name);

    // A cancel on the last rank after step 3 stops every rank there.
    pr_sft *c = make_model(data);
    st = pr_mpi_sft_train(MPI_COMM_WORLD, c, 10, stop_at_3_on_last, nullptr);
    uint64_t steps = 0;
    pr_sft_step_count(c, &steps);
    EXPECT(st == PR_ERR_CANCELLED && steps == 3, "cancel: status %d, %llu steps (%s)", st,
           (unsigned long long)steps, pr_mpi_last_error());
    // A model that differs on one rank is refused everywhere.
    pr_sft_train_options to;
    pr_sft_get_train_options(c, &to);
    if (g_rank == g_size - 1) to.data_seed += 1;
    pr_sft_set_train_options(c, &to);
    st = pr_mpi_sft_train(MPI_COMM_WORLD, c, 1, nullptr, nullptr);
    EXPECT(g_size == 1 ? st == 0 : st == PR_ERR_MISMATCH, "mismatch: status %d (%s)", st, pr_mpi_last_error());

    pr_sft_free(ref), pr_sft_free(dp), pr_sft_free(c);
    int total = 0;
    MPI_Allreduce(&g_failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (g_rank == 0) std::printf(total ? "FAILED: %d checks\n" : "all checks passed\n", total);
    MPI_Finalize();
    return total ? 1 : 0;
}
