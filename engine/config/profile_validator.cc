#include "engine/common/text_file.h"
#include "engine/config/profile_validator.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/common/json_error.h"
#include "engine/common/message_catalog.h"
#include "engine/config/profile_rules.h"

namespace engine {

using nlohmann::json;

const char* issueSeverityName(IssueSeverity severity)
{
    switch (severity) {
    case IssueSeverity::Error: return "error";
    case IssueSeverity::Warning: return "warning";
    case IssueSeverity::Count: break;
    }
    return "?";
}

std::string ProfileIssue::toString() const
{
    return path.empty() ? message : path + ": " + message;
}

bool ProfileCheck::hasErrors() const
{
    return std::any_of(issues.begin(), issues.end(),
                       [](const ProfileIssue& i) { return i.severity == IssueSeverity::Error; });
}

std::vector<ProfileIssue> ProfileCheck::errors() const
{
    std::vector<ProfileIssue> out;
    std::copy_if(issues.begin(), issues.end(), std::back_inserter(out),
                 [](const ProfileIssue& i) { return i.severity == IssueSeverity::Error; });
    return out;
}

std::vector<ProfileIssue> ProfileCheck::warnings() const
{
    std::vector<ProfileIssue> out;
    std::copy_if(issues.begin(), issues.end(), std::back_inserter(out),
                 [](const ProfileIssue& i) { return i.severity == IssueSeverity::Warning; });
    return out;
}

namespace {
constexpr size_t kListedErrors = 20;  // errors one joined line lists
}  // namespace

std::string joinErrors(const std::vector<ProfileIssue>& issues)
{
    // One line a person can read: the first errors and how many more there are.
    constexpr size_t kListed = kListedErrors;
    std::string out;
    size_t errors = 0;
    for (const ProfileIssue& issue : issues) {
        if (issue.severity != IssueSeverity::Error) continue;
        if (++errors > kListed) continue;
        if (!out.empty()) out += "; ";
        out += issue.toString();
    }
    if (errors > kListed) out += "; and " + std::to_string(errors - kListed) + " more";
    return out;
}

namespace {

using Issues = std::vector<ProfileIssue>;

// A hostile document (a 16 MiB profile of unknown keys) must not produce an
// error list of millions: after kMaxIssues the rest are counted as one issue.
constexpr size_t kMaxIssues = 200;

void addError(Issues& issues, std::string path, Message message)
{
    if (issues.size() > kMaxIssues) return;
    if (issues.size() == kMaxIssues) {
        message = msg("profile.too_many_problems", {{"count", kMaxIssues}});
        path.clear();
    }
    std::string english = englishText(message);
    issues.push_back({std::move(path), std::move(english), IssueSeverity::Error, std::move(message)});
}

std::string childPath(const std::string& parent, std::string_view key)
{
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string jsonQuoted(const std::string& text)
{
    return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

Message jsonTypeName(const json& value)
{
    switch (value.type()) {
    case json::value_t::null: return msg("json.null");
    case json::value_t::boolean: return msg("json.boolean");
    case json::value_t::string: return msg("json.string");
    case json::value_t::array: return msg("json.array");
    case json::value_t::object: return msg("json.object");
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return msg("json.number");
    default: return msg("json.unknown");
    }
}

// `expected` names the wanted kind of value: msg("json.an_integer") and the like.
bool typeError(Issues& issues, const std::string& path, Message expected, const json& value)
{
    addError(issues, path, msg("profile.expected_type", {{"expected", std::move(expected)}, {"actual", jsonTypeName(value)}}));
    return false;
}

// A bound as a person writes it: 0 not 0.0, 0.9 not 0.90000000000000002.
std::string formatBound(double value)
{
    if (value == static_cast<double>(static_cast<int64_t>(value))) return std::to_string(static_cast<int64_t>(value));
    return json(value).dump();
}

std::string rangeText(const RealRange& range)
{
    return std::string(range.minOpen ? "(" : "[") + formatBound(range.min) + ", " + formatBound(range.max) +
           (range.maxOpen ? ")" : "]");
}

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

template <typename T, typename C>
bool readValue(const json& value, const std::string& path, const C& check, T& out, Issues& issues);

// Field visitor that reads an object's keys, reports every problem and
// remembers which keys it knew, so the rest can be reported as unknown.
class JsonReader {
public:
    JsonReader(const json& object, std::string path, Issues& issues)
        : m_object(object), m_path(std::move(path)), m_issues(issues)
    {
    }

    template <typename T, typename C>
    void field(const char* key, std::optional<T>& out, const C& check)
    {
        m_known.insert(key);
        const auto it = m_object.find(key);
        if (it == m_object.end()) return;
        T value{};
        if (readValue(*it, childPath(m_path, key), check, value, m_issues)) out = std::move(value);
    }

    template <typename T, typename C>
    void field(const char* key, T& out, const C& check)
    {
        m_known.insert(key);
        const auto it = m_object.find(key);
        if (it == m_object.end()) {
            addError(m_issues, m_path, msg("profile.missing_key", {{"key", jsonQuoted(key)}}));
            return;
        }
        readValue(*it, childPath(m_path, key), check, out, m_issues);
    }

    void markKnown(const std::string& key) { m_known.insert(key); }

    // json objects iterate in key order, so unknown keys come out sorted.
    void reportUnknownKeys()
    {
        for (const auto& [key, value] : m_object.items()) {
            if (!m_known.count(key)) addError(m_issues, m_path, msg("profile.unknown_key", {{"key", jsonQuoted(key)}}));
        }
    }

private:
    const json& m_object;
    std::string m_path;
    Issues& m_issues;
    std::set<std::string, std::less<>> m_known;
};

bool checkString(const std::string& text, const std::string& path, const PatternCheck&, Issues& issues)
{
    if (text.empty()) {
        addError(issues, path, msg("profile.empty_pattern"));
        return false;
    }
    return true;
}

bool checkString(const std::string&, const std::string&, const NoCheck&, Issues&) { return true; }

template <typename T, typename C>
bool readInteger(const json& value, const std::string& path, const C& check, T& out, Issues& issues)
{
    if (!value.is_number_integer()) {
        if (value.is_number_float()) {
            addError(issues, path, msg("profile.expected_integer", {{"value", value.dump()}}));
            return false;
        }
        return typeError(issues, path, msg("json.an_integer"), value);
    }
    // Sign and magnitude, so uint64 seeds and negative values compare safely.
    const bool negative = !value.is_number_unsigned() && value.get<int64_t>() < 0;
    const int64_t asSigned = negative ? value.get<int64_t>() : 0;
    const uint64_t magnitude = negative ? 0 : value.get<uint64_t>();
    const std::string text = value.dump();

    if constexpr (std::is_same_v<C, IntChoices>) {
        const bool found = !negative && std::any_of(check.values.begin(), check.values.end(), [&](int32_t v) {
            return static_cast<uint64_t>(v) == magnitude;
        });
        if (!found) {
            std::string choices;
            for (int32_t v : check.values) choices += (choices.empty() ? "" : ", ") + std::to_string(v);
            addError(issues, path, msg("profile.not_one_of", {{"value", text}, {"choices", choices}}));
            return false;
        }
    } else {
        IntRange range;
        if constexpr (std::is_same_v<C, IntRange>) range = check;
        else range = IntRange{static_cast<int64_t>(std::numeric_limits<T>::min()), kNoMax};
        const int64_t lo = std::max<int64_t>(range.min, std::numeric_limits<T>::min());
        const uint64_t hi = std::min<uint64_t>(range.max, std::numeric_limits<T>::max());
        const bool inRange = negative ? asSigned >= lo : (magnitude <= hi && (lo <= 0 || magnitude >= static_cast<uint64_t>(lo)));
        if (!inRange) {
            const bool belowMin = negative || (lo > 0 && magnitude < static_cast<uint64_t>(lo));
            if (range.max == kNoMax && belowMin)
                addError(issues, path, msg("profile.at_least", {{"value", text}, {"min", lo}}));
            else
                addError(issues, path, msg("profile.out_of_range", {{"value", text}, {"range", "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]"}}));
            return false;
        }
    }
    out = negative ? static_cast<T>(asSigned) : static_cast<T>(magnitude);
    return true;
}

bool readReal(const json& value, const std::string& path, const RealRange& range, double& out, Issues& issues)
{
    if (!value.is_number()) return typeError(issues, path, msg("json.a_number"), value);
    const double v = value.get<double>();
    const bool aboveMin = range.minOpen ? v > range.min : v >= range.min;
    const bool belowMax = range.maxOpen ? v < range.max : v <= range.max;
    if (!aboveMin || !belowMax) {
        if (std::isinf(range.max))
            addError(issues, path, range.minOpen ? msg("profile.above", {{"value", value.dump()}, {"min", formatBound(range.min)}})
                                                 : msg("profile.at_least", {{"value", value.dump()}, {"min", formatBound(range.min)}}));
        else
            addError(issues, path, msg("profile.out_of_range", {{"value", value.dump()}, {"range", rangeText(range)}}));
        return false;
    }
    out = v;
    return true;
}

template <typename T, typename C>
bool readValue(const json& value, const std::string& path, const C& check, T& out, Issues& issues)
{
    if constexpr (std::is_same_v<T, bool>) {
        if (!value.is_boolean()) return typeError(issues, path, msg("json.a_boolean"), value);
        out = value.get<bool>();
        return true;
    } else if constexpr (std::is_enum_v<T>) {
        if (!value.is_string()) return typeError(issues, path, msg("json.a_string"), value);
        const std::optional<T> parsed = enumFromName<T>(value.get_ref<const std::string&>());
        if (!parsed) {
            addError(issues, path, msg("profile.not_one_of", {{"value", jsonQuoted(value.get<std::string>())}, {"choices", enumChoices<T>()}}));
            return false;
        }
        out = *parsed;
        return true;
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!value.is_string()) return typeError(issues, path, msg("json.a_string"), value);
        if (!checkString(value.get_ref<const std::string&>(), path, check, issues)) return false;
        out = value.get<std::string>();
        return true;
    } else if constexpr (std::is_integral_v<T>) {
        return readInteger(value, path, check, out, issues);
    } else if constexpr (std::is_floating_point_v<T>) {
        if constexpr (std::is_same_v<C, RealRange>) return readReal(value, path, check, out, issues);
        else return readReal(value, path, RealRange{-std::numeric_limits<double>::infinity()}, out, issues);
    } else if constexpr (IsVector<T>::value) {
        if (!value.is_array()) return typeError(issues, path, msg("json.an_array"), value);
        T items;
        bool ok = true;
        for (size_t i = 0; i < value.size(); ++i) {
            typename T::value_type item{};
            if (readValue(value[i], path + "[" + std::to_string(i) + "]", check, item, issues))
                items.push_back(std::move(item));
            else
                ok = false;
        }
        if (ok) out = std::move(items);
        return ok;
    } else {
        // A nested object: its valid keys are kept even when others failed, so
        // the cross-field rules still see them and every problem is reported.
        if (!value.is_object()) return typeError(issues, path, msg("json.an_object"), value);
        JsonReader reader(value, path, issues);
        visitFields(reader, out);
        reader.reportUnknownKeys();
        return true;
    }
}

// Checks "schema"; false when the rest of the document must not be read.
bool checkSchema(const json& document, const std::string& base, std::string_view expected, Issues& issues)
{
    const std::string path = childPath(base, "schema");
    const std::string expectedText = jsonQuoted(std::string(expected));
    const auto it = document.find("schema");
    if (it == document.end()) {
        addError(issues, path, msg("profile.schema_missing", {{"expected", expectedText}}));
        return true;
    }
    if (!it->is_string()) {
        typeError(issues, path, msg("json.a_string"), *it);
        return true;
    }
    if (it->get_ref<const std::string&>() != expected) {
        // A different version may mean different keys: reading on would only
        // produce noise about keys this version does not know.
        addError(issues, path, msg("profile.schema_unsupported", {{"schema", jsonQuoted(it->get<std::string>())}, {"expected", expectedText}}));
        return false;
    }
    return true;
}

// The section a path belongs to: "weights" for "weights.overrides[1].dtype".
std::string sectionOf(const std::string& path, const std::string& base)
{
    const size_t start = base.empty() ? 0 : base.size() + 1;
    const size_t end = path.find_first_of(".[", start);
    return path.substr(0, end);
}

// Cross-field rules run on what the field pass could read. A section whose keys
// already failed is left out: its rules would only restate those errors
// ("ratio required" after "ratio out of range") or reason about a value that
// was rejected.
void appendRuleIssues(const Profile& profile, const std::string& base, Issues& issues)
{
    std::set<std::string> failedSections;
    for (const ProfileIssue& issue : issues) {
        if (issue.severity == IssueSeverity::Error) failedSections.insert(sectionOf(issue.path, base));
    }
    Issues ruleIssues;
    checkProfileRules(profile, base, ruleIssues);
    for (ProfileIssue& issue : ruleIssues) {
        if (!failedSections.count(sectionOf(issue.path, base))) issues.push_back(std::move(issue));
    }
}

ProfileCheck checkProfileAt(const json& document, const std::string& base)
{
    ProfileCheck result;
    if (!document.is_object()) {
        addError(result.issues, base, msg("profile.not_an_object", {{"actual", jsonTypeName(document)}}));
        return result;
    }
    if (!checkSchema(document, base, kProfileSchema, result.issues)) return result;
    Profile profile;
    JsonReader reader(document, base, result.issues);
    reader.markKnown("schema");
    visitFields(reader, profile);
    reader.reportUnknownKeys();
    appendRuleIssues(profile, base, result.issues);
    if (!result.hasErrors()) result.profile = std::move(profile);
    return result;
}

// Tracks the parser's position to report duplicate keys with their path:
// nlohmann keeps the last duplicate silently, we refuse to guess.
class DuplicateKeyTracker {
public:
    explicit DuplicateKeyTracker(Issues& issues) : m_issues(issues) {}

    bool onEvent(json::parse_event_t event, const json& parsed)
    {
        switch (event) {
        case json::parse_event_t::object_start: m_stack.emplace_back().isArray = false; break;
        case json::parse_event_t::array_start: m_stack.emplace_back().isArray = true; break;
        case json::parse_event_t::key:
            if (!m_stack.empty() && parsed.is_string()) {
                Frame& frame = m_stack.back();
                frame.key = parsed.get<std::string>();
                if (!frame.keys.insert(frame.key).second)
                    addError(m_issues, containerPath(), msg("profile.duplicate_key", {{"key", jsonQuoted(frame.key)}}));
            }
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            if (!m_stack.empty()) m_stack.pop_back();
            elementDone();
            break;
        case json::parse_event_t::value: elementDone(); break;
        }
        return true;
    }

private:
    struct Frame {
        bool isArray = false;
        size_t index = 0;
        std::string key;
        std::set<std::string> keys;
    };

    void elementDone()
    {
        if (!m_stack.empty() && m_stack.back().isArray) ++m_stack.back().index;
    }

    // The path of the innermost open object.
    std::string containerPath() const
    {
        std::string path;
        for (size_t i = 0; i + 1 < m_stack.size(); ++i) {
            if (m_stack[i].isArray) path += "[" + std::to_string(m_stack[i].index) + "]";
            else path = childPath(path, m_stack[i].key);
        }
        return path;
    }

    Issues& m_issues;
    std::vector<Frame> m_stack;
};

std::optional<json> parseJsonText(std::string_view text, Issues& issues)
{
    Issues duplicates;
    DuplicateKeyTracker tracker(duplicates);
    try {
        json document = json::parse(text.begin(), text.end(), [&](int, json::parse_event_t event, json& parsed) {
            return tracker.onEvent(event, parsed);
        });
        issues.insert(issues.end(), duplicates.begin(), duplicates.end());
        return document;
    } catch (const json::exception& e) {
        // "[json.exception.parse_error.101] parse error at line 3, column 5: ...", its tag dropped
        addError(issues, "", msg("profile.malformed_json", {{"detail", jsonErrorMessage(e.what())}}));
        return std::nullopt;
    }
}

// One Error listing every error-level issue ("path: message; ..."), after
// `file`'s path when the profile came from a file.
Error profileError(const Issues& issues, const std::string& file)
{
    const bool malformed = !issues.empty() && issues.front().detail.id == "profile.malformed_json";
    // As joinErrors: the first kListedErrors, then how many more there are.
    std::vector<Message> errors;
    size_t count = 0;
    for (const ProfileIssue& issue : issues) {
        if (issue.severity != IssueSeverity::Error || ++count > kListedErrors) continue;
        const Message what = issue.detail.id.empty() ? plainMessage(issue.message) : issue.detail;
        errors.push_back(issue.path.empty() ? what : msg("context.at_path", {{"path", issue.path}, {"cause", what}}));
    }
    if (count > kListedErrors) errors.push_back(msg("context.and_more", {{"count", count - kListedErrors}}));
    Message list = msg("context.list", {{"items", std::move(errors)}});
    if (!file.empty()) list = msg("context.in_file", {{"path", file}, {"cause", std::move(list)}});
    return makeError(malformed ? ErrorCode::Format : ErrorCode::InvalidArgument, std::move(list));
}

}  // namespace

ProfileCheck checkProfileJson(const json& document)
{
    return checkProfileAt(document, "");
}

ProfileCheck checkProfileText(std::string_view jsonText)
{
    ProfileCheck result;
    std::optional<json> document = parseJsonText(jsonText, result.issues);
    if (!document) return result;
    ProfileCheck checked = checkProfileAt(*document, "");
    result.issues.insert(result.issues.end(), checked.issues.begin(), checked.issues.end());
    if (!result.hasErrors()) result.profile = std::move(checked.profile);
    return result;
}

std::vector<ProfileIssue> validateProfile(const json& document)
{
    return checkProfileAt(document, "").issues;
}

Expected<Profile> profileFromJson(const json& document)
{
    ProfileCheck check = checkProfileAt(document, "");
    if (!check.profile) return profileError(check.issues, "");
    return std::move(*check.profile);
}

Expected<Profile> parseProfile(std::string_view jsonText)
{
    ProfileCheck check = checkProfileText(jsonText);
    if (!check.profile) return profileError(check.issues, "");
    return std::move(*check.profile);
}

Expected<Profile> loadProfileFile(const std::string& path)
{
    auto text = readTextFile(path, "profile", kMaxConfigFileBytes);
    if (!text) return text.error();
    ProfileCheck check = checkProfileText(*text);
    if (!check.profile) return profileError(check.issues, path);
    return std::move(*check.profile);
}

Expected<EffectiveConfig> parseEffectiveConfig(std::string_view jsonText)
{
    Issues issues;
    std::optional<json> document = parseJsonText(jsonText, issues);
    if (!document) return profileError(issues, "");
    if (!document->is_object()) {
        addError(issues, "", msg("profile.not_an_object", {{"actual", jsonTypeName(*document)}}));
        return profileError(issues, "");
    }
    EffectiveConfig config;
    if (checkSchema(*document, "", kEffectiveSchema, issues)) {
        JsonReader reader(*document, "", issues);
        reader.markKnown("schema");
        reader.markKnown("requested");
        reader.field("adjustments", config.adjustments, NoCheck{});
        reader.reportUnknownKeys();
        const auto requested = document->find("requested");
        if (requested == document->end()) {
            addError(issues, "", msg("profile.missing_key", {{"key", "\"requested\""}}));
        } else {
            ProfileCheck check = checkProfileAt(*requested, "requested");
            issues.insert(issues.end(), check.issues.begin(), check.issues.end());
            if (check.profile) config.requested = std::move(*check.profile);
        }
    }
    if (std::any_of(issues.begin(), issues.end(), [](const ProfileIssue& i) { return i.severity == IssueSeverity::Error; }))
        return profileError(issues, "");
    return config;
}

}  // namespace engine
