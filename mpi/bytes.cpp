#include "bytes.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace prmpi {

void bcast_bytes(std::string &bytes, int root, MPI_Comm comm) {
    uint64_t n = bytes.size();
    MPI_Bcast(&n, 1, MPI_UINT64_T, root, comm);
    bytes.resize(n);
    constexpr uint64_t kPiece = uint64_t(1) << 30;
    for (uint64_t at = 0; at < n; at += kPiece)
        MPI_Bcast(&bytes[at], int(std::min(kPiece, n - at)), MPI_BYTE, root, comm);
}

std::string read_file(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(PR_ERR_IO, "cannot open '" + path + "' for reading");
    std::ostringstream os;
    os << in.rdbuf();
    if (in.bad()) fail(PR_ERR_IO, "cannot read '" + path + "'");
    return os.str();
}

TempFile::TempFile(const std::string &dir) {
    std::string templ = dir + "/prspread-mpi-XXXXXX";
    const int fd = mkstemp(&templ[0]);
    if (fd < 0) fail(PR_ERR_IO, "cannot create a temporary file in '" + dir + "' (errno " + std::to_string(errno) + ")");
    close(fd);
    path_ = templ;
}

TempFile::~TempFile() { std::remove(path_.c_str()); }

void TempFile::write(const std::string &bytes) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    out.close();
    if (!out) fail(PR_ERR_IO, "cannot write the temporary file '" + path_ + "'");
}

}  // namespace prmpi
