// Triton Inference Server with its vLLM backend: a model repository
// (model_repository/<name>/config.pbtxt naming backend "vllm", and
// 1/model.json holding vLLM engine arguments), the server command, and a
// generate request carrying the sampling settings (per request in vLLM).
#include <cctype>
#include <nlohmann/json.hpp>

#include "engine/config/framework_export.h"
#include "engine/config/framework_export_detail.h"

namespace engine {

namespace {

using exportdetail::Account;
using exportdetail::Command;
using Json = nlohmann::ordered_json;


// Triton model names: letters, digits, '_', '-' and '.'.
std::string repositoryName(const Profile& profile, const std::string& modelPath)
{
    std::string name = profile.name && !profile.name->empty() ? *profile.name : exportdetail::modelStem(modelPath);
    for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-' && ch != '.') ch = '_';
    return name.empty() || name[0] == '.' ? "model" : name;
}

void tritonWeights(const WeightsConfig& w, Json& engine, Account& account)
{
    if (w.dtype) {
        switch (*w.dtype) {
        case WeightDType::F32: engine["dtype"] = "float32"; break;
        case WeightDType::F16: engine["dtype"] = "float16"; break;
        case WeightDType::BF16: engine["dtype"] = "bfloat16"; break;
        case WeightDType::Int8:
            account.note("weights.dtype", msg("export.triton_int8"));
            break;
        case WeightDType::Int4:
            account.note("weights.dtype", msg("export.triton_int4", {{"group", w.groupSize.value_or(kDefaultGroupSize)}}));
            break;
        case WeightDType::Count: break;
        }
        if (engine.contains("dtype")) account.mapOption("weights.dtype", "model.json \"dtype\": " + engine["dtype"].dump());
    }
    const bool integer = w.dtype == WeightDType::Int8 || w.dtype == WeightDType::Int4;
    if (w.groupSize)
        account.note("weights.group_size", integer ? msg("export.checkpoint_property") : msg("export.no_effect_unquantized"));
    if (w.symmetric)
        account.note("weights.symmetric", integer ? msg("export.checkpoint_symmetry") : msg("export.no_effect_unquantized"));
    if (w.overrides) account.note("weights.overrides", msg("export.vllm_no_overrides"));
}

void tritonKvCache(const Profile& profile, Json& engine, Account& account)
{
    const KvCacheConfig& kv = *profile.kvCache;
    if (kv.mode == KvCacheMode::Paged) account.map("kv_cache.mode", msg("export.map.vllm_paged"));
    else if (kv.mode)
        account.note("kv_cache.mode", msg("export.vllm_kv_always_paged", {{"mode", enumName(*kv.mode)}}));
    if (kv.blockSize) {
        engine["block_size"] = *kv.blockSize;
        account.mapOption("kv_cache.block_size", "model.json \"block_size\": " + std::to_string(*kv.blockSize));
    }
    if (kv.dtype) {
        const bool int8 = *kv.dtype == KvDType::Int8;
        engine["kv_cache_dtype"] = int8 ? "fp8" : "auto";
        const WeightDType same = *kv.dtype == KvDType::F32 ? WeightDType::F32 : WeightDType::F16;
        if (int8) account.note("kv_cache.dtype", msg("export.triton_kv_int8"));
        else if (profile.weights && profile.weights->dtype == same)
            account.map("kv_cache.dtype", msg("export.map.triton_kv_auto"));
        else
            account.note("kv_cache.dtype", msg("export.triton_kv_model_dtype",
                                               {{"dtype", enumName(*kv.dtype)},
                                                {"model_dtype", same == WeightDType::F32 ? "float32" : "float16"}}));
    }
    if (kv.capacityTokens) {
        engine["max_model_len"] = *kv.capacityTokens;
        if (profile.batching && profile.batching->maxSequences == 1)
            account.map("kv_cache.capacity_tokens", msg("export.map.triton_max_model_len"));
        else
            account.note("kv_cache.capacity_tokens", msg("export.triton_capacity"));
    }
}

void tritonBatching(const Profile& profile, Json& engine, Account& account)
{
    const BatchingConfig& b = *profile.batching;
    if (b.maxSequences) {
        engine["max_num_seqs"] = *b.maxSequences;
        account.mapOption("batching.max_sequences", "model.json \"max_num_seqs\"");
    }
    if (b.maxBatch) {
        engine["max_num_batched_tokens"] = *b.maxBatch;
        account.mapOption("batching.max_batch", "model.json \"max_num_batched_tokens\"");
        // Without chunked prefill vLLM wants a whole prompt in one step.
        const bool hasCapacity = profile.kvCache && profile.kvCache->capacityTokens;
        if (hasCapacity && *b.maxBatch < *profile.kvCache->capacityTokens) engine["enable_chunked_prefill"] = true;
    }
    if (b.policy == BatchingPolicy::Continuous) account.map("batching.policy", msg("export.map.vllm_continuous"));
    else if (b.policy) account.note("batching.policy", msg("export.vllm_static"));
}

// Returns the CUDA_VISIBLE_DEVICES assignment for tritonserver (empty: none).
std::string tritonDevices(const DevicesConfig& d, Json& engine, Account& account)
{
    exportdetail::noteCpuOnlyKnobs(d, "vLLM", account);
    const size_t gpuCount = d.gpus ? d.gpus->size() : 0;
    std::string visible;
    if (d.gpus) {
        if (gpuCount == 0) account.note("devices.gpus", msg("export.triton_cpu_only"));
        else {
            visible = "CUDA_VISIBLE_DEVICES=" + exportdetail::joinInts(*d.gpus, ",");
            account.map("devices.gpus", msg("export.map.triton_gpus", {{"devices", visible}}));
        }
    }
    const SplitMode split = d.split.value_or(SplitMode::None);
    if (split == SplitMode::None && d.split) account.map("devices.split", msg("export.map.vllm_one_gpu"));
    else if (split != SplitMode::None && gpuCount >= 2) {
        const char* key = split == SplitMode::Tensor ? "tensor_parallel_size" : "pipeline_parallel_size";
        engine[key] = gpuCount;
        account.mapOption("devices.split", std::string("model.json \"") + key + "\": " + std::to_string(gpuCount));
    } else if (split != SplitMode::None) {
        account.note("devices.split", msg("export.split_needs_gpus", {{"split", enumName(split)}, {"framework", "vLLM"}}));
    }
    if (d.layerWeights) account.note("devices.layer_weights", msg("export.vllm_layer_weights"));
    if (d.offloadLayers)
        account.note("devices.offload_layers", msg("export.triton_offload"));
    return visible;
}

// Sampling is per request in the vLLM backend: the generate request's "parameters".
Json tritonSampling(const SamplingConfig& s, Account& account)
{
    Json parameters = Json::object();
    parameters["stream"] = false;
    auto map = [&](const char* path, const char* key, Json value) {
        parameters[key] = std::move(value);
        account.map(path, msg("export.map.triton_request_parameter", {{"key", key}}));
    };
    if (s.temperature) map("sampling.temperature", "temperature", *s.temperature);
    if (s.topK) map("sampling.top_k", "top_k", *s.topK == 0 ? -1 : *s.topK);  // vLLM: -1 = off
    if (s.topP) map("sampling.top_p", "top_p", *s.topP);
    if (s.minP) map("sampling.min_p", "min_p", *s.minP);
    if (s.repeatPenalty) map("sampling.repeat_penalty", "repetition_penalty", *s.repeatPenalty);
    if (s.repeatLastN) account.note("sampling.repeat_last_n", msg("export.vllm_repeat_last_n"));
    if (s.seed) {
        map("sampling.seed", "seed", *s.seed);
        account.note("sampling.seed", msg("export.own_random_generator", {{"framework", "vLLM"}}));
    }
    if (s.maxTokens) map("sampling.max_tokens", "max_tokens", *s.maxTokens);
    return parameters;
}

std::string configPbtxt(const std::string& name)
{
    return "# Triton model configuration: the vLLM backend serves " + name + ".\n"
           "backend: \"vllm\"\n"
           "\n"
           "# One instance: vLLM batches every request itself and places the model on the\n"
           "# GPUs model.json names (tensor / pipeline parallel), so Triton must not.\n"
           "instance_group [\n"
           "  {\n"
           "    count: 1\n"
           "    kind: KIND_MODEL\n"
           "  }\n"
           "]\n";
}

}  // namespace

FrameworkExport exportTritonVllm(const Profile& profile, const std::string& modelPath)
{
    FrameworkExport out;
    out.framework = Framework::TritonVllm;
    Account account(out);
    const std::string name = repositoryName(profile, modelPath);

    Json engine = Json::object();
    engine["model"] = modelPath;
    if (exportdetail::endsWith(modelPath, ".gguf"))
        account.note("", msg("export.triton_gguf_tokenizer"));
    if (profile.weights) tritonWeights(*profile.weights, engine, account);
    exportdetail::noteNoPruning(profile, msg("export.triton_vllm_backend"), msg("export.hint_vllm_24"), account);
    if (profile.kvCache) tritonKvCache(profile, engine, account);
    if (profile.batching) tritonBatching(profile, engine, account);
    std::string visible;
    if (profile.devices) visible = tritonDevices(*profile.devices, engine, account);
    if (profile.sampling && profile.sampling->seed) engine["seed"] = *profile.sampling->seed;
    const Json parameters = profile.sampling ? tritonSampling(*profile.sampling, account) : Json{{"stream", false}};

    const std::string folder = "model_repository/" + name;
    out.files.push_back({folder + "/config.pbtxt", configPbtxt(name)});
    out.files.push_back({folder + "/1/model.json", engine.dump(2) + "\n"});

    Command server("tritonserver");
    if (!visible.empty()) server.env(visible);
    server.add("--model-repository=model_repository");
    out.commands.push_back(server.str());
    Command request("curl");
    request.add("-X", "POST");
    request.add("localhost:8000/v2/models/" + name + "/generate");
    const Json body = {{"text_input", "Once upon a time"}, {"parameters", parameters}};
    request.add("-d", body.dump());
    out.commands.push_back("# then, from another shell:");
    out.commands.push_back(request.str());
    exportdetail::accountForRest(profile, out);
    return out;
}

}  // namespace engine
