#pragma once
// Hugging Face checkpoint folders: config.json, the weights as safetensors
// (one model.safetensors, or shards listed by model.safetensors.index.json;
// F32, F16 or BF16) and tokenizer.json (+ tokenizer_config.json), presented
// as a ModelFile with GGUF tensor names and metadata keys — as the llama2.c
// reader does — so everything above the readers sees one representation and
// export-model writes the folder as a GGUF file.
//
// What a GGUF converter would change is changed here, on a copy of the
// affected tensors only: Llama-family q/k rows are permuted from the
// checkpoint's half-split rope layout to the adjacent pairs GGUF `llama`
// rotates; Gemma's RMSNorm weights (stored as w - 1) get their 1 back; Llama
// 3's rope_scaling becomes the rope_freqs tensor. Every other tensor is a view
// into its shard's mapping.
#include <atomic>
#include <string>

#include "engine/common/expected.h"
#include "engine/formats/model_file.h"

namespace engine {

// A directory holding config.json.
bool isHuggingFaceFolder(const std::string& path);

// `cancel`, when raised while the shards are read (polled per tensor and within
// the rows a tensor is rewritten in), ends the read with ErrorCode::Cancelled.
Expected<ModelFile> readHuggingFaceFolder(const std::string& dir, const std::atomic<bool>* cancel = nullptr);

}  // namespace engine
