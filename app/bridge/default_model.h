#pragma once
// Which model the workbench opens on start. In order: the command-line path,
// the last model used, $INFERSCOPE_MODEL, the bundled stories260K.gguf next to
// the source tree, then the first *.gguf in the user's data directory. An empty
// result means none was found (the window then offers a synthetic model).
#include <QString>

struct DefaultModelSources {
    QString commandLine;  // first positional argument
    QString lastModel;    // from Settings
    QString environment;  // $INFERSCOPE_MODEL
    QString sourceDir;    // the source tree (the bundled model is ../shared/models)
    QString dataDir;      // QStandardPaths::AppDataLocation
};

// The sources of this process: environment, compile-time source dir, data dir.
DefaultModelSources defaultModelSources(const QString& commandLine, const QString& lastModel);
QString findDefaultModel(const DefaultModelSources& sources);
// Where the workbench keeps its own files (models/, history.json); created on demand.
QString appDataDir();
