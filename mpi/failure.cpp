#include "failure.hpp"

#include <time.h>
#include <vector>

namespace prmpi {
namespace {
thread_local std::string last_error;
}

void fail(int status, const std::string &message) { throw LocalFailure(status, message); }

void check(int status, const std::string &what) {
    if (status != 0) throw LocalFailure(status, what + ": " + pr_last_error());
}

void agree(MPI_Comm comm, int status, const std::string &message) {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    // MINLOC over (ok flag, rank): the lowest failing rank, if any.
    struct {
        int ok;
        int rank;
    } mine{status == 0 ? 1 : 0, rank}, first{1, 0};
    MPI_Allreduce(&mine, &first, 1, MPI_2INT, MPI_MINLOC, comm);
    if (first.ok) return;
    int agreed[2] = {status, int(message.size())};
    MPI_Bcast(agreed, 2, MPI_INT, first.rank, comm);
    std::vector<char> text(message.begin(), message.end());
    text.resize(size_t(agreed[1]));
    MPI_Bcast(text.data(), agreed[1], MPI_CHAR, first.rank, comm);
    throw AgreedFailure(agreed[0], "rank " + std::to_string(first.rank) + ": " + std::string(text.begin(), text.end()));
}

void idle_barrier(MPI_Comm comm) {
    MPI_Request req;
    MPI_Ibarrier(comm, &req);
    int done = 0;
    const timespec ms = {0, 1000000};
    for (MPI_Test(&req, &done, MPI_STATUS_IGNORE); !done; MPI_Test(&req, &done, MPI_STATUS_IGNORE)) nanosleep(&ms, nullptr);
}

int set_error(int status, const std::string &message) noexcept {
    try {
        last_error = message;
    } catch (...) {
    }
    return status;
}

}  // namespace prmpi

extern "C" PR_API const char *pr_mpi_last_error(void) { return prmpi::last_error.c_str(); }
