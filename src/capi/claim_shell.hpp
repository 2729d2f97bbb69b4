// Conversions the two claim entry points share (claim_api.cpp, init_api.cpp).
#pragma once

#include "prspread.h"

#include "init/claim.hpp"

namespace pr::capi {

// Copies a core ClaimTest into the C struct.
void fill_claim_test(const pr::init::ClaimTest &t, pr_claim_test *out);
// `claimed` must be finite, or NaN for "some reduction".
void check_claimed(double claimed);

}  // namespace pr::capi
