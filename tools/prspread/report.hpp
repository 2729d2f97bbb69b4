// Rendering a Study: markdown on stdout, JSON for machines, CSV + plots.
#pragma once

#include "study.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace cli {

// What `reproduce --json` (and --out's study.json) is, for the readers of
// it (`prspread verdicts`): bump the version when a field they read changes.
inline constexpr const char *kStudyFormat = "prspread-reproduce";
inline constexpr int kStudyFormatVersion = 1;

std::string study_markdown(const Study &s);
nlohmann::json study_json(const Study &s);
// Writes the CSV files and (with gnuplot) the plots into dir; returns one
// line per file written or note.
std::vector<std::string> write_study_files(const Study &s, const std::string &dir);

// Table pieces shared with the single-purpose subcommands.
nlohmann::json pr_table_json(const PrTable &t);
std::string pr_table_markdown(const PrTable &t, bool with_source);
std::vector<std::string> write_pr_table_files(const PrTable &t, const std::string &dir);

}  // namespace cli
