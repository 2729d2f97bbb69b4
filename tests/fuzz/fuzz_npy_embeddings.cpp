// .npy on the embedding path (pr_embeddings_load_f32 with a .npy file).
#include "embeddings_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz::load_embeddings(fuzz::write_input(data, size, ".npy"), nullptr, size);
    return 0;
}
