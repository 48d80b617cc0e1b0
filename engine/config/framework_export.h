#pragma once
// Export of a profile to the serving frameworks deployment engineers compare
// InferScope with, beside llama.cpp and vLLM (profile_export.h):
//   - TensorRT-LLM: checkpoint quantization (quantize.py), trtllm-build and run.py;
//   - Triton Inference Server with its vLLM backend: a model repository
//     (config.pbtxt + 1/model.json) and a generate request;
//   - ONNX Runtime GenAI: the model builder command and a genai_config overlay.
//
// Each is the profile's NEAREST equivalent. Every knob the profile sets is
// accounted for: either mapped (`mapped`: the key and what it became) or noted
// (`notes`: no exact equivalent, with the nearest option). A test walks every
// profile key so that a new knob cannot be dropped silently.
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/config/profile.h"
#include "engine/config/profile_export.h"

namespace engine {

enum class Framework { TensorRtLlm, TritonVllm, OnnxRuntimeGenAi, Count };

// "tensorrt-llm", "triton", "onnxruntime-genai": the CLI's --format names.
const char* frameworkFormatName(Framework framework);
// "TensorRT-LLM", "Triton Inference Server (vLLM backend)", "ONNX Runtime GenAI".
const char* frameworkTitle(Framework framework);

// One file an export writes, relative to the output folder.
struct ExportFile {
    std::string path;  // "model_repository/llama/config.pbtxt"
    std::string content;
    bool operator==(const ExportFile&) const = default;
};

// A profile key with an equivalent, and what it became.
struct ExportMapping {
    std::string path;    // "kv_cache.block_size"
    Message target;      // catalogued ("export.map.*"): "trtllm-build --tokens_per_block 16" in English
    bool operator==(const ExportMapping&) const = default;
};

struct FrameworkExport {
    Framework framework = Framework::TensorRtLlm;
    std::vector<ExportFile> files;        // written first (Triton's repository, the genai overlay)
    std::vector<std::string> commands;    // then run in this order, shell-quoted
    std::vector<ExportMapping> mapped;    // knobs with an equivalent
    std::vector<ExportNote> notes;        // knobs without an exact one ("path" may be a whole section)

    // A shell script: a header naming the framework, the mapped knobs and the
    // notes as "# " comments, each file as a here-document, then the commands.
    std::string text() const;
    // The same without the files (they are written to a folder instead).
    std::string commandsText() const;
};

// Writes the export into `folder` (created if missing): every file at its
// relative path, and commands.sh with commandsText(); the commands name the
// files relative to the folder. Existing regular files are replaced.
Status writeFrameworkExport(const FrameworkExport& out, const std::string& folder);

// `modelPath`: the model the commands name (a GGUF file, a Hugging Face folder or name).
FrameworkExport exportTensorRtLlm(const Profile& profile, const std::string& modelPath);
FrameworkExport exportTritonVllm(const Profile& profile, const std::string& modelPath);
FrameworkExport exportOnnxRuntimeGenAi(const Profile& profile, const std::string& modelPath);
FrameworkExport exportFramework(Framework framework, const Profile& profile, const std::string& modelPath);

// Every knob the profile sets, as "section.key" in visitor order
// ("weights.dtype", "kv_cache.block_size", ...; name and description are not knobs).
std::vector<std::string> profileKnobPaths(const Profile& profile);
// Every knob a profile can set (the same form, all of them).
std::vector<std::string> allProfileKnobPaths();

// What an export says of a knob its mapping code forgot (a key added to the
// profile later): the export still names it, and the tests look for this text.
inline constexpr const char* kUnmappedKnobMessage = "not mapped: this InferScope version has no mapping for this key";

// The knobs `profile` sets that `out` neither maps nor notes. A note on a
// section ("pruning") accounts for every key in it. Empty for a complete export.
std::vector<std::string> unaccountedKnobs(const Profile& profile, const FrameworkExport& out);

}  // namespace engine
