#include "app/bridge/default_model.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace {

// A model file, or a Hugging Face folder (a directory with config.json).
bool isModelFile(const QString& path)
{
    if (path.isEmpty())
        return false;
    const QFileInfo info(path);
    return info.isFile() || (info.isDir() && QFileInfo::exists(QDir(path).filePath(QStringLiteral("config.json"))));
}

}  // namespace

QString appDataDir()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir;
}

DefaultModelSources defaultModelSources(const QString& commandLine, const QString& lastModel)
{
    DefaultModelSources sources;
    sources.commandLine = commandLine;
    sources.lastModel = lastModel;
    sources.environment = qEnvironmentVariable("INFERSCOPE_MODEL");
#ifdef INFERSCOPE_SOURCE_DIR
    sources.sourceDir = QString::fromUtf8(INFERSCOPE_SOURCE_DIR);
#endif
    sources.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return sources;
}

QString findDefaultModel(const DefaultModelSources& sources)
{
    // A path given on the command line wins even when it does not exist: the
    // user asked for it, so the load error is what they should see.
    if (!sources.commandLine.isEmpty())
        return QFileInfo(sources.commandLine).absoluteFilePath();
    for (const QString& candidate : {sources.lastModel, sources.environment})
        if (isModelFile(candidate))
            return QFileInfo(candidate).absoluteFilePath();
    if (!sources.sourceDir.isEmpty()) {
        const QString bundled = QDir(sources.sourceDir).filePath(QStringLiteral("../shared/models/stories260K.gguf"));
        if (isModelFile(bundled))
            return QFileInfo(bundled).canonicalFilePath();
    }
    if (!sources.dataDir.isEmpty()) {
        const QDir models(QDir(sources.dataDir).filePath(QStringLiteral("models")));
        const QStringList found = models.entryList({QStringLiteral("*.gguf")}, QDir::Files, QDir::Name);
        if (!found.isEmpty())
            return models.absoluteFilePath(found.first());
    }
    return {};
}
