// A cancel asked for during a load ends it as cancelled — not as a failure —
// wherever it lands: before the file is opened, while the readers parse it,
// at every progress report of the load and its quantization pass, while the
// tensors are bound; and the cancelled load keeps nothing: the model file is
// unmapped and the next load of the same file gives the same model.
// No timing is asserted (tests/bench/bench_cancel measures the latency).
#include <QTest>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/fixtures.h"
#include "engine/common/cancel.h"
#include "engine/formats/gguf_reader.h"
#include "engine/formats/mapped_file.h"
#include "engine/formats/model_file.h"
#include "engine/model/model_config.h"
#include "engine/model/weights.h"
#include "engine/session/engine.h"

namespace {

// How many mappings of the file at `path` this process holds (/proc/self/maps
// names each by its canonical path).
int mappingsOf(const std::string& path)
{
    std::error_code ec;
    const std::string canonical = std::filesystem::canonical(path, ec).string();
    if (ec) return -1;
    std::ifstream maps("/proc/self/maps");
    int n = 0;
    for (std::string line; std::getline(maps, line);)
        if (line.size() >= canonical.size() &&
            line.compare(line.size() - canonical.size(), canonical.size(), canonical) == 0)
            ++n;
    return n;
}

engine::LoadOptions int8Load()
{
    engine::LoadOptions options;
    options.threads = 1;
    engine::WeightsConfig weights;
    weights.dtype = engine::WeightDType::Int8;
    options.weights = weights;
    return options;
}

// The outcome is Cancelled with the catalogued message, not another error.
bool isCancelledLoad(const engine::Error& error)
{
    return error.code == engine::ErrorCode::Cancelled && error.detail.id == "load.cancelled";
}

}  // namespace

class TestLoadCancel : public QObject {
    Q_OBJECT
private slots:
    // The check the others rely on: a loaded engine's mapping is seen, and
    // is gone once the engine is.
    void mappingsAreSeen()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QCOMPARE(mappingsOf(model.toStdString()), 0);
        {
            auto e = engine::Engine::load(model.toStdString());
            QVERIFY(e);
            QCOMPARE(mappingsOf(model.toStdString()), 1);
        }
        QCOMPARE(mappingsOf(model.toStdString()), 0);
    }

    void cancelBeforeTheLoad()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        std::atomic<bool> cancel{true};
        engine::LoadOptions options = int8Load();
        options.cancel = &cancel;
        auto e = engine::Engine::load(model.toStdString(), {}, options);
        QVERIFY(!e);
        QVERIFY2(isCancelledLoad(e.error()), e.error().message.c_str());
        QCOMPARE(mappingsOf(model.toStdString()), 0);
    }

    // The readers and the binding poll the flag themselves, so a cancel that
    // lands inside them does not wait for the next phase.
    void readersAndBindingStopWhenCancelled()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const std::string path = model.toStdString();
        std::atomic<bool> cancel{true};
        {
            auto mapped = engine::MappedFile::open(path);
            QVERIFY(mapped);
            auto read = engine::readGguf(*mapped, &cancel);
            QVERIFY(!read);
            QVERIFY2(isCancelledLoad(read.error()), read.error().message.c_str());
        }
        auto file = engine::openModelFile(path);
        QVERIFY(file);
        auto config = engine::ModelConfig::fromModelFile(*file);
        QVERIFY(config);
        auto bound = engine::Weights::bind(*file, *config, &cancel);
        QVERIFY(!bound);
        QVERIFY(isCancelledLoad(bound.error()));
        cancel = false;
        QVERIFY(engine::Weights::bind(*file, *config, &cancel));
    }

    // The flag raised from the progress callback at its k-th report, for every
    // k: the load must end cancelled at each, with its mapping released; the
    // last report (the model bound) comes when nothing is left to cancel.
    void cancelAtEveryProgressReport()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const std::string path = model.toStdString();
        engine::LoadOptions options = int8Load();
        int reports = 0;
        options.progress = [&](const engine::PhaseProgress&) { ++reports; };
        auto reference = engine::Engine::load(path, {}, options);
        QVERIFY2(reference, reference ? "" : reference.error().message.c_str());
        QVERIFY(reports > 2);
        const int total = reports;
        const int mapped = mappingsOf(path);  // the reference engine's (none once every tensor is converted)

        for (int k = 0; k < total - 1; ++k) {
            std::atomic<bool> cancel{false};
            int seen = 0;
            options.cancel = &cancel;
            options.progress = [&](const engine::PhaseProgress&) {
                if (seen++ == k) cancel = true;
            };
            auto e = engine::Engine::load(path, {}, options);
            QVERIFY2(!e, qPrintable(QStringLiteral("report %1 of %2: the load completed").arg(k).arg(total)));
            // The pass's own cancel or the load's.
            QVERIFY2(e.error().code == engine::ErrorCode::Cancelled, e.error().message.c_str());
            QCOMPARE(seen, k + 1);  // no report after the cancel
        }
        QCOMPARE(mappingsOf(path), mapped);

        // The next load gives the same model: same weights, same greedy tokens.
        options.cancel = nullptr;
        options.progress = nullptr;
        auto again = engine::Engine::load(path, {}, options);
        QVERIFY(again);
        QCOMPARE((*again)->weightsBytes(), (*reference)->weightsBytes());
        engine::GenerateRequest request;
        request.prompt = "Once upon a time";
        request.maxTokens = 8;
        request.sampler.temperature = 0.0f;  // greedy
        auto a = (*reference)->generate(request);
        auto b = (*again)->generate(request);
        QVERIFY(a && b);
        QCOMPARE(b->tokens, a->tokens);
    }

    // A cancel from another thread, as the workbench sends it: the load ends
    // cancelled or, when the flag comes after its last cancel point, complete —
    // never with another error.
    void cancelFromAnotherThread()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const std::string path = model.toStdString();
        for (int yields : {0, 10, 100, 1000, 10000}) {
            std::atomic<bool> cancel{false};
            engine::LoadOptions options = int8Load();
            options.cancel = &cancel;
            std::thread raiser([&] {
                for (int i = 0; i < yields; ++i) std::this_thread::yield();
                cancel = true;
            });
            auto e = engine::Engine::load(path, {}, options);
            raiser.join();
            if (!e) QVERIFY2(e.error().code == engine::ErrorCode::Cancelled, e.error().message.c_str());
        }
        QCOMPARE(mappingsOf(path), 0);
    }
};

QTEST_GUILESS_MAIN(TestLoadCancel)
#include "tst_load_cancel.moc"
