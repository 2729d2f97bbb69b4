// Typed vectors over MPI, in pieces below MPI's 2^31-element count limit.
#pragma once

#include "failure.hpp"

#include "prspread_mpi.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <vector>

namespace prmpi {

template <class T> MPI_Datatype mpi_type();
template <> inline MPI_Datatype mpi_type<uint64_t>() { return MPI_UINT64_T; }
template <> inline MPI_Datatype mpi_type<uint32_t>() { return MPI_UINT32_T; }
template <> inline MPI_Datatype mpi_type<int32_t>() { return MPI_INT32_T; }
template <> inline MPI_Datatype mpi_type<double>() { return MPI_DOUBLE; }
template <> inline MPI_Datatype mpi_type<float>() { return MPI_FLOAT; }

constexpr uint64_t kPiece = uint64_t(1) << 30;  // elements per MPI call

template <class T>
void send_vec(const std::vector<T> &v, int to, int tag, MPI_Comm comm) {
    for (uint64_t at = 0; at < v.size(); at += kPiece)
        MPI_Send(v.data() + at, int(std::min<uint64_t>(kPiece, v.size() - at)), mpi_type<T>(), to, tag, comm);
}

// v must already have the sender's size.
template <class T>
void recv_vec(std::vector<T> &v, int from, int tag, MPI_Comm comm) {
    for (uint64_t at = 0; at < v.size(); at += kPiece)
        MPI_Recv(v.data() + at, int(std::min<uint64_t>(kPiece, v.size() - at)), mpi_type<T>(), from, tag, comm,
                 MPI_STATUS_IGNORE);
}

// v must already have the root's size on every rank.
template <class T>
void bcast_vec(std::vector<T> &v, int root, MPI_Comm comm) {
    for (uint64_t at = 0; at < v.size(); at += kPiece)
        MPI_Bcast(v.data() + at, int(std::min<uint64_t>(kPiece, v.size() - at)), mpi_type<T>(), root, comm);
}

// An element count as the int a vector collective takes, or a local error.
inline int as_count(uint64_t n, const char *what) {
    if (n > uint64_t(INT_MAX))
        fail(PR_ERR_OUT_OF_RANGE, std::string(what) + ": " + std::to_string(n) +
                                      " elements in one message pass MPI's 2^31 limit (use more ranks or the tree "
                                      "reduction)");
    return int(n);
}

}  // namespace prmpi
