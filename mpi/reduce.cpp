#include "reduce.hpp"

#include "transport.hpp"

#include <numeric>

namespace prmpi {
namespace {

constexpr int kTagHead = 101, kTagRows = 102, kTagCol = 103, kTagCount = 104;

void send_rows(const SparseRows &s, int to, MPI_Comm comm) {
    const uint64_t head[3] = {s.row0, s.rows(), s.nnz()};
    MPI_Send(head, 3, MPI_UINT64_T, to, kTagHead, comm);
    send_vec(s.row_ptr, to, kTagRows, comm);
    send_vec(s.col, to, kTagCol, comm);
    send_vec(s.count, to, kTagCount, comm);
}

SparseRows recv_rows(int from, MPI_Comm comm) {
    uint64_t head[3];
    MPI_Recv(head, 3, MPI_UINT64_T, from, kTagHead, comm, MPI_STATUS_IGNORE);
    SparseRows s;
    s.row0 = head[0];
    s.row_ptr.resize(head[1] + 1);
    s.col.resize(head[2]);
    s.count.resize(head[2]);
    recv_vec(s.row_ptr, from, kTagRows, comm);
    recv_vec(s.col, from, kTagCol, comm);
    recv_vec(s.count, from, kTagCount, comm);
    return s;
}

void bcast_rows(SparseRows &s, int root, MPI_Comm comm) {
    uint64_t head[3] = {s.row0, s.rows(), s.nnz()};
    MPI_Bcast(head, 3, MPI_UINT64_T, root, comm);
    s.row0 = head[0];
    s.row_ptr.resize(head[1] + 1);
    s.col.resize(head[2]);
    s.count.resize(head[2]);
    bcast_vec(s.row_ptr, root, comm);
    bcast_vec(s.col, root, comm);
    bcast_vec(s.count, root, comm);
}

std::vector<uint64_t> row_lengths(const SparseRows &s) {
    std::vector<uint64_t> len(s.rows());
    for (uint64_t r = 0; r < s.rows(); ++r) len[r] = s.row_ptr[r + 1] - s.row_ptr[r];
    return len;
}

// Block boundaries b[0] = 0 < ... < b[P] = V with about equal entry counts.
std::vector<uint64_t> row_blocks(const std::vector<uint64_t> &global_len, int P) {
    const uint64_t V = global_len.size();
    const uint64_t total = std::accumulate(global_len.begin(), global_len.end(), uint64_t(0));
    std::vector<uint64_t> b(size_t(P) + 1, V);
    b[0] = 0;
    uint64_t acc = 0, r = 0;
    for (int j = 1; j < P; ++j) {
        const long double target = (long double)total * j / P;
        while (r < V && (long double)acc < target) acc += global_len[r++];
        b[size_t(j)] = r;
    }
    return b;
}

}  // namespace

SparseRows reduce_tree(SparseRows local, bool on_all, MPI_Comm comm) {
    int rank, P;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &P);
    bool sent = false;
    for (int step = 1; step < P; step <<= 1) {
        SparseRows incoming;
        bool got = false;
        if (!sent && (rank & step)) {
            send_rows(local, rank - step, comm);
            local = SparseRows();
            sent = true;
        } else if (!sent && rank + step < P) {
            incoming = recv_rows(rank + step, comm);
            got = true;
        }
        phase(comm, [&] {
            if (got) local = merge(local, incoming);
        });
    }
    if (on_all) bcast_rows(local, 0, comm);
    return rank == 0 || on_all ? std::move(local) : SparseRows();
}

SparseRows reduce_alltoall(SparseRows local, bool on_all, MPI_Comm comm) {
    int rank, P;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &P);
    const uint64_t V = local.rows();

    // The global entry count of every row decides who owns which rows.
    std::vector<uint64_t> global_len = row_lengths(local);
    MPI_Allreduce(MPI_IN_PLACE, global_len.data(), as_count(V, "row lengths"), MPI_UINT64_T, MPI_SUM, comm);
    const std::vector<uint64_t> b = row_blocks(global_len, P);
    global_len = {};

    // Pack this rank's entries by owner.
    std::vector<int> rows_out(P), nnz_out(P), rows_in(P), nnz_in(P), rows_off(P), nnz_off_out(P), nnz_off_in(P),
        rows_off_in(P);
    std::vector<uint64_t> len_send;
    phase(comm, [&] {
        len_send = row_lengths(local);
        for (int j = 0; j < P; ++j) {
            rows_out[j] = as_count(b[j + 1] - b[j], "rows of a block");
            rows_off[j] = as_count(b[j], "row offset");
            nnz_out[j] = as_count(local.row_ptr[b[j + 1]] - local.row_ptr[b[j]], "entries sent to one rank");
            nnz_off_out[j] = as_count(local.row_ptr[b[j]], "entry offset");
        }
    });
    MPI_Alltoall(nnz_out.data(), 1, MPI_INT, nnz_in.data(), 1, MPI_INT, comm);
    const uint64_t my_rows = b[rank + 1] - b[rank];
    std::vector<uint64_t> len_recv, count_recv;
    std::vector<uint32_t> col_recv;
    phase(comm, [&] {
        uint64_t total_in = 0;
        for (int j = 0; j < P; ++j) {
            rows_in[j] = int(my_rows);
            rows_off_in[j] = as_count(uint64_t(j) * my_rows, "row offset");
            nnz_off_in[j] = as_count(total_in, "entries received");
            total_in += uint64_t(nnz_in[j]);
        }
        as_count(total_in, "entries received");
        len_recv.resize(my_rows * P);
        col_recv.resize(total_in);
        count_recv.resize(total_in);
    });
    MPI_Alltoallv(len_send.data(), rows_out.data(), rows_off.data(), MPI_UINT64_T, len_recv.data(), rows_in.data(),
                  rows_off_in.data(), MPI_UINT64_T, comm);
    MPI_Alltoallv(local.col.data(), nnz_out.data(), nnz_off_out.data(), MPI_UINT32_T, col_recv.data(),
                  nnz_in.data(), nnz_off_in.data(), MPI_UINT32_T, comm);
    MPI_Alltoallv(local.count.data(), nnz_out.data(), nnz_off_out.data(), MPI_UINT64_T, count_recv.data(),
                  nnz_in.data(), nnz_off_in.data(), MPI_UINT64_T, comm);
    local = SparseRows();
    len_send = {};

    // Merge this rank's block from every sender.
    SparseRows block;
    phase(comm, [&] {
        std::vector<SparseRows> parts(static_cast<size_t>(P));
        for (int j = 0; j < P; ++j) {
            SparseRows &p = parts[size_t(j)];
            p.row0 = b[rank];
            p.row_ptr.assign(my_rows + 1, 0);
            for (uint64_t r = 0; r < my_rows; ++r) p.row_ptr[r + 1] = p.row_ptr[r] + len_recv[j * my_rows + r];
            const auto c0 = col_recv.begin() + nnz_off_in[j];
            p.col.assign(c0, c0 + nnz_in[j]);
            const auto n0 = count_recv.begin() + nnz_off_in[j];
            p.count.assign(n0, n0 + nnz_in[j]);
        }
        len_recv = {}, col_recv = {}, count_recv = {};
        block = merge_all(std::move(parts));
    });

    // Gather the blocks (row lengths, then entries) in row order.
    const std::vector<uint64_t> blen = row_lengths(block);
    int bnnz = 0;
    phase(comm, [&] { bnnz = as_count(block.nnz(), "entries of a merged block"); });
    std::vector<int> all_nnz(P), nnz_disp(P), rows_cnt(P), rows_disp(P);
    MPI_Allgather(&bnnz, 1, MPI_INT, all_nnz.data(), 1, MPI_INT, comm);
    uint64_t total = 0;
    for (int j = 0; j < P; ++j) {
        rows_cnt[j] = int(b[j + 1] - b[j]);
        rows_disp[j] = int(b[j]);
        nnz_disp[j] = int(std::min<uint64_t>(total, INT_MAX));
        total += uint64_t(all_nnz[j]);
    }
    const bool receive = on_all || rank == 0;
    SparseRows out;
    phase(comm, [&] {
        as_count(total, "entries of the merged counts");
        if (!receive) return;
        out.row_ptr.assign(V + 1, 0);
        out.col.resize(total);
        out.count.resize(total);
    });
    std::vector<uint64_t> len_all(receive ? V : 0);
    if (on_all) {
        MPI_Allgatherv(blen.data(), rows_cnt[rank], MPI_UINT64_T, len_all.data(), rows_cnt.data(), rows_disp.data(),
                       MPI_UINT64_T, comm);
        MPI_Allgatherv(block.col.data(), bnnz, MPI_UINT32_T, out.col.data(), all_nnz.data(), nnz_disp.data(),
                       MPI_UINT32_T, comm);
        MPI_Allgatherv(block.count.data(), bnnz, MPI_UINT64_T, out.count.data(), all_nnz.data(), nnz_disp.data(),
                       MPI_UINT64_T, comm);
    } else {
        MPI_Gatherv(blen.data(), rows_cnt[rank], MPI_UINT64_T, len_all.data(), rows_cnt.data(), rows_disp.data(),
                    MPI_UINT64_T, 0, comm);
        MPI_Gatherv(block.col.data(), bnnz, MPI_UINT32_T, out.col.data(), all_nnz.data(), nnz_disp.data(),
                    MPI_UINT32_T, 0, comm);
        MPI_Gatherv(block.count.data(), bnnz, MPI_UINT64_T, out.count.data(), all_nnz.data(), nnz_disp.data(),
                    MPI_UINT64_T, 0, comm);
    }
    if (!receive) return SparseRows();
    for (uint64_t r = 0; r < V; ++r) out.row_ptr[r + 1] = out.row_ptr[r] + len_all[r];
    return out;
}

}  // namespace prmpi
