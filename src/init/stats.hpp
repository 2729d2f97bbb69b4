// Seed statistics for the comparison harness: mean, sample standard
// deviation (n - 1) and the two-sided 95% Student-t interval
// mean +- t_{0.975, n-1} * sd / sqrt(n).  With n = 1 the spread and interval
// are NaN (one seed says nothing about spread).
#pragma once

#include <cstddef>
#include <vector>

namespace pr::init {

struct SeedSummary {
    size_t n = 0;
    double mean = 0, std = 0, lo = 0, hi = 0;
};

// t_{0.975, df}: exact table for df 1..30, Cornish-Fisher expansion beyond
// (error < 1e-4 for df > 30).
double t_quantile_975(size_t df);

SeedSummary summarize(const std::vector<double> &values);

}  // namespace pr::init
