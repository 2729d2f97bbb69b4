// Positive control for scripts/tsan.sh: a deliberate data race between
// OpenMP threads.  The TSan stage requires TSan to report it (exit 66); if
// the runtime options (libarcher, ignore_noninstrumented_modules) ever hid
// races in instrumented code, test_threads passing would prove nothing.
#include <cstdio>

int main() {
    long racy = 0;  // written by every thread without synchronisation
#pragma omp parallel num_threads(2)
    for (int i = 0; i < 100000; ++i) racy = racy + 1;
    std::printf("race_control: %ld (TSan should have reported)\n", racy);
    return 0;
}
