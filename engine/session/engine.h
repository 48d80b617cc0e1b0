#pragma once
// Engine: the facade the CLI and the GUI bridge use. Loads a model file and
// its tokenizer, picks the compute ops, and runs generation requests.
//
//   auto engine = Engine::load("stories260K.gguf", "", LoadOptions{});
//   auto result = (*engine)->generate(GenerateRequest{.prompt = "Once"}, Callbacks{});
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/common/progress.h"
#include "engine/config/profile.h"
#include "engine/formats/model_file.h"
#include "engine/model/llama_model.h"
#include "engine/session/generation_types.h"
#include "kernels/api/ops.h"

namespace engine {

class Tokenizer;

enum class OpsKind {
    Cpu,        // the fast CPU ops (threaded)
    Reference,  // scalar kernels::ref ops: the ground truth, slow
    Count
};

struct LoadOptions {
    int32_t threads = 0;  // CPU threads; 0 = hardware concurrency
    OpsKind ops = OpsKind::Cpu;
    // How the model is split over devices: devices.virtual_cpus CPU devices
    // share the threads (at least one each), each with its own ops.
    DevicesConfig devices;
    // The largest forward pass the caller will run, in tokens (batching.max_batch):
    // every device's activation workspace is reserved for it at load. 0: 512
    // (llama.cpp's default batch), at most the model context. A longer pass
    // (a longer prompt) reserves more before it runs.
    int32_t maxBatchTokens = 0;
    // The context window to accept, in tokens; 0: the model's trained context.
    // Longer lets a benchmark run llama-bench's shapes (pp512 on a model trained
    // on 256 positions): the positions past the trained context are computed
    // like any other, at the same cost, but the model never learned them, so
    // only speed measured there means anything.
    int32_t contextLength = 0;
    // The KV cache precision the profile asks for (kv_cache.dtype): the
    // devices are asked at load whether they can attend over it.
    std::optional<KvDType> kvDType;
    // When set, the weights are converted at load by the quantization pass
    // (engine/passes/quantize_pass.h) before the model binds them.
    std::optional<WeightsConfig> weights;
    // When set, the weights are pruned at load by the pruning pass
    // (engine/passes/prune_pass.h), before the quantization step.
    std::optional<PruningConfig> pruning;
    // Calibration text for activation-aware pruning (wanda, structured): the
    // text itself, not a path; empty = the bundled resources/eval/stories.txt.
    std::string calibrationText;
    // Told what the load is doing, phase by phase: Phase::Loading when the file
    // is open and when the model is bound (tensors and bytes of tensor data),
    // Phase::Pruning after each tensor the pruning pass rewrites, and
    // Phase::Requantizing per tensor (and within large ones) with the bytes
    // converted and the time left. `cancel`, when raised at any time during the
    // load, ends it with ErrorCode::Cancelled within milliseconds: it is polled
    // between the phases and inside each (per metadata item and tensor while the
    // file is read, per tensor and within large ones in the passes, per tensor
    // while the weights are bound and copied to a device).
    ProgressFn progress;
    const std::atomic<bool>* cancel = nullptr;
};

class Engine {
public:
    ~Engine();

    // `tokenizerPath` is only used by llama2.c checkpoints (tokenizer.bin);
    // empty: found next to the model.
    static Expected<std::unique_ptr<Engine>> load(const std::string& modelPath,
                                                  const std::string& tokenizerPath = {},
                                                  const LoadOptions& options = {});

    // One request at a time per engine (the model owns its scratch buffers).
    Expected<GenerateResult> generate(const GenerateRequest& request, const Callbacks& callbacks = {});

    const ModelConfig& config() const { return m_model->config(); }
    const ModelFile& file() const { return *m_file; }
    const Tokenizer& tokenizer() const { return *m_tokenizer; }
    // The same tokenizer, shared: it is immutable, so another thread may
    // encode with it (the GUI counts prompt tokens for its estimates).
    std::shared_ptr<const Tokenizer> sharedTokenizer() const { return m_tokenizer; }
    LlamaModel& model() { return *m_model; }
    const kernels::Ops& ops() const { return *m_ops.front(); }
    double loadMs() const { return m_loadMs; }
    // Where the load passes deviated from the requested configuration (a tensor
    // kept at higher precision, a rounded pruning ratio) and what they said
    // (e.g. "the source was dequantized first"). Empty without passes.
    const std::vector<Adjustment>& adjustments() const { return m_adjustments; }
    const std::vector<std::string>& loadNotes() const { return m_loadNotes; }
    // Bytes of every tensor's data as the model runs it (packed values + scales).
    uint64_t weightsBytes() const;
    int32_t threads() const { return m_threads; }
    // llama2.c models stop when BOS is sampled, as run.c does.
    bool stopsAtBos() const { return m_file->format == ModelFormat::Llama2c; }

private:
    Engine() = default;

    // Declaration order is destruction order in reverse: the model refers to
    // the ops and to the file, so it goes first.
    std::shared_ptr<const ModelFile> m_file;
    std::vector<std::unique_ptr<kernels::Ops>> m_ops;  // one per device
    std::shared_ptr<const Tokenizer> m_tokenizer;
    std::unique_ptr<LlamaModel> m_model;
    double m_loadMs = 0.0;
    int32_t m_threads = 1;
    std::vector<Adjustment> m_adjustments;
    std::vector<std::string> m_loadNotes;
};

}  // namespace engine
