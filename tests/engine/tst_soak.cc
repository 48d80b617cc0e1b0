// Soak: 1,000 generations in one process — the model reloaded under
// alternating profiles (as stored, INT8, INT4 with paged KV), KV modes and
// precisions alternating, every seventh request cancelled mid-way — with the
// resident memory flat: the growth between generation 100 and 1,000 is
// printed and must stay under a few MiB (a leak of even 10 KiB a request
// would show as 9 MiB).
#include <QTest>

#include <atomic>

#include "common/fixtures.h"
#include "engine/config/profile_validator.h"
#include "engine/metrics/latency_stats.h"
#include "engine/session/engine.h"
#include "engine/session/profile_options.h"

#if defined(__SANITIZE_ADDRESS__)
#define INFERSCOPE_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INFERSCOPE_UNDER_ASAN 1
#endif
#endif

namespace {

// AddressSanitizer holds freed memory in quarantine (hundreds of MiB), so the
// resident size says nothing about leaks there; LeakSanitizer checks them.
#ifdef INFERSCOPE_UNDER_ASAN
constexpr bool kResidentSizeMeaningful = false;
#else
constexpr bool kResidentSizeMeaningful = true;
#endif

const char* const kProfiles[] = {
    R"({"schema": "inferscope.profile/1", "name": "stored"})",
    R"({"schema": "inferscope.profile/1", "name": "int8", "weights": {"dtype": "int8"}})",
    R"({"schema": "inferscope.profile/1", "name": "int4 paged", "weights": {"dtype": "int4"},
        "kv_cache": {"mode": "paged", "block_size": 16}})",
};

}  // namespace

class TestSoak : public QObject {
    Q_OBJECT

private slots:
    void thousandGenerationsKeepMemoryFlat()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        constexpr int kGenerations = 1000, kWarmUp = 100, kPerLoad = 50;
        std::unique_ptr<engine::Engine> e;
        engine::Profile profile;
        uint64_t afterWarmUp = 0;
        int cancelled = 0;
        for (int i = 0; i < kGenerations; ++i) {
            if (i % kPerLoad == 0) {
                e.reset();  // the old weights go before the new ones are built
                auto p = engine::parseProfile(kProfiles[(i / kPerLoad) % 3]);
                QVERIFY(p);
                profile = *p;
                engine::LoadOptions o = engine::applyProfileToLoad(profile);
                o.threads = 1;
                auto loaded = engine::Engine::load(model.toStdString(), "", o);
                QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
                e = std::move(*loaded);
            }
            engine::GenerateRequest req;
            req.prompt = i % 2 ? "Once upon a time" : "The cat";
            req.maxTokens = 12;
            req.sampler.temperature = i % 3 ? 0.8f : 0.0f;
            req.seed = uint64_t(i);
            engine::applyProfileToRequest(profile, req);
            if (!req.kv.mode) req.kv.mode = i % 4 == 3 ? engine::KvCacheMode::Off : engine::KvCacheMode::Contiguous;
            if (!req.kv.dtype) req.kv.dtype = i % 5 == 0 ? engine::KvDType::Int8 : engine::KvDType::F32;
            std::atomic<bool> cancel{false};
            engine::Callbacks callbacks;
            callbacks.cancel = &cancel;
            if (i % 7 == 6)
                callbacks.onToken = [&](int32_t, const std::string&, const engine::TokenTiming& t) {
                    if (t.index == 2) cancel = true;
                };
            auto r = e->generate(req, callbacks);
            if (!r) {
                QVERIFY2(r.error().code == engine::ErrorCode::Cancelled, r.error().message.c_str());
                ++cancelled;
            }
            if (i + 1 == kWarmUp) afterWarmUp = engine::currentRssBytes();
        }
        const uint64_t end = engine::currentRssBytes();
        const double growthMiB = (double(end) - double(afterWarmUp)) / 1048576.0;
        qInfo("RSS after %d generations %.1f MiB, after %d %.1f MiB: growth %.2f MiB (%d cancelled)", kWarmUp,
              double(afterWarmUp) / 1048576.0, kGenerations, double(end) / 1048576.0, growthMiB, cancelled);
        QVERIFY(cancelled > 100);
        QVERIFY(afterWarmUp > 0);
        if (kResidentSizeMeaningful)
            QVERIFY2(growthMiB < 4.0, qPrintable(QString("resident memory grew by %1 MiB").arg(growthMiB)));
    }
};

QTEST_GUILESS_MAIN(TestSoak)
#include "tst_soak.moc"
