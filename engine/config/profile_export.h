#pragma once
// Export of a profile to the two engines deployment engineers run in production:
// a llama.cpp command line (llama-server, plus the llama-quantize step that
// produces the matching GGUF) and vLLM engine arguments (vllm serve).
//
// A knob never silently disappears: whatever has no exact equivalent produces a
// note naming the profile key and the nearest option, and each mapping reads
// the same engine defaults (profile.h) the engine itself would use.
#include <string>
#include <vector>

#include "engine/common/message.h"
#include "engine/config/profile.h"

namespace engine {

struct ExportNote {
    std::string path;  // profile key, e.g. "kv_cache.mode"
    Message message;   // catalogued ("export.*"); the app renders it in the interface language
    bool operator==(const ExportNote&) const = default;

    std::string toString() const;  // "path: message" in English
};

struct CommandExport {
    std::vector<std::string> prepare;  // commands to run first (llama-quantize)
    std::string command;               // the command line, shell-quoted
    std::vector<ExportNote> notes;     // knobs without an exact equivalent

    // A small shell script: notes as "# " comments, then prepare, then command.
    std::string text() const;
};

// `adjusted`: the tensors InferScope keeps off the requested type for this
// model (the quantization pass's adjustments, e.g. an F16 ffn_down whose 172
// columns no 32-block divides); each becomes its own --tensor-type so that
// llama-quantize writes the types InferScope runs.
CommandExport exportLlamaCpp(const Profile& profile, const std::string& modelPath,
                             const std::vector<Adjustment>& adjusted = {});
// vLLM serves Hugging Face folders (or hub ids) and, experimentally, GGUF files:
// a llama2.c `.bin` gets a first command that converts it to GGUF
// (inferscope-cli export-model). No --quantization method is ever claimed: vLLM
// reads it from a pre-quantized checkpoint, and a GGUF keeps its stored types;
// the notes say which file the profile's int8/int4 weights need.
CommandExport exportVllm(const Profile& profile, const std::string& modelPath);

// exportX(...).text().
std::string toLlamaCppArgs(const Profile& profile, const std::string& modelPath,
                           const std::vector<Adjustment>& adjusted = {});
std::string toVllmArgs(const Profile& profile, const std::string& modelPath);

// GGUF file type that matches the profile's weights (llama-quantize's name:
// "Q4_0", "Q8_0", "F16", ...), or empty when the profile keeps the model's
// weights. Notes explain any approximation.
std::string ggufTypeForWeights(const WeightsConfig& weights, std::vector<ExportNote>* notes);

// POSIX shell quoting: plain words stay as they are, anything else goes in
// single quotes.
std::string shellQuote(const std::string& word);

}  // namespace engine
