#pragma once
// The engine's messages in the interface language. The engine stays Qt-free
// and reports each message as a catalogued id with named arguments
// (engine/common/message_catalog.h); engineMessageText renders it through the
// translation of its English template (context "EngineMessage"), arguments
// carried over and nested messages rendered the same way. A message without a
// catalogued id is shown in its English.
//
// engineText translates the free-form texts the engine composes outside the
// catalog (the profile summary, the architecture features of a model card) by
// recognising their wording; anything else is returned as it is.
#include <QString>

#include "engine/common/expected.h"

namespace engine {
struct ExportNote;
struct ExportMapping;
}

QString engineMessageText(const engine::Message& message);
// The error's message in the interface language.
QString engineErrorText(const engine::Error& error);
// An error about one key of a profile ("devices.split: ..."): the key, and the
// rest in the interface language; `key` is empty when the error names none.
struct KeyedText {
    QString key;
    QString text;
};
KeyedText engineKeyedErrorText(const engine::Error& error);
// A framework export's note ("kv_cache.mode: ..."): the profile key as it is,
// the note in the interface language.
QString engineExportNoteText(const engine::ExportNote& note);
// A framework export's mapped knob ("devices.split -> ..."): the profile key as
// it is, what it became in the interface language (options and file keys kept).
QString engineExportMappingText(const engine::ExportMapping& mapping);
// The catalogued template of `id` in the interface language, "{name}"
// placeholders kept (empty when the id is not catalogued).
QString engineMessageTemplate(const QString& id);

QString engineText(const QString& message);
