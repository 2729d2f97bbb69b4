// Summary statistics over seeds: the source reported single runs; we report
// mean, sample standard deviation, the seed count and a 95% interval.
#pragma once

#include <vector>

namespace cli {

struct Summary {
    double mean = 0, sd = 0;   // sd: sample standard deviation (n-1); NaN if n < 2
    double lo = 0, hi = 0;     // 95% Student-t interval for the mean; NaN if n < 2
    int n = 0;
};

Summary summarize(const std::vector<double> &x);

// Two-sided 95% quantile of Student's t with `df` degrees of freedom.
double t975(int df);

// Paired difference a[i] - b[i] (same seeds, same data order): mean and 95%
// t-interval.  Pairing removes the seed-to-seed variation both share.
Summary paired_difference(const std::vector<double> &a, const std::vector<double> &b);

}  // namespace cli
