// Peak resident memory of the workbench's reloads: the model is opened as the
// GUI opens it, then one short run per profile, in order, through the same
// EngineController — each run whose profile converts other weights reloads
// the model first. Prints each run's peak RSS (from the start of the run,
// reload included) beside the weights it ran, so the cost of a reload over
// the weights themselves shows. Prints numbers only, asserts nothing.
//
// usage: bench_reload_memory MODEL PROFILE.json [PROFILE.json ...] ("-" = the model as stored)
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>

#include <cstdio>

#include "app/bridge/engine_client.h"
#include "app/bridge/engine_controller.h"

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

QString readProfile(const QString& path)
{
    if (path == QLatin1String("-"))
        return {};
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

}  // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: bench_reload_memory MODEL PROFILE.json [PROFILE.json ...]\n");
        return 2;
    }
    EngineClient client;
    client.controller()->setQualityParameterLimit(0);  // the comparison run would load a second model
    QEventLoop loop;
    QString error;
    QObject::connect(&client, &EngineClient::modelLoaded, &loop, &QEventLoop::quit);
    QObject::connect(&client, &EngineClient::runFinished, &loop, &QEventLoop::quit);
    QObject::connect(&client, &EngineClient::failed, &loop, [&](const QString& message) {
        error = message;
        loop.quit();
    });
    RunResult last;
    QObject::connect(&client, &EngineClient::runFinished, &loop, [&](const RunResult& r) { last = r; });

    client.load(args.front());
    loop.exec();
    if (!error.isEmpty()) {
        std::fprintf(stderr, "bench_reload_memory: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("%-40s  %12s  %14s  %s\n", "profile", "weights GiB", "peak RSS GiB", "load s");
    for (const QString& profile : args.mid(1)) {
        RunRequest request;
        request.maxTokens = 1;
        request.profileJson = readProfile(profile);
        client.run(request);
        loop.exec();
        if (!error.isEmpty()) {
            std::fprintf(stderr, "bench_reload_memory: %s: %s\n", qPrintable(profile), qPrintable(error));
            return 1;
        }
        std::printf("%-40s  %12.2f  %14.2f  %6.1f\n", qPrintable(profile), double(last.weightBytes) / kGiB,
                    double(last.memory.peakRssBytes) / kGiB, last.loadMs / 1000.0);
        std::fflush(stdout);
    }
    return 0;
}
