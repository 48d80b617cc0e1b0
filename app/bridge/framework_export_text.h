#pragma once
// The nearest settings of the other serving frameworks (TensorRT-LLM, Triton's
// vLLM backend, ONNX Runtime GenAI) for a canonical profile, as the Export
// page shows them. Qt only: the engine's framework_export.h stays behind it.
#include <QByteArray>
#include <QString>
#include <QStringList>

struct FrameworkExportText {
    QString title;       // "TensorRT-LLM"
    QString text;        // the script: mapped knobs and notes as comments, files as here-documents, commands
    QStringList mapped;  // "kv_cache.block_size -> trtllm-build --tokens_per_block 16", in the interface language
    QStringList notes;   // "pruning: TensorRT-LLM does not prune: ..."
    QStringList files;   // relative paths the export writes ("model_repository/m/config.pbtxt")
};

// The frameworks in tab order; `index` below is 0 .. frameworkExportCount() - 1.
int frameworkExportCount();
QString frameworkExportTitle(int index);  // translated tab title
FrameworkExportText profileFrameworkText(const QByteArray& canonicalJson, const QString& modelPath, int index);
// Writes the export's files and commands.sh into `folder`; returns an error message or an empty string.
QString writeProfileFrameworkFiles(const QByteArray& canonicalJson, const QString& modelPath, int index,
                                   const QString& folder);
