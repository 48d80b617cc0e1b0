#include "app/widgets/demos/demo_text.h"

#include "app/bridge/engine_text.h"
#include "engine/passes/calibration.h"
#include "engine/session/engine.h"
#include "engine/tokenizer/tokenizer.h"

std::vector<int32_t> demoEvalTokens(const engine::Engine& engine, size_t maxTokens, QString* error)
{
    auto text = engine::readBundledEvalText("stories.txt");
    if (!text) {
        *error = engineErrorText(text.error());
        return {};
    }
    std::vector<int32_t> ids = engine.tokenizer().encode(*text, engine.tokenizer().addBosByDefault());
    if (ids.size() > maxTokens)
        ids.resize(maxTokens);
    return ids;
}
