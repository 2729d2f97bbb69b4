// A read-only matrix view with any strides, shared by the GEMMs (core/sgemm,
// core/sgemm_bf16).  Its own header so that the bf16 kernel's translation
// unit, compiled for AVX512-BF16, includes no Eigen (see sgemm_bf16.cpp).
#pragma once

#include <cstddef>

namespace pr {

template <class T>
struct Strided {
    const T *p;
    size_t row, col;  // element (r, c) is p[r*row + c*col]
};

}  // namespace pr
