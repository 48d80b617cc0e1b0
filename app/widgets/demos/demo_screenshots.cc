#include "app/widgets/demos/demo_screenshots.h"

#include <QApplication>
#include <QDir>
#include <QTimer>

#include "app/widgets/demos/demo_panel.h"
#include "app/widgets/learn_page.h"
#include "app/widgets/main_window.h"

namespace {

void runFrom(MainWindow* window, int index, const std::function<void()>& done)
{
    const QVector<DemoPanel*>& demos = window->learnPage()->demos();
    if (index >= demos.size()) {
        done();
        return;
    }
    DemoPanel* demo = demos.at(index);
    // The next one starts from the event loop, once this one's client state is idle again.
    QObject::connect(
        demo, &DemoPanel::finished, window,
        [window, index, done] { QTimer::singleShot(0, window, [window, index, done] { runFrom(window, index + 1, done); }); },
        Qt::SingleShotConnection);
    if (!demo->start()) {
        QObject::disconnect(demo, &DemoPanel::finished, window, nullptr);
        runFrom(window, index + 1, done);
    }
}

}  // namespace

void runLearnDemos(MainWindow* window, std::function<void()> done)
{
    runFrom(window, 0, done);
}

bool saveLearnDemoScreenshots(MainWindow* window, const QString& dir, QString* error)
{
    const MainWindow::Page previous = window->currentPage();
    window->setCurrentPage(MainWindow::LearnPageId);
    for (DemoPanel* demo : window->learnPage()->demos()) {
        if (!demo->hasResult())
            continue;
        window->learnPage()->showDemo(demo->id());
        QApplication::processEvents();
        const QString path = QDir(dir).filePath(QStringLiteral("learn-%1.png").arg(demo->id()));
        if (!window->grab().save(path)) {
            if (error)
                *error = MainWindow::tr("Cannot write %1").arg(path);
            return false;
        }
    }
    window->learnPage()->showDemo({});
    window->setCurrentPage(previous);
    return true;
}
