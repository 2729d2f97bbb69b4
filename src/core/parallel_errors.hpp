// An exception must not leave an OpenMP parallel region: the runtime calls
// std::terminate (the whole process dies, even for a std::bad_alloc that the
// C API would have turned into PR_ERR_NO_MEMORY).  Region bodies that can
// throw (they allocate, or call code that fails) run inside
// ParallelErrors::run; after the region, rethrow() throws the first error
// on the calling thread, where the C API's guard catches it.
#pragma once

#include <atomic>
#include <exception>
#include <mutex>

namespace pr {

class ParallelErrors {
public:
    // Runs f, keeping its exception (the first one of all threads) instead
    // of letting it escape.  Once one thread failed, later bodies are skipped.
    template <class F>
    void run(F &&f) noexcept {
        if (failed()) return;
        try {
            f();
        } catch (...) {
            std::lock_guard<std::mutex> lock(m_);
            if (!error_) error_ = std::current_exception();
            failed_.store(true, std::memory_order_relaxed);
        }
    }
    bool failed() const noexcept { return failed_.load(std::memory_order_relaxed); }
    void rethrow() {
        if (error_) std::rethrow_exception(error_);
    }

private:
    std::mutex m_;
    std::exception_ptr error_;
    std::atomic<bool> failed_{false};
};

}  // namespace pr
