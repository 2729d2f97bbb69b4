// Runs the enclosed OpenMP regions (and Eigen's GEMMs, which read
// omp_get_max_threads) with a fixed thread count, restoring the caller's
// setting afterwards.  omp_set_num_threads only changes the calling thread's
// setting, so other threads of the host program are unaffected.
#pragma once

#include <omp.h>

namespace pr::sft {

class ThreadScope {
public:
    explicit ThreadScope(int n) : saved_(omp_get_max_threads()) {
        if (n > 0) omp_set_num_threads(n);
    }
    ~ThreadScope() { omp_set_num_threads(saved_); }
    ThreadScope(const ThreadScope &) = delete;
    ThreadScope &operator=(const ThreadScope &) = delete;

private:
    int saved_;
};

}  // namespace pr::sft
