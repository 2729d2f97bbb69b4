// A three-arm comparison (random, direct, oracle) x 2 seeds of a 1-layer,
// d = 8 model on a 16-token periodic stream: small enough for the unit tests
// of the harness's bookkeeping (parts, merges, timing), not of its statistics.
#pragma once

#include "test_helpers.hpp"

#include <cstdint>
#include <vector>

struct SmallComparison {
    pr_sft_options model;
    pr_sft_train_options train;
    pr_init_compare_options opts;
    std::vector<uint32_t> tokens;
    pr_init_arm arms[3];
    uint64_t seeds[2] = {1, 2};
    SmallComparison(const SmallComparison &) = delete;  // opts points into this object
    SmallComparison &operator=(const SmallComparison &) = delete;
    SmallComparison(uint32_t steps, uint32_t reference_steps) {
        pr_sft_options_init(&model);
        model.vocab_size = 16, model.context_length = 8, model.n_layer = 1, model.n_head = 2, model.d_model = 8;
        model.num_threads = 1;
        pr_sft_train_options_init(&train);
        train.batch_size = 2, train.warmup_steps = 1, train.eval_batches = 1;
        pr_init_compare_options_init(&opts);
        opts.model = &model, opts.train = &train, opts.steps = steps, opts.eval_interval = 2;
        opts.reference_steps = reference_steps;
        for (uint32_t i = 0; i < 3000; ++i) tokens.push_back((i * 7 + (i >> 3)) % 16);
        const char *labels[3] = {"random", "direct", "oracle"};
        const int strategies[3] = {PR_INIT_RANDOM, PR_INIT_DIRECT, PR_INIT_ORACLE};
        for (int a = 0; a < 3; ++a) {
            arms[a].label = labels[a];
            pr_init_options_init(&arms[a].init);
            arms[a].init.strategy = strategies[a];
        }
    }
};
