#pragma once
// ModelCard: what `info` and the Model screen show about a model file, built
// from metadata and tensor infos only (no tensor data is read, so it is
// instant even for multi-gigabyte files).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/formats/model_file.h"
#include "kernels/api/dtype.h"

namespace engine {

// The type a tensor is stored in when a model is converted to `target`:
// 1-D tensors (norms) stay F32, matrices whose row length is not a multiple
// of the target's block size fall back to F16, everything else is `target`.
kernels::DType storageTypeFor(kernels::DType target, const std::vector<uint64_t>& shape);

struct ModelCard {
    struct Tensor {
        std::string name;
        std::string type;  // GGUF spelling, e.g. "Q4_0"
        std::vector<uint64_t> shape;
        uint64_t elements = 0;
        uint64_t bytes = 0;
        // What the forward pass reads it as ("attn_q", "ffn_up (gate | up)"),
        // from the engine's tensor list; "" for a tensor the engine does not read.
        std::string role;
    };
    struct MemoryEstimate {
        uint64_t asStored = 0;  // bytes of all distinct tensors as the file stores them
        uint64_t fp32 = 0;
        uint64_t fp16 = 0;
        uint64_t int8 = 0;  // Q8_0 layout
        uint64_t int4 = 0;  // Q4_0 layout
    };

    std::string path;
    std::string format;  // "gguf" or "llama2.c"
    uint32_t ggufVersion = 0;
    uint64_t fileSize = 0;
    std::string architecture;
    std::string name;
    std::string fileType;  // dominant tensor type, e.g. "F32" or "Q4_0 (mixed)"

    // Hyper-parameters (0 when the file does not say).
    int64_t dim = 0;
    int64_t hiddenDim = 0;
    int64_t nLayers = 0;
    int64_t nHeads = 0;
    int64_t nKvHeads = 0;
    int64_t headDim = 0;
    int64_t vocabSize = 0;
    int64_t contextLength = 0;
    int64_t ropeDim = 0;
    double ropeFreqBase = 0;
    double rmsEps = 0;
    bool tiedOutput = false;  // no separate output.weight, or one sharing the embedding's bytes
    // What the forward pass does differently for this file's architecture
    // ("half-split rope", "Q/K/V biases", "rope frequency factors", ...);
    // empty for an architecture the engine does not run.
    std::vector<std::string> features;
    std::string chatTemplate;  // the chat format its tokenizer.chat_template writes, "unknown", or ""

    uint64_t parameterCount = 0;  // tensors sharing storage are counted once
    std::string tokenizerModel;   // tokenizer.ggml.model ("llama", "gpt2", ...) or "" when absent
    int64_t tokenizerVocab = 0;   // entries in tokenizer.ggml.tokens
    std::vector<Tensor> tensors;
    int64_t unreadTensors = 0;  // tensors with no role: carried along, never read
    MemoryEstimate memory;
    // The KV cache of one sequence at the full context (contiguous layout),
    // per precision, as the engine allocates it: sliding-window layers hold
    // only their window's ring. `whole` is f16 with every layer held whole.
    // All 0 for a model the engine does not run.
    int64_t slidingWindow = 0;         // positions a sliding-window layer attends to (0: none)
    std::vector<bool> windowedLayers;  // per layer: attends only to the window
    struct KvEstimate {
        int64_t tokens = 0;
        int64_t windowLayers = 0;
        uint64_t f32 = 0;
        uint64_t f16 = 0;
        uint64_t int8 = 0;
        uint64_t f16Whole = 0;
    };
    KvEstimate kvCache;
    std::vector<std::pair<std::string, std::string>> metadata;  // key, short display value

    static ModelCard fromModelFile(const ModelFile& file);

    nlohmann::json toJson() const;
    std::string toText() const;
};

std::string formatBytes(uint64_t bytes);   // "1.23 GiB"
std::string formatCount(uint64_t count);   // "1.24 B", "260.0 K"

}  // namespace engine
