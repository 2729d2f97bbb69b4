#include "sft/checkpoint.hpp"

#include "core/error.hpp"
#include "io/checksum.hpp"
#include "io/json.hpp"
#include "io/safetensors.hpp"
#include "sft/param_layout.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace pr::sft {

namespace {

constexpr const char *kFormat = "prspread.sft";
constexpr const char *kFormatVersion = "1";

// The config as compact JSON text, keys sorted: the bytes nlohmann::json
// wrote before, built without a JSON DOM (whose destructor allocates, see
// io/json.hpp).
std::string config_json(const ModelConfig &c) {
    auto u = [](const char *k, uint64_t v) { return cat("\"", k, "\":", v); };
    return "{" + u("context_length", c.context_length) + "," + u("d_model", c.d_model) + ",\"init_std\":" +
           io::json_number(double(c.init_std)) + "," + u("mlp_ratio", c.mlp_ratio) + "," + u("n_head", c.n_head) +
           "," + u("n_layer", c.n_layer) + "," + u("seed", c.seed) + "," + u("vocab_size", c.vocab_size) + "}";
}

std::string hex64(uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

const std::string &meta(const io::SafetensorsFile &f, const std::string &path, const char *key) {
    auto it = f.metadata().find(key);
    if (it == f.metadata().end())
        fail(PR_ERR_FORMAT, "'", path, "' is not a prspread sft checkpoint: metadata '", key, "' is missing");
    return it->second;
}

ModelConfig config_of(const io::SafetensorsFile &f, const std::string &path) {
    if (meta(f, path, "format") != kFormat)
        fail(PR_ERR_FORMAT, "'", path, "' has format '", meta(f, path, "format"), "', expected '", kFormat, "'");
    if (meta(f, path, "format_version") != kFormatVersion)
        fail(PR_ERR_VERSION, "'", path, "' has sft checkpoint version ", meta(f, path, "format_version"),
             "; this library reads version ", kFormatVersion);
    ModelConfig c;
    try {
        const io::Json j = io::Json::parse(meta(f, path, "config"));
        // Each size must be an integer that fits uint32 before it is
        // converted (a float or a negative value would convert with
        // undefined behaviour or wrap).
        auto u32 = [&](const char *key) {
            const io::Json &v = j.at(key);
            if (!v.is_number_unsigned() || v.get_u64() > UINT32_MAX)
                fail(PR_ERR_FORMAT, "'", path, "': config '", key, "' = ", v.dump(), " is not an integer in [0, 2^32)");
            return uint32_t(v.get_u64());
        };
        c.vocab_size = u32("vocab_size");
        c.context_length = u32("context_length");
        c.n_layer = u32("n_layer");
        c.n_head = u32("n_head");
        c.d_model = u32("d_model");
        c.mlp_ratio = u32("mlp_ratio");
        if (!j.at("init_std").is_number() || !j.at("seed").is_number_unsigned())
            fail(PR_ERR_FORMAT, "'", path, "': config 'init_std' or 'seed' is not a number");
        const double init_std = j.at("init_std").get_double();
        if (!(std::fabs(init_std) <= 1e30))  // double -> float outside float's range is undefined
            fail(PR_ERR_FORMAT, "'", path, "': config 'init_std' = ", init_std, " is out of range");
        c.init_std = float(init_std);
        c.seed = j.at("seed").get_u64();
    } catch (const io::JsonError &e) {
        fail(PR_ERR_FORMAT, "'", path, "': metadata 'config' is malformed: ", e.what());
    }
    c.validate();
    return c;
}

}  // namespace

void save_checkpoint(const Trainer &t, const std::string &path, bool with_optimizer) {
    const Model<float> &m = t.model();
    std::vector<io::TensorToWrite> tensors;
    io::Checksum sum;
    auto add = [&](const std::string &name, const ParamSpec &s, const float *base) {
        io::TensorToWrite w;
        w.name = name;
        w.dtype = "F32";
        w.shape = s.shape;
        w.data = base + s.offset;
        w.nbytes = s.size * sizeof(float);
        sum.update(w.data, w.nbytes);
        tensors.push_back(std::move(w));
    };
    for (const ParamSpec &s : m.layout().specs()) add(s.name, s, m.params());
    if (with_optimizer) {
        for (const ParamSpec &s : m.layout().specs()) add("optim.exp_avg." + s.name, s, t.optimizer().m().data());
        for (const ParamSpec &s : m.layout().specs())
            add("optim.exp_avg_sq." + s.name, s, t.optimizer().v().data());
    }
    std::map<std::string, std::string> md = {{"format", kFormat},
                                             {"format_version", kFormatVersion},
                                             {"config", config_json(t.config())},
                                             {"tensor_order", "as written"},
                                             {"xxh64", hex64(sum.digest())},
                                             {"has_optimizer", with_optimizer ? "1" : "0"},
                                             {"optimizer_step", std::to_string(t.optimizer().steps())}};
    io::write_safetensors(path, tensors, md);
}

ModelConfig read_checkpoint_config(const std::string &path) {
    io::SafetensorsFile f(path);
    ModelConfig c = config_of(f, path);
    // The config alone can ask for gigabytes; a model is only built for it
    // once the file really holds every parameter tensor at its shape (so the
    // allocation is bounded by the file's size, not by a header's claim).
    if (uint64_t(c.n_layer) > f.tensors().size())  // a layout of 1e8 layers is itself gigabytes
        fail(PR_ERR_FORMAT, "'", path, "': config has ", c.n_layer, " layers but the file holds only ",
             f.tensors().size(), " tensors");
    const ParamLayout layout(c);
    for (const ParamSpec &s : layout.specs()) {
        if (!f.has(s.name)) fail(PR_ERR_FORMAT, "'", path, "': tensor '", s.name, "' of its config is missing");
        const io::TensorView &v = f.get(s.name);
        if (v.dtype != "F32" || v.shape != s.shape)
            fail(PR_ERR_FORMAT, "'", path, "': tensor '", s.name, "' is ", v.dtype, " with ", v.shape.size(),
                 " dims; expected F32 of the config's shape");
    }
    return c;
}

void load_checkpoint(Trainer &t, const std::string &path) {
    io::SafetensorsFile f(path);
    const ModelConfig c = config_of(f, path);
    const ModelConfig &mine = t.config();
    if (c.vocab_size != mine.vocab_size || c.context_length != mine.context_length || c.n_layer != mine.n_layer ||
        c.n_head != mine.n_head || c.d_model != mine.d_model || c.mlp_ratio != mine.mlp_ratio)
        fail(PR_ERR_MISMATCH, "'", path, "' holds a model with config ", config_json(c),
             ", this model has ", config_json(mine));
    const bool with_opt = meta(f, path, "has_optimizer") == "1";
    const ParamLayout &layout = t.model().layout();
    Buffer<float> params(layout.total(), 0.0f), m1, m2;
    if (with_opt) {
        m1.assign(layout.total(), 0.0f);
        m2.assign(layout.total(), 0.0f);
    }
    io::Checksum sum;
    auto take = [&](const std::string &name, const ParamSpec &s, Buffer<float> &dst) {
        const io::TensorView &v = f.get(name);
        if (v.dtype != "F32" || v.shape != s.shape)
            fail(PR_ERR_FORMAT, "'", path, "': tensor '", name, "' is ", v.dtype, " with ", v.shape.size(),
                 " dims; expected F32 of the model's shape");
        sum.update(v.data, v.nbytes);
        std::memcpy(dst.data() + s.offset, v.data, v.nbytes);
    };
    for (const ParamSpec &s : layout.specs()) take(s.name, s, params);
    if (with_opt) {
        for (const ParamSpec &s : layout.specs()) take("optim.exp_avg." + s.name, s, m1);
        for (const ParamSpec &s : layout.specs()) take("optim.exp_avg_sq." + s.name, s, m2);
    }
    if (hex64(sum.digest()) != meta(f, path, "xxh64"))
        fail(PR_ERR_CHECKSUM, "'", path, "': tensor data checksum ", hex64(sum.digest()),
             " does not match the stored ", meta(f, path, "xxh64"));
    uint64_t step = 0;
    try {
        step = std::stoull(meta(f, path, "optimizer_step"));
    } catch (const std::exception &) {
        fail(PR_ERR_FORMAT, "'", path, "': metadata 'optimizer_step' is not a number");
    }
    // Everything validated: now commit.
    std::memcpy(t.model().params(), params.data(), params.size() * sizeof(float));
    if (with_opt) {
        t.optimizer().m() = std::move(m1);
        t.optimizer().v() = std::move(m2);
        t.optimizer().set_steps(step);
    }
}

}  // namespace pr::sft
