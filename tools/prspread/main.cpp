// prspread: reproduce and check the "PR locked at 2.0" experiment from the
// command line, on the library's public C API only.
#include "commands.hpp"
#include "common.hpp"
#include "mpi_launch.hpp"

#include <cstdio>

namespace cli {

void add_report_options(CLI::App &sub, ReportOptions &opts) {
    sub.add_flag("--json", opts.json, "Print JSON on stdout instead of markdown tables");
    sub.add_flag("-q,--quiet", opts.quiet, "No progress output on stderr");
    sub.add_option("--out", opts.out_dir, "Also write CSV files (and plots if gnuplot is installed) to this directory");
}

}  // namespace cli

int run(int argc, char **argv);

int main(int argc, char **argv) {
    cli::mpi_start(&argc, &argv);
    const int code = run(argc, argv);
    cli::mpi_finish();
    return code;
}

int run(int argc, char **argv) {
    CLI::App app{"prspread: how much of attention's asymmetry the corpus already holds.\n"
                 "Run `prspread reproduce` for the whole study on the built-in synthetic source.",
                 "prspread"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(pr_version_string()));
    cli::register_version(app);
    cli::register_count(app);
    cli::register_pr_table(app);
    cli::register_attention(app);
    cli::register_init(app);
    cli::register_train(app);
    cli::register_reproduce(app);
    cli::register_tokenize(app);
    cli::register_verdicts(app);

    cli::install_interrupt_handler();
    // CLI11 reports an unknown command as "A subcommand is required"; name it.
    if (argc > 1 && argv[1][0] != '-') {
        bool known = false;
        for (const auto *sub : app.get_subcommands([](CLI::App *) { return true; }))
            known = known || sub->check_name(argv[1]);
        if (!known) {
            std::fprintf(stderr, "prspread: error: unknown command '%s' (try --help)\n", argv[1]);
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        // One line, as promised: CLI11's own exit() adds a second.
        std::fprintf(stderr, "prspread: error: %s (try --help)\n", e.what());
        return 2;
    } catch (const cli::Failure &e) {
        std::fprintf(stderr, "prspread: error: %s\n", e.what());
        return e.exit_code();
    } catch (const std::bad_alloc &) {
        std::fprintf(stderr, "prspread: error: out of memory\n");
        return 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "prspread: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
