// ONNX Runtime GenAI: the model builder command
// (python3 -m onnxruntime_genai.models.builder) and a genai_config.json overlay
// with the search, session and engine values the profile maps to. Apply the
// overlay with og.Config(folder).overlay(text) or merge it into the
// genai_config.json the builder writes.
#include <nlohmann/json.hpp>

#include "engine/config/framework_export.h"
#include "engine/config/framework_export_detail.h"

namespace engine {

namespace {

using exportdetail::Account;
using exportdetail::Command;
using Json = nlohmann::ordered_json;

constexpr const char* kName = "ONNX Runtime GenAI";
constexpr const char* kOverlayFile = "genai_config_overlay.json";
// The PagedAttention CUDA kernel's block: a multiple of 256 tokens.
constexpr int64_t kPagedBlock = 256;

struct GenAi {
    Command builder{"python3"};
    std::vector<std::string> extra;  // --extra_options key=value
    Json overlay = Json::object();
    bool cuda = false;
    std::string precision;  // -p
    bool paged = false;     // built with use_paged_attention
};

// -p: the profile's weights on this execution provider (fp16 / bf16 run on CUDA only).
void genaiWeights(const Profile& profile, GenAi& g, Account& account)
{
    const std::optional<WeightsConfig>& w = profile.weights;
    const std::optional<WeightDType> dtype = w ? w->dtype : std::nullopt;
    if (!dtype) {
        g.precision = g.cuda ? "fp16" : "fp32";
        account.note("", msg("export.genai_keep_weights", {{"precision", g.precision}}));
    } else if (*dtype == WeightDType::Int8 || *dtype == WeightDType::Int4) {
        g.precision = *dtype == WeightDType::Int8 ? "int8" : "int4";
        account.map("weights.dtype", msg("export.map.genai_weight_only", {{"precision", g.precision}}));
        const int32_t group = w->groupSize.value_or(kDefaultGroupSize);
        g.extra.push_back("block_size=" + std::to_string(group));
        if (w->groupSize) account.mapOption("weights.group_size", "--extra_options block_size=" + std::to_string(group));
        const bool symmetric = w->symmetric.value_or(kDefaultSymmetric);
        g.extra.push_back(std::string("is_symmetric=") + (symmetric ? "true" : "false"));
        if (w->symmetric) account.mapOption("weights.symmetric", std::string("--extra_options is_symmetric=") + (symmetric ? "true" : "false"));
        // InferScope's CPU kernels quantize activations to int8 blocks, as level 4 does.
        if (!g.cuda) g.extra.push_back("accuracy_level=4");
    } else {
        const bool half = *dtype != WeightDType::F32;
        g.precision = *dtype == WeightDType::F32 ? "fp32" : *dtype == WeightDType::F16 ? "fp16" : "bf16";
        if (half && !g.cuda) {
            account.note("weights.dtype", msg("export.genai_cuda_only_precision", {{"precision", g.precision}}));
            g.precision = "fp32";
        } else {
            account.mapOption("weights.dtype", "-p " + g.precision);
        }
    }
    if (w && !(dtype == WeightDType::Int8 || dtype == WeightDType::Int4)) {
        if (w->groupSize) account.note("weights.group_size", msg("export.no_effect_unquantized"));
        if (w->symmetric) account.note("weights.symmetric", msg("export.no_effect_unquantized"));
    }
    if (w && w->overrides)
        account.note("weights.overrides", msg("export.genai_overrides"));
}

void genaiKvCache(const Profile& profile, GenAi& g, Account& account)
{
    const KvCacheConfig& kv = *profile.kvCache;
    const bool halfModel = g.precision == "fp16" || g.precision == "bf16";
    // CUDA models keep float16 inputs and outputs (and so cache) at every precision but fp32.
    const bool halfIo = g.cuda && g.precision != "fp32";
    if (kv.mode == KvCacheMode::Off)
        account.note("kv_cache.mode", msg("export.genai_kv_off"));
    if (kv.mode == KvCacheMode::Contiguous) {
        if (g.cuda) {
            g.overlay["search"]["past_present_share_buffer"] = true;
            account.map("kv_cache.mode", msg("export.map.genai_share_buffer"));
        } else {
            account.map("kv_cache.mode", msg("export.map.genai_contiguous_cpu"));
        }
    }
    if (kv.mode == KvCacheMode::Paged) {
        if (g.cuda && halfModel) {
            g.paged = true;
            g.extra.push_back("use_paged_attention=true");
            g.extra.push_back("paged_block_size=" + std::to_string(kPagedBlock));
            account.mapOption("kv_cache.mode", "--extra_options use_paged_attention=true");
        } else {
            account.note("kv_cache.mode", msg("export.genai_paged_needs_cuda"));
        }
    }
    if (kv.blockSize)
        account.note("kv_cache.block_size", msg("export.genai_block_size", {{"tokens", *kv.blockSize}}));
    if (kv.capacityTokens) {
        const int64_t capacity = *kv.capacityTokens;
        if (g.paged) {
            g.overlay["engine"]["dynamic_batching"]["num_blocks"] = (capacity + kPagedBlock - 1) / kPagedBlock;
            account.map("kv_cache.capacity_tokens", msg("export.map.genai_num_blocks"));
        }
        g.overlay["search"]["max_length"] = capacity;
        if (!g.paged) {
            const bool oneSequence = profile.batching && profile.batching->maxSequences == 1;
            if (oneSequence) account.map("kv_cache.capacity_tokens", msg("export.map.genai_max_length"));
            else account.note("kv_cache.capacity_tokens", msg("export.genai_capacity"));
        }
    }
    if (kv.dtype) {
        if (*kv.dtype == KvDType::Int8) {
            account.note("kv_cache.dtype", msg("export.genai_kv_int8"));
        } else {
            const bool matches = (*kv.dtype == KvDType::F16) == halfIo;
            if (matches) account.map("kv_cache.dtype", msg("export.map.genai_kv_io_dtype", {{"dtype", enumName(*kv.dtype)}}));
            else
                account.note("kv_cache.dtype", msg(g.cuda ? MessageId("export.genai_kv_io_dtype_cuda")
                                                          : MessageId("export.genai_kv_io_dtype_cpu"),
                                                   {{"dtype", halfIo ? "f16" : "f32"}, {"precision", g.precision}}));
        }
    }
}

void genaiBatching(const BatchingConfig& b, GenAi& g, Account& account)
{
    const bool continuous = b.policy == BatchingPolicy::Continuous;
    if (continuous && !g.paged)
        account.note("batching.policy", msg("export.genai_dynamic_batching"));
    const bool dynamic = g.paged && b.policy != BatchingPolicy::Static;
    Json& section = g.overlay["engine"][dynamic ? "dynamic_batching" : "static_batching"];
    if (b.policy && (dynamic || !continuous))
        account.mapOption("batching.policy", dynamic ? "engine.dynamic_batching" : "engine.static_batching");
    if (b.maxSequences) {
        section["max_batch_size"] = *b.maxSequences;
        account.mapOption("batching.max_sequences", std::string("engine.") + (dynamic ? "dynamic" : "static") + "_batching.max_batch_size");
    }
    if (b.maxBatch) {
        if (dynamic) {
            section["max_scheduled_tokens"] = *b.maxBatch;
            account.mapOption("batching.max_batch", "engine.dynamic_batching.max_scheduled_tokens");
        } else {
            account.note("batching.max_batch", msg("export.genai_static_budget"));
        }
    }
    if (section.empty()) g.overlay["engine"].erase(dynamic ? "dynamic_batching" : "static_batching");
    if (g.overlay["engine"].empty()) g.overlay.erase("engine");
}

void genaiDevices(const DevicesConfig& d, GenAi& g, Account& account)
{
    Json& session = g.overlay["model"]["decoder"]["session_options"];
    if (d.threads) {
        if (*d.threads > 0) {
            session["intra_op_num_threads"] = *d.threads;
            account.mapOption("devices.threads", "model.decoder.session_options.intra_op_num_threads");
        } else {
            account.map("devices.threads", msg("export.map.genai_threads_all"));
        }
    }
    const size_t gpuCount = d.gpus ? d.gpus->size() : 0;
    if (d.gpus) {
        if (gpuCount == 0) account.mapOption("devices.gpus", "-e cpu");
        else {
            session["provider_options"] = Json::array({{{"cuda", {{"device_id", std::to_string((*d.gpus)[0])}}}}});
            account.mapOption("devices.gpus", "-e cuda, provider_options cuda device_id " + std::to_string((*d.gpus)[0]));
            if (gpuCount > 1) account.note("devices.gpus", msg("export.genai_one_gpu"));
        }
    }
    if (session.empty()) g.overlay.erase("model");
    const SplitMode split = d.split.value_or(SplitMode::None);
    if (split == SplitMode::None && d.split) account.map("devices.split", msg("export.map.genai_one_device"));
    else if (d.split)
        account.note("devices.split", msg("export.genai_one_device"));
    if (d.virtualCpus) account.note("devices.virtual_cpus", msg("export.genai_virtual_cpus"));
    if (d.layerWeights) account.note("devices.layer_weights", msg("export.genai_no_layer_shares"));
    if (d.offloadLayers) account.note("devices.offload_layers", msg("export.genai_no_offload"));
}

void genaiSampling(const SamplingConfig& s, GenAi& g, Account& account)
{
    Json& search = g.overlay["search"];
    const bool greedy = s.temperature && *s.temperature == 0.0;
    if (s.temperature) {
        search["do_sample"] = !greedy;
        if (!greedy) search["temperature"] = *s.temperature;
        if (greedy) account.map("sampling.temperature", msg("export.map.genai_greedy"));
        else account.mapOption("sampling.temperature", "search.temperature, do_sample: true");
    }
    if (s.topK) {
        if (*s.topK > 0) {
            search["top_k"] = *s.topK;
            account.mapOption("sampling.top_k", "search.top_k");
        } else {
            account.note("sampling.top_k", msg("export.genai_top_k_off"));
        }
    }
    if (s.topP) {
        search["top_p"] = *s.topP;
        account.mapOption("sampling.top_p", "search.top_p");
    }
    if (s.minP) account.note("sampling.min_p", msg("export.genai_min_p"));
    if (s.repeatPenalty) {
        search["repetition_penalty"] = *s.repeatPenalty;
        account.mapOption("sampling.repeat_penalty", "search.repetition_penalty");
    }
    if (s.repeatLastN) account.note("sampling.repeat_last_n", msg("export.repeat_last_n_all"));
    if (s.seed) {
        if (*s.seed <= 0x7FFFFFFFu) {
            search["random_seed"] = *s.seed;
            account.mapOption("sampling.seed", "search.random_seed");
            account.note("sampling.seed", msg("export.own_random_generator", {{"framework", kName}}));
        } else {
            account.note("sampling.seed", msg("export.genai_seed_too_big", {{"seed", *s.seed}}));
        }
    }
    if (s.maxTokens)
        account.note("sampling.max_tokens", msg("export.genai_max_tokens", {{"tokens", *s.maxTokens}}));
    if (search.empty()) g.overlay.erase("search");
}

}  // namespace

FrameworkExport exportOnnxRuntimeGenAi(const Profile& profile, const std::string& modelPath)
{
    FrameworkExport out;
    out.framework = Framework::OnnxRuntimeGenAi;
    Account account(out);
    GenAi g;
    g.cuda = profile.devices && profile.devices->gpus && !profile.devices->gpus->empty();
    const bool gguf = exportdetail::endsWith(modelPath, ".gguf");
    if (gguf) account.note("", msg("export.genai_gguf_float_only"));

    genaiWeights(profile, g, account);
    exportdetail::noteNoPruning(profile, plainMessage(kName), std::nullopt, account);
    if (profile.kvCache) genaiKvCache(profile, g, account);
    if (profile.batching) genaiBatching(*profile.batching, g, account);
    if (profile.devices) genaiDevices(*profile.devices, g, account);
    if (profile.sampling) genaiSampling(*profile.sampling, g, account);

    const std::string outputDir = exportdetail::modelStem(modelPath) + "-onnx-" + g.precision + (g.cuda ? "-cuda" : "-cpu");
    g.builder.add("-m");
    g.builder.add("onnxruntime_genai.models.builder");
    // A local file or folder goes to -i; anything else is a Hugging Face name.
    const bool local = gguf || modelPath.rfind('/', 0) == 0 || modelPath.rfind("./", 0) == 0 || modelPath.rfind("../", 0) == 0;
    g.builder.add(local ? "-i" : "-m", modelPath);
    g.builder.add("-o", outputDir);
    g.builder.add("-p", g.precision);
    g.builder.add("-e", g.cuda ? "cuda" : "cpu");
    if (!g.extra.empty()) {
        g.builder.add("--extra_options");
        for (const std::string& option : g.extra) g.builder.add(option);
    }
    out.commands.push_back(g.builder.str());
    if (!g.overlay.empty()) {
        out.files.push_back({kOverlayFile, g.overlay.dump(2) + "\n"});
        // Merge the overlay into the builder's genai_config.json (the runtime's own overlay parser).
        Command merge("python3");
        merge.add("-c", "import json,sys; "
                        "m=lambda a,b: {**a, **{k: (m(a.get(k) or {}, v) if isinstance(v, dict) else v) for k, v in b.items()}}; "
                        "p=sys.argv[1]; c=m(json.load(open(p)), json.load(open(sys.argv[2]))); "
                        "json.dump(c, open(p, 'w'), indent=4)");
        merge.add(outputDir + "/genai_config.json");
        merge.add(kOverlayFile);
        out.commands.push_back(merge.str());
    }
    exportdetail::accountForRest(profile, out);
    return out;
}

}  // namespace engine
