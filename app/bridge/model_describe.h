#pragma once
// Turns a loaded engine's model into the GUI's ModelInfo (bridge only: this is
// one of the few places that sees both Qt and the engine).
#include "app/bridge/engine_types.h"

namespace engine {
class Engine;
}

ModelInfo describeModel(const engine::Engine& engine);
QString describeModelName(const engine::Engine& engine);  // general.name or the file name
