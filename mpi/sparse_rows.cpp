#include "sparse_rows.hpp"

#include "failure.hpp"

namespace prmpi {

SparseRows merge(const SparseRows &a, const SparseRows &b) {
    if (a.row0 != b.row0 || a.rows() != b.rows())
        fail(PR_ERR_INTERNAL, "merging blocks of different rows");
    SparseRows out;
    out.row0 = a.row0;
    out.row_ptr.assign(a.rows() + 1, 0);
    out.col.reserve(std::max(a.nnz(), b.nnz()));
    out.count.reserve(out.col.capacity());
    for (uint64_t r = 0; r < a.rows(); ++r) {
        uint64_t i = a.row_ptr[r], ie = a.row_ptr[r + 1], j = b.row_ptr[r], je = b.row_ptr[r + 1];
        while (i < ie || j < je) {
            if (j == je || (i < ie && a.col[i] < b.col[j])) {
                out.col.push_back(a.col[i]), out.count.push_back(a.count[i++]);
            } else if (i == ie || b.col[j] < a.col[i]) {
                out.col.push_back(b.col[j]), out.count.push_back(b.count[j++]);
            } else {
                out.col.push_back(a.col[i]), out.count.push_back(a.count[i++] + b.count[j++]);
            }
        }
        out.row_ptr[r + 1] = out.col.size();
    }
    return out;
}

SparseRows merge_all(std::vector<SparseRows> parts) {
    if (parts.empty()) fail(PR_ERR_INTERNAL, "merging no blocks");
    while (parts.size() > 1) {
        std::vector<SparseRows> next;
        for (size_t i = 0; i + 1 < parts.size(); i += 2) next.push_back(merge(parts[i], parts[i + 1]));
        if (parts.size() % 2) next.push_back(std::move(parts.back()));
        parts = std::move(next);
    }
    return std::move(parts[0]);
}

SparseRows slice(const SparseRows &a, uint64_t lo, uint64_t hi) {
    if (lo < a.row0 || hi < lo || hi > a.row0 + a.rows()) fail(PR_ERR_INTERNAL, "row slice outside the block");
    SparseRows out;
    out.row0 = lo;
    const uint64_t b = a.row_ptr[lo - a.row0], e = a.row_ptr[hi - a.row0];
    out.row_ptr.resize(hi - lo + 1);
    for (uint64_t r = lo; r <= hi; ++r) out.row_ptr[r - lo] = a.row_ptr[r - a.row0] - b;
    out.col.assign(a.col.begin() + b, a.col.begin() + e);
    out.count.assign(a.count.begin() + b, a.count.begin() + e);
    return out;
}

SparseRows concat(const std::vector<SparseRows> &parts) {
    SparseRows out;
    if (parts.empty()) return out;
    out.row0 = parts[0].row0;
    for (const SparseRows &p : parts) {
        if (p.row0 != out.row0 + out.rows()) fail(PR_ERR_INTERNAL, "concatenating blocks that do not touch");
        const uint64_t base = out.col.size();
        for (uint64_t r = 1; r < p.row_ptr.size(); ++r) out.row_ptr.push_back(base + p.row_ptr[r]);
        out.col.insert(out.col.end(), p.col.begin(), p.col.end());
        out.count.insert(out.count.end(), p.count.begin(), p.count.end());
    }
    return out;
}

}  // namespace prmpi
