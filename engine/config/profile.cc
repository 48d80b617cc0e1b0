#include "engine/config/profile.h"

#include <nlohmann/json.hpp>

#include "engine/config/profile_json.h"

namespace engine {

// ---- enum spellings -------------------------------------------------------------

const char* enumName(WeightDType value)
{
    switch (value) {
    case WeightDType::F32: return "f32";
    case WeightDType::F16: return "f16";
    case WeightDType::BF16: return "bf16";
    case WeightDType::Int8: return "int8";
    case WeightDType::Int4: return "int4";
    case WeightDType::Count: break;
    }
    return "?";
}

const char* enumName(PruningMethod value)
{
    switch (value) {
    case PruningMethod::None: return "none";
    case PruningMethod::Magnitude: return "magnitude";
    case PruningMethod::Wanda: return "wanda";
    case PruningMethod::NM: return "nm";
    case PruningMethod::Structured: return "structured";
    case PruningMethod::Count: break;
    }
    return "?";
}

const char* enumName(PruningScope value)
{
    switch (value) {
    case PruningScope::All: return "all";
    case PruningScope::Attention: return "attention";
    case PruningScope::Ffn: return "ffn";
    case PruningScope::Count: break;
    }
    return "?";
}

const char* enumName(KvCacheMode value)
{
    switch (value) {
    case KvCacheMode::Off: return "off";
    case KvCacheMode::Contiguous: return "contiguous";
    case KvCacheMode::Paged: return "paged";
    case KvCacheMode::Count: break;
    }
    return "?";
}

const char* enumName(KvDType value)
{
    switch (value) {
    case KvDType::F32: return "f32";
    case KvDType::F16: return "f16";
    case KvDType::Int8: return "int8";
    case KvDType::Count: break;
    }
    return "?";
}

const char* enumName(BatchingPolicy value)
{
    switch (value) {
    case BatchingPolicy::Static: return "static";
    case BatchingPolicy::Continuous: return "continuous";
    case BatchingPolicy::Count: break;
    }
    return "?";
}

const char* enumName(SplitMode value)
{
    switch (value) {
    case SplitMode::None: return "none";
    case SplitMode::Pipeline: return "pipeline";
    case SplitMode::Tensor: return "tensor";
    case SplitMode::Count: break;
    }
    return "?";
}

// ---- writing ------------------------------------------------------------------------

namespace {

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

template <typename T>
nlohmann::ordered_json toJson(const T& value);

// Field visitor that writes every present key in visitor order.
class JsonWriter {
public:
    explicit JsonWriter(nlohmann::ordered_json& out) : m_out(out) {}

    template <typename T, typename C>
    void field(const char* key, const std::optional<T>& value, const C&)
    {
        if (value) m_out[key] = toJson(*value);
    }

    template <typename T, typename C>
    void field(const char* key, const T& value, const C&)
    {
        m_out[key] = toJson(value);
    }

private:
    nlohmann::ordered_json& m_out;
};

template <typename T>
nlohmann::ordered_json toJson(const T& value)
{
    if constexpr (std::is_enum_v<T>) {
        return enumName(value);
    } else if constexpr (std::is_arithmetic_v<T> || std::is_same_v<T, std::string>) {
        return value;
    } else if constexpr (IsVector<T>::value) {
        nlohmann::ordered_json array = nlohmann::ordered_json::array();
        for (const auto& item : value) array.push_back(toJson(item));
        return array;
    } else {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        JsonWriter writer(object);
        visitFields(writer, value);
        return object;
    }
}

std::string dumpCanonical(const nlohmann::ordered_json& json)
{
    // `replace` keeps a hand-built Profile with broken UTF-8 from throwing.
    return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

// Field visitor that lists key paths ("weights.overrides[].pattern").
class KeyLister {
public:
    KeyLister(std::string prefix, std::vector<std::string>& out) : m_prefix(std::move(prefix)), m_out(out) {}

    template <typename T, typename C>
    void field(const char* key, const std::optional<T>&, const C& check)
    {
        addKey<T>(key, check);
    }

    template <typename T, typename C>
    void field(const char* key, const T&, const C& check)
    {
        addKey<T>(key, check);
    }

private:
    template <typename T, typename C>
    void addKey(const char* key, const C&)
    {
        const std::string path = m_prefix.empty() ? key : m_prefix + "." + key;
        if constexpr (IsVector<T>::value) {
            using Item = typename T::value_type;
            if constexpr (std::is_class_v<Item> && !std::is_same_v<Item, std::string>) {
                KeyLister nested(path + "[]", m_out);
                const Item item{};
                visitFields(nested, item);
                return;
            }
            m_out.push_back(path);
        } else if constexpr (std::is_class_v<T> && !std::is_same_v<T, std::string>) {
            KeyLister nested(path, m_out);
            const T section{};
            visitFields(nested, section);
        } else {
            m_out.push_back(path);
        }
    }

    std::string m_prefix;
    std::vector<std::string>& m_out;
};

}  // namespace

nlohmann::ordered_json profileToJson(const Profile& profile)
{
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    json["schema"] = std::string(kProfileSchema);
    JsonWriter writer(json);
    visitFields(writer, profile);
    return json;
}

nlohmann::ordered_json effectiveConfigToJson(const EffectiveConfig& config)
{
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    json["schema"] = std::string(kEffectiveSchema);
    json["requested"] = profileToJson(config.requested);
    json["adjustments"] = toJson(config.adjustments);
    return json;
}

std::string serializeProfile(const Profile& profile)
{
    return dumpCanonical(profileToJson(profile));
}

std::string serializeEffectiveConfig(const EffectiveConfig& config)
{
    return dumpCanonical(effectiveConfigToJson(config));
}

std::vector<std::string> profileKeyPaths()
{
    std::vector<std::string> paths{"schema"};
    KeyLister lister("", paths);
    const Profile empty;
    visitFields(lister, empty);
    return paths;
}

std::string Adjustment::describe() const
{
    std::string out = target ? *target + ": " : std::string();
    out += path + " " + requested + " -> " + effective;
    if (!reason.empty()) out += " (" + reason + ")";
    return out;
}

bool matchesPattern(std::string_view pattern, std::string_view name)
{
    // Iterative glob with single-star backtracking: linear in practice, never
    // exponential on patterns like "*a*a*a*b".
    size_t p = 0;
    size_t n = 0;
    size_t starP = std::string_view::npos;
    size_t starN = 0;
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starN = n;
        } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
            ++p;
            ++n;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            n = ++starN;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

}  // namespace engine
