// Wall-clock seconds since construction or the last lap (steady clock), for
// the timing records that sit beside results (never inside them).
#pragma once

#include <chrono>

namespace pr {

class Stopwatch {
public:
    double seconds() const { return std::chrono::duration<double>(Clock::now() - t0_).count(); }
    // Seconds since the last lap (or construction), and restarts.
    double lap() {
        const auto now = Clock::now();
        const double s = std::chrono::duration<double>(now - t0_).count();
        t0_ = now;
        return s;
    }

private:
    using Clock = std::chrono::steady_clock;
    Clock::time_point t0_ = Clock::now();
};

}  // namespace pr
