// Where each rank's share of a stream of token files lies: the stream of
// N = sum of the files' token counts is cut into P contiguous ranges in
// proportion to the ranks' weights, and each range is a list of pieces
// (file, first token, count).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace prmpi {

struct Piece {
    size_t file = 0;
    uint64_t first = 0, count = 0;
};

// Cut points c[0] = 0 <= c[1] <= ... <= c[P] = total for weights w (sum > 0).
std::vector<uint64_t> cut_points(uint64_t total, const std::vector<double> &weights);
// The pieces of the stream range [lo, hi) over files of the given token counts.
std::vector<Piece> pieces_of(const std::vector<uint64_t> &file_tokens, uint64_t lo, uint64_t hi);

}  // namespace prmpi
