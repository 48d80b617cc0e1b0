#pragma once
// Chat prompts: a user message (and an optional system message) written the
// way a model family was trained to read a conversation, ending where the
// assistant's answer begins. The family is recognised from the file's
// tokenizer.chat_template (a Jinja program) by the turn markers it writes;
// InferScope does not run Jinja, it knows the formats below. A template it
// does not know is reported as such and the prompt is used as written.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

struct ModelFile;
class Tokenizer;

enum class ChatFormat {
    Llama3,   // <|start_header_id|>role<|end_header_id|>\n\n ... <|eot_id|>
    ChatMl,   // <|im_start|>role\n ... <|im_end|>\n (Qwen2 / 2.5, SmolLM2)
    Phi3,     // <|role|>\n ... <|end|>\n
    Gemma,    // <start_of_turn>user\n ... <end_of_turn>\n<start_of_turn>model\n
    Llama2,   // [INST] <<SYS>>\n...\n<</SYS>>\n\n ... [/INST]
    Mistral,  // [INST] ... [/INST] (a system message goes before the user's text)
    Count
};
std::string_view chatFormatName(ChatFormat format);  // "llama3", "chatml", ...

// The known format a chat template writes; std::nullopt when it is none of them.
std::optional<ChatFormat> detectChatFormat(std::string_view jinja);

// The prompt text for one turn. Markers are spelled as the vocabulary spells
// them (encode with special = true); BOS is left to the tokenizer.
std::string formatChat(ChatFormat format, std::string_view system, std::string_view user);

struct ChatPrompt {
    std::vector<int32_t> ids;            // BOS (when the tokenizer adds one) included
    std::optional<ChatFormat> format;    // the format used; empty: the raw prompt
    std::string note;                    // why the raw prompt was used, for the user
};

// The chat prompt for `user` as the model file's template asks: its format
// when we know it, else the raw prompt with a note saying why.
ChatPrompt buildChatPrompt(const ModelFile& file, const Tokenizer& tokenizer, std::string_view system,
                           std::string_view user);

}  // namespace engine
