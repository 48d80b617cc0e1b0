#pragma once
// Test helpers shared by every suite: where the shared real-model fixtures are,
// and the rule that a missing fixture is a failure under CI=true (never a skip).
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QTest>
#include <QtGlobal>
#include <cstdint>
#include <vector>

namespace testsupport {

inline QString sharedModelsDir()
{
    const QByteArray env = qgetenv("INFERSCOPE_SHARED_MODELS");
    return env.isEmpty() ? QString::fromUtf8(INFERSCOPE_SHARED_MODELS_DIR) : QString::fromLocal8Bit(env);
}

inline bool runningInCi()
{
    return qgetenv("CI") == "true";
}

// The CLI the build made; INFERSCOPE_CLI names another (a relocated bundle).
inline QString cliPath()
{
    const QByteArray env = qgetenv("INFERSCOPE_CLI");
    return env.isEmpty() ? QString::fromUtf8(INFERSCOPE_CLI_PATH) : QString::fromLocal8Bit(env);
}

// The "generated_ids" of a golden-output file (golden/*.json); empty when unreadable.
inline std::vector<int32_t> goldenIds(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QJsonArray ids = QJsonDocument::fromJson(f.readAll()).object().value("generated_ids").toArray();
    std::vector<int32_t> out;
    for (const auto& v : ids) out.push_back(v.toInt());
    return out;
}

}  // namespace testsupport

// Resolves a fixture under shared/models into `var`; fails the test under CI=true
// when missing, skips it otherwise (a developer checkout without shared/).
#define REQUIRE_SHARED_FIXTURE(var, relPath)                                                    \
    const QString var = QDir(testsupport::sharedModelsDir()).filePath(QStringLiteral(relPath)); \
    do {                                                                                        \
        if (!QFileInfo::exists(var)) {                                                          \
            const QByteArray msg = ("missing shared model fixture: " + var).toUtf8();           \
            if (testsupport::runningInCi())                                                     \
                QFAIL(msg.constData());                                                         \
            QSKIP(msg.constData());                                                             \
        }                                                                                       \
    } while (false)
