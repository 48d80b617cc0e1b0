#include "engine/common/message.h"

#include "engine/common/message_catalog.h"

#include <cerrno>
#include <cstring>

namespace engine {

MessageArg::MessageArg(std::string argName, std::string value) : name(std::move(argName)), text(std::move(value)) {}
MessageArg::MessageArg(std::string argName, std::string_view value) : name(std::move(argName)), text(value) {}
MessageArg::MessageArg(std::string argName, const char* value) : name(std::move(argName)), text(value) {}
MessageArg::MessageArg(std::string argName, Message message) : name(std::move(argName))
{
    messages.push_back(std::move(message));
}
MessageArg::MessageArg(std::string argName, std::vector<Message> list)
    : name(std::move(argName)), messages(std::move(list))
{
}

bool MessageArg::operator==(const MessageArg& o) const
{
    return name == o.name && text == o.text && messages == o.messages;
}

const MessageArg* Message::arg(std::string_view argName) const
{
    for (const MessageArg& a : args)
        if (a.name == argName) return &a;
    return nullptr;
}

Message plainMessage(std::string english)
{
    Message m;
    m.text = std::move(english);
    return m;
}

Message systemErrorMessage(int error)
{
    switch (error) {
    case ENOENT: return msg("io.errno.enoent");
    case EACCES: return msg("io.errno.eacces");
    case EISDIR: return msg("io.errno.eisdir");
    case ENOTDIR: return msg("io.errno.enotdir");
    case ENOSPC: return msg("io.errno.enospc");
    case EROFS: return msg("io.errno.erofs");
    case ENOMEM: return msg("io.errno.enomem");
    case EIO: return msg("io.errno.eio");
    case ELOOP: return msg("io.errno.eloop");
    case ENAMETOOLONG: return msg("io.errno.enametoolong");
    default: return plainMessage(std::strerror(error));
    }
}

namespace {

std::string argText(const MessageArg& a)
{
    if (a.messages.empty()) return a.text;
    std::string out;
    for (const Message& m : a.messages) {
        if (!out.empty()) out += "; ";
        out += englishText(m);
    }
    return out;
}

}  // namespace

std::string englishText(const Message& message)
{
    const std::string_view pattern = messageTemplate(message.id);
    if (pattern.empty()) return message.text;
    return fillTemplate(pattern, [&](std::string_view name) -> std::string {
        const MessageArg* a = message.arg(name);
        if (a) return argText(*a);
        std::string kept(1, '{');  // a missing argument stays visible
        kept.append(name);
        return kept + '}';
    });
}

}  // namespace engine
