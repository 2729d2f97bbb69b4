// Table 1 in every format: PR of A_k by power, one column per mode, beside
// the source's 2.00 and the random-W_QK null.
#include "plot.hpp"
#include "report.hpp"
#include "source_claims.hpp"
#include "table.hpp"

namespace cli {

std::string pr_table_markdown(const PrTable &t, bool with_source) {
    Table md;
    md.title = "1. PR of the antisymmetric part of M_k = E^T T^k E, by power and mode";
    md.header = {"Power"};
    if (with_source) md.header.push_back("source");
    for (const auto &m : t.modes) md.header.push_back(m.mode + " PR (planes)");
    const size_t n = t.modes.empty() ? 0 : t.modes.front().points.size();
    for (size_t i = 0; i < n; ++i) {
        std::vector<std::string> row{"T^" + std::to_string(t.modes.front().points[i].power)};
        if (with_source)
            row.push_back(t.modes.front().points[i].power <= source::max_power ? fmt(source::locked_pr, 2) : "");
        for (const auto &m : t.modes)
            row.push_back(i < m.points.size() ? fmt(m.points[i].pr, 2) + " (" + fmt(m.points[i].planes, 1) + ")" : "");
        md.add(row);
    }
    md.notes.push_back("E: " + t.embeddings + "; its shared mean direction carries " +
                       fmt(100 * t.mean_share, 1) + "% of ||E||_F^2.");
    md.notes.push_back("Null: " + t.null_what + " has antisymmetric PR " + fmt(t.null_pr, 2) + " (" +
                       fmt(t.null_pr / 2, 1) + " planes).");
    md.notes.push_back("PR = (sum s^2)^2 / sum s^4 over singular values; an antisymmetric matrix counts "
                       "each rotation plane twice, so PR 2 = one plane. Effective and stable rank are in --json/--out.");
    return markdown(md);
}

nlohmann::json pr_table_json(const PrTable &t) {
    nlohmann::json modes = nlohmann::json::array();
    for (const auto &m : t.modes) {
        nlohmann::json j = {{"mode", m.mode}};
        for (const auto &p : m.points) {
            j["power"].push_back(p.power);
            j["pr"].push_back(p.pr);
            j["planes"].push_back(p.planes);
            j["effective_rank"].push_back(p.effective_rank);
            j["stable_rank"].push_back(p.stable_rank);
        }
        modes.push_back(j);
    }
    return {{"done", t.done},
            {"embeddings", t.embeddings},
            {"mean_share", t.mean_share},
            {"modes", modes},
            {"null", {{"what", t.null_what}, {"pr", t.null_pr}}},
            {"source_pr", source::locked_pr}};
}

std::vector<std::string> write_pr_table_files(const PrTable &t, const std::string &dir) {
    std::vector<std::string> lines;
    const std::string csv = dir + "/pr_by_power.csv";
    std::vector<std::vector<std::string>> rows;
    for (const auto &m : t.modes)
        for (const auto &p : m.points)
            rows.push_back({m.mode, std::to_string(p.power), fmt(p.pr, 6), fmt(p.planes, 6),
                            fmt(p.effective_rank, 6), fmt(p.stable_rank, 6)});
    write_csv(csv, {"mode", "power", "pr", "planes", "effective_rank", "stable_rank"}, rows);
    lines.push_back(csv);

    PlotSpec spec;
    spec.output = dir + "/pr_by_power";
    spec.title = "Antisymmetric PR of E^T T^k E by power";
    spec.xlabel = "power k";
    spec.ylabel = "participation ratio";
    for (const auto &m : t.modes)
        spec.series.push_back({csv, "2:3", m.mode, "linespoints", "1=" + m.mode});
    std::string why;
    const std::string image = plot(spec, why);
    lines.push_back(image.empty() ? "note: " + why : image);
    return lines;
}

}  // namespace cli
