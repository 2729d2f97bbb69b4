// Big buffers are recycled inside the process instead of going back to the
// kernel.  On the machines we measured, first-touching fresh memory (page
// fault plus kernel page clear) cost twice as much CPU as the sorting itself,
// and the counter frees and re-allocates buffers of similar sizes all the
// time (runs, merge outputs, sort scratch).  The cache lives while any pair
// store lives and is released when the last one is destroyed, so an idle
// process keeps nothing.
#pragma once

#include <cstddef>

namespace pr::corpus {

void *block_acquire(size_t bytes);            // >= 4 MiB: huge-page aligned
void block_release(void *p, size_t bytes);    // may keep the block for reuse
void block_cache_attach();                    // a pair store was created
void block_cache_detach();                    // ... destroyed (last one frees all)

}  // namespace pr::corpus
