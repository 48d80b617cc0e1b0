// TensorRT-LLM: quantize.py (checkpoint conversion and quantization, with the
// tensor / pipeline split), trtllm-build (the engine's limits and KV cache
// layout) and examples/run.py (runtime cache size and sampling).
#include <algorithm>

#include "engine/config/framework_export.h"
#include "engine/config/framework_export_detail.h"

namespace engine {

namespace {

using exportdetail::Account;
using exportdetail::Command;

constexpr const char* kName = "TensorRT-LLM";

struct TrtCommands {
    Command quantize{"python3"};
    Command build{"trtllm-build"};
    Command run{"python3"};
    size_t gpuCount = 0;
};

void trtWeights(const WeightsConfig& w, TrtCommands& c, Account& account)
{
    if (w.dtype) {
        const int32_t group = w.groupSize.value_or(kDefaultGroupSize);
        const bool symmetric = w.symmetric.value_or(kDefaultSymmetric);
        switch (*w.dtype) {
        case WeightDType::F32:
        case WeightDType::F16:
        case WeightDType::BF16: {
            const char* dtype = *w.dtype == WeightDType::F32 ? "float32" : *w.dtype == WeightDType::F16 ? "float16" : "bfloat16";
            c.quantize.add("--qformat", "full_prec");
            c.quantize.add("--dtype", dtype);
            account.mapOption("weights.dtype", std::string("quantize.py --qformat full_prec --dtype ") + dtype);
            break;
        }
        case WeightDType::Int8:
            c.quantize.add("--qformat", "int8_wo");
            account.map("weights.dtype", msg("export.map.trt_int8_wo"));
            account.note("weights.group_size", msg("export.trt_int8_group", {{"group", group}}));
            break;
        case WeightDType::Int4: {
            // The weight-only group-wise kernels take groups of 64 or 128.
            const int32_t block = group == 32 ? 64 : group;
            c.quantize.add("--qformat", "int4_awq");
            c.quantize.add("--awq_block_size", block);
            account.map("weights.dtype", msg("export.map.trt_int4_awq"));
            if (block == group) account.mapOption("weights.group_size", "--awq_block_size " + std::to_string(block));
            else
                account.note("weights.group_size", msg("export.trt_int4_group"));
            account.note("weights.dtype", msg("export.trt_awq"));
            break;
        }
        case WeightDType::Count: break;
        }
        const bool integer = *w.dtype == WeightDType::Int8 || *w.dtype == WeightDType::Int4;
        if (w.symmetric && integer) {
            if (symmetric) account.map("weights.symmetric", msg("export.map.trt_symmetric"));
            else account.note("weights.symmetric", msg("export.trt_asymmetric"));
        } else if (w.symmetric) {
            account.note("weights.symmetric", msg("export.no_effect_float"));
        }
        if (w.groupSize && !integer) account.note("weights.group_size", msg("export.no_effect_float"));
    } else {
        if (w.groupSize) account.note("weights.group_size", msg("export.dtype_unset_kept"));
        if (w.symmetric) account.note("weights.symmetric", msg("export.dtype_unset_kept"));
    }
    if (w.overrides)
        account.note("weights.overrides", msg("export.trt_overrides"));
}

void trtKvCache(const Profile& profile, TrtCommands& c, Account& account)
{
    const KvCacheConfig& kv = *profile.kvCache;
    const KvCacheMode mode = kv.mode.value_or(KvCacheMode::Paged);
    if (kv.mode) {
        if (mode == KvCacheMode::Off)
            account.note("kv_cache.mode", msg("export.trt_kv_off"));
        else {
            const char* type = mode == KvCacheMode::Paged ? "paged" : "continuous";
            c.build.add("--kv_cache_type", type);
            account.mapOption("kv_cache.mode", std::string("trtllm-build --kv_cache_type ") + type);
        }
    }
    if (kv.blockSize) {
        if (mode == KvCacheMode::Paged) {
            c.build.add("--tokens_per_block", *kv.blockSize);
            account.mapOption("kv_cache.block_size", "trtllm-build --tokens_per_block " + std::to_string(*kv.blockSize));
        } else {
            account.note("kv_cache.block_size", msg("export.trt_blocks_paged_only"));
        }
    }
    if (kv.capacityTokens) {
        const int64_t capacity = *kv.capacityTokens;
        c.build.add("--max_seq_len", capacity);
        const int32_t maxTokens = profile.sampling && profile.sampling->maxTokens ? *profile.sampling->maxTokens : 0;
        if (maxTokens > 0 && maxTokens < capacity) c.build.add("--max_input_len", capacity - maxTokens);
        if (mode == KvCacheMode::Paged) {
            c.run.add("--max_tokens_in_paged_kv_cache", capacity);
            account.map("kv_cache.capacity_tokens", msg("export.map.trt_capacity", {{"tokens", capacity}}));
        } else {
            account.note("kv_cache.capacity_tokens", msg("export.trt_capacity", {{"tokens", capacity}}));
        }
    }
    if (kv.dtype) {
        const bool int8 = *kv.dtype == KvDType::Int8;
        if (int8) {
            c.quantize.add("--kv_cache_dtype", "int8");
            account.mapOption("kv_cache.dtype", "quantize.py --kv_cache_dtype int8");
            account.note("kv_cache.dtype", msg("export.trt_kv_int8"));
        } else {
            const WeightDType same = *kv.dtype == KvDType::F32 ? WeightDType::F32 : WeightDType::F16;
            if (profile.weights && profile.weights->dtype == same)
                account.map("kv_cache.dtype", msg("export.map.trt_kv_model_dtype", {{"dtype", enumName(*kv.dtype)}}));
            else
                account.note("kv_cache.dtype", msg("export.trt_kv_model_dtype",
                                                   {{"dtype", enumName(*kv.dtype)},
                                                    {"model_dtype", same == WeightDType::F32 ? "float32" : "float16"}}));
        }
    }
}

void trtBatching(const BatchingConfig& b, TrtCommands& c, Account& account)
{
    if (b.maxSequences) {
        c.build.add("--max_batch_size", *b.maxSequences);
        account.mapOption("batching.max_sequences", "trtllm-build --max_batch_size " + std::to_string(*b.maxSequences));
    }
    if (b.maxBatch) {
        c.build.add("--max_num_tokens", *b.maxBatch);
        account.mapOption("batching.max_batch", "trtllm-build --max_num_tokens " + std::to_string(*b.maxBatch));
    }
    if (b.policy == BatchingPolicy::Continuous)
        account.map("batching.policy", msg("export.map.trt_in_flight"));
    else if (b.policy == BatchingPolicy::Static)
        account.note("batching.policy", msg("export.trt_static"));
}

void trtDevices(const DevicesConfig& d, TrtCommands& c, Account& account)
{
    exportdetail::noteCpuOnlyKnobs(d, kName, account);
    c.gpuCount = d.gpus ? d.gpus->size() : 0;
    if (d.gpus) {
        if (c.gpuCount == 0) account.note("devices.gpus", msg("export.trt_cpu_only"));
        else account.mapOption("devices.gpus", "CUDA_VISIBLE_DEVICES=" + exportdetail::joinInts(*d.gpus, ","));
    }
    const SplitMode split = d.split.value_or(SplitMode::None);
    if (d.split) {
        if (split == SplitMode::None) account.map("devices.split", msg("export.map.trt_one_gpu"));
        else if (c.gpuCount >= 2) {
            const char* flag = split == SplitMode::Tensor ? "--tp_size" : "--pp_size";
            c.quantize.add(flag, static_cast<int64_t>(c.gpuCount));
            account.map("devices.split", msg("export.map.trt_split", {{"flag", flag}, {"count", c.gpuCount}}));
        } else {
            account.note("devices.split", msg("export.split_needs_gpus", {{"split", enumName(split)}, {"framework", kName}}));
        }
    }
    if (d.layerWeights) account.note("devices.layer_weights", msg("export.trt_layer_weights"));
    if (d.offloadLayers)
        account.note("devices.offload_layers", msg("export.trt_offload"));
}

void trtSampling(const SamplingConfig& s, TrtCommands& c, Account& account)
{
    // run.py samples with temperature; greedy decoding is top-k 1.
    const bool greedy = s.temperature && *s.temperature == 0.0;
    if (greedy) {
        c.run.add("--top_k", 1);
        account.map("sampling.temperature", msg("export.map.trt_greedy"));
        if (s.topK) account.map("sampling.top_k", msg("export.map.trt_top_k_greedy"));
    } else {
        if (s.temperature) {
            c.run.add("--temperature", exportdetail::numberText(*s.temperature));
            account.mapOption("sampling.temperature", "run.py --temperature");
        }
        if (s.topK) {
            c.run.add("--top_k", *s.topK);
            account.mapOption("sampling.top_k", "run.py --top_k");
        }
    }
    if (s.topP) {
        c.run.add("--top_p", exportdetail::numberText(*s.topP));
        account.mapOption("sampling.top_p", "run.py --top_p");
    }
    if (s.minP) account.note("sampling.min_p", msg("export.trt_min_p"));
    if (s.repeatPenalty) {
        c.run.add("--repetition_penalty", exportdetail::numberText(*s.repeatPenalty));
        account.mapOption("sampling.repeat_penalty", "run.py --repetition_penalty");
    }
    if (s.repeatLastN) account.note("sampling.repeat_last_n", msg("export.repeat_last_n_all"));
    if (s.seed) {
        c.run.add("--random_seed", std::to_string(*s.seed));
        account.mapOption("sampling.seed", "run.py --random_seed");
        account.note("sampling.seed", msg("export.own_random_generator", {{"framework", kName}}));
    }
    if (s.maxTokens) account.mapOption("sampling.max_tokens", "run.py --max_output_len");
}

}  // namespace

FrameworkExport exportTensorRtLlm(const Profile& profile, const std::string& modelPath)
{
    FrameworkExport out;
    out.framework = Framework::TensorRtLlm;
    Account account(out);
    const std::string stem = exportdetail::modelStem(modelPath);
    const std::string checkpoint = stem + "-trtllm-ckpt";
    const std::string engineDir = stem + "-trtllm-engine";
    if (exportdetail::endsWith(modelPath, ".gguf"))
        account.note("", msg("export.trt_no_gguf"));

    TrtCommands c;
    c.quantize.add("examples/quantization/quantize.py");
    c.quantize.add("--model_dir", modelPath);
    c.quantize.add("--output_dir", checkpoint);
    c.build.add("--checkpoint_dir", checkpoint);
    c.build.add("--output_dir", engineDir);
    c.run.add("examples/run.py");
    c.run.add("--engine_dir", engineDir);
    c.run.add("--tokenizer_dir", modelPath);

    if (profile.weights) trtWeights(*profile.weights, c, account);
    exportdetail::noteNoPruning(profile, plainMessage(kName), msg("export.hint_trt_sparsity"), account);
    if (profile.kvCache) trtKvCache(profile, c, account);
    if (profile.batching) trtBatching(*profile.batching, c, account);
    if (profile.devices) trtDevices(*profile.devices, c, account);
    const int32_t maxTokens = profile.sampling && profile.sampling->maxTokens ? *profile.sampling->maxTokens : 128;
    if (!(profile.sampling && profile.sampling->maxTokens))
        account.note("", msg("export.trt_max_output_len"));
    c.run.add("--max_output_len", maxTokens);
    if (profile.sampling) trtSampling(*profile.sampling, c, account);

    if (profile.devices && profile.devices->gpus && c.gpuCount > 0) {
        const std::string visible = "CUDA_VISIBLE_DEVICES=" + exportdetail::joinInts(*profile.devices->gpus, ",");
        c.quantize.env(visible);
        c.build.env(visible);
        c.run.env(visible);
    }
    out.commands.push_back(c.quantize.str());
    out.commands.push_back(c.build.str());
    const bool multiRank = c.gpuCount >= 2 && profile.devices &&
                           profile.devices->split.value_or(SplitMode::None) != SplitMode::None;
    if (multiRank) c.run.launchWith({"mpirun", "-n", std::to_string(c.gpuCount)});
    out.commands.push_back(c.run.str());
    exportdetail::accountForRest(profile, out);
    return out;
}

}  // namespace engine
