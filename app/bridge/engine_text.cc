#include "app/bridge/engine_text.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

#include "engine/common/message_catalog.h"
#include "engine/config/framework_export.h"
#include "engine/config/profile_export.h"

namespace {

// One engine message: its wording as a pattern (the captured parts become %1,
// %2, ... in order) and the source text of its translation.
struct KnownText {
    const char* pattern;
    const char* text;
};

// Keep each pattern in step with the engine code that writes the text
// (engine/model/model_card.cc, engine/config/profile_summary.cc); a text that
// no longer matches is simply shown in English.
const KnownText kKnownTexts[] = {
    // profile summary of a profile that changes nothing
    {"as stored", QT_TRANSLATE_NOOP("EngineText", "as stored")},
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

// Joins the parts of a list argument (a profile's problems, for one).
struct EngineMessageText {
    Q_DECLARE_TR_FUNCTIONS(EngineMessage)
};

QString argumentText(const engine::MessageArg& arg)
{
    if (arg.messages.empty())
        return QString::fromStdString(arg.text);
    QStringList parts;
    for (const engine::Message& m : arg.messages)
        parts << engineMessageText(m);
    //: Between the items of a list of problems (English: "; ")
    return parts.join(EngineMessageText::tr("; "));
}

}  // namespace

QString engineMessageTemplate(const QString& id)
{
    const std::string key = id.toStdString();
    const std::string_view english = engine::messageTemplate(key);
    if (english.empty())
        return {};
    // The catalog's templates are string literals, so data() ends in a NUL.
    return QCoreApplication::translate("EngineMessage", english.data());
}

QString engineMessageText(const engine::Message& message)
{
    const QString pattern = engineMessageTemplate(QString::fromStdString(message.id));
    if (pattern.isEmpty())
        return QString::fromStdString(engine::englishText(message));
    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z0-9_]+)\\}"));
    QString out;
    qsizetype at = 0;
    for (auto it = placeholder.globalMatch(pattern); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += pattern.mid(at, m.capturedStart() - at);
        const engine::MessageArg* arg = message.arg(m.captured(1).toStdString());
        out += arg ? argumentText(*arg) : m.captured(0);
        at = m.capturedEnd();
    }
    return out + pattern.mid(at);
}

QString engineErrorText(const engine::Error& error)
{
    return engineMessageText(engine::messageOf(error));
}

QString engineExportNoteText(const engine::ExportNote& note)
{
    const QString text = engineMessageText(note.message);
    return note.path.empty() ? text : QString::fromStdString(note.path) + QStringLiteral(": ") + text;
}

QString engineExportMappingText(const engine::ExportMapping& mapping)
{
    return QString::fromStdString(mapping.path) + QStringLiteral(" -> ") + engineMessageText(mapping.target);
}

KeyedText engineKeyedErrorText(const engine::Error& error)
{
    const engine::MessageArg* path = error.detail.arg("path");
    const engine::MessageArg* cause = error.detail.arg("cause");
    if (error.detail.id == "context.at_path" && path && cause && cause->messages.size() == 1)
        return {QString::fromStdString(path->text), engineMessageText(cause->messages.front())};
    if (error.detail.id.empty()) {  // uncatalogued English: "key: message"
        const QString text = QString::fromStdString(error.message);
        const qsizetype colon = text.indexOf(QStringLiteral(": "));
        if (colon > 0 && !text.left(colon).contains(QLatin1Char(' ')))
            return {text.left(colon), text.mid(colon + 2)};
        return {{}, text};
    }
    return {{}, engineErrorText(error)};
}

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
