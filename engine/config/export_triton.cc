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

constexpr const char* kName = "Triton's vLLM backend";

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
            account.note("weights.dtype", "vLLM runs int8 weights only from a pre-quantized checkpoint (W8A8 or W8A16 "
                                          "in compressed-tensors format); it cannot quantize to int8 on load");
            break;
        case WeightDType::Int4:
            account.note("weights.dtype", "vLLM runs int4 weights only from a pre-quantized GPTQ or AWQ checkpoint (4-bit, "
                                          "group size " + std::to_string(w.groupSize.value_or(kDefaultGroupSize)) +
                                          "); set \"quantization\" to its method in model.json");
            break;
        case WeightDType::Count: break;
        }
        if (engine.contains("dtype")) account.map("weights.dtype", "model.json \"dtype\": " + engine["dtype"].dump());
    }
    const bool integer = w.dtype == WeightDType::Int8 || w.dtype == WeightDType::Int4;
    if (w.groupSize)
        account.note("weights.group_size", integer ? "a property of the pre-quantized checkpoint, not an engine argument"
                                                   : "no effect without int8 / int4 weights");
    if (w.symmetric)
        account.note("weights.symmetric", integer ? "a property of the pre-quantized checkpoint (GPTQ: symmetric or not; AWQ: zero points)"
                                                  : "no effect without int8 / int4 weights");
    if (w.overrides) account.note("weights.overrides", "vLLM has no per-tensor precision overrides");
}

void tritonKvCache(const Profile& profile, Json& engine, Account& account)
{
    const KvCacheConfig& kv = *profile.kvCache;
    if (kv.mode == KvCacheMode::Paged) account.map("kv_cache.mode", "paged (vLLM's only cache)");
    else if (kv.mode)
        account.note("kv_cache.mode", std::string("vLLM's KV cache is always paged; \"") + enumName(*kv.mode) + "\" has no equivalent");
    if (kv.blockSize) {
        engine["block_size"] = *kv.blockSize;
        account.map("kv_cache.block_size", "model.json \"block_size\": " + std::to_string(*kv.blockSize));
    }
    if (kv.dtype) {
        const bool int8 = *kv.dtype == KvDType::Int8;
        engine["kv_cache_dtype"] = int8 ? "fp8" : "auto";
        const WeightDType same = *kv.dtype == KvDType::F32 ? WeightDType::F32 : WeightDType::F16;
        if (int8) account.note("kv_cache.dtype", "vLLM has no int8 KV cache; \"fp8\" is its 8-bit cache");
        else if (profile.weights && profile.weights->dtype == same)
            account.map("kv_cache.dtype", "model.json \"kv_cache_dtype\": \"auto\" (the model dtype)");
        else
            account.note("kv_cache.dtype", std::string("vLLM keeps the cache in the model dtype (\"auto\"); ") + enumName(*kv.dtype) +
                                               " needs \"dtype\": " + (same == WeightDType::F32 ? "\"float32\"" : "\"float16\""));
    }
    if (kv.capacityTokens) {
        engine["max_model_len"] = *kv.capacityTokens;
        if (profile.batching && profile.batching->maxSequences == 1)
            account.map("kv_cache.capacity_tokens", "model.json \"max_model_len\" (one sequence holds the whole cache)");
        else
            account.note("kv_cache.capacity_tokens", "the whole cache in InferScope; \"max_model_len\" bounds one sequence "
                                                     "and vLLM sizes its cache from \"gpu_memory_utilization\"");
    }
}

void tritonBatching(const Profile& profile, Json& engine, Account& account)
{
    const BatchingConfig& b = *profile.batching;
    if (b.maxSequences) {
        engine["max_num_seqs"] = *b.maxSequences;
        account.map("batching.max_sequences", "model.json \"max_num_seqs\"");
    }
    if (b.maxBatch) {
        engine["max_num_batched_tokens"] = *b.maxBatch;
        account.map("batching.max_batch", "model.json \"max_num_batched_tokens\"");
        // Without chunked prefill vLLM wants a whole prompt in one step.
        const bool hasCapacity = profile.kvCache && profile.kvCache->capacityTokens;
        if (hasCapacity && *b.maxBatch < *profile.kvCache->capacityTokens) engine["enable_chunked_prefill"] = true;
    }
    if (b.policy == BatchingPolicy::Continuous) account.map("batching.policy", "continuous (vLLM batches every request in flight)");
    else if (b.policy) account.note("batching.policy", "vLLM always batches continuously; \"static\" has no equivalent");
}

// Returns the CUDA_VISIBLE_DEVICES assignment for tritonserver (empty: none).
std::string tritonDevices(const DevicesConfig& d, Json& engine, Account& account)
{
    exportdetail::noteCpuOnlyKnobs(d, "vLLM", account);
    const size_t gpuCount = d.gpus ? d.gpus->size() : 0;
    std::string visible;
    if (d.gpus) {
        if (gpuCount == 0) account.note("devices.gpus", "empty (CPU only): the vLLM backend needs vLLM's CPU build for that");
        else {
            visible = "CUDA_VISIBLE_DEVICES=" + exportdetail::joinInts(*d.gpus, ",");
            account.map("devices.gpus", visible + " for tritonserver (instance_group KIND_MODEL: vLLM places the model)");
        }
    }
    const SplitMode split = d.split.value_or(SplitMode::None);
    if (split == SplitMode::None && d.split) account.map("devices.split", "one GPU (vLLM's default)");
    else if (split != SplitMode::None && gpuCount >= 2) {
        const char* key = split == SplitMode::Tensor ? "tensor_parallel_size" : "pipeline_parallel_size";
        engine[key] = gpuCount;
        account.map("devices.split", std::string("model.json \"") + key + "\": " + std::to_string(gpuCount));
    } else if (split != SplitMode::None) {
        account.note("devices.split", std::string(enumName(split)) + " split needs 2 or more GPUs in vLLM (one rank per GPU)");
    }
    if (d.layerWeights) account.note("devices.layer_weights", "vLLM spreads pipeline layers evenly over the stages");
    if (d.offloadLayers)
        account.note("devices.offload_layers", "no per-layer offload; nearest: \"cpu_offload_gb\" (gigabytes of weights kept in CPU memory)");
    return visible;
}

// Sampling is per request in the vLLM backend: the generate request's "parameters".
Json tritonSampling(const SamplingConfig& s, Account& account)
{
    Json parameters = Json::object();
    parameters["stream"] = false;
    auto map = [&](const char* path, const char* key, Json value) {
        parameters[key] = std::move(value);
        account.map(path, std::string("request parameter \"") + key + "\"");
    };
    if (s.temperature) map("sampling.temperature", "temperature", *s.temperature);
    if (s.topK) map("sampling.top_k", "top_k", *s.topK == 0 ? -1 : *s.topK);  // vLLM: -1 = off
    if (s.topP) map("sampling.top_p", "top_p", *s.topP);
    if (s.minP) map("sampling.min_p", "min_p", *s.minP);
    if (s.repeatPenalty) map("sampling.repeat_penalty", "repetition_penalty", *s.repeatPenalty);
    if (s.repeatLastN) account.note("sampling.repeat_last_n", "no vLLM equivalent: its repetition_penalty covers the whole prompt and output");
    if (s.seed) {
        map("sampling.seed", "seed", *s.seed);
        account.note("sampling.seed", "vLLM draws with its own random generator: the same seed gives other tokens than InferScope");
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
        account.note("", "vLLM's GGUF loading is experimental and needs \"tokenizer\" naming the original Hugging Face tokenizer");
    if (profile.weights) tritonWeights(*profile.weights, engine, account);
    exportdetail::noteNoPruning(profile, kName,
                                "a 2:4 checkpoint in compressed-tensors format runs on vLLM's 2:4 sparse kernels", account);
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
