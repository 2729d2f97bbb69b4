#include "stats.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace cli {

double t975(int df) {
    // Standard table of t_{0.975, df}; beyond 30 the Cornish-Fisher expansion
    // around z = 1.959964 is accurate to 1e-4.
    static const double table[] = {0,      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469,
                                   2.3646, 2.3060,  2.2622, 2.2281, 2.2010, 2.1788, 2.1604,
                                   2.1448, 2.1314,  2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
                                   2.0796, 2.0739,  2.0687, 2.0639, 2.0595, 2.0555, 2.0518,
                                   2.0484, 2.0452,  2.0423};
    if (df < 1) return std::numeric_limits<double>::quiet_NaN();
    if (df <= 30) return table[df];
    const double z = 1.959964, n = df;
    return z + (z * z * z + z) / (4 * n) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * n * n);
}

Summary summarize(const std::vector<double> &x) {
    Summary s;
    s.n = int(x.size());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (x.empty()) { s.mean = s.sd = s.lo = s.hi = nan; return s; }
    double sum = 0;
    for (double v : x) sum += v;
    s.mean = sum / s.n;
    if (s.n < 2) { s.sd = s.lo = s.hi = nan; return s; }
    double ss = 0;
    for (double v : x) ss += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(ss / (s.n - 1));
    const double half = t975(s.n - 1) * s.sd / std::sqrt(double(s.n));
    s.lo = s.mean - half;
    s.hi = s.mean + half;
    return s;
}

Summary paired_difference(const std::vector<double> &a, const std::vector<double> &b) {
    if (a.size() != b.size()) throw std::invalid_argument("paired_difference: sizes differ");
    std::vector<double> d(a.size());
    for (size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
    return summarize(d);
}

}  // namespace cli
