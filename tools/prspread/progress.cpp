#include "progress.hpp"

#include "common.hpp"

#include <cstdio>
#include <unistd.h>

namespace cli {

Progress::Progress(std::string label, bool quiet)
    : label_(std::move(label)), quiet_(quiet), tty_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

Progress::~Progress() { finish(); }

int Progress::callback(void *user, uint64_t done, uint64_t total) {
    return static_cast<Progress *>(user)->update(done, total);
}

int Progress::update(uint64_t done, uint64_t total) {
    if (!quiet_) draw(done, total, false);
    return interrupted() ? 1 : 0;
}

void Progress::draw(uint64_t done, uint64_t total, bool force) {
    const auto now = std::chrono::steady_clock::now();
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double frac = total ? double(done) / double(total) : 0.0;
    if (tty_) {
        // Redraw at most 10 times a second; the bar is for humans.
        if (!force && open_ && now - last_draw_ < std::chrono::milliseconds(100) && done < total)
            return;
        last_draw_ = now;
        const int width = 30, filled = int(frac * width + 0.5);
        std::string bar(size_t(filled), '#');
        bar.resize(size_t(width), '.');
        std::fprintf(stderr, "\r%-24s [%s] %3.0f%%  %6.1fs", label_.c_str(), bar.c_str(),
                     100.0 * frac, secs);
        std::fflush(stderr);
        open_ = true;
    } else {
        const int decile = int(frac * 10.0);
        if (decile == last_decile_ && !force) return;
        last_decile_ = decile;
        std::fprintf(stderr, "%s: %llu/%llu (%.0f%%) %.1fs\n", label_.c_str(),
                     (unsigned long long)done, (unsigned long long)total, 100.0 * frac, secs);
    }
}

void Progress::finish() {
    if (open_) std::fputc('\n', stderr);
    open_ = false;
}

void say(bool quiet, const std::string &line) {
    if (!quiet) std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace cli
