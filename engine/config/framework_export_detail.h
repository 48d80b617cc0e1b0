#pragma once
// Helpers shared by the framework exports (export_trtllm.cc, export_triton.cc,
// export_onnx_genai.cc); not part of the engine's interface.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/message_catalog.h"
#include "engine/config/framework_export.h"

namespace engine::exportdetail {

// Builds a command line word by word; words are shell-quoted when printed.
class Command {
public:
    explicit Command(std::string program) { m_words.push_back(std::move(program)); }

    void env(const std::string& assignment) { m_env.push_back(assignment); }
    void add(const std::string& word) { m_words.push_back(word); }
    void add(const std::string& flag, const std::string& value)
    {
        m_words.push_back(flag);
        m_words.push_back(value);
    }
    void add(const std::string& flag, int64_t value) { add(flag, std::to_string(value)); }
    // Runs the command under a launcher: {"mpirun", "-n", "2"} goes before the program.
    void launchWith(const std::vector<std::string>& launcher) { m_words.insert(m_words.begin(), launcher.begin(), launcher.end()); }
    std::string str() const;

private:
    std::vector<std::string> m_env;
    std::vector<std::string> m_words;
};

// Appends mappings and notes to one export.
class Account {
public:
    explicit Account(FrameworkExport& out) : m_out(out) {}
    void map(std::string path, Message target) { m_out.mapped.push_back({std::move(path), std::move(target)}); }
    // A command-line option, file key or value, shown as it is in every language.
    void mapOption(std::string path, std::string option)
    {
        map(std::move(path), msg("export.map.option", {{"option", std::move(option)}}));
    }
    void note(std::string path, Message message) { m_out.notes.push_back({std::move(path), std::move(message)}); }

private:
    FrameworkExport& m_out;
};

// Shortest round-trip text of a double, as in the profile file ("0.8", "1.0").
std::string numberText(double value);
bool endsWith(std::string_view text, std::string_view suffix);
std::string joinInts(const std::vector<int32_t>& values, const char* separator);
// The file name without folders and without ".gguf" ("models/x-Q8_0.gguf" -> "x-Q8_0").
std::string modelStem(const std::string& modelPath);

// Notes every pruning key as having no equivalent: the frameworks serve the
// weights they are given; `sparseHint` says what they offer for pruned weights.
void noteNoPruning(const Profile& profile, const Message& framework, std::optional<Message> sparseHint, Account& account);
// The common "no virtual CPU devices" / "no CPU threads" notes of GPU servers.
void noteCpuOnlyKnobs(const DevicesConfig& devices, const char* framework, Account& account);

// Adds a kUnmappedKnobMessage note for every knob the export has not accounted for.
void accountForRest(const Profile& profile, FrameworkExport& out);

}  // namespace engine::exportdetail
