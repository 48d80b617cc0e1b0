#pragma once
// The interface language: which translations exist, which one a preference and
// the system locale pick, and installing them on the running application.
#include <QLocale>
#include <QString>
#include <QStringList>

// The languages the workbench speaks, as translation codes: "en", "zh_CN".
QStringList supportedLanguages();

// The language shown for `preference` (empty = follow `system`): any Chinese
// system locale picks "zh_CN", everything else "en". An unknown preference
// falls back to the system's choice.
QString resolveLanguage(const QString& preference, const QLocale& system = QLocale::system());

// The language's own name for itself ("English", "简体中文"), for menus.
QString languageDisplayName(const QString& code);

// Installs the workbench's translation for `code` and, where the system has it,
// Qt's own (standard dialog buttons), replacing those of an earlier call, and
// sets the default QLocale to match. Widgets created afterwards speak the
// language; existing ones keep their text. False when the workbench's
// translation for a non-English `code` cannot be loaded.
bool applyLanguage(const QString& code);
