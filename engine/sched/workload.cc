#include "engine/common/text_file.h"
#include "engine/sched/workload.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/common/json_error.h"
#include "engine/common/message_catalog.h"
#include "engine/tokenizer/tokenizer.h"

namespace engine {

namespace {

using json = nlohmann::json;

constexpr int32_t kMaxRequests = 1'000'000;
constexpr int64_t kMaxTokens = 1 << 20;  // per prompt / output: far beyond any context

// ---- random numbers --------------------------------------------------------
// std::mt19937_64 is specified bit for bit by the standard; the distributions
// are not, so uniform doubles and exponential gaps are derived here by hand.

double uniform01(std::mt19937_64& rng)
{
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;  // 53 random bits in [0, 1)
}

// An exponential variate with mean 1 / rate (inverse CDF; 1 - u is in (0, 1]).
double exponentialGap(std::mt19937_64& rng, double rate)
{
    return -std::log(1.0 - uniform01(rng)) / rate;
}

// splitmix64: decorrelates (seed, request id) pairs into independent streams.
uint64_t mixSeed(uint64_t seed, uint64_t salt)
{
    uint64_t z = seed + 0x9E3779B97F4A7C15ull * (salt + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// ---- parsing -----------------------------------------------------------------

struct ParseError {
    std::string path;
    Message message;
};

std::string joinPath(const std::string& parent, const std::string& key)
{
    return parent.empty() ? key : parent + "." + key;
}

std::string describe(const json& v)
{
    return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

Message typeName(const json& v)
{
    if (v.is_number_integer() || v.is_number_unsigned()) return msg("json.an_integer");
    if (v.is_number_float()) return msg("json.a_number");
    if (v.is_string()) return msg("json.a_string");
    if (v.is_boolean()) return msg("json.a_boolean");
    if (v.is_array()) return msg("json.an_array");
    if (v.is_object()) return msg("json.an_object");
    return msg("json.null");
}

// Reads an object's keys, remembering which were used so the rest can be reported.
class ObjectReader {
public:
    ObjectReader(const json& object, std::string path) : m_object(object), m_path(std::move(path)) {}

    const std::string& path() const { return m_path; }
    bool has(const char* key) const { return m_object.contains(key); }
    const json* get(const char* key)
    {
        m_known.push_back(key);
        auto it = m_object.find(key);
        return it == m_object.end() ? nullptr : &*it;
    }
    std::string keyPath(const char* key) const { return joinPath(m_path, key); }

    // Integer in [min, max]; `fallback` when absent and not required.
    std::optional<ParseError> integer(const char* key, int64_t min, int64_t max, bool required, int64_t& out)
    {
        const json* v = get(key);
        if (!v) {
            if (required) return ParseError{keyPath(key), msg("workload.missing_integer", {{"min", min}})};
            return std::nullopt;
        }
        if (!v->is_number_integer() && !v->is_number_unsigned())
            return ParseError{keyPath(key), msg("workload.expected_integer", {{"kind", typeName(*v)}, {"value", describe(*v)}})};
        if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(max))
            return ParseError{keyPath(key), msg("workload.above_max", {{"value", describe(*v)}, {"max", max}})};
        const int64_t value = v->get<int64_t>();
        if (value < min) return ParseError{keyPath(key), msg("workload.below_min", {{"value", describe(*v)}, {"min", min}})};
        if (value > max) return ParseError{keyPath(key), msg("workload.above_max", {{"value", describe(*v)}, {"max", max}})};
        out = value;
        return std::nullopt;
    }

    std::optional<ParseError> seed(const char* key, uint64_t& out)
    {
        const json* v = get(key);
        if (!v) return std::nullopt;
        if (v->is_number_unsigned() || (v->is_number_integer() && v->get<int64_t>() >= 0)) {
            out = v->get<uint64_t>();
            return std::nullopt;
        }
        return ParseError{keyPath(key), msg("workload.expected_seed", {{"value", describe(*v)}})};
    }

    // Finite number >= 0.
    std::optional<ParseError> nonNegative(const char* key, double& out)
    {
        const json* v = get(key);
        if (!v) return std::nullopt;
        if (!v->is_number()) return ParseError{keyPath(key), msg("workload.expected_number", {{"kind", typeName(*v)}, {"value", describe(*v)}})};
        const double value = v->get<double>();
        if (!std::isfinite(value) || value < 0.0) return ParseError{keyPath(key), msg("workload.negative", {{"value", describe(*v)}})};
        out = value;
        return std::nullopt;
    }

    std::optional<ParseError> string(const char* key, std::optional<std::string>& out)
    {
        const json* v = get(key);
        if (!v) return std::nullopt;
        if (!v->is_string()) return ParseError{keyPath(key), msg("workload.expected_string", {{"kind", typeName(*v)}, {"value", describe(*v)}})};
        out = v->get<std::string>();
        return std::nullopt;
    }

    std::optional<ParseError> unknownKeys() const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it)
            if (std::find(m_known.begin(), m_known.end(), it.key()) == m_known.end())
                return ParseError{m_path, msg("workload.unknown_key", {{"key", it.key()}})};
        return std::nullopt;
    }

private:
    const json& m_object;
    std::string m_path;
    std::vector<std::string> m_known;
};

#define WORKLOAD_TRY(expr)                      \
    do {                                        \
        if (auto parseError_ = (expr)) return *parseError_; \
    } while (false)

std::optional<ParseError> parseRequest(const json& value, const std::string& path, WorkloadRequest& out)
{
    if (!value.is_object()) return ParseError{path, msg("workload.expected_object", {{"kind", typeName(value)}})};
    ObjectReader r(value, path);
    WORKLOAD_TRY(r.string("prompt", out.prompt));
    const bool hasPromptTokens = r.has("prompt_tokens");
    if (out.prompt && hasPromptTokens) return ParseError{path, msg("workload.prompt_both")};
    if (!out.prompt) {
        int64_t promptTokens = 0;
        if (!hasPromptTokens) return ParseError{path, msg("workload.prompt_missing")};
        WORKLOAD_TRY(r.integer("prompt_tokens", 1, kMaxTokens, true, promptTokens));
        out.promptTokens = static_cast<int32_t>(promptTokens);
    }
    int64_t outputTokens = 0;
    WORKLOAD_TRY(r.integer("output_tokens", 1, kMaxTokens, true, outputTokens));
    out.outputTokens = static_cast<int32_t>(outputTokens);
    WORKLOAD_TRY(r.nonNegative("arrival_ms", out.arrivalMs));
    return r.unknownKeys();
}

std::optional<ParseError> parseGenerator(const json& value, ArrivalSpec& spec)
{
    const std::string path = "generator";
    if (!value.is_object()) return ParseError{path, msg("workload.expected_object", {{"kind", typeName(value)}})};
    ObjectReader r(value, path);
    std::optional<std::string> arrival;
    WORKLOAD_TRY(r.string("arrival", arrival));
    if (arrival) {
        if (*arrival == "poisson") spec.process = ArrivalProcess::Poisson;
        else if (*arrival == "fixed") spec.process = ArrivalProcess::Fixed;
        else return ParseError{r.keyPath("arrival"), msg("workload.bad_arrival", {{"value", *arrival}})};
    }
    WORKLOAD_TRY(r.nonNegative("rate_per_s", spec.ratePerS));
    int64_t count = spec.count, prompt = spec.promptTokens, output = spec.outputTokens;
    WORKLOAD_TRY(r.integer("count", 1, kMaxRequests, false, count));
    WORKLOAD_TRY(r.integer("prompt_tokens", 1, kMaxTokens, false, prompt));
    WORKLOAD_TRY(r.integer("output_tokens", 1, kMaxTokens, false, output));
    WORKLOAD_TRY(r.seed("seed", spec.seed));
    spec.count = static_cast<int32_t>(count);
    spec.promptTokens = static_cast<int32_t>(prompt);
    spec.outputTokens = static_cast<int32_t>(output);
    return r.unknownKeys();
}

// Sorts by arrival (stable: equal times keep file order) and numbers 0..n-1.
void finalizeOrder(Workload& w)
{
    std::stable_sort(w.requests.begin(), w.requests.end(),
                     [](const WorkloadRequest& a, const WorkloadRequest& b) { return a.arrivalMs < b.arrivalMs; });
    for (size_t i = 0; i < w.requests.size(); ++i) w.requests[i].id = static_cast<int32_t>(i);
}

std::optional<ParseError> parseDocument(const json& doc, Workload& w)
{
    if (!doc.is_object()) return ParseError{"", msg("profile.not_an_object", {{"actual", typeName(doc)}})};
    ObjectReader r(doc, "");
    std::optional<std::string> schema, name;
    WORKLOAD_TRY(r.string("schema", schema));
    if (!schema) return ParseError{"schema", msg("profile.schema_missing", {{"expected", "\"" + std::string(kWorkloadSchema) + "\""}})};
    if (*schema != kWorkloadSchema)
        return ParseError{"schema", msg("workload.schema_mismatch", {{"schema", *schema}, {"expected", kWorkloadSchema}})};
    WORKLOAD_TRY(r.string("name", name));
    w.name = name.value_or("");
    const bool hasSeed = r.has("seed");
    WORKLOAD_TRY(r.seed("seed", w.seed));
    const json* requests = r.get("requests");
    const json* generator = r.get("generator");
    if (requests && generator) return ParseError{"", msg("workload.requests_both")};
    if (!requests && !generator) return ParseError{"", msg("workload.requests_missing")};
    WORKLOAD_TRY(r.unknownKeys());
    if (generator) {
        ArrivalSpec spec;
        WORKLOAD_TRY(parseGenerator(*generator, spec));
        const uint64_t seed = w.seed;
        w = generateArrivals(spec, w.name);
        if (hasSeed) w.seed = seed;
        return std::nullopt;
    }
    if (!requests->is_array()) return ParseError{"requests", msg("workload.expected_array", {{"kind", typeName(*requests)}})};
    if (requests->empty()) return ParseError{"requests", msg("workload.no_requests")};
    if (requests->size() > static_cast<size_t>(kMaxRequests))
        return ParseError{"requests", msg("workload.too_many_requests", {{"count", kMaxRequests}})};
    for (size_t i = 0; i < requests->size(); ++i) {
        WorkloadRequest request;
        WORKLOAD_TRY(parseRequest((*requests)[i], "requests[" + std::to_string(i) + "]", request));
        w.requests.push_back(std::move(request));
    }
    finalizeOrder(w);
    return std::nullopt;
}

// nlohmann keeps the last of duplicate keys silently; a workload with two
// "output_tokens" is refused instead. Tracks the path while parsing.
class DuplicateKeyCheck {
public:
    bool operator()(int /*depth*/, json::parse_event_t event, json& parsed)
    {
        switch (event) {
        case json::parse_event_t::object_start: enterValue(); m_frames.push_back({false, 0, {}, {}}); break;
        case json::parse_event_t::array_start: enterValue(); m_frames.push_back({true, 0, {}, {}}); break;
        case json::parse_event_t::key: {
            Frame& f = m_frames.back();
            f.key = parsed.get<std::string>();
            if (!f.keys.insert(f.key).second && !m_error) m_error = ParseError{containerPath(), msg("workload.duplicate_key", {{"key", f.key}})};
            break;
        }
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end: m_frames.pop_back(); break;
        case json::parse_event_t::value: enterValue(); break;
        }
        return true;
    }
    const std::optional<ParseError>& error() const { return m_error; }

private:
    struct Frame {
        bool array;
        size_t index;
        std::string key;
        std::set<std::string> keys;
    };
    // Array elements are counted as they start, so the index is of the current element.
    void enterValue()
    {
        if (!m_frames.empty() && m_frames.back().array) ++m_frames.back().index;
    }
    std::string containerPath() const
    {
        std::string path;
        for (size_t i = 0; i + 1 < m_frames.size(); ++i) {
            const Frame& f = m_frames[i];
            if (f.array) path += "[" + std::to_string(f.index - 1) + "]";
            else path = joinPath(path, f.key);
        }
        return path;
    }
    std::vector<Frame> m_frames;
    std::optional<ParseError> m_error;
};

Error toError(const ParseError& e)
{
    return makeError(ErrorCode::Format,
                     e.path.empty() ? e.message : msg("context.at_path", {{"path", e.path}, {"cause", e.message}}));
}

}  // namespace

Workload generateArrivals(const ArrivalSpec& spec, const std::string& name)
{
    Workload w;
    w.name = name;
    w.seed = spec.seed;
    std::mt19937_64 rng(spec.seed);
    double t = 0.0;
    for (int32_t i = 0; i < std::max(spec.count, 0); ++i) {
        WorkloadRequest r;
        r.id = i;
        r.promptTokens = spec.promptTokens;
        r.outputTokens = spec.outputTokens;
        if (spec.ratePerS > 0.0) {
            if (spec.process == ArrivalProcess::Fixed) t = 1000.0 * i / spec.ratePerS;
            else if (i > 0) t += 1000.0 * exponentialGap(rng, spec.ratePerS);  // the first request opens the run
        }
        r.arrivalMs = t;
        w.requests.push_back(r);
    }
    return w;
}

Expected<Workload> parseWorkload(std::string_view jsonText)
{
    DuplicateKeyCheck duplicates;
    json doc;
    try {
        doc = json::parse(jsonText.begin(), jsonText.end(), std::ref(duplicates));
    } catch (const json::exception& e) {
        // Syntax errors and numbers out of range alike ("[json.exception.out_of_range.406] number
        // overflow parsing '1e400'"): the message without its "[json.exception.*]" tag.
        return makeError(ErrorCode::Format, msg("profile.malformed_json", {{"detail", jsonErrorMessage(e.what())}}));
    }
    if (duplicates.error()) return toError(*duplicates.error());
    Workload w;
    if (auto error = parseDocument(doc, w)) return toError(*error);
    return w;
}

Expected<Workload> loadWorkloadFile(const std::string& path)
{
    auto text = readTextFile(path, "workload", kMaxConfigFileBytes);
    if (!text) return text.error();
    auto w = parseWorkload(*text);
    if (!w) return makeError(w.error().code, msg("context.in_file", {{"path", path}, {"cause", messageOf(w.error())}}));
    return w;
}

std::string serializeWorkload(const Workload& w)
{
    nlohmann::ordered_json doc;
    doc["schema"] = std::string(kWorkloadSchema);
    doc["name"] = w.name;
    doc["seed"] = w.seed;
    nlohmann::ordered_json requests = nlohmann::ordered_json::array();
    for (const WorkloadRequest& r : w.requests) {
        nlohmann::ordered_json j;
        if (r.prompt) j["prompt"] = *r.prompt;
        else j["prompt_tokens"] = r.promptTokens;
        j["output_tokens"] = r.outputTokens;
        j["arrival_ms"] = r.arrivalMs;
        requests.push_back(std::move(j));
    }
    doc["requests"] = std::move(requests);
    return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

// ---- presets -----------------------------------------------------------------

namespace {

struct Preset {
    const char* name;
    Workload (*make)();
};

// Lengths drawn from a seeded stream so static batching waits for its longest
// member while continuous batching refills the slot: the case the two differ on.
Workload mixedLengths()
{
    ArrivalSpec spec{ArrivalProcess::Poisson, 8.0, 32, 0, 0, 7};
    Workload w = generateArrivals(spec, "mixed-32");
    std::mt19937_64 rng(mixSeed(7, 0xA11));
    for (WorkloadRequest& r : w.requests) {
        r.promptTokens = 8 + static_cast<int32_t>(uniform01(rng) * 121.0);   // 8..128
        r.outputTokens = 8 + static_cast<int32_t>(uniform01(rng) * 121.0);
    }
    return w;
}

const Preset kPresets[] = {
    {"chat-short", [] { return generateArrivals({ArrivalProcess::Poisson, 4.0, 16, 32, 32, 1}, "chat-short"); }},
    {"poisson-64", [] { return generateArrivals({ArrivalProcess::Poisson, 32.0, 64, 64, 64, 1}, "poisson-64"); }},
    {"burst-8", [] { return generateArrivals({ArrivalProcess::Fixed, 0.0, 8, 32, 64, 1}, "burst-8"); }},
    {"mixed-32", mixedLengths},
};

}  // namespace

std::vector<std::string> workloadPresetNames()
{
    std::vector<std::string> names;
    for (const Preset& p : kPresets) names.emplace_back(p.name);
    return names;
}

Expected<Workload> workloadPreset(std::string_view name)
{
    for (const Preset& p : kPresets)
        if (name == p.name) return p.make();
    std::string known;
    for (const Preset& p : kPresets) known += (known.empty() ? "" : ", ") + std::string(p.name);
    return makeError(ErrorCode::NotFound, msg("workload.unknown_preset", {{"name", name}, {"known", known}}));
}

std::vector<int32_t> requestPromptIds(const WorkloadRequest& request, const Tokenizer& tokenizer, uint64_t seed)
{
    if (request.prompt) return tokenizer.encode(*request.prompt, true);
    const int32_t bos = tokenizer.bos() >= 0 ? tokenizer.bos() : 1;
    std::vector<int32_t> ids{bos};
    const int32_t vocab = tokenizer.vocabSize();
    // Ids 0..2 are <unk>, <s>, </s> in llama vocabularies: leave them out.
    const uint64_t span = vocab > 3 ? static_cast<uint64_t>(vocab - 3) : 1;
    std::mt19937_64 rng(mixSeed(seed, static_cast<uint64_t>(request.id)));
    for (int32_t i = 1; i < request.promptTokens; ++i)
        ids.push_back(vocab > 3 ? 3 + static_cast<int32_t>(rng() % span) : bos);
    return ids;
}

}  // namespace engine
