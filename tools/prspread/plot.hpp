// Plots from the CSV files the CLI writes, drawn by gnuplot when it is on
// PATH (Debian gnuplot-nox).  No service, no Python.  The gnuplot script is
// kept beside the image so a user can restyle and re-run it.  Without gnuplot
// the CSV is still there and the caller prints a note.
#pragma once

#include <string>
#include <vector>

namespace cli {

struct PlotSeries {
    std::string csv;        // data file (comma separated, one header line)
    std::string using_;     // gnuplot `using` clause, e.g. "1:2" or "1:3:4"
    std::string title;
    std::string style = "linespoints";   // or "filledcurves" for bands, "lines", "errorbars"...
    std::string filter;     // optional: only rows whose column 1..n equals, as "col=value"
};

struct PlotSpec {
    std::string output;     // path without extension; .png (pngcairo) or .svg is added
    std::string title, xlabel, ylabel;
    bool logy = false;
    std::vector<PlotSeries> series;
};

// The file written, or "" when gnuplot is unavailable or failed (then `why`
// says so in one line).
std::string plot(const PlotSpec &spec, std::string &why);

bool gnuplot_available();

}  // namespace cli
