#pragma once
// The engine's own English messages, translated at the app boundary. The engine
// stays Qt-free and composes its messages in English; the ones from a fixed set
// (the profile rules' findings, the architecture features of a model card) are
// recognised here, numbers and names carried over, and shown in the interface
// language. Anything else is returned as it is.
#include <QString>

QString engineText(const QString& message);
