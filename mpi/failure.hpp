// How a failure on one rank becomes the same error on every rank.
//
// Local work runs inside phase(): an exception there is caught, and at the
// end of the phase all ranks agree (MPI_Allreduce MINLOC over a failure flag)
// on the lowest failing rank, whose status and message are then broadcast.
// Every rank throws the same Agreed failure, so no rank is left waiting in a
// later collective.  guard() turns it into the C status and the thread-local
// message of pr_mpi_last_error().
#pragma once

#include "prspread_mpi.h"

#include "prspread.h"

#include <exception>
#include <string>

namespace prmpi {

// A failure on this rank, before the ranks have agreed on it.
struct LocalFailure : std::exception {
    int status;
    std::string message;
    LocalFailure(int s, std::string m) : status(s), message(std::move(m)) {}
    const char *what() const noexcept override { return message.c_str(); }
};

// The failure every rank has agreed on (status and message are the same on all).
struct AgreedFailure : std::exception {
    int status;
    std::string message;
    AgreedFailure(int s, std::string m) : status(s), message(std::move(m)) {}
    const char *what() const noexcept override { return message.c_str(); }
};

[[noreturn]] void fail(int status, const std::string &message);
// Throws LocalFailure(status, what + ": " + pr_last_error()) if status != 0.
void check(int status, const std::string &what);

// Collective: every rank passes its own outcome (0 or a failure); throws the
// agreed failure on every rank if any failed.
void agree(MPI_Comm comm, int status, const std::string &message);

// Collective: waits until every rank has arrived, testing an MPI_Ibarrier
// every millisecond instead of busy-polling, so that ranks which wait long
// (for rank 0's reference model, for the last run) leave the cores to the
// ranks still computing.
void idle_barrier(MPI_Comm comm);

// Collective: runs body() on this rank, then agrees on the outcome (after an
// idle_barrier when the ranks may arrive far apart).
template <class Body>
void phase(MPI_Comm comm, Body &&body, bool ranks_arrive_apart = false) {
    int status = 0;
    std::string message;
    try {
        body();
    } catch (const LocalFailure &e) {
        status = e.status, message = e.message;
    } catch (const std::bad_alloc &) {
        status = PR_ERR_NO_MEMORY, message = "out of memory";
    } catch (const std::exception &e) {
        status = PR_ERR_INTERNAL, message = e.what();
    }
    if (ranks_arrive_apart) idle_barrier(comm);
    agree(comm, status, message);
}

// The extern "C" wrapper: returns 0 or the status, setting pr_mpi_last_error.
// Exceptions escaping a phase (argument checks before any collective, which
// every rank makes alike) are reported as they are.
int set_error(int status, const std::string &message) noexcept;
template <class Body>
int guard(Body &&body) noexcept {
    try {
        body();
        return 0;
    } catch (const AgreedFailure &e) {
        return set_error(e.status, e.message);
    } catch (const LocalFailure &e) {
        return set_error(e.status, e.message);
    } catch (const std::bad_alloc &) {
        return set_error(PR_ERR_NO_MEMORY, "out of memory");
    } catch (const std::exception &e) {
        return set_error(PR_ERR_INTERNAL, e.what());
    } catch (...) {
        return set_error(PR_ERR_INTERNAL, "unknown exception");
    }
}

inline int rank_of(MPI_Comm comm) {
    int r = 0;
    MPI_Comm_rank(comm, &r);
    return r;
}

// A duplicate of the caller's communicator for the call's own messages.
class DupComm {
public:
    explicit DupComm(MPI_Comm comm) { MPI_Comm_dup(comm, &c_); }
    ~DupComm() { MPI_Comm_free(&c_); }
    DupComm(const DupComm &) = delete;
    DupComm &operator=(const DupComm &) = delete;
    MPI_Comm get() const { return c_; }
    int rank() const { int r; MPI_Comm_rank(c_, &r); return r; }
    int size() const { int s; MPI_Comm_size(c_, &s); return s; }

private:
    MPI_Comm c_ = MPI_COMM_NULL;
};

}  // namespace prmpi
