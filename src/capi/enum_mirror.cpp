// Core values that cross the ABI unchanged must equal the header's: the
// status codes (src/core/status.hpp) and the enums the shell casts.
#include "core/status.hpp"
#include "prspread.h"

#define PR_MIRROR(name) static_assert(int(pr::name) == int(::name), #name " differs between core and header")
PR_MIRROR(PR_OK);
PR_MIRROR(PR_ERR_INVALID_ARGUMENT);
PR_MIRROR(PR_ERR_OUT_OF_RANGE);
PR_MIRROR(PR_ERR_IO);
PR_MIRROR(PR_ERR_FORMAT);
PR_MIRROR(PR_ERR_CHECKSUM);
PR_MIRROR(PR_ERR_NO_MEMORY);
PR_MIRROR(PR_ERR_CANCELLED);
PR_MIRROR(PR_ERR_NUMERIC);
PR_MIRROR(PR_ERR_VERSION);
PR_MIRROR(PR_ERR_MISMATCH);
PR_MIRROR(PR_ERR_BUFFER_TOO_SMALL);
PR_MIRROR(PR_ERR_STATE);
PR_MIRROR(PR_ERR_INTERNAL);
#undef PR_MIRROR
// A new header code needs a mirror above and a core enumerator.
static_assert(int(::PR_ERR_INTERNAL) == -13, "pr_status grew: extend core/status.hpp and this list");

// ---- core enums whose values cross the ABI unchanged ----------------------
#include "corpus/token_file.hpp"

static_assert(int(pr::TokenFormat::automatic) == PR_TOKENS_AUTO && int(pr::TokenFormat::u16) == PR_TOKENS_U16 &&
                  int(pr::TokenFormat::u32) == PR_TOKENS_U32 && int(pr::TokenFormat::llmc) == PR_TOKENS_LLMC &&
                  int(pr::TokenFormat::npy) == PR_TOKENS_NPY,
              "pr::TokenFormat differs from pr_token_format");

#include "init/options.hpp"
#include "init/strategies.hpp"

static_assert(int(pr::init::Strategy::Random) == PR_INIT_RANDOM && int(pr::init::Strategy::Direct) == PR_INIT_DIRECT &&
                  int(pr::init::Strategy::Blend) == PR_INIT_PR_BLEND && int(pr::init::Strategy::Oracle) == PR_INIT_ORACLE &&
                  int(pr::init::Strategy::Mimetic) == PR_INIT_MIMETIC &&
                  int(pr::init::Strategy::Symmetric) == PR_INIT_SYMMETRIC &&
                  int(pr::init::Strategy::NormMatched) == PR_INIT_NORM_MATCHED,
              "pr::init::Strategy differs from pr_init_strategy");
static_assert(int(pr::init::FormMode::Raw) == PR_MODE_RAW &&
                  int(pr::init::FormMode::CenterEmbeddings) == PR_MODE_CENTER_EMBEDDINGS &&
                  int(pr::init::FormMode::SubtractStationary) == PR_MODE_SUBTRACT_STATIONARY &&
                  int(pr::init::FormMode::Flux) == PR_MODE_FLUX,
              "pr::init::FormMode differs from pr_projection_mode");
static_assert(int(pr::init::Banding::PerHead) == PR_INIT_BAND_PER_HEAD && int(pr::init::Banding::Shared) == PR_INIT_BAND_SHARED,
              "pr::init::Banding differs from pr_init_banding");
static_assert(int(pr::init::SymComponent::None) == PR_INIT_SYM_NONE &&
                  int(pr::init::SymComponent::Random) == PR_INIT_SYM_RANDOM &&
                  int(pr::init::SymComponent::Identity) == PR_INIT_SYM_IDENTITY,
              "pr::init::SymComponent differs from pr_init_sym_component");
static_assert(int(pr::init::Scale::None) == PR_INIT_SCALE_NONE && int(pr::init::Scale::Frobenius) == PR_INIT_SCALE_FROBENIUS &&
                  int(pr::init::Scale::LogitStd) == PR_INIT_SCALE_LOGIT_STD,
              "pr::init::Scale differs from pr_init_scale");
static_assert(int(pr::init::Embedding::Model) == PR_INIT_EMBED_MODEL &&
                  int(pr::init::Embedding::PpmiSvd) == PR_INIT_EMBED_PPMI_SVD,
              "pr::init::Embedding differs from pr_init_embedding");
static_assert(pr::init::kCopyWq == PR_INIT_COPY_WQ && pr::init::kCopyWk == PR_INIT_COPY_WK &&
                  pr::init::kCopyWv == PR_INIT_COPY_WV && pr::init::kCopyWo == PR_INIT_COPY_WO &&
                  pr::init::kCopyAll == PR_INIT_COPY_ALL,
              "pr::init::kCopy* differ from PR_INIT_COPY_*");

#include "transition/spectrum.hpp"

static_assert(int(pr::spectrum::Part::full) == PR_PART_FULL &&
                  int(pr::spectrum::Part::antisymmetric) == PR_PART_ANTISYMMETRIC &&
                  int(pr::spectrum::Part::symmetric) == PR_PART_SYMMETRIC,
              "pr::spectrum::Part differs from pr_matrix_part");

static_assert(pr::init::kSourceTrainedAttentionPr == PR_SOURCE_TRAINED_ATTENTION_PR,
              "the default blend target must be the source write-up's trained-attention PR");

#include "transition/projection.hpp"
#include "transition/transition.hpp"

static_assert(int(pr::transition::Dangling::uniform) == PR_DANGLING_UNIFORM &&
                  int(pr::transition::Dangling::self_loop) == PR_DANGLING_SELF_LOOP &&
                  int(pr::transition::Dangling::stationary) == PR_DANGLING_STATIONARY,
              "pr::transition::Dangling differs from pr_dangling_policy");
static_assert(int(pr::transition::StationaryMethod::power) == PR_STATIONARY_POWER &&
                  int(pr::transition::StationaryMethod::unigram) == PR_STATIONARY_UNIGRAM,
              "pr::transition::StationaryMethod differs from pr_stationary_method");
static_assert(int(pr::transition::Mode::raw) == PR_MODE_RAW &&
                  int(pr::transition::Mode::center_embeddings) == PR_MODE_CENTER_EMBEDDINGS &&
                  int(pr::transition::Mode::subtract_stationary) == PR_MODE_SUBTRACT_STATIONARY &&
                  int(pr::transition::Mode::flux) == PR_MODE_FLUX && pr::transition::mode_count == PR_MODE_COUNT,
              "pr::transition::Mode differs from pr_projection_mode");

#include "init/claim.hpp"

static_assert(int(pr::init::ClaimOutcome::Held) == PR_CLAIM_HELD &&
                  int(pr::init::ClaimOutcome::Contradicted) == PR_CLAIM_CONTRADICTED &&
                  int(pr::init::ClaimOutcome::Inconclusive) == PR_CLAIM_INCONCLUSIVE,
              "pr::init::ClaimOutcome differs from pr_claim_outcome");
