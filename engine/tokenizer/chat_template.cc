#include "engine/tokenizer/chat_template.h"

#include <array>

#include "engine/formats/model_file.h"
#include "engine/tokenizer/tokenizer.h"

namespace engine {

namespace {

struct FormatInfo {
    ChatFormat format;
    std::string_view name;
    // Every marker must appear in the template (checked in table order, so a
    // more specific format comes before one whose markers it shares).
    std::array<std::string_view, 2> markers;
};

constexpr std::array kFormats = {
    FormatInfo{ChatFormat::Llama3, "llama3", {"<|start_header_id|>", "<|eot_id|>"}},
    FormatInfo{ChatFormat::ChatMl, "chatml", {"<|im_start|>", "<|im_end|>"}},
    FormatInfo{ChatFormat::Phi3, "phi3", {"<|assistant|>", "<|end|>"}},
    FormatInfo{ChatFormat::Gemma, "gemma", {"<start_of_turn>", "<end_of_turn>"}},
    FormatInfo{ChatFormat::Llama2, "llama2", {"[INST]", "<<SYS>>"}},
    FormatInfo{ChatFormat::Mistral, "mistral", {"[INST]", "[/INST]"}},
};
static_assert(kFormats.size() == static_cast<size_t>(ChatFormat::Count));

std::string joined(std::string_view system, std::string_view user)
{
    return system.empty() ? std::string(user) : std::string(system) + "\n\n" + std::string(user);
}

}  // namespace

std::string_view chatFormatName(ChatFormat format)
{
    return format == ChatFormat::Count ? std::string_view("?") : kFormats[static_cast<size_t>(format)].name;
}

std::optional<ChatFormat> detectChatFormat(std::string_view jinja)
{
    for (const FormatInfo& f : kFormats) {
        bool all = true;
        for (std::string_view marker : f.markers) all = all && jinja.find(marker) != std::string_view::npos;
        if (all) return f.format;
    }
    return std::nullopt;
}

// The generation prompt of each family's published template, one user turn.
std::string formatChat(ChatFormat format, std::string_view system, std::string_view user)
{
    const std::string u(user), s(system);
    switch (format) {
    case ChatFormat::Llama3: {
        const auto turn = [](const std::string& role, const std::string& text) {
            return "<|start_header_id|>" + role + "<|end_header_id|>\n\n" + text + "<|eot_id|>";
        };
        return (s.empty() ? "" : turn("system", s)) + turn("user", u) + "<|start_header_id|>assistant<|end_header_id|>\n\n";
    }
    case ChatFormat::ChatMl:
        return (s.empty() ? "" : "<|im_start|>system\n" + s + "<|im_end|>\n") + "<|im_start|>user\n" + u +
               "<|im_end|>\n<|im_start|>assistant\n";
    case ChatFormat::Phi3:
        return (s.empty() ? "" : "<|system|>\n" + s + "<|end|>\n") + "<|user|>\n" + u + "<|end|>\n<|assistant|>\n";
    case ChatFormat::Gemma:  // no system role: it opens the user's turn
        return "<start_of_turn>user\n" + joined(s, u) + "<end_of_turn>\n<start_of_turn>model\n";
    case ChatFormat::Llama2:
        return "[INST] " + (s.empty() ? "" : "<<SYS>>\n" + s + "\n<</SYS>>\n\n") + u + " [/INST]";
    case ChatFormat::Mistral:
        return "[INST] " + joined(s, u) + " [/INST]";
    case ChatFormat::Count: break;
    }
    return u;
}

ChatPrompt buildChatPrompt(const ModelFile& file, const Tokenizer& tokenizer, std::string_view system,
                           std::string_view user)
{
    ChatPrompt out;
    const std::optional<std::string> jinja = file.getString("tokenizer.chat_template");
    if (jinja) out.format = detectChatFormat(*jinja);
    if (!out.format) {
        out.note = jinja ? "tokenizer.chat_template is not a format InferScope knows (llama3, chatml, phi3, gemma, "
                           "llama2, mistral); the prompt is used as written"
                         : "the model file has no tokenizer.chat_template; the prompt is used as written";
        out.ids = tokenizer.encode(joined(system, user), tokenizer.addBosByDefault());
        return out;
    }
    out.ids = tokenizer.encode(formatChat(*out.format, system, user), tokenizer.addBosByDefault(), true);
    return out;
}

}  // namespace engine
