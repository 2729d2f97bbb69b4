#include "plot.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace cli {

namespace {

int run_quietly(const std::string &cmd) {
    const int rc = std::system((cmd + " >/dev/null 2>&1").c_str());
    return (rc != -1 && WIFEXITED(rc)) ? WEXITSTATUS(rc) : -1;
}

std::string terminal_extension() {
    static const std::string ext = [] {
        if (run_quietly("gnuplot -e 'set terminal pngcairo'") == 0) return std::string("png");
        if (run_quietly("gnuplot -e 'set terminal svg'") == 0) return std::string("svg");
        return std::string();
    }();
    return ext;
}

std::string quote(const std::string &s) {
    std::string q = "'";
    for (char c : s) q += (c == '\'') ? std::string("''") : std::string(1, c);
    return q + "'";
}

}  // namespace

bool gnuplot_available() { return !terminal_extension().empty(); }

std::string plot(const PlotSpec &spec, std::string &why) {
    const std::string ext = terminal_extension();
    if (ext.empty()) {
        why = "gnuplot not found (install gnuplot-nox): wrote the CSV only";
        return "";
    }
    const std::string image = spec.output + "." + ext;
    const std::string script = spec.output + ".gp";
    std::ostringstream gp;
    gp << "set datafile separator ','\n";
    gp << (ext == "png" ? "set terminal pngcairo size 900,560 noenhanced\n"
                        : "set terminal svg size 900,560 noenhanced\n");
    gp << "set output " << quote(image) << "\n";
    gp << "set title " << quote(spec.title) << "\n";
    gp << "set xlabel " << quote(spec.xlabel) << "\nset ylabel " << quote(spec.ylabel) << "\n";
    gp << "set key outside right top\nset grid\nset style fill transparent solid 0.2 noborder\n";
    if (spec.logy) gp << "set logscale y\n";
    gp << "plot ";
    for (size_t i = 0; i < spec.series.size(); ++i) {
        const auto &s = spec.series[i];
        std::string using_ = s.using_;
        if (!s.filter.empty()) {
            // "col=value": keep rows whose column `col` equals value, others become NaN.
            const auto eq = s.filter.find('=');
            const std::string col = s.filter.substr(0, eq), val = s.filter.substr(eq + 1);
            const auto colon = using_.find(':');
            const std::string x = using_.substr(0, colon), rest = using_.substr(colon + 1);
            using_ = "(strcol(" + col + ") eq " + quote(val) + " ? $" + x + " : NaN):" + rest;
        }
        gp << (i ? ", \\\n     " : "") << quote(s.csv) << " skip 1 using " << using_ << " with "
           << s.style << " title " << quote(s.title);
    }
    gp << "\n";
    {
        std::ofstream out(script, std::ios::trunc);
        out << gp.str();
        if (!out.flush()) {
            why = "cannot write '" + script + "'";
            return "";
        }
    }
    if (run_quietly("gnuplot " + quote(script)) != 0) {
        why = "gnuplot failed on '" + script + "' (run it by hand to see why)";
        return "";
    }
    return image;
}

}  // namespace cli
