// Help > About InferScope: the dialog's text names the version, revision,
// build type, Qt, the CPU kernels' SIMD target, the CUDA module's state and
// the license; the build info is this build's; the Help menu opens it without
// blocking the window.
#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QTest>

#include "app/bridge/build_info.h"
#include "app/bridge/engine_client.h"
#include "app/models/run_history.h"
#include "app/settings/settings.h"
#include "app/version.h"
#include "app/widgets/about_dialog.h"
#include "app/widgets/main_window.h"
#include "kernels/api/registry.h"
#include "kernels/cpu/simd.h"

namespace {

BuildInfo sampleInfo()
{
    BuildInfo info;
    info.version = "9.8.7";
    info.revision = "0123456789ab";
    info.buildType = "Release";
    info.qtBuilt = "6.4.2";
    info.qtRunning = "6.4.3";
    info.simdTarget = "AVX2";
    info.cudaStatus = "The CUDA backend module libinferscope-cuda.so is not installed (looked for <here>)";
    info.license = "GPL-3.0-or-later";
    info.homepage = "https://example.org/inferscope";
    return info;
}

}  // namespace

class TestAbout : public QObject {
    Q_OBJECT

private slots:
    void textNamesEveryFact()
    {
        const QString text = AboutDialog::text(sampleInfo());
        for (const char* fact : {"InferScope 9.8.7", "0123456789ab", "Release", "6.4.3 (built with 6.4.2)", "AVX2",
                                 "GPL-3.0-or-later", "href=\"https://example.org/inferscope#readme\""})
            QVERIFY2(text.contains(QString::fromUtf8(fact)), fact);
        // Not loaded: the reason, escaped for rich text.
        QVERIFY2(text.contains("not loaded: The CUDA backend module libinferscope-cuda.so is not installed "
                               "(looked for &lt;here&gt;)"),
                 qPrintable(text));
    }

    void loadedModuleIsNamed()
    {
        BuildInfo info = sampleInfo();
        info.cudaLoaded = true;
        info.cudaModule = "/usr/lib/inferscope/libinferscope-cuda.so";
        info.cudaStatus = "CUDA: backend loaded (runtime 13.0) — no CUDA device: no driver";
        const QString text = AboutDialog::text(info);
        QVERIFY(text.contains("loaded from /usr/lib/inferscope/libinferscope-cuda.so"));
        QVERIFY(text.contains("no CUDA device: no driver"));
        QVERIFY(!text.contains("not loaded"));
    }

    void buildInfoIsThisBuilds()
    {
        const BuildInfo info = currentBuildInfo();
        QCOMPARE(info.version, QStringLiteral(INFERSCOPE_VERSION));
        QCOMPARE(info.revision, QStringLiteral(INFERSCOPE_REVISION));
        QCOMPARE(info.qtRunning, QString::fromLatin1(qVersion()));
        QCOMPARE(info.simdTarget, QString::fromStdString(kernels::cpu::simdTargetName()));
        QVERIFY(!info.simdTarget.isEmpty());
        const kernels::BackendStatus& cuda = kernels::Registry::instance().cudaStatus();
        QCOMPARE(info.cudaLoaded, cuda.built);
        QCOMPARE(info.cudaModule, QString::fromStdString(cuda.module));
        QVERIFY(!info.cudaStatus.isEmpty());
        QCOMPARE(info.appId, QStringLiteral("io.github.inferscope.InferScope"));
    }

    void helpMenuOpensTheDialog()
    {
        QTemporaryDir dir;
        Settings settings(dir.filePath(QStringLiteral("settings.ini")));
        RunHistory history(dir.filePath(QStringLiteral("history.json")));
        EngineClient engine;
        MainWindow window(&settings, &engine, &history);
        window.show();

        auto* help = window.menuBar()->findChild<QMenu*>(QStringLiteral("helpMenu"));
        QVERIFY(help);
        auto* about = window.findChild<QAction*>(QStringLiteral("aboutAction"));
        auto* aboutQt = window.findChild<QAction*>(QStringLiteral("aboutQtAction"));
        QVERIFY(about && aboutQt);
        QVERIFY(help->actions().contains(about) && help->actions().contains(aboutQt));

        about->trigger();
        auto* dialog = window.findChild<AboutDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->isModal());
        auto* text = dialog->findChild<QLabel*>(QStringLiteral("aboutText"));
        QVERIFY(text);
        QVERIFY(text->text().contains(QStringLiteral("InferScope " INFERSCOPE_VERSION)));
        QVERIFY(text->openExternalLinks());
        dialog->close();
    }
};

QTEST_MAIN(TestAbout)
#include "tst_about.moc"
