// One function per subcommand, each in its own cmd_*.cpp.  Each registers
// itself on the app with its options and a callback that does the work.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace cli {

// Options shared by the subcommands that produce reports.
struct ReportOptions {
    bool json = false;          // JSON on stdout instead of markdown
    bool quiet = false;         // no progress on stderr
    std::string out_dir;        // CSV + plots here when set
};
void add_report_options(CLI::App &sub, ReportOptions &opts);

void register_version(CLI::App &app);
void register_count(CLI::App &app);
void register_train(CLI::App &app);
void register_pr_table(CLI::App &app);
void register_reproduce(CLI::App &app);
void register_init(CLI::App &app);
void register_attention(CLI::App &app);
void register_tokenize(CLI::App &app);
void register_verdicts(CLI::App &app);

}  // namespace cli
