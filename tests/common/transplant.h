#pragma once
// Transplants: a trained llama GGUF (stories260K) rewritten as another
// architecture's file, to prove that architecture's code path with real
// weights or against a reference computation.
#include <QString>
#include <QTest>
#include <optional>
#include <string>

#include "engine/formats/model_file.h"
#include "engine/model/model_config.h"
#include "engine/session/engine.h"

namespace testsupport {

// `source` (a llama GGUF) with its metadata keys moved to `architecture`, and
// its llama config in `config`; std::nullopt when it cannot be read.
inline std::optional<engine::ModelFile> relabelled(const QString& source, const std::string& architecture,
                                                   engine::ModelConfig& config)
{
    auto file = engine::openModelFile(source.toStdString(), "");
    if (!file) return std::nullopt;
    auto llama = engine::ModelConfig::fromModelFile(*file);
    if (!llama) return std::nullopt;
    config = *llama;
    for (auto& [key, value] : file->metadata)
        if (key.rfind("llama.", 0) == 0) key = architecture + "." + key.substr(6);
    file->setMeta("general.architecture", engine::MetaValue::string(architecture));
    file->rebuildIndex();
    return std::move(*file);
}

// Loading `path` fails, and the error says `message` (e.g. the missing tensor's name).
inline void expectLoadRefused(const QString& path, const std::string& message)
{
    auto e = engine::Engine::load(path.toStdString(), "", engine::LoadOptions{1});
    QVERIFY(!e);
    QVERIFY2(e.error().message.find(message) != std::string::npos, e.error().message.c_str());
}

}  // namespace testsupport
