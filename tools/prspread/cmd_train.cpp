// `prspread train`: train the GPT-style model from random init on text or
// token files, printing the loss curve (and writing it with --out), and
// saving the trained model as a safetensors checkpoint with --save.
#include "commands.hpp"
#include "common.hpp"
#include "model.hpp"
#include "plot.hpp"
#include "table.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cli {

namespace {

struct TrainArgs {
    InputArgs input;
    ModelArgs model;
    uint32_t steps = 200;
    uint32_t eval_every = 50;
    uint64_t seed = 1, data_seed = 42;
    std::string save;  // checkpoint path, empty = none
    bool save_optimizer = false;
    ReportOptions report;
};

void run_train(const TrainArgs &a) {
    const TokenStream stream = load_input(a.input);
    Sft model = make_model(stream, a.model, a.seed, a.data_seed, a.steps);
    const Curve c = train(model.get(), a.steps, a.eval_every, "training", a.report.quiet || a.report.json);
    // Saved even after Ctrl-C: the steps done so far are worth keeping.
    if (!a.save.empty())
        check(pr_sft_save(model.get(), a.save.c_str(), a.save_optimizer ? 1 : 0), "saving '" + a.save + "'");

    Table t;
    t.title = "Training " + stream.description;
    t.header = {"step", "train loss", "val loss"};
    for (size_t i = 0; i < c.step.size(); ++i)
        if (!std::isnan(c.val_loss[i])) t.add({std::to_string(c.step[i]), fmt(c.train_loss[i], 4), fmt(c.val_loss[i], 4)});
    if (c.interrupted) t.notes.push_back("Interrupted (Ctrl-C) after " + std::to_string(c.step.back()) + " steps.");
    if (!a.save.empty()) t.notes.push_back("Checkpoint: " + a.save + " (load with pr_sft_load, or read with any safetensors reader).");
    if (a.report.json) {
        nlohmann::json j = {{"input", stream.description}, {"vocab_size", stream.vocab_size},
                            {"steps", c.step}, {"train_loss", c.train_loss}, {"val_loss", c.val_loss},
                            {"interrupted", c.interrupted}, {"checkpoint", a.save}};
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << markdown(t);
    }
    if (!a.report.out_dir.empty()) {
        ensure_directory(a.report.out_dir);
        std::vector<std::vector<std::string>> rows;
        for (size_t i = 0; i < c.step.size(); ++i)
            rows.push_back({std::to_string(c.step[i]), fmt(c.train_loss[i], 6), fmt(c.val_loss[i], 6)});
        const std::string csv = a.report.out_dir + "/train_curve.csv";
        write_csv(csv, {"step", "train_loss", "val_loss"}, rows);
        PlotSpec spec{a.report.out_dir + "/train_curve", "Training loss", "step", "loss", false,
                      {{csv, "1:2", "train (batch)", "lines", ""}, {csv, "1:3", "validation", "points pt 7", ""}}};
        std::string why;
        if (plot(spec, why).empty()) std::cerr << "note: " << why << "\n";
    }
    if (c.interrupted) fail("training interrupted", 130);
}

}  // namespace

void register_train(CLI::App &app) {
    auto a = std::make_shared<TrainArgs>();
    auto *sub = app.add_subcommand("train", "Train the GPT-style model from random init and print its loss curve");
    add_input_options(*sub, a->input);
    add_model_options(*sub, a->model);
    sub->add_option("--steps", a->steps, "Training steps")->check(CLI::Range(1u, 10000000u));
    sub->add_option("--eval-every", a->eval_every, "Validation loss every this many steps (0 = only at the end)");
    sub->add_option("--seed", a->seed, "Weight initialisation seed");
    sub->add_option("--data-seed", a->data_seed, "Batch sampling seed");
    auto *save = sub->add_option("--save", a->save, "Write the trained model to this safetensors checkpoint (atomic)");
    sub->add_flag("--save-optimizer", a->save_optimizer, "Include the AdamW state in --save, so training can resume")
        ->needs(save);
    add_report_options(*sub, a->report);
    sub->callback([a] { run_train(*a); });
}

}  // namespace cli
