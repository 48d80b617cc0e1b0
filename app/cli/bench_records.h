#pragma once
// Output of `inferscope-cli bench` pp/tg runs in the formats comparison scripts
// read (-o md|csv|json|jsonl): one record per test, with llama-bench's field
// names (n_prompt, n_gen, n_depth, n_threads, avg_ts, samples_ns, ...) so the
// same scripts take both tools' results, plus InferScope's roofline fields.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cli {

enum class BenchFormat { Markdown, Csv, Json, JsonLines };

// "md", "csv", "json", "jsonl" -> the format; false for anything else.
bool parseBenchFormat(const std::string& name, BenchFormat& out);

// What every record of one run shares.
struct BenchRunInfo {
    std::string modelPath;
    std::string modelType;  // e.g. "llama 109.53 M Q8_0"
    double sizeBytes = 0;
    double params = 0;
    std::string cpuInfo;
    std::string kvType;     // "f32", "f16", "int8"
};

// One test result of ppTgResults (cmd_bench.cc: test, tokens, depth, threads,
// mean/stddev tok/s, samples, roofline or GFLOP/s) as a llama-bench-style record.
nlohmann::json benchRecord(const nlohmann::json& result, const BenchRunInfo& info, const std::string& testTime);

// Prints the records as CSV (header + rows), a JSON array, or JSON lines.
void printBenchRecords(const std::vector<nlohmann::json>& records, BenchFormat format);

// "2026-12-07T03:04:05Z": the test_time of a record.
std::string utcTimestamp();

}  // namespace cli
