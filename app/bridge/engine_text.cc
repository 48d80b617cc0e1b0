#include "app/bridge/engine_text.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace {

// One engine message: its wording as a pattern (the captured parts become %1,
// %2, ... in order) and the source text of its translation.
struct KnownText {
    const char* pattern;
    const char* text;
};

// Keep each pattern in step with the engine code that writes the message
// (engine/config/profile_rules.cc, engine/model/model_card.cc,
// engine/config/profile_summary.cc); a message that
// no longer matches is simply shown in English.
const KnownText kKnownTexts[] = {
    // profile summary of a profile that changes nothing
    {"as stored", QT_TRANSLATE_NOOP("EngineText", "as stored")},
    // profile rules
    {"has no effect with temperature 0 \\(greedy decoding\\)",
     QT_TRANSLATE_NOOP("EngineText", "has no effect with temperature 0 (greedy decoding)")},
    {"only used by int8 and int4 weights \\(dtype is \"(\\w+)\"\\)",
     QT_TRANSLATE_NOOP("EngineText", "only used by int8 and int4 weights (dtype is \"%1\")")},
    {"has no effect: no cache is kept when kv_cache\\.mode is \"off\"",
     QT_TRANSLATE_NOOP("EngineText", "has no effect: no cache is kept when kv_cache.mode is \"off\"")},
    {"has no effect without a GPU in devices\\.gpus",
     QT_TRANSLATE_NOOP("EngineText", "has no effect without a GPU in devices.gpus")},
    {"only the pipeline split uses layer shares",
     QT_TRANSLATE_NOOP("EngineText", "only the pipeline split uses layer shares")},
    {"tensor parallel needs at least 2 GPUs in devices\\.gpus, got (\\d+)",
     QT_TRANSLATE_NOOP("EngineText", "tensor parallel needs at least 2 GPUs in devices.gpus, got %1")},
    {"(\\d+) virtual CPU devices need devices\\.split \"pipeline\" or \"tensor\" \\(split is \"none\"\\)",
     QT_TRANSLATE_NOOP("EngineText",
                       "%1 virtual CPU devices need devices.split \"pipeline\" or \"tensor\" (split is \"none\")")},
    {"is its own split \\(the first layers on one GPU, the rest on the CPU\\); it takes one GPU in devices\\.gpus and devices\\.split \"none\"",
     QT_TRANSLATE_NOOP("EngineText", "is its own split (the first layers on one GPU, the rest on the CPU); it takes "
                                     "one GPU in devices.gpus and devices.split \"none\"")},
    // architecture features
    {"half-split \\(NeoX\\) rope", QT_TRANSLATE_NOOP("EngineText", "half-split (NeoX) rope")},
    {"adjacent-pair rope", QT_TRANSLATE_NOOP("EngineText", "adjacent-pair rope")},
    {"rope frequency factors \\(rope_freqs\\)", QT_TRANSLATE_NOOP("EngineText", "rope frequency factors (rope_freqs)")},
    {"linear rope scaling x(\\S+)", QT_TRANSLATE_NOOP("EngineText", "linear rope scaling x%1")},
    {"Q/K/V biases", QT_TRANSLATE_NOOP("EngineText", "Q/K/V biases")},
    {"fused Q/K/V matrix", QT_TRANSLATE_NOOP("EngineText", "fused Q/K/V matrix")},
    {"fused gate \\| up matrix", QT_TRANSLATE_NOOP("EngineText", "fused gate | up matrix")},
    {"grouped-query attention \\((\\d+) heads per kv head\\)",
     QT_TRANSLATE_NOOP("EngineText", "grouped-query attention (%1 heads per kv head)")},
    {"head dim independent of the width", QT_TRANSLATE_NOOP("EngineText", "head dim independent of the width")},
    {"embeddings scaled by sqrt\\(dim\\)", QT_TRANSLATE_NOOP("EngineText", "embeddings scaled by sqrt(dim)")},
    {"post-attention and post-FFN norms", QT_TRANSLATE_NOOP("EngineText", "post-attention and post-FFN norms")},
    {"GELU \\(tanh\\) gate", QT_TRANSLATE_NOOP("EngineText", "GELU (tanh) gate")},
    {"attention logits soft-capped at (\\S+)", QT_TRANSLATE_NOOP("EngineText", "attention logits soft-capped at %1")},
    {"final logits soft-capped at (\\S+)", QT_TRANSLATE_NOOP("EngineText", "final logits soft-capped at %1")},
    {"sliding window of (\\d+) on alternate layers",
     QT_TRANSLATE_NOOP("EngineText", "sliding window of %1 on alternate layers")},
    {"sliding window of (\\d+) on (\\d+) of every (\\d+) layers",
     QT_TRANSLATE_NOOP("EngineText", "sliding window of %1 on %2 of every %3 layers")},
    {"Q/K norms per head", QT_TRANSLATE_NOOP("EngineText", "Q/K norms per head")},
    {"local layers rotate with base (\\S+)", QT_TRANSLATE_NOOP("EngineText", "local layers rotate with base %1")},
};

}  // namespace

QString engineText(const QString& message)
{
    for (const KnownText& known : kKnownTexts) {
        const QRegularExpression re(QRegularExpression::anchoredPattern(QString::fromUtf8(known.pattern)));
        const QRegularExpressionMatch match = re.match(message);
        if (!match.hasMatch())
            continue;
        QString text = QCoreApplication::translate("EngineText", known.text);
        for (int i = 1; i <= match.lastCapturedIndex(); ++i)
            text = text.arg(match.captured(i));
        return text;
    }
    return message;
}
