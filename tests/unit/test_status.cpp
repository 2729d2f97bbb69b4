#include "capi/guard.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <thread>

TEST_CASE("guard turns exceptions into status codes and messages") {
    int rc = pr::capi::guard([] { pr::fail(PR_ERR_OUT_OF_RANGE, "token id ", 70000, " >= vocab_size ", 65536); });
    CHECK(rc == PR_ERR_OUT_OF_RANGE);
    CHECK(std::string(pr_last_error()) == "token id 70000 >= vocab_size 65536");
    CHECK(pr::capi::guard([] { throw std::bad_alloc(); }) == PR_ERR_NO_MEMORY);
    CHECK(pr::capi::guard([] { throw 42; }) == PR_ERR_INTERNAL);
    CHECK(pr::capi::guard([] {}) == PR_OK);
    CHECK(std::string(pr_last_error()) == "unknown exception");  // success leaves it
}

TEST_CASE("last error is per thread") {
    pr::capi::guard([] { pr::fail(PR_ERR_IO, "main thread"); });
    std::string other;
    std::thread([&] { other = pr_last_error(); }).join();
    CHECK(other.empty());
    CHECK(std::string(pr_last_error()) == "main thread");
}

TEST_CASE("status names and version") {
    CHECK(std::strcmp(pr_status_name(PR_ERR_CANCELLED), "PR_ERR_CANCELLED") == 0);
    CHECK(std::strcmp(pr_status_name(12345), "PR_ERR_UNKNOWN") == 0);
    CHECK(pr_version_number() == PR_VERSION_NUMBER);
    CHECK(std::string(pr_version_string()) ==
          std::to_string(PR_VERSION_MAJOR) + "." + std::to_string(PR_VERSION_MINOR) + "." +
              std::to_string(PR_VERSION_PATCH));
}
