#include "table.hpp"

#include "common.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace cli {

std::string markdown(const Table &t) {
    std::ostringstream out;
    if (!t.title.empty()) out << "### " << t.title << "\n\n";
    auto line = [&](const std::vector<std::string> &cells) {
        out << "|";
        for (const auto &c : cells) {
            out << " ";
            for (char ch : c) out << (ch == '|' ? "\\|" : std::string(1, ch));  // "|PR - 2|" must not split a cell
            out << " |";
        }
        out << "\n";
    };
    line(t.header);
    out << "|";
    for (size_t i = 0; i < t.header.size(); ++i) out << (i == 0 ? "---|" : "---:|");
    out << "\n";
    for (const auto &r : t.rows) line(r);
    if (!t.notes.empty()) {
        out << "\n";
        for (const auto &n : t.notes) out << n << "\n";
    }
    return out.str();
}

static std::string csv_cell(const std::string &s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

void write_text_atomically(const std::string &path, const std::string &text) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) fail("cannot write '" + tmp + "'");
        out << text;
        if (!out.flush()) fail("cannot write '" + tmp + "'");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) fail("cannot rename '" + tmp + "' to '" + path + "'");
}

void write_csv(const std::string &path, const std::vector<std::string> &header,
               const std::vector<std::vector<std::string>> &rows) {
    std::string text;
    auto line = [&](const std::vector<std::string> &cells) {
        for (size_t i = 0; i < cells.size(); ++i) text += (i ? "," : "") + csv_cell(cells[i]);
        text += "\n";
    };
    line(header);
    for (const auto &r : rows) line(r);
    write_text_atomically(path, text);
}

std::string fmt(double v, int digits) {
    if (std::isnan(v)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string fmt_signed(double v, int digits) {
    if (std::isnan(v)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%+.*f", digits, v);
    return buf;
}

std::string fmt_percent(double fraction, int digits) {
    if (std::isnan(fraction)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%+.*f%%", digits, 100.0 * fraction);
    return buf;
}

int percent_digits(double half_width) {
    if (!(half_width > 0) || !std::isfinite(half_width)) return 2;
    const int d = static_cast<int>(std::ceil(-std::log10(half_width))) + 1;
    return std::clamp(d, 2, 6);
}

std::string fmt_percent_interval(double mean, double lo, double hi) {
    double hw = (hi - lo) / 2;
    if (!(hw > 0)) hw = std::abs(mean);  // zero spread: size the digits by the mean
    const int d = percent_digits(hw);
    return fmt_signed(mean, d) + "% [" + fmt_signed(lo, d) + ", " + fmt_signed(hi, d) + "]";
}

}  // namespace cli
