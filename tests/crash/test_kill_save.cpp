// Crash safety of the savers: a child process saves over an existing file in
// a loop and is killed with SIGKILL after a seeded random delay.  After each
// kill the file must load and be byte-identical to either the old file or a
// complete new one (never a mix, never truncated), and the next save must
// succeed whatever temporary files the dead child left (they are ignored:
// each save makes its own mkstemp name and nothing ever reads "*.tmp.*").
//   test_kill_save TMP_DIR [trials per saver, default 40] [seed]
#include "prspread.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

void must(int st, const char *what) {
    if (st != PR_OK) {
        std::fprintf(stderr, "%s: %s\n", what, pr_last_error());
        std::exit(2);
    }
}

std::string file_bytes(const std::string &path) {
    std::string s;
    if (FILE *f = std::fopen(path.c_str(), "rb")) {
        char buf[65536];
        size_t k;
        while ((k = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, k);
        std::fclose(f);
    }
    return s;
}

int temp_files(const std::string &dir, const std::string &base) {
    int n = 0;
    if (DIR *d = opendir(dir.c_str())) {
        while (dirent *e = readdir(d))
            if (std::string(e->d_name).rfind(base + ".tmp.", 0) == 0) ++n;
        closedir(d);
    }
    return n;
}

void remove_temp_files(const std::string &dir, const std::string &base) {
    if (DIR *d = opendir(dir.c_str())) {
        while (dirent *e = readdir(d))
            if (std::string(e->d_name).rfind(base + ".tmp.", 0) == 0) std::remove((dir + "/" + e->d_name).c_str());
        closedir(d);
    }
}

uint64_t splitmix(uint64_t &s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// prepare(v) builds object version v (0 = old, 1 = new) once; write(path)
// saves it (the only thing the child repeats, so kills land inside saves).
struct Saver {
    const char *name;
    std::function<void(int)> prepare;
    std::function<int(const std::string &)> write;
    std::function<int(const std::string &)> load;
    int save(const std::string &path, int v) const {
        prepare(v);
        return write(path);
    }
};

int failures = 0;

void trial_set(const Saver &s, const std::string &dir, int trials, uint64_t &rng) {
    const std::string base = std::string("kill_") + s.name, path = dir + "/" + base;
    remove_temp_files(dir, base);
    must(s.save(path + ".new", 1), "new");
    const std::string new_bytes = file_bytes(path + ".new");
    must(s.save(path, 0), "old");
    const std::string old_bytes = file_bytes(path);
    if (old_bytes == new_bytes) {
        std::fprintf(stderr, "%s: old and new files are identical; the test could not tell them apart\n", s.name);
        std::exit(2);
    }
    // Calibrate: kills land uniformly within about two saves.
    s.prepare(1);
    auto t0 = std::chrono::steady_clock::now();
    must(s.write(path + ".new"), "timing");
    const double save_us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    int saw_old = 0, saw_new = 0, left_temp = 0;
    for (int t = 0; t < trials; ++t) {
        if (t > 0 && file_bytes(path) != old_bytes) must(s.save(path, 0), "reset");  // start from the old file
        int ready[2];
        if (pipe(ready) != 0) std::exit(2);
        const pid_t pid = fork();
        if (pid == 0) {
            s.prepare(1);
            close(ready[0]);
            if (write(ready[1], "r", 1) != 1) _exit(3);
            for (;;)
                if (s.write(path) != PR_OK) _exit(4);
        }
        close(ready[1]);
        char c;
        if (read(ready[0], &c, 1) != 1) std::exit(2);
        close(ready[0]);
        const useconds_t delay = useconds_t(splitmix(rng) % uint64_t(2 * save_us + 1));
        usleep(delay);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFSIGNALED(status)) {
            std::fprintf(stderr, "%s trial %d: child exited with %d before the kill\n", s.name, t, status);
            ++failures;
            continue;
        }
        const std::string now = file_bytes(path);
        const bool is_old = now == old_bytes, is_new = now == new_bytes;
        if (!is_old && !is_new) {
            std::fprintf(stderr, "%s trial %d (kill after %u us): file is neither the old nor a complete new one "
                                 "(%zu bytes)\n", s.name, t, delay, now.size());
            ++failures;
        }
        if (s.load(path) != PR_OK) {
            std::fprintf(stderr, "%s trial %d: the file no longer loads: %s\n", s.name, t, pr_last_error());
            ++failures;
        }
        saw_old += is_old, saw_new += is_new;
        left_temp += temp_files(dir, base) > 0;
        // The next save ignores the dead child's temporary file and succeeds.
        if (s.save(path + ".next", 1) != PR_OK || file_bytes(path + ".next") != new_bytes) {
            std::fprintf(stderr, "%s trial %d: the next save failed: %s\n", s.name, t, pr_last_error());
            ++failures;
        }
        remove_temp_files(dir, base);
    }
    std::printf("%-12s %d kills (save takes ~%.0f us): old file intact %d, new file complete %d, "
                "killed mid-write (temp file left) %d\n", s.name, trials, save_us, saw_old, saw_new, left_temp);
    std::remove(path.c_str());
    std::remove((path + ".new").c_str());
    std::remove((path + ".next").c_str());
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: test_kill_save TMP_DIR [trials] [seed]\n");
        return 2;
    }
    const std::string dir = argv[1];
    const int trials = argc > 2 ? std::atoi(argv[2]) : 40;
    uint64_t rng = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20261201;

    // Corpora: two different token streams over V = 65536 (files of ~1.5 MB).
    std::vector<uint32_t> tok[2];
    for (int v = 0; v < 2; ++v) {
        uint64_t s = 11 + v;
        tok[v].resize(40000);
        for (auto &t : tok[v]) t = uint32_t(splitmix(s) % 65536);
    }
    // Vocabularies: two texts of many distinct words.
    std::string text[2];
    for (int v = 0; v < 2; ++v)
        for (int i = 0; i < 30000; ++i) text[v] += "w" + std::to_string(i * (v + 1)) + " ";
    pr_sft_options so;
    pr_sft_options_init(&so);
    so.vocab_size = 256, so.context_length = 32, so.n_layer = 2, so.n_head = 2, so.d_model = 64;
    so.num_threads = 1;

    pr_corpus *corpus = nullptr;
    pr_vocab *vocab = nullptr;
    pr_sft *model = nullptr;
    const Saver savers[] = {
        {"corpus",
         [&](int v) {
             pr_corpus_free(corpus);
             pr_corpus_options o;
             pr_corpus_options_init(&o);
             o.vocab_size = 65536;
             o.num_threads = 1;
             must(pr_corpus_create(&corpus, &o), "corpus");
             must(pr_corpus_add_u32(corpus, tok[v].data(), tok[v].size()), "add");
         },
         [&](const std::string &p) { return pr_corpus_save(corpus, p.c_str()); },
         [](const std::string &p) {
             pr_corpus *c = nullptr;
             int st = pr_corpus_load(&c, p.c_str());
             pr_corpus_free(c);
             return st;
         }},
        {"vocab",
         [&](int v) {
             pr_vocab_free(vocab);
             must(pr_vocab_build(&vocab, text[v].data(), text[v].size(), nullptr), "vocab");
         },
         [&](const std::string &p) { return pr_vocab_save(vocab, p.c_str()); },
         [](const std::string &p) {
             pr_vocab *voc = nullptr;
             int st = pr_vocab_load(&voc, p.c_str());
             pr_vocab_free(voc);
             return st;
         }},
        {"sft",
         [&](int v) {
             pr_sft_free(model);
             pr_sft_options o = so;
             o.seed = 100 + v;
             must(pr_sft_create(&model, &o), "sft");
         },
         [&](const std::string &p) { return pr_sft_save(model, p.c_str(), 1); },
         [](const std::string &p) {
             pr_sft *m = nullptr;
             int st = pr_sft_create_from_file(&m, p.c_str(), 1);
             pr_sft_free(m);
             return st;
         }},
    };
    for (const Saver &s : savers) trial_set(s, dir, trials, rng);
    pr_corpus_free(corpus);
    pr_vocab_free(vocab);
    pr_sft_free(model);
    if (failures) std::fprintf(stderr, "%d crash-safety check(s) failed\n", failures);
    return failures ? 1 : 0;
}
