// inferscope-cli export PROFILE.json --format FORMAT [--model PATH] [--out FILE|DIR]
// The tuned configuration as our canonical profile JSON, the nearest llama.cpp
// command lines (llama-quantize + llama-server), vLLM engine arguments, and the
// nearest settings for TensorRT-LLM, Triton Inference Server (vLLM backend) and
// ONNX Runtime GenAI (engine/config/framework_export.h). Knobs without an
// equivalent appear as "# " comment lines, never dropped. For the last three,
// --out names a folder that receives their files and commands.sh. Validator
// warnings go to stderr; errors fail the command.
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>

#include "engine/common/output_file.h"
#include "engine/common/text_file.h"
#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "engine/config/framework_export.h"
#include "engine/config/profile.h"
#include "engine/config/profile_export.h"
#include "engine/config/profile_validator.h"
#include "engine/formats/model_file.h"
#include "engine/passes/quantize_pass.h"

namespace cli {

namespace {

constexpr const char* kUsage =
    "usage: export PROFILE.json --format json|llama.cpp|vllm|tensorrt-llm|triton|onnxruntime-genai [--model PATH] "
    "[--out FILE|DIR]";

std::optional<engine::Framework> frameworkNamed(const std::string& format)
{
    for (int i = 0; i < static_cast<int>(engine::Framework::Count); ++i)
        if (format == engine::frameworkFormatName(static_cast<engine::Framework>(i)))
            return static_cast<engine::Framework>(i);
    return std::nullopt;
}

// The framework exports: a script on stdout, or files and commands.sh in --out DIR.
int exportToFramework(engine::Framework framework, const engine::Profile& profile, const std::string& model,
                      const Args& args)
{
    const engine::FrameworkExport out = engine::exportFramework(framework, profile, model);
    if (const auto folder = args.value("--out")) {
        if (auto ok = engine::writeFrameworkExport(out, *folder); !ok) return failWith("export: " + ok.error().message);
        return 0;
    }
    const std::string text = out.text();
    std::fputs(text.c_str(), stdout);
    return 0;
}

bool writeFile(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    return static_cast<bool>(out);
}

}  // namespace

int runExport(const std::vector<std::string>& argv)
{
    std::string error;
    const Args args = Args::parse(argv, {"--format", "--model", "--out"}, {}, error);
    if (!error.empty()) return failWith("export: " + error);
    if (args.positional().size() != 1) return failWith(std::string("export: expected one PROFILE argument (") + kUsage + ")");
    const std::string path = args.positional()[0];
    const std::string format = args.valueOr("--format", "json");
    const std::optional<engine::Framework> framework = frameworkNamed(format);
    if (format != "json" && format != "llama.cpp" && format != "vllm" && !framework)
        return failWith("export: --format must be json, llama.cpp, vllm, tensorrt-llm, triton or onnxruntime-genai, got '" +
                        format + "'");

    auto text = engine::readTextFile(path, "profile", engine::kMaxConfigFileBytes);
    if (!text) return failWith("export: " + text.error().message);
    const engine::ProfileCheck check = engine::checkProfileText(*text);
    for (const engine::ProfileIssue& w : check.warnings())
        std::fprintf(stderr, "inferscope-cli: warning: %s: %s\n", path.c_str(), w.toString().c_str());
    if (check.hasErrors() || !check.profile)
        return failWith("export: " + path + ": " + engine::joinErrors(check.errors()));

    // The model path in the emitted commands: given, or a placeholder the user edits.
    const std::string model = args.valueOr("--model", "MODEL.gguf");
    if (framework) return exportToFramework(*framework, *check.profile, model, args);
    std::string output;
    if (format == "json") output = engine::serializeProfile(*check.profile);
    else if (format == "llama.cpp") {
        // With a model to look at, the tensors InferScope keeps off the
        // requested type are exported as it keeps them.
        std::vector<engine::Adjustment> adjusted;
        if (args.value("--model") && check.profile->weights)
            if (auto file = engine::openModelFile(model))
                if (auto planned = engine::plannedAdjustments(*file, *check.profile->weights)) adjusted = *planned;
        output = engine::toLlamaCppArgs(*check.profile, model, adjusted);
    }
    else output = engine::toVllmArgs(*check.profile, model);

    if (const auto out = args.value("--out")) {
        if (auto ok = engine::checkOutputPath(*out); !ok) return failWith("export: " + ok.error().message);
        if (!writeFile(*out, output)) return failWith("export: cannot write '" + *out + "'");
        return 0;
    }
    std::fputs(output.c_str(), stdout);
    if (!output.empty() && output.back() != '\n') std::fputc('\n', stdout);
    return 0;
}

}  // namespace cli
