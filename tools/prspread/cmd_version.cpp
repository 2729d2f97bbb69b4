// `prspread version`: which library is loaded and what it was compiled for.
// The header/library mismatch check matters because the CLI may be run
// against a libprspread.so other than the one it was built with.
#include "commands.hpp"
#include "common.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cli {

void register_version(CLI::App &app) {
    auto *sub = app.add_subcommand("version", "Show the library version, the instruction set it was built for and the one it runs");
    static bool json = false;
    sub->add_flag("--json", json, "Print JSON");
    sub->callback([] {
        const bool match = pr_version_number() == PR_VERSION_NUMBER;
        if (json) {
            nlohmann::json j = {{"library", pr_version_string()},
                                {"header", PR_VERSION_NUMBER},
                                {"header_matches_library", match},
                                {"isa", pr_build_isa()},
                                {"runtime_isa", pr_runtime_isa()}};
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << "prspread " << pr_version_string() << " (isa " << pr_build_isa() << ", running "
                      << pr_runtime_isa() << ")\n";
            if (!match)
                std::cout << "warning: built against header " << PR_VERSION_NUMBER
                          << " but loaded library " << pr_version_number() << "\n";
        }
    });
}

}  // namespace cli
