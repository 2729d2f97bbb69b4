#include "tokenizer/stream.hpp"

#include "tokenizer/pretokenize.hpp"

#include <algorithm>
#include <exception>
#include <omp.h>
#include <string_view>

namespace pr::tokenizer {

namespace {

bool inside_special(const BpeModel &model, const uint8_t *s, size_t n, size_t p) {
    const std::string_view text(reinterpret_cast<const char *>(s), n);
    for (const auto &sp : model.specials()) {
        const size_t len = sp.text.size();
        if (len < 2) continue;
        const size_t from = p >= len - 1 ? p - (len - 1) : 0;
        const size_t at = text.substr(from, std::min(n - from, 2 * len - 2)).find(sp.text);
        if (at != std::string_view::npos && from + at < p) return true;
    }
    return false;
}

}  // namespace

size_t safe_cut(const BpeModel &model, const uint8_t *s, size_t n, size_t target, bool allow_special) {
    if (target == 0) target = 1;
    // The character holding byte target-1 starts there, or at a lead byte at
    // most 3 back whose valid sequence covers it (a byte that is not
    // 10xxxxxx always starts a character); then read forward.
    size_t prev = target - 1;
    if ((s[prev] & 0xc0) == 0x80)
        for (size_t back = 1; back <= 3 && back <= target - 1; ++back) {
            const size_t q = target - 1 - back;
            if ((s[q] & 0xc0) == 0x80) continue;
            if (decode_utf8(s + q, n - q).len > back) prev = q;
            break;
        }
    Char a = char_at(s + prev, n - prev);
    size_t p = prev + a.len;
    while (p < n) {
        const Char b = char_at(s + p, n - p);
        const bool cut = p >= target && a.cls != CharClass::space &&
                         (b.cls == CharClass::space ||
                          (a.cls != b.cls && !(a.cp == '\'' && b.cls == CharClass::letter)));
        if (cut && !(allow_special && inside_special(model, s, n, p))) return p;
        a = b;
        p += b.len;
    }
    return n;
}

void encode_stream(const BpeModel &model, const uint8_t *s, size_t n, const StreamOptions &opts, const IdSink &sink,
                   const StreamProgress &progress, EncodeStats *stats) {
    const int threads = opts.num_threads > 0 ? opts.num_threads : omp_get_max_threads();
    const size_t chunk = std::max<size_t>(opts.chunk_bytes, 1);
    const size_t batch = size_t(threads) * 2;
    std::vector<Encoder> encoders(size_t(threads), Encoder{model});
    std::vector<std::vector<uint32_t>> out(batch);
    std::vector<std::exception_ptr> errors(batch);
    std::vector<size_t> cuts;
    if (progress) progress(0, n);
    size_t pos = 0;
    while (pos < n) {
        cuts.assign(1, pos);
        while (cuts.size() <= batch && cuts.back() < n)
            cuts.push_back(safe_cut(model, s, n, std::min(n, cuts.back() + chunk), opts.allow_special));
        const int m = int(cuts.size() - 1);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
        for (int k = 0; k < m; ++k) {
            try {
                out[k].clear();
                encoders[size_t(omp_get_thread_num())].encode(s + cuts[k], cuts[k + 1] - cuts[k],
                                                             opts.allow_special, cuts[k] > 0, out[k]);
            } catch (...) {
                errors[k] = std::current_exception();
            }
        }
        for (int k = 0; k < m; ++k)
            if (errors[k]) std::rethrow_exception(errors[k]);
        for (int k = 0; k < m; ++k) sink(out[k].data(), out[k].size());
        pos = cuts.back();
        if (progress) progress(pos, n);
    }
    if (stats)
        for (const auto &e : encoders) stats->add(e.stats);
}

}  // namespace pr::tokenizer
