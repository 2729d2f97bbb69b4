#include "init/stats.hpp"

#include "core/error.hpp"

#include <cmath>
#include <limits>

namespace pr::init {

double t_quantile_975(size_t df) {
    static const double table[31] = {
        0,      12.7062, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691, 2.36462, 2.30600, 2.26216, 2.22814,
        2.20099, 2.17881, 2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092, 2.09302, 2.08596,
        2.07961, 2.07387, 2.06866, 2.06390, 2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227};
    require_arg(df >= 1, "df", df, "needs at least one degree of freedom");
    if (df <= 30) return table[df];
    const double z = 1.959963984540054, n = static_cast<double>(df);
    const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
    return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

SeedSummary summarize(const std::vector<double> &v) {
    SeedSummary s;
    s.n = v.size();
    if (v.empty()) {
        s.mean = s.std = s.lo = s.hi = std::numeric_limits<double>::quiet_NaN();
        return s;
    }
    double sum = 0;
    for (double x : v) sum += x;
    s.mean = sum / double(s.n);
    if (s.n < 2) {
        s.std = s.lo = s.hi = std::numeric_limits<double>::quiet_NaN();
        return s;
    }
    double ss = 0;
    for (double x : v) ss += (x - s.mean) * (x - s.mean);
    s.std = std::sqrt(ss / double(s.n - 1));
    const double half = t_quantile_975(s.n - 1) * s.std / std::sqrt(double(s.n));
    s.lo = s.mean - half;
    s.hi = s.mean + half;
    return s;
}

}  // namespace pr::init
