#include "app/cli/bench_records.h"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "app/cli/json_text.h"

namespace cli {

namespace {

// The columns of a CSV record, in llama-bench's order for the shared fields.
const std::vector<std::string>& csvColumns()
{
    static const std::vector<std::string> columns = {
        "cpu_info",    "backends",  "model_filename", "model_type", "model_size", "model_n_params",
        "n_threads",   "type_k",    "type_v",         "n_prompt",   "n_gen",      "n_depth",
        "test_time",   "avg_ns",    "stddev_ns",      "avg_ts",     "stddev_ts",  "samples_ns",
        "samples_ts",  "roofline_ts", "roofline_pct", "gflop_s"};
    return columns;
}

std::string csvField(const nlohmann::json& v)
{
    if (v.is_null()) return "";
    std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    if (v.is_array()) {  // llama-bench writes sample lists space-separated
        text.clear();
        for (const nlohmann::json& x : v) text += (text.empty() ? "" : " ") + x.dump();
    }
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace

bool parseBenchFormat(const std::string& name, BenchFormat& out)
{
    if (name == "md") out = BenchFormat::Markdown;
    else if (name == "csv") out = BenchFormat::Csv;
    else if (name == "json") out = BenchFormat::Json;
    else if (name == "jsonl") out = BenchFormat::JsonLines;
    else return false;
    return true;
}

std::string utcTimestamp()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

nlohmann::json benchRecord(const nlohmann::json& r, const BenchRunInfo& info, const std::string& testTime)
{
    const bool prefill = r["test"].get<std::string>().rfind("pp", 0) == 0;
    const int tokens = r["tokens"].get<int>();
    // Nanoseconds per test run from tokens/s: a run processes `tokens` tokens.
    nlohmann::json samplesNs = nlohmann::json::array();
    for (const nlohmann::json& ts : r["samples_tok_s"]) {
        const double v = ts.get<double>();
        samplesNs.push_back(v > 0.0 ? static_cast<long long>(std::llround(1e9 * tokens / v)) : 0LL);
    }
    double meanNs = 0.0, varNs = 0.0;
    for (const nlohmann::json& ns : samplesNs) meanNs += ns.get<double>();
    meanNs /= samplesNs.empty() ? 1.0 : static_cast<double>(samplesNs.size());
    for (const nlohmann::json& ns : samplesNs) varNs += (ns.get<double>() - meanNs) * (ns.get<double>() - meanNs);
    const double stddevNs = samplesNs.size() > 1 ? std::sqrt(varNs / static_cast<double>(samplesNs.size() - 1)) : 0.0;
    nlohmann::json rec{{"cpu_info", info.cpuInfo},
                       {"backends", "CPU"},
                       {"model_filename", info.modelPath},
                       {"model_type", info.modelType},
                       {"model_size", static_cast<long long>(info.sizeBytes)},
                       {"model_n_params", static_cast<long long>(info.params)},
                       {"n_threads", r["threads"]},
                       {"type_k", info.kvType},
                       {"type_v", info.kvType},
                       {"n_prompt", prefill ? tokens : 0},
                       {"n_gen", prefill ? 0 : tokens},
                       {"n_depth", r.value("depth", 0)},
                       {"test_time", testTime},
                       {"avg_ns", static_cast<long long>(std::llround(meanNs))},
                       {"stddev_ns", static_cast<long long>(std::llround(stddevNs))},
                       {"avg_ts", r["mean_tok_s"]},
                       {"stddev_ts", r["stddev_tok_s"]},
                       {"samples_ns", samplesNs},
                       {"samples_ts", r["samples_tok_s"]},
                       {"roofline_ts", r.contains("roofline_tok_s") ? r["roofline_tok_s"] : nlohmann::json()},
                       {"roofline_pct", r.contains("roofline_pct") ? r["roofline_pct"] : nlohmann::json()},
                       {"gflop_s", r.contains("gflop_s") ? r["gflop_s"] : nlohmann::json()}};
    // A test has a roofline (decode) or GFLOP/s (prefill), not both: the other stays out.
    for (const char* key : {"roofline_ts", "roofline_pct", "gflop_s"})
        if (rec[key].is_null()) rec.erase(key);
    return rec;
}

void printBenchRecords(const std::vector<nlohmann::json>& records, BenchFormat format)
{
    switch (format) {
    case BenchFormat::Csv: {
        std::string header;
        for (const std::string& c : csvColumns()) header += (header.empty() ? "" : ",") + c;
        std::printf("%s\n", header.c_str());
        for (const nlohmann::json& rec : records) {
            std::string line;
            bool first = true;
            for (const std::string& c : csvColumns()) {
                line += (first ? "" : ",") + csvField(rec.contains(c) ? rec[c] : nlohmann::json());
                first = false;
            }
            std::printf("%s\n", line.c_str());
        }
        break;
    }
    case BenchFormat::Json: std::printf("%s\n", jsonText(nlohmann::json(records), 2).c_str()); break;
    case BenchFormat::JsonLines:
        for (const nlohmann::json& rec : records) std::printf("%s\n", rec.dump().c_str());
        break;
    case BenchFormat::Markdown: break;  // the caller's table
    }
}

}  // namespace cli
