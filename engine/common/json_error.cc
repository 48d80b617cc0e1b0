#include "engine/common/json_error.h"

#include "engine/common/message_catalog.h"

namespace engine {
namespace {

// "value", "object", ...: what the parser was reading, or a kind of value.
Message partName(std::string_view name)
{
    if (name == "value") return msg("json.context.value");
    if (name == "object key") return msg("json.context.object_key");
    if (name == "object separator") return msg("json.context.object_separator");
    if (name == "object") return msg("json.object");
    if (name == "array") return msg("json.array");
    if (name == "string") return msg("json.string");
    if (name == "number") return msg("json.number");
    if (name == "boolean") return msg("json.boolean");
    if (name == "null") return msg("json.null");
    return plainMessage(std::string(name));
}

bool startsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// The lexer's explanation after "syntax error while parsing X - ".
Message syntaxDetail(std::string_view detail)
{
    constexpr std::string_view kEnd = "unexpected end of input; expected ";
    constexpr std::string_view kLiteral = "invalid literal; last read: ";
    if (startsWith(detail, kEnd)) return msg("json.unexpected_end", {{"expected", detail.substr(kEnd.size())}});
    if (startsWith(detail, kLiteral)) return msg("json.invalid_literal", {{"text", detail.substr(kLiteral.size())}});
    return plainMessage(std::string(detail));
}

// "parse error at line L, column C: DETAIL"
Message parseError(std::string_view text)
{
    constexpr std::string_view kAt = "parse error at line ";
    const size_t comma = text.find(", column ");
    const size_t colon = text.find(": ");
    if (!startsWith(text, kAt) || comma == std::string_view::npos || colon == std::string_view::npos || colon < comma)
        return plainMessage(std::string(text));
    const std::string_view line = text.substr(kAt.size(), comma - kAt.size());
    const std::string_view column = text.substr(comma + 9, colon - comma - 9);
    const std::string_view rest = text.substr(colon + 2);
    constexpr std::string_view kSyntax = "syntax error while parsing ";
    const size_t dash = rest.find(" - ");
    if (startsWith(rest, kSyntax) && dash != std::string_view::npos)
        return msg("json.syntax_error", {{"line", line},
                                         {"column", column},
                                         {"context", partName(rest.substr(kSyntax.size(), dash - kSyntax.size()))},
                                         {"detail", syntaxDetail(rest.substr(dash + 3))}});
    return msg("json.parse_error_at", {{"line", line}, {"column", column}, {"detail", syntaxDetail(rest)}});
}

}  // namespace

Message jsonErrorMessage(std::string_view what)
{
    if (startsWith(what, "[json.exception.")) {
        const size_t close = what.find("] ");
        if (close != std::string_view::npos) what.remove_prefix(close + 2);
    }
    if (startsWith(what, "parse error")) return parseError(what);
    constexpr std::string_view kType = "type must be ";
    const size_t but = what.find(", but is ");
    if (startsWith(what, kType) && but != std::string_view::npos)
        return msg("json.type_must_be", {{"expected", partName(what.substr(kType.size(), but - kType.size()))},
                                         {"actual", partName(what.substr(but + 9))}});
    constexpr std::string_view kOverflow = "number overflow parsing ";
    if (startsWith(what, kOverflow)) return msg("json.number_overflow", {{"number", what.substr(kOverflow.size())}});
    return plainMessage(std::string(what));
}

}  // namespace engine
