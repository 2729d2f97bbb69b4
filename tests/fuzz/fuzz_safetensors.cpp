// safetensors (header JSON and tensor table) through pr_embeddings_load_f32,
// which parses the whole table and converts tensor "E" (F32/F64/F16/BF16).
#include "embeddings_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz::load_embeddings(fuzz::write_input(data, size, ".safetensors"), "E", size);
    return 0;
}
