#include "engine/config/framework_export.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/common/message_catalog.h"
#include "engine/common/output_file.h"

#include "engine/config/framework_export_detail.h"

namespace engine {

const char* frameworkFormatName(Framework framework)
{
    switch (framework) {
    case Framework::TensorRtLlm: return "tensorrt-llm";
    case Framework::TritonVllm: return "triton";
    case Framework::OnnxRuntimeGenAi: return "onnxruntime-genai";
    case Framework::Count: break;
    }
    return "";
}

const char* frameworkTitle(Framework framework)
{
    switch (framework) {
    case Framework::TensorRtLlm: return "TensorRT-LLM";
    case Framework::TritonVllm: return "Triton Inference Server (vLLM backend)";
    case Framework::OnnxRuntimeGenAi: return "ONNX Runtime GenAI";
    case Framework::Count: break;
    }
    return "";
}

FrameworkExport exportFramework(Framework framework, const Profile& profile, const std::string& modelPath)
{
    switch (framework) {
    case Framework::TensorRtLlm: return exportTensorRtLlm(profile, modelPath);
    case Framework::TritonVllm: return exportTritonVllm(profile, modelPath);
    case Framework::OnnxRuntimeGenAi: return exportOnnxRuntimeGenAi(profile, modelPath);
    case Framework::Count: break;
    }
    return {};
}

namespace {

std::string header(const FrameworkExport& out)
{
    std::string text = std::string("# ") + frameworkTitle(out.framework) + ": the profile's nearest settings\n";
    if (!out.mapped.empty()) {
        text += "# Mapped:\n";
        for (const ExportMapping& m : out.mapped) text += "#   " + m.path + " -> " + englishText(m.target) + "\n";
    }
    if (!out.notes.empty()) {
        text += "# Without an exact equivalent:\n";
        for (const ExportNote& note : out.notes) text += "#   " + note.toString() + "\n";
    }
    return text;
}

std::string commandLines(const FrameworkExport& out)
{
    std::string text;
    for (const std::string& command : out.commands) text += command + "\n";
    return text;
}

// The here-document delimiter: one line that no file contains.
std::string delimiterFor(const ExportFile& file)
{
    std::string delimiter = "EOF";
    while (file.content.find(delimiter) != std::string::npos) delimiter += "_";
    return delimiter;
}

std::string folderOf(const std::string& path)
{
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

}  // namespace

std::string FrameworkExport::text() const
{
    std::string out = header(*this);
    for (const ExportFile& file : files) {
        const std::string delimiter = delimiterFor(file);
        if (const std::string folder = folderOf(file.path); !folder.empty()) out += "mkdir -p " + shellQuote(folder) + "\n";
        out += "cat > " + shellQuote(file.path) + " <<'" + delimiter + "'\n" + file.content;
        if (!file.content.empty() && file.content.back() != '\n') out += "\n";
        out += delimiter + "\n";
    }
    return out + commandLines(*this);
}

std::string FrameworkExport::commandsText() const
{
    return header(*this) + commandLines(*this);
}

namespace {

Status writeOne(const std::filesystem::path& path, const std::string& content)
{
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec)
        return makeError(ErrorCode::Io, msg("output.cannot_make_folder", {{"path", path.parent_path().string()},
                                                                          {"reason", systemErrorMessage(ec.value())}}));
    if (auto ok = checkOutputPath(path.string()); !ok) return ok;
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << content;
    file.close();
    if (!file) return makeError(ErrorCode::Io, msg("output.cannot_write_file", {{"path", path.string()}}));
    return okStatus();
}

}  // namespace

Status writeFrameworkExport(const FrameworkExport& out, const std::string& folder)
{
    const std::filesystem::path root(folder);
    for (const ExportFile& file : out.files)
        if (auto ok = writeOne(root / file.path, file.content); !ok) return ok;
    return writeOne(root / "commands.sh", "#!/bin/sh\n" + out.commandsText());
}

// ---- the profile's knobs ----------------------------------------------------------

namespace {

// Lists the keys of one section ("kv_cache.block_size"), set ones only unless `all`.
class SectionKeys {
public:
    SectionKeys(std::string section, bool all, std::vector<std::string>& out)
        : m_section(std::move(section)), m_all(all), m_out(out) {}

    template <typename T, typename C>
    void field(const char* key, const std::optional<T>& value, const C&)
    {
        if (m_all || value) m_out.push_back(m_section + "." + key);
    }

private:
    std::string m_section;
    bool m_all;
    std::vector<std::string>& m_out;
};

// Walks the document's sections; name and description are text, not knobs.
class Sections {
public:
    Sections(bool all, std::vector<std::string>& out) : m_all(all), m_out(out) {}

    template <typename T, typename C>
    void field(const char* key, const std::optional<T>& section, const C&)
    {
        if constexpr (!std::is_same_v<T, std::string>) {
            if (!m_all && !section) return;
            SectionKeys keys(key, m_all, m_out);
            const T empty{};
            visitFields(keys, section ? *section : empty);
        }
    }

private:
    bool m_all;
    std::vector<std::string>& m_out;
};

}  // namespace

std::vector<std::string> profileKnobPaths(const Profile& profile)
{
    std::vector<std::string> paths;
    Sections sections(false, paths);
    visitFields(sections, profile);
    return paths;
}

std::vector<std::string> allProfileKnobPaths()
{
    std::vector<std::string> paths;
    Sections sections(true, paths);
    const Profile empty;
    visitFields(sections, empty);
    return paths;
}

std::vector<std::string> unaccountedKnobs(const Profile& profile, const FrameworkExport& out)
{
    auto covers = [](const std::string& accounted, const std::string& knob) {
        return accounted == knob || (knob.size() > accounted.size() && knob.compare(0, accounted.size(), accounted) == 0 &&
                                     knob[accounted.size()] == '.');
    };
    std::vector<std::string> missing;
    for (const std::string& knob : profileKnobPaths(profile)) {
        const bool mapped = std::any_of(out.mapped.begin(), out.mapped.end(),
                                        [&](const ExportMapping& m) { return covers(m.path, knob); });
        const bool noted = std::any_of(out.notes.begin(), out.notes.end(),
                                       [&](const ExportNote& n) { return !n.path.empty() && covers(n.path, knob); });
        if (!mapped && !noted) missing.push_back(knob);
    }
    return missing;
}

// ---- helpers of the exports ---------------------------------------------------------

namespace exportdetail {

std::string Command::str() const
{
    std::string out;
    for (const std::string& e : m_env) out += e + " ";
    for (size_t i = 0; i < m_words.size(); ++i) {
        if (i) out += ' ';
        out += shellQuote(m_words[i]);
    }
    return out;
}

std::string numberText(double value)
{
    return nlohmann::json(value).dump();
}

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string joinInts(const std::vector<int32_t>& values, const char* separator)
{
    std::string out;
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) out += separator;
        out += std::to_string(values[i]);
    }
    return out;
}

std::string modelStem(const std::string& modelPath)
{
    std::string name = modelPath;
    while (!name.empty() && name.back() == '/') name.pop_back();
    if (const size_t slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
    if (endsWith(name, ".gguf")) name.resize(name.size() - 5);
    return name.empty() ? "model" : name;
}

void noteNoPruning(const Profile& profile, const Message& framework, std::optional<Message> sparseHint, Account& account)
{
    if (!profile.pruning) return;
    const PruningConfig& p = *profile.pruning;
    if (p.method == PruningMethod::None) {
        account.map("pruning", msg("export.map.no_pruning"));
        return;
    }
    account.note("pruning", sparseHint ? msg("export.serve_pruned_hint", {{"framework", framework}, {"hint", *sparseHint}})
                                       : msg("export.serve_pruned", {{"framework", framework}}));
}

void noteCpuOnlyKnobs(const DevicesConfig& d, const char* framework, Account& account)
{
    if (d.threads) account.note("devices.threads", msg("export.gpu_no_threads", {{"framework", framework}}));
    if (d.virtualCpus)
        account.note("devices.virtual_cpus", msg("export.gpu_no_virtual_cpus", {{"framework", framework}}));
}

void accountForRest(const Profile& profile, FrameworkExport& out)
{
    for (const std::string& knob : unaccountedKnobs(profile, out)) out.notes.push_back({knob, msg("export.unmapped_knob")});
}

}  // namespace exportdetail

}  // namespace engine
