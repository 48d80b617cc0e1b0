#include "app/bridge/framework_export_text.h"

#include <QCoreApplication>
#include <iterator>

#include "app/bridge/engine_text.h"
#include "engine/config/framework_export.h"
#include "engine/config/profile_validator.h"

namespace {

// Tab titles, in engine::Framework order.
const char* const kTitles[] = {
    QT_TRANSLATE_NOOP("FrameworkExport", "TensorRT-LLM"),
    QT_TRANSLATE_NOOP("FrameworkExport", "Triton (vLLM backend)"),
    QT_TRANSLATE_NOOP("FrameworkExport", "ONNX Runtime GenAI"),
};
static_assert(std::size(kTitles) == static_cast<size_t>(engine::Framework::Count), "one title per framework");

engine::Profile profileOf(const QByteArray& canonicalJson)
{
    if (canonicalJson.isEmpty())
        return {};
    auto parsed = engine::parseProfile(canonicalJson.toStdString());
    return parsed ? *parsed : engine::Profile{};
}

engine::FrameworkExport exportOf(const QByteArray& canonicalJson, const QString& modelPath, int index)
{
    return engine::exportFramework(static_cast<engine::Framework>(index), profileOf(canonicalJson), modelPath.toStdString());
}

}  // namespace

int frameworkExportCount()
{
    return static_cast<int>(engine::Framework::Count);
}

QString frameworkExportTitle(int index)
{
    return QCoreApplication::translate("FrameworkExport", kTitles[index]);
}

FrameworkExportText profileFrameworkText(const QByteArray& canonicalJson, const QString& modelPath, int index)
{
    const engine::FrameworkExport out = exportOf(canonicalJson, modelPath, index);
    FrameworkExportText text;
    text.title = frameworkExportTitle(index);
    text.text = QString::fromStdString(out.text());
    for (const engine::ExportMapping& m : out.mapped)
        text.mapped << engineExportMappingText(m);
    for (const engine::ExportNote& note : out.notes)
        text.notes << engineExportNoteText(note);
    for (const engine::ExportFile& file : out.files)
        text.files << QString::fromStdString(file.path);
    return text;
}

QString writeProfileFrameworkFiles(const QByteArray& canonicalJson, const QString& modelPath, int index,
                                   const QString& folder)
{
    const auto written = engine::writeFrameworkExport(exportOf(canonicalJson, modelPath, index), folder.toStdString());
    return written ? QString() : engineErrorText(written.error());
}
