#pragma once
// Message: what the engine has to say, as data. A stable id from the catalog
// (engine/common/message_catalog.h) plus named arguments; the engine renders
// it in English (CLI, logs, Error::message) and the app renders the same id
// through its translated templates. Arguments are plain text (numbers, file,
// tensor and key names) or nested messages (a cause, a list of problems).
#include <concepts>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace engine {

struct Message;

struct MessageArg {
    std::string name;
    std::string text;
    std::vector<Message> messages;  // when non-empty, rendered instead of `text`, joined by "; "

    MessageArg(std::string argName, std::string value);
    MessageArg(std::string argName, std::string_view value);
    MessageArg(std::string argName, const char* value);
    template <std::integral T>
    MessageArg(std::string argName, T value) : MessageArg(std::move(argName), std::to_string(value))
    {
    }
    MessageArg(std::string argName, Message message);
    MessageArg(std::string argName, std::vector<Message> list);
    bool operator==(const MessageArg&) const;
};

struct Message {
    std::string id;  // "gguf.truncated"; empty: an uncatalogued message, `text` is all there is
    std::vector<MessageArg> args;
    std::string text;  // the English of an uncatalogued message

    bool operator==(const Message&) const = default;
    // The argument named `name`, nullptr when absent.
    const MessageArg* arg(std::string_view name) const;
};

// An uncatalogued message (English only).
Message plainMessage(std::string english);

// The English text: the catalog template with every "{name}" replaced.
std::string englishText(const Message& message);

}  // namespace engine
