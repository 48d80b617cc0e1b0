#pragma once
// The llama.cpp vocabulary fixtures (shared/models/llama-vocab/X.gguf with
// X.gguf.inp and X.gguf.out): the input strings and the ids each must give.
#include <QByteArray>
#include <QFile>
#include <QList>
#include <string>
#include <vector>

namespace testsupport {

inline QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.readAll();
}

// X.gguf.inp: each string is followed by "\n__ggml_vocab_test__\n".
inline std::vector<std::string> splitInputs(const QByteArray& bytes)
{
    const std::string text = bytes.toStdString();
    const std::string separator = "\n__ggml_vocab_test__\n";
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t at = text.find(separator); at != std::string::npos; at = text.find(separator, start)) {
        out.push_back(text.substr(start, at - start));
        start = at + separator.size();
    }
    if (start < text.size()) out.push_back(text.substr(start));
    return out;
}

// X.gguf.out: one line of space-separated ids per string.
inline std::vector<std::vector<int32_t>> parseOutputs(const QByteArray& bytes)
{
    std::vector<std::vector<int32_t>> out;
    QList<QByteArray> lines = bytes.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty()) lines.removeLast();
    for (const QByteArray& line : lines) {
        std::vector<int32_t> ids;
        for (const QByteArray& field : line.split(' ')) {
            if (!field.isEmpty()) ids.push_back(field.toInt());
        }
        out.push_back(std::move(ids));
    }
    return out;
}

}  // namespace testsupport
