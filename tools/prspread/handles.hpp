// unique_ptr owners for the library's opaque handles, so an error thrown
// half-way through a subcommand frees everything it created.
#pragma once

#include <prspread.h>

#include <memory>

namespace cli {

struct CorpusFree { void operator()(pr_corpus *p) const { pr_corpus_free(p); } };
struct SftFree { void operator()(pr_sft *p) const { pr_sft_free(p); } };

struct TransitionFree { void operator()(pr_transition *p) const { pr_transition_free(p); } };
using Transition = std::unique_ptr<pr_transition, TransitionFree>;
struct SynthFree { void operator()(pr_synth *p) const { pr_synth_free(p); } };
using Synth = std::unique_ptr<pr_synth, SynthFree>;
struct CompareFree { void operator()(pr_init_compare *p) const { pr_init_compare_free(p); } };
using Compare = std::unique_ptr<pr_init_compare, CompareFree>;
using Corpus = std::unique_ptr<pr_corpus, CorpusFree>;
using Sft = std::unique_ptr<pr_sft, SftFree>;

}  // namespace cli
