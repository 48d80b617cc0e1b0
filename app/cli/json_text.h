#pragma once
// JSON output of the CLI. Text that comes from files (metadata, tensor names,
// tokens, paths) need not be valid UTF-8; nlohmann's dump() throws on such
// strings, so every JSON the CLI prints goes through here, which writes
// U+FFFD for each invalid byte instead.
#include <string>

#include <nlohmann/json.hpp>

namespace cli {

inline std::string jsonText(const nlohmann::json& j, int indent = 2)
{
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace cli
