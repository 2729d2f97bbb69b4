#include "stream_plan.hpp"

#include <algorithm>
#include <cmath>

namespace prmpi {

std::vector<uint64_t> cut_points(uint64_t total, const std::vector<double> &weights) {
    double sum = 0;
    for (double w : weights) sum += w;
    std::vector<uint64_t> c(weights.size() + 1, total);
    c[0] = 0;
    double acc = 0;
    for (size_t r = 1; r < weights.size(); ++r) {
        acc += weights[r - 1];
        const long double at = (long double)total * (long double)(acc / sum);
        c[r] = std::min<uint64_t>(total, std::max<uint64_t>(c[r - 1], uint64_t(std::floor(at))));
    }
    return c;
}

std::vector<Piece> pieces_of(const std::vector<uint64_t> &file_tokens, uint64_t lo, uint64_t hi) {
    std::vector<Piece> out;
    uint64_t offset = 0;
    for (size_t f = 0; f < file_tokens.size(); ++f) {
        const uint64_t b = std::max(lo, offset), e = std::min(hi, offset + file_tokens[f]);
        if (b < e) out.push_back({f, b - offset, e - b});
        offset += file_tokens[f];
    }
    return out;
}

}  // namespace prmpi
