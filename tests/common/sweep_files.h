#pragma once
// Sweep results and workload files for the sweep tests (engine, CLI and panel).
#include <QByteArray>
#include <QFile>
#include <QString>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace testsupport {

// The lines of a JSONL results file; a line that does not parse is a discarded
// value (is_discarded()), so a test can say which line broke.
inline std::vector<nlohmann::json> readJsonLines(const QString& path)
{
    QFile f(path);
    std::vector<nlohmann::json> out;
    if (!f.open(QIODevice::ReadOnly)) return out;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (!line.isEmpty()) out.push_back(nlohmann::json::parse(line.toStdString(), nullptr, false));
    return out;
}

// The lines whose "kind" is `kind` ("point", "sample", ...).
inline std::vector<nlohmann::json> linesOfKind(const std::vector<nlohmann::json>& lines, const std::string& kind)
{
    std::vector<nlohmann::json> out;
    for (const nlohmann::json& l : lines)
        if (l.is_object() && l.value("kind", "") == kind) out.push_back(l);
    return out;
}

// A workload of six short requests (prompts of 6 to 11 tokens), all arriving at
// time 0, so that with few sequences at a time they queue.
inline QString writeSixRequestWorkload(const QString& path, int outputTokens)
{
    nlohmann::json requests = nlohmann::json::array();
    for (int i = 0; i < 6; ++i)
        requests.push_back({{"prompt_tokens", 6 + i}, {"output_tokens", outputTokens}, {"arrival_ms", 0}});
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    const nlohmann::json doc{{"schema", "inferscope.workload/1"}, {"name", "six"}, {"requests", requests}};
    f.write(QByteArray::fromStdString(doc.dump()));
    return path;
}

}  // namespace testsupport
