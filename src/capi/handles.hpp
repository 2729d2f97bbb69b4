// The opaque C handles that several extern "C" files share.  Each owns its
// C++ object; the core never sees these structs (pr_transition is defined
// in the one file that uses it).
#pragma once

#include "corpus/corpus.hpp"
#include "corpus/synth.hpp"
#include "corpus/vocab.hpp"
#include "init/harness.hpp"
#include "core/error.hpp"
#include "sft/trainer.hpp"

#include <memory>

struct pr_corpus {
    std::unique_ptr<pr::corpus::Corpus> impl;
};

struct pr_vocab {
    pr::corpus::Vocab impl;
};

struct pr_synth {
    pr::corpus::Synth impl;
};

struct pr_sft {
    explicit pr_sft(const pr::sft::ModelConfig &c) : trainer(c) {}
    pr::sft::Trainer trainer;
};

namespace pr::capi {

// The corpus behind a handle argument; PR_ERR_INVALID_ARGUMENT naming `name`
// for NULL.
inline pr::corpus::Corpus &corpus_of(pr_corpus *c, const char *name = "corpus") {
    require_nonnull(c, name);
    return *c->impl;
}
inline const pr::corpus::Corpus &corpus_of(const pr_corpus *c, const char *name = "corpus") {
    require_nonnull(c, name);
    return *c->impl;
}

}  // namespace pr::capi

// A comparison's results (init_api.cpp, init_part_api.cpp); partial while
// runs are missing (init/harness_part.hpp).
struct pr_init_compare {
    pr::init::HarnessResult result;
};
