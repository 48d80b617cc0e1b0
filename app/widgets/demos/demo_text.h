#pragma once
// Small helpers shared by the measured demos.
#include <QString>

#include <string>
#include <vector>

namespace engine {
class Engine;
}

inline QString fromStd(const std::string& s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// The bundled evaluation text "stories.txt" tokenized with the model's own
// tokenizer (BOS first), cut to at most `maxTokens`; empty with `error` set
// when it cannot be read.
std::vector<int32_t> demoEvalTokens(const engine::Engine& engine, size_t maxTokens, QString* error);
