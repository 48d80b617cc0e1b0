// config.json of a Hugging Face checkpoint as GGUF metadata: the field names
// of transformers' configuration classes mapped onto the keys llama.cpp's
// converter writes, with every value the engine cannot honour refused by name
// (running it anyway would be silently wrong).
#include <cmath>

#include "engine/common/json_error.h"
#include "engine/common/message_catalog.h"
#include "engine/common/text_file.h"
#include "engine/formats/hf_parts.h"

namespace engine::hf {
namespace {

using nlohmann::json;

struct Family {
    const char* modelType;     // config.json "model_type"
    const char* architecture;  // GGUF general.architecture
    const char* activation;    // the activation the engine's block uses for it
};

constexpr Family kFamilies[] = {
    {"llama", "llama", "silu"},   {"mistral", "llama", "silu"},   {"qwen2", "qwen2", "silu"},
    {"phi3", "phi3", "silu"},     {"gemma2", "gemma2", "gelu_pytorch_tanh"},
    {"gemma3_text", "gemma3", "gelu_pytorch_tanh"}, {"gemma3", "gemma3", "gelu_pytorch_tanh"},
};

std::string supportedModelTypes()
{
    std::string out;
    for (const Family& f : kFamilies) out += (out.empty() ? "" : ", ") + std::string(f.modelType);
    return out;
}

class ConfigReader {
public:
    ConfigReader(const json& config, std::string where) : m_config(config), m_where(std::move(where)) {}

    // "{file}: what"
    Error error(Message what) const { return fail(ErrorCode::Format, std::move(what)); }
    Error unsupported(Message what) const { return fail(ErrorCode::Unsupported, std::move(what)); }
    Error fail(ErrorCode code, Message what) const
    {
        return makeError(code, msg("context.in_file", {{"path", m_where}, {"cause", std::move(what)}}));
    }

    bool has(const char* key) const { return m_config.contains(key) && !m_config[key].is_null(); }

    Expected<int64_t> positive(const char* key) const
    {
        if (!has(key)) return fail(ErrorCode::NotFound, msg("hf.missing_field", {{"key", key}}));
        const json& v = m_config[key];
        if (!v.is_number_integer() || v.get<int64_t>() <= 0)
            return error(msg("hf.not_positive_integer", {{"key", key}, {"value", v.dump()}}));
        return v.get<int64_t>();
    }
    Expected<int64_t> positiveOr(const char* key, int64_t fallback) const
    {
        return has(key) ? positive(key) : Expected<int64_t>(fallback);
    }
    Expected<double> number(const json& v, const std::string& name) const
    {
        if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() <= 0.0)
            return error(msg("hf.not_positive_number", {{"key", name}, {"value", v.dump()}}));
        return v.get<double>();
    }
    Expected<double> numberOr(const char* key, double fallback) const
    {
        return has(key) ? number(m_config[key], key) : Expected<double>(fallback);
    }
    std::string string(const char* key) const
    {
        return has(key) && m_config[key].is_string() ? m_config[key].get<std::string>() : std::string();
    }
    bool flag(const char* key, bool fallback) const
    {
        return has(key) && m_config[key].is_boolean() ? m_config[key].get<bool>() : fallback;
    }
    const json& operator[](const char* key) const { return m_config[key]; }

private:
    const json& m_config;
    std::string m_where;
};

Expected<const Family*> findFamily(const ConfigReader& r)
{
    const std::string type = r.string("model_type");
    for (const Family& f : kFamilies)
        if (type == f.modelType) return &f;
    return r.unsupported(msg("hf.model_type_unsupported",
                             {{"type", type.empty() ? std::string("(none)") : type}, {"supported", supportedModelTypes()}}));
}

// rope_scaling: null, linear (every frequency divided by the factor) or
// llama3 (per-pair factors, written as the rope_freqs tensor). Other types are
// written as GGUF names them so that the model configuration refuses them by name.
Status readRopeScaling(const ConfigReader& r, const std::string& p, ConfigFacts& facts, ModelFile& out)
{
    if (!r.has("rope_scaling")) return okStatus();
    const json& s = r["rope_scaling"];
    if (!s.is_object()) return r.error(msg("hf.rope_scaling_not_object"));
    std::string type = s.value("rope_type", s.value("type", std::string()));
    if (type == "default" || type.empty()) return okStatus();
    const auto field = [&](const char* key) -> Expected<double> {
        if (!s.contains(key)) return r.error(msg("hf.rope_scaling_missing", {{"type", type}, {"key", key}}));
        return r.number(s[key], std::string("rope_scaling.") + key);
    };
    if (type == "llama3") {
        Llama3Rope rope;
        auto factor = field("factor"), low = field("low_freq_factor"), high = field("high_freq_factor"),
             original = field("original_max_position_embeddings");
        for (const auto* v : {&factor, &low, &high, &original})
            if (!*v) return v->error();
        if (!(*high > *low)) return r.error(msg("hf.rope_high_not_above_low"));
        rope = {float(*factor), float(*low), float(*high), int64_t(*original)};
        facts.llama3Rope = rope;
        return okStatus();
    }
    if (type == "linear") {
        auto factor = field("factor");
        if (!factor) return factor.error();
        out.setMeta(p + "rope.scaling.type", MetaValue::string("linear"));
        out.setMeta(p + "rope.scaling.factor", MetaValue::f32(float(*factor)));
        return okStatus();
    }
    if (type == "yarn" || type == "longrope" || type == "dynamic" || type == "su")
        return r.unsupported(msg("hf.rope_scaling_unsupported", {{"type", type}}));
    return r.unsupported(msg("config.rope_scaling_unknown", {{"type", type}}));
}

// Architectures without per-layer windows (Mistral v0.1, Phi-3 mini 4k) that
// declare a sliding window: attention over at most the window is the same
// with and without it, so the context is limited to the window rather than
// running longer prompts differently from the model.
int64_t windowedContext(const ConfigReader& r, const Family& family, int64_t context)
{
    if (std::string(family.architecture).rfind("gemma", 0) == 0) return context;
    if (!r.flag("use_sliding_window", true) || !r.has("sliding_window") || !r["sliding_window"].is_number_integer())
        return context;
    const int64_t window = r["sliding_window"].get<int64_t>();
    return window > 0 && window < context ? window : context;
}

Status readGemma(const ConfigReader& r, const std::string& p, const ConfigFacts& facts, ModelFile& file)
{
    auto window = r.positive("sliding_window");
    if (!window) return window.error();
    file.setMeta(p + "attention.sliding_window", MetaValue::u32(uint32_t(*window)));
    for (const char* cap : {"attn_logit_softcapping", "final_logit_softcapping"}) {
        if (!r.has(cap)) continue;
        auto v = r.number(r[cap], cap);
        if (!v) return v.error();
        file.setMeta(p + cap, MetaValue::f32(float(*v)));
    }
    // GGUF does not carry query_pre_attn_scalar: readers derive it (the head
    // size, or dim / heads for the 27B models). A checkpoint whose scalar
    // differs from what its GGUF file would imply is refused.
    if (r.has("query_pre_attn_scalar")) {
        auto scalar = r.number(r["query_pre_attn_scalar"], "query_pre_attn_scalar");
        if (!scalar) return scalar.error();
        const int64_t layers = file.getInt(p + "block_count").value_or(0);
        const bool large = layers == (facts.architecture == "gemma3" ? 62 : 46);
        const int64_t dim = file.getInt(p + "embedding_length").value_or(0);
        const double derived = large ? double(dim / facts.nHeads) : double(facts.headDim);
        if (*scalar != derived)
            return r.unsupported(msg("hf.query_scalar", {{"value", int64_t(*scalar)},
                                                         {"derived", int64_t(derived)},
                                                         {"arch", facts.architecture}}));
    }
    if (facts.architecture != "gemma3") return okStatus();
    auto local = r.numberOr("rope_local_base_freq", 10000.0);
    if (!local) return local.error();
    if (*local != 10000.0)
        return r.unsupported(msg("hf.local_rope_base", {{"value", std::to_string(*local)}}));
    auto pattern = r.positiveOr("sliding_window_pattern", 6);
    if (!pattern) return pattern.error();
    if (*pattern != 6) return r.unsupported(msg("hf.window_pattern", {{"value", *pattern}}));
    if (r.has("layer_types") && r["layer_types"].is_array()) {
        const json& types = r["layer_types"];
        for (size_t i = 0; i < types.size(); ++i) {
            const bool global = (i + 1) % 6 == 0;
            if (types[i] != (global ? "full_attention" : "sliding_attention"))
                return r.unsupported(msg("hf.layer_type", {{"index", i}, {"value", types[i].dump()}}));
        }
    }
    return okStatus();
}

Status checkActivation(const ConfigReader& r, const Family& family)
{
    std::string act = r.string("hidden_activation");
    if (act.empty()) act = r.string("hidden_act");
    if (act.empty() || act == family.activation) return okStatus();
    if (act == "gelu_new" && std::string(family.activation) == "gelu_pytorch_tanh") return okStatus();
    return r.unsupported(
        msg("hf.activation", {{"activation", act}, {"family", family.modelType}, {"expected", family.activation}}));
}

std::optional<int64_t> firstId(const ConfigReader& r, const char* key)
{
    if (!r.has(key)) return std::nullopt;
    const json& v = r[key];
    if (v.is_number_integer()) return v.get<int64_t>();
    if (v.is_array() && !v.empty() && v[0].is_number_integer()) return v[0].get<int64_t>();
    return std::nullopt;
}

}  // namespace

Expected<nlohmann::json> readJsonFile(const std::string& path, const std::string& what, uint64_t maxBytes)
{
    auto text = readTextFile(path, what, maxBytes);
    if (!text) return text.error();
    try {
        return json::parse(*text);
    } catch (const json::exception& e) {
        return makeError(ErrorCode::Format, msg("json.not_valid", {{"path", path}, {"detail", jsonErrorMessage(e.what())}}));
    }
}

namespace {

Expected<ConfigFacts> readConfigFields(const json& document, const std::string& where, ModelFile& out)
{
    if (!document.is_object())
        return makeError(ErrorCode::Format, msg("context.in_file", {{"path", where}, {"cause", msg("hf.not_an_object")}}));
    // Multimodal Gemma 3 checkpoints hold the language model's settings in
    // text_config and its tensors under language_model.
    const bool multimodal = document.contains("text_config") && document["text_config"].is_object();
    json merged = multimodal ? document["text_config"] : document;
    if (multimodal && !merged.contains("model_type")) merged["model_type"] = document.value("model_type", "");
    const ConfigReader r(merged, where);

    auto family = findFamily(r);
    if (!family) return family.error();
    ConfigFacts facts;
    facts.architecture = (*family)->architecture;
    facts.tensorPrefix = multimodal ? "language_model.model." : "model.";
    ENGINE_TRY(checkActivation(r, **family));
    if (facts.architecture == "llama" && (r.flag("attention_bias", false) || r.flag("mlp_bias", false)))
        return r.unsupported(msg("hf.llama_biases"));

    auto dim = r.positive("hidden_size"), ffn = r.positive("intermediate_size"), layers = r.positive("num_hidden_layers"),
         heads = r.positive("num_attention_heads"), context = r.positive("max_position_embeddings");
    for (const auto* v : {&dim, &ffn, &layers, &heads, &context})
        if (!*v) return v->error();
    auto kvHeads = r.positiveOr("num_key_value_heads", *heads);
    if (!kvHeads) return kvHeads.error();
    if (*dim % *heads != 0 && !r.has("head_dim"))
        return r.error(msg("hf.dim_not_heads", {{"dim", *dim}, {"heads", *heads}}));
    auto headDim = r.positiveOr("head_dim", *dim / *heads);
    if (!headDim) return headDim.error();
    auto ropeBase = r.numberOr("rope_theta", 10000.0);
    auto eps = r.numberOr("rms_norm_eps", 1e-6);
    auto partial = r.numberOr("partial_rotary_factor", 1.0);
    for (const auto* v : {&ropeBase, &eps, &partial})
        if (!*v) return v->error();
    facts.headDim = *headDim;
    facts.nHeads = *heads;
    facts.nKvHeads = *kvHeads;
    facts.ropeDim = int64_t(std::lround(double(*headDim) * *partial));
    facts.ropeBase = float(*ropeBase);
    facts.halfSplitCheckpoint = facts.architecture == "llama";
    facts.normPlusOne = facts.architecture == "gemma2" || facts.architecture == "gemma3";
    facts.tiedEmbeddings = r.flag("tie_word_embeddings", facts.normPlusOne);
    facts.bosId = firstId(r, "bos_token_id");
    facts.eosId = firstId(r, "eos_token_id");

    const std::string p = facts.architecture + ".";
    out.setMeta("general.architecture", MetaValue::string(facts.architecture));
    out.setMeta(p + "context_length", MetaValue::u32(uint32_t(windowedContext(r, **family, *context))));
    out.setMeta(p + "embedding_length", MetaValue::u32(uint32_t(*dim)));
    out.setMeta(p + "feed_forward_length", MetaValue::u32(uint32_t(*ffn)));
    out.setMeta(p + "block_count", MetaValue::u32(uint32_t(*layers)));
    out.setMeta(p + "attention.head_count", MetaValue::u32(uint32_t(*heads)));
    out.setMeta(p + "attention.head_count_kv", MetaValue::u32(uint32_t(*kvHeads)));
    out.setMeta(p + "attention.key_length", MetaValue::u32(uint32_t(*headDim)));
    out.setMeta(p + "attention.value_length", MetaValue::u32(uint32_t(*headDim)));
    out.setMeta(p + "rope.dimension_count", MetaValue::u32(uint32_t(facts.ropeDim)));
    out.setMeta(p + "rope.freq_base", MetaValue::f32(float(*ropeBase)));
    out.setMeta(p + "attention.layer_norm_rms_epsilon", MetaValue::f32(float(*eps)));
    ENGINE_TRY(readRopeScaling(r, p, facts, out));
    out.rebuildIndex();
    if (facts.normPlusOne) ENGINE_TRY(readGemma(r, p, facts, out));
    return facts;
}

}  // namespace

Expected<ConfigFacts> readConfig(const json& document, const std::string& where, ModelFile& out)
{
    // Fields are checked before use; a value of a type nlohmann refuses deeper
    // down (rope_scaling.rope_type a number) is a format error as well.
    try {
        return readConfigFields(document, where, out);
    } catch (const json::exception& e) {
        return makeError(ErrorCode::Format,
                         msg("json.unexpected_structure", {{"path", where}, {"detail", jsonErrorMessage(e.what())}}));
    }
}

}  // namespace engine::hf
