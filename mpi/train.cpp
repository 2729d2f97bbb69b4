// pr_mpi_sft_train: one model replica per rank, the global batch split by
// rows, float32 gradients summed in place, the same AdamW step everywhere.
#include "prspread_mpi.h"

#include "failure.hpp"
#include "transport.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace prmpi {
namespace {

// Rank 0's weights on every rank, after checking the replicas can be the same.
void replicate(pr_sft *model, MPI_Comm comm) {
    pr_sft_options mo;
    pr_sft_train_options to;
    uint64_t mine[8] = {0}, ref[8];
    size_t n_params = 0;
    phase(comm, [&] {
        check(pr_sft_get_options(model, &mo), "reading the model options");
        check(pr_sft_get_train_options(model, &to), "reading the training options");
        check(pr_sft_num_scalars(model, &mine[0]), "reading the model size");
        check(pr_sft_step_count(model, &mine[1]), "reading the step count");
        check(pr_sft_param_count(model, &n_params), "reading the parameter list");
        mine[2] = mo.vocab_size, mine[3] = mo.context_length, mine[4] = mo.n_layer;
        mine[5] = uint64_t(mo.n_head) << 32 | mo.d_model, mine[6] = to.batch_size;
        mine[7] = to.data_seed ^ (to.max_steps << 20);
    });
    std::copy(mine, mine + 8, ref);
    MPI_Bcast(ref, 8, MPI_UINT64_T, 0, comm);
    phase(comm, [&] {
        if (!std::equal(mine, mine + 8, ref))
            fail(PR_ERR_MISMATCH,
                 "the model differs from rank 0's (architecture, scalar count, step count, batch_size, data_seed or "
                 "max_steps): every rank must hold the same model and training options");
    });
    for (size_t i = 0; i < n_params; ++i) {
        const char *name = nullptr;
        uint32_t ndim = 0;
        uint64_t shape[2] = {1, 1};
        std::vector<float> w;
        phase(comm, [&] {
            check(pr_sft_param_info(model, i, &name, &ndim, shape), "reading a parameter's shape");
            w.resize(ndim == 1 ? shape[0] : shape[0] * shape[1]);
            if (rank_of(comm) == 0) check(pr_sft_get_param_f32(model, name, ndim, shape, w.data()), "reading weights");
        });
        bcast_vec(w, 0, comm);
        phase(comm, [&] { check(pr_sft_set_param_f32(model, name, ndim, shape, w.data()), "setting weights"); });
    }
}

void train(MPI_Comm caller, pr_sft *model, uint64_t n_steps, pr_sft_step_fn on_step, void *user) {
    DupComm dup(caller);
    MPI_Comm comm = dup.get();
    const int rank = dup.rank(), P = dup.size();
    phase(comm, [&] {
        if (!model) fail(PR_ERR_INVALID_ARGUMENT, "argument 'model' is NULL");
    });
    replicate(model, comm);

    pr_sft_options mo;
    pr_sft_train_options to;
    uint64_t done = 0;
    float *grads = nullptr;
    size_t n_grad = 0;
    std::vector<int32_t> x, y;
    phase(comm, [&] {
        check(pr_sft_get_options(model, &mo), "reading the model options");
        check(pr_sft_get_train_options(model, &to), "reading the training options");
        check(pr_sft_step_count(model, &done), "reading the step count");
        check(pr_sft_grad_buffer_f32(model, &grads, &n_grad), "reading the gradient buffer");
        x.resize(size_t(to.batch_size) * mo.context_length);
        y.resize(x.size());
    });
    if (n_steps == 0) n_steps = to.max_steps > done ? to.max_steps - done : 0;
    const size_t B = to.batch_size, T = mo.context_length;
    const size_t lo = B * size_t(rank) / size_t(P), hi = B * size_t(rank + 1) / size_t(P), rows = hi - lo;
    const double share = double(rows) / double(B);
    const int n_count = as_count(n_grad, "gradient scalars");

    for (uint64_t i = 0; i < n_steps; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        double loss = 0;
        phase(comm, [&] {
            check(pr_sft_sample_batch_i32(model, done, x.data(), y.data(), x.size()), "sampling the batch");
            if (rows == 0) {
                std::fill(grads, grads + n_grad, 0.0f);
                return;
            }
            check(pr_sft_loss_grad_i32(model, x.data() + lo * T, y.data() + lo * T, rows, T, &loss),
                  "forward and backward on this rank's rows");
            if (rows != B) {
                const float s = float(share);
                for (size_t k = 0; k < n_grad; ++k) grads[k] *= s;
            }
            loss *= share;
        });
        MPI_Allreduce(MPI_IN_PLACE, grads, n_count, MPI_FLOAT, MPI_SUM, comm);
        MPI_Allreduce(MPI_IN_PLACE, &loss, 1, MPI_DOUBLE, MPI_SUM, comm);
        pr_sft_step_info info{};
        double val = std::numeric_limits<double>::quiet_NaN();
        phase(comm, [&] {
            check(pr_sft_apply_grad(model, loss, &info), "applying the optimizer step");
            if (rank == 0 && to.eval_interval && info.step % to.eval_interval == 0)
                check(pr_sft_eval(model, &val), "evaluating");
        });
        MPI_Bcast(&val, 1, MPI_DOUBLE, 0, comm);
        ++done;
        info.val_loss = val;
        const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        info.tokens_per_s = dt > 0 ? double(B * T) / dt : 0.0;
        int stop = on_step && on_step(user, &info) != 0 ? 1 : 0;
        MPI_Allreduce(MPI_IN_PLACE, &stop, 1, MPI_INT, MPI_MAX, comm);
        if (stop)
            throw AgreedFailure(PR_ERR_CANCELLED, "cancelled by a step callback after step " +
                                                      std::to_string(info.step) +
                                                      " (the model keeps the steps done so far)");
    }
}

}  // namespace
}  // namespace prmpi

extern "C" PR_API int pr_mpi_sft_train(MPI_Comm comm, pr_sft *model, uint64_t n_steps, pr_sft_step_fn on_step,
                                       void *user) {
    return prmpi::guard([&] { prmpi::train(comm, model, n_steps, on_step, user); });
}
