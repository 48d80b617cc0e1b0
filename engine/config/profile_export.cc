#include "engine/config/profile_export.h"

#include <cctype>
#include <string_view>
#include <nlohmann/json.hpp>

#include "engine/common/message_catalog.h"
#include "engine/config/framework_export_detail.h"

namespace engine {

std::string ExportNote::toString() const
{
    const std::string text = englishText(message);
    return path.empty() ? text : path + ": " + text;
}

std::string CommandExport::text() const
{
    std::string out;
    for (const ExportNote& note : notes) out += "# " + note.toString() + "\n";
    for (const std::string& line : prepare) out += line + "\n";
    out += command + "\n";
    return out;
}

std::string shellQuote(const std::string& word)
{
    static const std::string kSafe =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+./:=,@%";
    if (!word.empty() && word.find_first_not_of(kSafe) == std::string::npos) return word;
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

namespace {

using exportdetail::Command;
using exportdetail::endsWith;
using exportdetail::numberText;

class Notes {
public:
    explicit Notes(std::vector<ExportNote>& out) : m_out(out) {}
    void add(std::string path, Message message) { m_out.push_back({std::move(path), std::move(message)}); }

private:
    std::vector<ExportNote>& m_out;
};


std::string joinInts(const std::vector<int32_t>& values, const char* separator)
{
    std::string out;
    for (size_t i = 0; i < values.size(); ++i) out += (i ? separator : "") + std::to_string(values[i]);
    return out;
}

// "blk.*.attn_*" -> "^blk\..*\.attn_.*$" (llama-quantize matches regular expressions).
std::string globToRegex(const std::string& glob)
{
    std::string out = "^";
    for (char c : glob) {
        if (c == '*') out += ".*";
        else if (c == '?') out += ".";
        else if (std::string_view("\\^$.|+()[]{}").find(c) != std::string_view::npos) out += std::string("\\") + c;
        else out += c;
    }
    return out + "$";
}

// The GGUF type for one dtype at the profile's group size and symmetry.
std::string ggufTypeFor(WeightDType dtype, int32_t groupSize, bool symmetric, std::vector<ExportNote>* notes)
{
    auto note = [&](std::string path, Message message) {
        if (notes) notes->push_back({std::move(path), std::move(message)});
    };
    switch (dtype) {
    case WeightDType::F32: return "F32";
    case WeightDType::F16: return "F16";
    case WeightDType::BF16: return "BF16";
    case WeightDType::Int8:
        if (groupSize != 32)
            note("weights.group_size", msg("export.gguf_int8_group", {{"group", groupSize}}));
        if (!symmetric)
            note("weights.symmetric", msg("export.gguf_int8_asymmetric"));
        return "Q8_0";
    case WeightDType::Int4: {
        const std::string type = symmetric ? "Q4_0" : "Q4_1";
        if (groupSize != 32)
            note("weights.group_size", msg(symmetric ? MessageId("export.gguf_int4_group_symmetric")
                                                     : MessageId("export.gguf_int4_group_asymmetric"),
                                           {{"group", groupSize}, {"type", type}}));
        return type;
    }
    case WeightDType::Count: break;
    }
    return "F16";
}

std::string lowercase(std::string text)
{
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// The llama-quantize step; returns the model path llama-server should load.
// GGUF's own types, which llama-quantize writes (the project's grouped
// formats, ids >= 100, are not among them).
bool isGgufNativeType(const std::string& name)
{
    static const char* const kTypes[] = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1",
                                         "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"};
    for (const char* t : kTypes)
        if (name == t) return true;
    return false;
}

std::string llamaQuantizeStep(const Profile& profile, const std::string& modelPath, const std::vector<Adjustment>& adjusted,
                              CommandExport& out)
{
    Notes notes(out.notes);
    if (!endsWith(modelPath, ".gguf"))
        notes.add("", msg("export.llama_gguf_only", {{"path", modelPath}}));
    if (!profile.weights) return modelPath;
    const WeightsConfig& w = *profile.weights;
    if (!w.dtype) {
        if (w.overrides && !w.overrides->empty())
            notes.add("weights.overrides", msg("export.llama_overrides_no_dtype"));
        return modelPath;
    }
    const std::string type = ggufTypeForWeights(w, &out.notes);
    const std::string stem = endsWith(modelPath, ".gguf") ? modelPath.substr(0, modelPath.size() - 5) : modelPath;
    const std::string quantized = stem + "-" + type + ".gguf";
    Command quantize("llama-quantize");
    if (w.overrides) {
        for (const WeightOverride& o : *w.overrides) {
            const std::string overrideType = ggufTypeFor(o.dtype, w.groupSize.value_or(kDefaultGroupSize),
                                                         w.symmetric.value_or(kDefaultSymmetric), nullptr);
            quantize.add("--tensor-type", globToRegex(o.pattern) + "=" + lowercase(overrideType));
        }
        if (!w.overrides->empty())
            notes.add("weights.overrides", msg("export.llama_overrides_tensor_type"));
    }
    // The tensors InferScope keeps off the requested type, as it keeps them.
    for (const Adjustment& a : adjusted) {
        if (a.path != "weights.dtype" || !a.target) continue;
        if (isGgufNativeType(a.effective))
            quantize.add("--tensor-type", globToRegex(*a.target) + "=" + lowercase(a.effective));  // a name is a glob of itself
        else
            notes.add("weights.dtype", msg("export.llama_adjusted_type", {{"tensor", *a.target}, {"type", a.effective}}));
    }
    // Every other tensor gets the requested type, as in InferScope, instead of
    // llama-quantize's default mix: a catch-all --tensor-type after the
    // overrides (the first matching pattern wins). Not --pure: it ignores every
    // --tensor-type and skips llama-quantize's fallback for rows the block
    // does not divide, so it refuses a model InferScope converts (stories260K's
    // 172-wide ffn_down).
    const bool integer = *w.dtype == WeightDType::Int8 || *w.dtype == WeightDType::Int4;
    if (integer) quantize.add("--tensor-type", ".*=" + lowercase(type));
    quantize.add(modelPath);
    quantize.add(quantized);
    quantize.add(type);
    out.prepare.push_back(quantize.str());
    return quantized;
}

void llamaKvCache(const KvCacheConfig& kv, Command& cmd, Notes& notes)
{
    if (kv.mode == KvCacheMode::Off)
        notes.add("kv_cache.mode", msg("export.llama_kv_off"));
    if (kv.mode == KvCacheMode::Paged)
        notes.add("kv_cache.mode", msg("export.llama_kv_paged"));
    if (kv.blockSize) notes.add("kv_cache.block_size", msg("export.llama_kv_block_size"));
    if (kv.capacityTokens) cmd.add("-c", *kv.capacityTokens);
    if (kv.dtype) {
        const std::string type = *kv.dtype == KvDType::F32 ? "f32" : *kv.dtype == KvDType::F16 ? "f16" : "q8_0";
        cmd.add("-ctk", type);
        cmd.add("-ctv", type);
        if (*kv.dtype == KvDType::Int8)
            notes.add("kv_cache.dtype", msg("export.llama_kv_int8"));
    }
}

void llamaBatching(const BatchingConfig& b, Command& cmd, Notes&)
{
    if (b.maxBatch) {
        cmd.add("-b", *b.maxBatch);
        cmd.add("-ub", *b.maxBatch);
    }
    if (b.maxSequences) cmd.add("-np", *b.maxSequences);
    if (b.policy) cmd.add(*b.policy == BatchingPolicy::Continuous ? "--cont-batching" : "--no-cont-batching");
}

void llamaDevices(const DevicesConfig& d, Command& cmd, Notes& notes)
{
    if (d.threads) {
        if (*d.threads > 0) cmd.add("-t", *d.threads);
        else notes.add("devices.threads", msg("export.llama_threads_all"));
    }
    const size_t gpuCount = d.gpus ? d.gpus->size() : 0;
    if (d.gpus) {
        if (gpuCount == 0) {
            cmd.add("-ngl", 0);
        } else {
            cmd.env("CUDA_VISIBLE_DEVICES=" + joinInts(*d.gpus, ","));
            cmd.add("-ngl", d.offloadLayers.value_or(999));  // layers on the GPUs (999: every one)
        }
    }
    const SplitMode split = d.split.value_or(SplitMode::None);
    if (gpuCount >= 2) {
        const char* mode = split == SplitMode::None ? "none" : split == SplitMode::Pipeline ? "layer" : "row";
        cmd.add("--split-mode", mode);
        if (split != SplitMode::None)
            cmd.add("--tensor-split", joinInts(split == SplitMode::Pipeline && d.layerWeights &&
                                                       d.layerWeights->size() == gpuCount
                                                   ? *d.layerWeights
                                                   : std::vector<int32_t>(gpuCount, 1),
                                               ","));
        if (split == SplitMode::Tensor)
            notes.add("devices.split", msg("export.llama_row_split"));
    } else if (split == SplitMode::Pipeline) {
        notes.add("devices.split", gpuCount == 1 ? msg("export.llama_pipeline_one_gpu") : msg("export.llama_pipeline_virtual"));
    } else if (split == SplitMode::Tensor) {
        notes.add("devices.split", msg("export.llama_tensor_virtual"));
    }
    if (d.virtualCpus && *d.virtualCpus > 1)
        notes.add("devices.virtual_cpus", msg("export.llama_virtual_cpus", {{"count", *d.virtualCpus}}));
    if (d.layerWeights && gpuCount < 2)
        notes.add("devices.layer_weights", msg("export.llama_layer_weights"));
}

void llamaSampling(const SamplingConfig& s, Command& cmd, Notes& notes)
{
    if (s.temperature) cmd.add("--temp", numberText(*s.temperature));
    if (s.topK) cmd.add("--top-k", *s.topK);
    if (s.topP) cmd.add("--top-p", numberText(*s.topP));
    if (s.minP) cmd.add("--min-p", numberText(*s.minP));
    if (s.repeatPenalty) cmd.add("--repeat-penalty", numberText(*s.repeatPenalty));
    if (s.repeatLastN) cmd.add("--repeat-last-n", *s.repeatLastN);
    if (s.seed) {
        if (*s.seed <= 0xFFFFFFFFu) {
            cmd.add("--seed", std::to_string(*s.seed));
            notes.add("sampling.seed", msg("export.own_random_generator", {{"framework", "llama.cpp"}}));
        } else {
            notes.add("sampling.seed", msg("export.llama_seed_too_big", {{"seed", *s.seed}}));
        }
    }
    if (s.maxTokens) cmd.add("-n", *s.maxTokens);
}

void pruningNote(const Profile& profile, const char* engineName, Notes& notes)
{
    if (!profile.pruning || !profile.pruning->method || *profile.pruning->method == PruningMethod::None) return;
    const PruningConfig& p = *profile.pruning;
    const bool sparse24 = *p.method == PruningMethod::NM && std::string_view(engineName) == "vLLM" &&
                          p.n.value_or(kDefaultPruneN) == 2 && p.m.value_or(kDefaultPruneM) == 4;
    notes.add("pruning.method", msg(sparse24 ? MessageId("export.no_pruning_vllm_24") : MessageId("export.no_pruning"),
                                    {{"framework", engineName}}));
}

}  // namespace

std::string ggufTypeForWeights(const WeightsConfig& weights, std::vector<ExportNote>* notes)
{
    if (!weights.dtype) return {};
    return ggufTypeFor(*weights.dtype, weights.groupSize.value_or(kDefaultGroupSize),
                       weights.symmetric.value_or(kDefaultSymmetric), notes);
}

CommandExport exportLlamaCpp(const Profile& profile, const std::string& modelPath, const std::vector<Adjustment>& adjusted)
{
    CommandExport out;
    const std::string model = llamaQuantizeStep(profile, modelPath, adjusted, out);
    Notes notes(out.notes);
    pruningNote(profile, "llama.cpp", notes);
    Command cmd("llama-server");
    cmd.add("-m", model);
    if (profile.kvCache) llamaKvCache(*profile.kvCache, cmd, notes);
    if (profile.batching) llamaBatching(*profile.batching, cmd, notes);
    if (profile.devices) llamaDevices(*profile.devices, cmd, notes);
    if (profile.sampling) llamaSampling(*profile.sampling, cmd, notes);
    out.command = cmd.str();
    return out;
}

std::string toLlamaCppArgs(const Profile& profile, const std::string& modelPath, const std::vector<Adjustment>& adjusted)
{
    return exportLlamaCpp(profile, modelPath, adjusted).text();
}

// ---- vLLM -------------------------------------------------------------------------

namespace {

// What vLLM can open: Hugging Face folders (or hub ids) and, experimentally,
// GGUF files; a llama2.c checkpoint (.bin) must be converted first.
enum class VllmSource { HuggingFace, Gguf, Llama2c, Count };

VllmSource vllmSourceOf(const std::string& modelPath)
{
    if (endsWith(modelPath, ".gguf")) return VllmSource::Gguf;
    if (endsWith(modelPath, ".bin")) return VllmSource::Llama2c;
    return VllmSource::HuggingFace;
}

// A llama2.c checkpoint becomes a GGUF (float weights, which vLLM's GGUF loader
// reads) through InferScope's own converter; returns the path vLLM serves.
std::string vllmConvertLlama2c(const Profile& profile, const std::string& modelPath, CommandExport& out, Notes& notes)
{
    const std::string gguf = modelPath.substr(0, modelPath.size() - 4) + ".gguf";
    const std::optional<WeightDType> dtype = profile.weights ? profile.weights->dtype : std::nullopt;
    const bool keepFloat = dtype == WeightDType::F32 || dtype == WeightDType::BF16;
    const std::string weights = keepFloat ? enumName(*dtype) : "f16";
    out.prepare.push_back("inferscope-cli export-model " + shellQuote(modelPath) + " --weights " + weights + " --out " +
                          shellQuote(gguf));
    notes.add("", msg("export.vllm_llama2c", {{"type", weights}}));
    return gguf;
}

void vllmWeights(const WeightsConfig& w, VllmSource source, Command& cmd, Notes& notes)
{
    if (w.dtype) {
        const int32_t group = w.groupSize.value_or(kDefaultGroupSize);
        const bool symmetric = w.symmetric.value_or(kDefaultSymmetric);
        const bool integer = *w.dtype == WeightDType::Int8 || *w.dtype == WeightDType::Int4;
        switch (*w.dtype) {
        case WeightDType::F32: cmd.add("--dtype", "float32"); break;
        case WeightDType::F16: cmd.add("--dtype", "float16"); break;
        case WeightDType::BF16: cmd.add("--dtype", "bfloat16"); break;
        case WeightDType::Int8:
        case WeightDType::Int4:
        case WeightDType::Count: break;
        }
        // vLLM quantizes nothing to int8/int4 on load, and --quantization
        // names the method a checkpoint was saved with: it is left to vLLM,
        // which reads it from the checkpoint, so no method is claimed here.
        if (integer && source != VllmSource::HuggingFace)
            notes.add("weights.dtype", msg("export.vllm_gguf_types", {{"type", ggufTypeForWeights(w, nullptr)}}));
        else if (*w.dtype == WeightDType::Int8)
            notes.add("weights.dtype", msg("export.vllm_int8"));
        else if (*w.dtype == WeightDType::Int4)
            notes.add("weights.dtype", msg("export.vllm_int4", {{"method", symmetric ? "GPTQ" : "AWQ"}, {"group", group}}));
    }
    if (w.overrides && !w.overrides->empty())
        notes.add("weights.overrides", msg("export.vllm_no_overrides"));
}

void vllmKvCache(const Profile& profile, Command& cmd, Notes& notes)
{
    const KvCacheConfig& kv = *profile.kvCache;
    if (kv.mode == KvCacheMode::Off)
        notes.add("kv_cache.mode", msg("export.vllm_kv_off"));
    if (kv.mode == KvCacheMode::Contiguous)
        notes.add("kv_cache.mode", msg("export.vllm_kv_always_paged", {{"mode", "contiguous"}}));
    if (kv.blockSize) cmd.add("--block-size", *kv.blockSize);
    if (kv.dtype) {
        const bool int8 = *kv.dtype == KvDType::Int8;
        cmd.add("--kv-cache-dtype", int8 ? "fp8" : "auto");
        if (int8) {
            notes.add("kv_cache.dtype", msg("export.vllm_kv_int8"));
        } else {
            const WeightDType modelDType = *kv.dtype == KvDType::F32 ? WeightDType::F32 : WeightDType::F16;
            const bool matches = profile.weights && profile.weights->dtype == modelDType;
            if (!matches)
                notes.add("kv_cache.dtype", msg("export.vllm_kv_model_dtype",
                                                {{"dtype", enumName(*kv.dtype)},
                                                 {"model_dtype", modelDType == WeightDType::F32 ? "float32" : "float16"}}));
        }
    }
    if (kv.capacityTokens) {
        cmd.add("--max-model-len", *kv.capacityTokens);
        const bool oneSequence = profile.batching && profile.batching->maxSequences == 1;
        if (!oneSequence)
            notes.add("kv_cache.capacity_tokens", msg("export.vllm_capacity"));
    }
}

void vllmBatching(const Profile& profile, Command& cmd, Notes& notes)
{
    const BatchingConfig& b = *profile.batching;
    if (b.maxSequences) cmd.add("--max-num-seqs", *b.maxSequences);
    if (b.maxBatch) {
        cmd.add("--max-num-batched-tokens", *b.maxBatch);
        const bool hasCapacity = profile.kvCache && profile.kvCache->capacityTokens;
        // Without chunked prefill vLLM wants a whole prompt in one step.
        if (hasCapacity && *b.maxBatch < *profile.kvCache->capacityTokens) cmd.add("--enable-chunked-prefill");
    }
    if (b.policy == BatchingPolicy::Static)
        notes.add("batching.policy", msg("export.vllm_static"));
}

void vllmDevices(const DevicesConfig& d, Command& cmd, Notes& notes)
{
    if (d.threads) notes.add("devices.threads", msg("export.vllm_threads"));
    const size_t gpuCount = d.gpus ? d.gpus->size() : 0;
    if (d.gpus) {
        if (gpuCount == 0) notes.add("devices.gpus", msg("export.vllm_cpu_only"));
        else cmd.env("CUDA_VISIBLE_DEVICES=" + joinInts(*d.gpus, ","));
    }
    const SplitMode split = d.split.value_or(SplitMode::None);
    if (split == SplitMode::Tensor && gpuCount >= 2) cmd.add("--tensor-parallel-size", static_cast<int64_t>(gpuCount));
    if (split == SplitMode::Pipeline) {
        if (gpuCount >= 2) cmd.add("--pipeline-parallel-size", static_cast<int64_t>(gpuCount));
        else notes.add("devices.split", msg("export.vllm_pipeline_one_gpu"));
    }
    if (split == SplitMode::Tensor && gpuCount < 2)
        notes.add("devices.split", msg("export.vllm_tensor_virtual"));
    if (d.virtualCpus && *d.virtualCpus > 1)
        notes.add("devices.virtual_cpus",
                  msg("export.vllm_virtual_cpus",
                      {{"count", *d.virtualCpus},
                       {"flag", split == SplitMode::Tensor ? "--tensor-parallel-size" : "--pipeline-parallel-size"}}));
    if (d.layerWeights) notes.add("devices.layer_weights", msg("export.vllm_layer_weights"));
}

void vllmSampling(const SamplingConfig& s, Command& cmd, Notes& notes)
{
    if (s.seed) {
        cmd.add("--seed", std::to_string(*s.seed));
        notes.add("sampling.seed", msg("export.own_random_generator", {{"framework", "vLLM"}}));
    }
    // Sampling is per request in vLLM; these become the server's defaults.
    nlohmann::ordered_json defaults = nlohmann::ordered_json::object();
    if (s.temperature) defaults["temperature"] = *s.temperature;
    if (s.topK) defaults["top_k"] = *s.topK == 0 ? -1 : *s.topK;  // vLLM: -1 = off
    if (s.topP) defaults["top_p"] = *s.topP;
    if (s.minP) defaults["min_p"] = *s.minP;
    if (s.repeatPenalty) defaults["repetition_penalty"] = *s.repeatPenalty;
    if (s.maxTokens) defaults["max_new_tokens"] = *s.maxTokens;
    if (!defaults.empty()) cmd.add("--override-generation-config", defaults.dump());
    if (s.repeatLastN)
        notes.add("sampling.repeat_last_n", msg("export.vllm_repeat_last_n"));
}

}  // namespace

CommandExport exportVllm(const Profile& profile, const std::string& modelPath)
{
    CommandExport out;
    Notes notes(out.notes);
    Command cmd("vllm");
    cmd.add("serve");
    VllmSource source = vllmSourceOf(modelPath);
    std::string served = modelPath;
    if (source == VllmSource::Llama2c) {
        served = vllmConvertLlama2c(profile, modelPath, out, notes);
        source = VllmSource::Gguf;
    }
    cmd.add(served);
    if (source == VllmSource::Gguf)
        notes.add("", msg("export.vllm_gguf_tokenizer"));
    if (profile.weights) vllmWeights(*profile.weights, source, cmd, notes);
    pruningNote(profile, "vLLM", notes);
    if (profile.kvCache) vllmKvCache(profile, cmd, notes);
    if (profile.batching) vllmBatching(profile, cmd, notes);
    if (profile.devices) vllmDevices(*profile.devices, cmd, notes);
    if (profile.sampling) vllmSampling(*profile.sampling, cmd, notes);
    out.command = cmd.str();
    return out;
}

std::string toVllmArgs(const Profile& profile, const std::string& modelPath)
{
    return exportVllm(profile, modelPath).text();
}

}  // namespace engine
