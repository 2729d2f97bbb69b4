// `prspread verdicts A.json B.json ...`: the verdicts of several `reproduce`
// runs (their --json output, or study.json from --out) as one table with one
// column per corpus.  Nothing is recomputed: every cell is the run's own
// verdict line, copied; rows are matched by the line's stable id.
#include "commands.hpp"
#include "common.hpp"
#include "report.hpp"
#include "table.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

namespace cli {

namespace {

using nlohmann::json;

inline constexpr const char *kVerdictsFormat = "prspread-verdicts";
inline constexpr int kVerdictsFormatVersion = 1;
// A reproduce JSON is a few hundred KiB; anything far larger is not one.
inline constexpr std::streamoff kMaxInputBytes = 256ll << 20;

struct Run {
    std::string what;  // "argument 2 'B.json'", for messages
    std::string path, name;
    json j;
};

// "NAME=FILE" names the column; a plain FILE takes the run's corpus
// description.  A '/' before the '=' means the '=' belongs to a path.
void split_label(const std::string &arg, Run &r) {
    const size_t eq = arg.find('=');
    if (eq == std::string::npos || arg.substr(0, eq).find('/') != std::string::npos) {
        r.path = arg;
        return;
    }
    r.name = arg.substr(0, eq);
    r.path = arg.substr(eq + 1);
    if (r.name.empty() || r.path.empty())
        fail("verdicts: argument '" + arg + "': give FILE or NAME=FILE (both non-empty)");
}

const json &member(const Run &r, const json &obj, const char *key, json::value_t type, const std::string &where) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->type() != type)
        fail("verdicts: " + r.what + ": " + where + " has no " + (type == json::value_t::string ? "string " : "") +
             "'" + key + "'; it is not a complete `prspread reproduce --json` output");
    return *it;
}

Run load_run(const std::string &arg, size_t index) {
    Run r;
    split_label(arg, r);
    r.what = "argument " + std::to_string(index + 1) + " '" + r.path + "'";
    require_readable_file(r.path, "verdicts: argument " + std::to_string(index + 1));
    std::ifstream in(r.path, std::ios::binary | std::ios::ate);
    if (in.tellg() > kMaxInputBytes)
        fail("verdicts: " + r.what + " is larger than 256 MiB; it is not a `prspread reproduce --json` output");
    in.seekg(0);
    std::ostringstream text;
    text << in.rdbuf();
    try {
        r.j = json::parse(text.str());
    } catch (const json::parse_error &e) {
        fail("verdicts: " + r.what + " is not JSON (parse error at byte " + std::to_string(e.byte) + ")");
    }
    if (!r.j.is_object())
        fail("verdicts: " + r.what + " is not the JSON of `prspread reproduce --json` (not an object)");
    const auto format = r.j.find("format");
    if (format == r.j.end() || *format != kStudyFormat) {
        if (format == r.j.end() && r.j.contains("config") && r.j.contains("verdict"))
            fail("verdicts: " + r.what + " is a reproduce output from before format_version " +
                 std::to_string(kStudyFormatVersion) + " (no \"format\"); re-run it with this prspread");
        fail("verdicts: " + r.what + " is not the JSON of `prspread reproduce --json` (\"format\" is not \"" +
             kStudyFormat + "\")");
    }
    const auto version = r.j.find("format_version");
    if (version == r.j.end() || !version->is_number_integer() || *version != kStudyFormatVersion)
        fail("verdicts: " + r.what + " has format_version " + (version == r.j.end() ? "(none)" : version->dump()) +
             "; this prspread reads version " + std::to_string(kStudyFormatVersion) + ": incompatible versions");
    const json &config = member(r, r.j, "config", json::value_t::object, "the file");
    member(r, config, "library", json::value_t::string, "config");
    const json &source = member(r, config, "source", json::value_t::string, "config");
    if (r.name.empty()) r.name = source.get<std::string>();
    const json &verdict = member(r, r.j, "verdict", json::value_t::array, "the file");
    for (size_t i = 0; i < verdict.size(); ++i) {
        const std::string where = "verdict[" + std::to_string(i) + "]";
        if (!verdict[i].is_object()) fail("verdicts: " + r.what + ": " + where + " is not an object");
        for (const char *key : {"id", "claim", "outcome", "rule"})
            member(r, verdict[i], key, json::value_t::string, where);
    }
    return r;
}

// Runs merged into one table must have been judged by the same rules, and
// their columns must be told apart.
void check_compatible(const std::vector<Run> &runs) {
    const std::string lib0 = runs[0].j["config"]["library"];
    for (size_t i = 1; i < runs.size(); ++i) {
        const std::string lib = runs[i].j["config"]["library"];
        if (lib != lib0)
            fail("verdicts: " + runs[i].what + " was written by prspread " + lib + ", " + runs[0].what + " by " +
                 lib0 + ": incompatible versions (merge runs of one prspread version)");
        for (size_t k = 0; k < i; ++k)
            if (runs[k].name == runs[i].name)
                fail("verdicts: " + runs[i].what + " and " + runs[k].what + " are both corpus '" + runs[i].name +
                     "': duplicate corpus name (name the columns: NAME=FILE)");
    }
}

struct Row {
    std::string id, claim, rule;
    std::vector<const json *> cells;  // one per run; null = the run has no such line
};

std::vector<Row> merge(const std::vector<Run> &runs) {
    std::vector<Row> rows;
    for (size_t c = 0; c < runs.size(); ++c)
        for (const json &v : runs[c].j["verdict"]) {
            const std::string id = v["id"];
            auto it = std::find_if(rows.begin(), rows.end(), [&](const Row &r) { return r.id == id; });
            if (it == rows.end()) {
                rows.push_back({id, v["claim"], v["rule"], std::vector<const json *>(runs.size(), nullptr)});
                it = rows.end() - 1;
            }
            if (it->cells[c])
                fail("verdicts: " + runs[c].what + " has the verdict line '" + id + "' twice");
            it->cells[c] = &v;
        }
    return rows;
}

double number(const json &v, const char *key, size_t index = 0) {
    const auto it = v.find(key);
    if (it == v.end()) return std::nan("");
    const json &x = it->is_array() ? (index < it->size() ? (*it)[index] : json()) : *it;
    return x.is_number() ? x.get<double>() : std::nan("");
}

// The same numbers the single-run verdict shows: the interval and MDE for a
// loss or control line, the deciding value for the others.
std::string cell_markdown(const json *v) {
    if (!v) return "not tested (no such line in this run)";
    std::string out = "**" + v->at("outcome").get<std::string>() + "**";
    const double mean = number(*v, "mean_pct"), lo = number(*v, "ci95_pct", 0), hi = number(*v, "ci95_pct", 1);
    const double mde = number(*v, "mde_pct");
    if (std::isfinite(mean) && std::isfinite(lo) && std::isfinite(hi)) {
        out += " " + fmt_percent_interval(mean, lo, hi);
        if (std::isfinite(mde)) out += "; MDE " + fmt(mde, percent_digits(mde)) + "%";
        const double need = number(*v, "seeds_needed");
        if (need > 0) out += "; ~" + fmt(need, 0) + " seeds to resolve";
    } else if (v->contains("value") && (*v)["value"].is_string() && !(*v)["value"].get<std::string>().empty()) {
        out += " " + (*v)["value"].get<std::string>();
    }
    return out;
}

std::string config_line(const Run &r) {
    const json &c = r.j["config"];
    auto n = [&](const char *k) { return c.contains(k) ? c[k].dump() : std::string("?"); };
    const std::string source = c["source"];
    std::string line = "- **" + r.name + "**: `" + r.path + "`; " + (source == r.name ? "" : source + "; ") +
                       n("tokens") + " tokens, vocabulary " + n("vocab_size") + "; d=" + n("d_model") + ", " +
                       n("n_layer") + " layers x " + n("n_head") + " heads, context " + n("context") + ", batch " +
                       n("batch") + "; " + std::to_string(c.contains("seeds") ? c["seeds"].size() : 0) +
                       " seeds x " + n("steps") + " steps; reference " +
                       (c.contains("reference") ? c["reference"].get<std::string>() : n("reference_steps") + " steps");
    if (r.j.contains("timing") && r.j["timing"].contains("wall_s") && r.j["timing"]["wall_s"].is_number())
        line += "; wall " + fmt(r.j["timing"]["wall_s"].get<double>(), 1) + " s";
    if (r.j.value("interrupted", false)) line += " (**interrupted**: unfinished tables are not tested)";
    return line;
}

std::string merged_markdown(const std::vector<Run> &runs, const std::vector<Row> &rows) {
    Table md;
    md.title = "Verdict by corpus: the source's claims";
    md.header = {"Claim"};
    for (const auto &r : runs) md.header.push_back(r.name);
    md.header.push_back("Rule");
    for (const auto &row : rows) {
        std::vector<std::string> cells{row.claim};
        for (const json *v : row.cells) cells.push_back(cell_markdown(v));
        cells.push_back(row.rule);
        md.add(cells);
    }
    for (const auto &r : runs) md.notes.push_back(config_line(r));
    md.notes.push_back("Each cell is that run's own verdict line (the verdict at its largest budget), copied: "
                       "loss claims and controls show the paired percent change vs random with its 95% interval "
                       "and the minimum detectable effect; the other claims the number that decided them.");
    return markdown(md);
}

json merged_json(const std::vector<Run> &runs, const std::vector<Row> &rows) {
    json corpora = json::array();
    for (const auto &r : runs)
        corpora.push_back({{"name", r.name}, {"file", r.path}, {"config", r.j["config"]},
                           {"interrupted", r.j.value("interrupted", false)}});
    json claims = json::array();
    for (const auto &row : rows) {
        json cells = json::array();
        for (const json *v : row.cells) cells.push_back(v ? *v : json());
        claims.push_back({{"id", row.id}, {"claim", row.claim}, {"rule", row.rule}, {"cells", cells}});
    }
    return {{"format", kVerdictsFormat}, {"format_version", kVerdictsFormatVersion},
            {"library", pr_version_string()}, {"corpora", corpora}, {"claims", claims}};
}

}  // namespace

void register_verdicts(CLI::App &app) {
    struct Args {
        std::vector<std::string> files;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto *sub = app.add_subcommand("verdicts",
                                   "Merge the JSON of several `reproduce --json` (or --out DIR/study.json) runs into "
                                   "one verdict table with one column per corpus");
    sub->add_option("files", a->files,
                    "FILE or NAME=FILE: a run's JSON; columns in argument order, named by the run's corpus "
                    "unless NAME is given")
        ->required();
    sub->add_flag("--json", a->json, "The merged table as JSON on stdout instead of markdown");
    sub->callback([a] {
        std::vector<Run> runs;
        for (size_t i = 0; i < a->files.size(); ++i) runs.push_back(load_run(a->files[i], i));
        check_compatible(runs);
        const std::vector<Row> rows = merge(runs);
        if (a->json)
            std::cout << merged_json(runs, rows).dump(2) << "\n";
        else
            std::cout << merged_markdown(runs, rows);
        std::cout.flush();
    });
}

}  // namespace cli
