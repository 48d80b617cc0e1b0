#include "engine/sweep/sweep_plan.h"

#include <cerrno>
#include <cstdlib>

#include "engine/common/message_catalog.h"
#include "engine/config/profile_validator.h"

namespace engine::sweep {
namespace {

using nlohmann::json;

json parseValue(const std::string& text)
{
    if (text == "true") return true;
    if (text == "false") return false;
    if (text == "null") return nullptr;
    if (!text.empty()) {
        char* end = nullptr;
        errno = 0;
        const long long asInt = std::strtoll(text.c_str(), &end, 10);
        if (errno == 0 && end == text.c_str() + text.size()) return asInt;
        errno = 0;
        const double asDouble = std::strtod(text.c_str(), &end);
        if (errno == 0 && end == text.c_str() + text.size()) return asDouble;
    }
    return text;
}

std::vector<std::string> split(std::string_view text, char separator)
{
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t at = text.find(separator); at != std::string_view::npos; at = text.find(separator, start)) {
        out.emplace_back(text.substr(start, at - start));
        start = at + 1;
    }
    out.emplace_back(text.substr(start));
    return out;
}

// document["a"]["b"] = value for the path "a.b", creating objects on the way.
Status setPath(json& document, const std::string& path, const json& value)
{
    json* node = &document;
    const std::vector<std::string> parts = split(path, '.');
    for (size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].empty()) return makeError(ErrorCode::InvalidArgument, msg("sweep.grid_empty_part", {{"key", path}}));
        if (!node->is_object()) return makeError(ErrorCode::InvalidArgument,
                                                 msg("sweep.grid_not_object", {{"key", path}, {"part", parts[i - 1]}}));
        json& child = (*node)[parts[i]];
        if (i + 1 == parts.size()) child = value;
        else if (child.is_null()) child = json::object();
        node = &child;
    }
    return okStatus();
}

}  // namespace

std::string valueText(const json& v)
{
    return v.is_string() ? v.get<std::string>() : v.dump();
}

Expected<Axis> parseAxis(std::string_view spec)
{
    const size_t eq = spec.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return makeError(ErrorCode::InvalidArgument, msg("sweep.grid_syntax", {{"grid", spec}}));
    Axis axis;
    axis.key = std::string(spec.substr(0, eq));
    for (const std::string& v : split(spec.substr(eq + 1), ',')) {
        if (v.empty())
            return makeError(ErrorCode::InvalidArgument, msg("sweep.grid_empty_value", {{"grid", spec}}));
        axis.values.push_back(parseValue(v));
    }
    return axis;
}

std::string Point::label() const
{
    std::string out;
    for (const auto& [key, value] : settings) out += (out.empty() ? "" : " \xC2\xB7 ") + key + "=" + valueText(value);
    return out.empty() ? std::string("base") : out;
}

std::string Point::loadKey() const
{
    json key = json::object();
    for (const char* section : {"weights", "pruning", "devices"})
        if (profile.contains(section)) key[section] = profile[section];
    if (profile.contains("batching") && profile["batching"].contains("max_batch"))
        key["max_batch"] = profile["batching"]["max_batch"];
    return key.dump();
}

Expected<std::vector<Point>> expandGrid(const json& base, const std::vector<Axis>& axes)
{
    if (!base.is_object()) return makeError(ErrorCode::InvalidArgument, msg("sweep.base_not_object"));
    size_t total = 1;
    for (const Axis& a : axes) {
        if (a.values.empty()) return makeError(ErrorCode::InvalidArgument, msg("sweep.grid_no_values", {{"key", a.key}}));
        total *= a.values.size();
        if (total > kMaxPoints)
            return makeError(ErrorCode::InvalidArgument, msg("sweep.grid_too_large", {{"count", kMaxPoints}}));
    }
    std::vector<Point> points;
    for (size_t i = 0; i < total; ++i) {
        Point p;
        p.index = int32_t(i);
        p.profile = base;
        size_t rest = i;
        std::vector<size_t> choice(axes.size());
        for (size_t a = axes.size(); a-- > 0;) {
            choice[a] = rest % axes[a].values.size();
            rest /= axes[a].values.size();
        }
        for (size_t a = 0; a < axes.size(); ++a) {
            const json& value = axes[a].values[choice[a]];
            p.settings.emplace_back(axes[a].key, value);
            ENGINE_TRY(setPath(p.profile, axes[a].key, value));
        }
        if (!p.profile.contains("schema")) p.profile["schema"] = "inferscope.profile/1";
        if (!p.profile.contains("name")) p.profile["name"] = p.label();
        ProfileCheck check = checkProfileJson(p.profile);
        if (check.hasErrors()) p.skipReason = joinErrors(check.errors());
        else p.parsed = std::move(check.profile);
        points.push_back(std::move(p));
    }
    return points;
}

}  // namespace engine::sweep
