#pragma once
// Synthetic models: GGUF files of real model shapes filled with seeded random
// weights, for speed and memory studies without downloading anything.
//
// Weights come from splitmix64 (a fixed, documented generator, so files are
// byte-identical on every platform and compiler): each tensor has its own
// stream seeded from (seed, tensor index), and each value is uniform with
// standard deviation 1/sqrt(row length), so every matmul keeps activations at
// unit scale and the logits are varied. Norm weights are 1. 1-D tensors are
// stored as F32 (as llama.cpp does); matrices whose row length is not a
// multiple of a quantized type's block size are stored as F16 instead.
//
// The vocabulary is SentencePiece-style (tokenizer.ggml.model = "llama"):
// <unk>, <s>, </s>, the 256 byte tokens <0x00>..<0xFF>, then pieces built by
// merging existing pieces (so a score-greedy SPM encoder can reach every one),
// with descending scores. It depends only on the vocabulary size, not on the
// seed. The 1b and 8b shapes really use a 128256-token BPE vocabulary; here
// they get an SPM vocabulary of the same size.
//
// Output classifier: shapes whose original ties it to the token embedding
// (stories15M, stories110M, Llama-3.2-1B) are written without output.weight,
// which llama.cpp and our loader read as "tied"; tiny and 8b carry one.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/expected.h"
#include "engine/formats/model_file.h"
#include "engine/model/llama3_rope.h"
#include "kernels/api/dtype.h"

namespace engine {

enum class SynthShape { Tiny, Stories15M, Stories110M, Llama1B, Llama8B, Qwen2_05B, Phi3Mini, Gemma2_2B, Count };

struct SynthShapeSpec {
    std::string_view name;  // CLI spelling: tiny, 15m, 110m, 1b, 8b, qwen2-0.5b, phi3-mini, gemma2-2b
    std::string_view modelOf;  // the real model it mimics
    int64_t dim, hiddenDim, nLayers, nHeads, nKvHeads, vocabSize, contextLength;
    float ropeFreqBase;
    float rmsEps;
    bool tiedOutput;
    // Llama 3.1 / 3.2 rope scaling written as rope_freqs.weight (the factor;
    // 0 = the file has no rope_freqs): 32 for Llama-3.2-1B.
    float llama3RopeFactor;
    // The GGUF architecture written (engine/model/architecture.h): its metadata
    // prefix and tensors (qwen2: Q/K/V biases; phi3: fused attn_qkv, ffn_up;
    // gemma2: post-attention / post-FFN norms, soft-capping and window keys).
    std::string_view architecture;
    // Head size when it is not dim / heads (Gemma 2: 256); 0 = dim / heads.
    int64_t headDim = 0;

    int64_t headSize() const { return headDim > 0 ? headDim : dim / nHeads; }
};

const SynthShapeSpec& synthShapeSpec(SynthShape shape);
// Parameters of the file synthesizeModel writes for `spec` (every tensor's values).
uint64_t synthParameterCount(const SynthShapeSpec& spec);
std::optional<SynthShape> synthShapeFromName(std::string_view name);
std::string synthShapeNames();  // "tiny|15m|110m|1b|8b"

// Types a synthetic model can be written in: f32, f16, bf16, q8_0, q4_0.
bool isSynthDType(kernels::DType type);

struct SynthOptions {
    SynthShape shape = SynthShape::Tiny;
    kernels::DType dtype = kernels::DType::F32;
    uint64_t seed = 0;
    std::string outPath;
    // Write rope_freqs.weight with Llama 3 factors (factor 32) whatever the
    // shape says; unset: the shape decides.
    std::optional<bool> llama3Rope;
};


// Called as data is written; return false to cancel (the partial file is removed).
using SynthProgress = std::function<bool(uint64_t bytesDone, uint64_t bytesTotal)>;

// Writes the model to options.outPath (atomically, via "<outPath>.tmp"),
// streaming tensor by tensor so memory use stays at a few megabytes.
Status synthesizeModel(const SynthOptions& options, const SynthProgress& progress = {});

// The synthetic vocabulary for `vocabSize` tokens (at least 259).
struct SynthVocab {
    std::vector<std::string> tokens;
    std::vector<float> scores;
    std::vector<int32_t> types;  // GGUF token types: 1 normal, 2 unknown, 3 control, 5 unused, 6 byte
};
// `family`: "phi3" puts Phi-3's added tokens in the last 64 ids, as the real
// vocabulary does (32000 <|endoftext|>, 32001 <|assistant|>, 32006 <|system|>,
// 32007 <|end|>, 32010 <|user|>, placeholders, padding), so chat formatting,
// end-of-generation and other tools see them; any other family: none.
SynthVocab buildSynthVocab(int64_t vocabSize, std::string_view family = {});

// The tokenizer metadata synthesizeModel writes for `spec` (tokenizer.ggml.*:
// the vocabulary above, its scores and types, the special token ids), as
// key / value pairs: what a tokenizer is built from, without the weights.
std::vector<std::pair<std::string, MetaValue>> synthTokenizerMetadata(const SynthShapeSpec& spec);

}  // namespace engine
