// A small table type printed as markdown on stdout and written as CSV with
// --out.  Cells are strings: formatting is decided once, where the number is
// produced, so the markdown and the CSV agree.
#pragma once

#include <string>
#include <vector>

namespace cli {

struct Table {
    std::string title;                           // "### title" above the table
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> notes;              // lines printed under the table

    void add(std::vector<std::string> row) { rows.push_back(std::move(row)); }
};

std::string markdown(const Table &t);

// Writes text to path.tmp, then renames it over path: a reader never sees
// half a report.
void write_text_atomically(const std::string &path, const std::string &text);
// RFC 4180 CSV (quotes only where needed), written atomically.
void write_csv(const std::string &path, const std::vector<std::string> &header,
               const std::vector<std::vector<std::string>> &rows);
inline void write_csv(const std::string &path, const Table &t) { write_csv(path, t.header, t.rows); }

// Fixed-point with `digits` decimals; NaN prints as "n/a".
std::string fmt(double v, int digits = 3);
// Signed, e.g. "+0.012".
std::string fmt_signed(double v, int digits = 3);
// "12.3%" of a fraction 0.123, signed.
std::string fmt_percent(double fraction, int digits = 1);
// Decimals that keep a percent interval readable: 2, or more when its
// half-width is below 0.1 (up to 6), so a tiny effect never prints as
// "-0.00% [-0.00, +0.00]".
int percent_digits(double half_width);
// "-0.0011% [-0.0032, +0.0011]": a mean percent change and its interval.
std::string fmt_percent_interval(double mean, double lo, double hi);

}  // namespace cli
