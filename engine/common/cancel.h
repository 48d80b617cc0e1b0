#pragma once
// Cooperative cancellation of the engine's long jobs: the caller raises a flag
// (std::atomic<bool>) and the job polls it at its cancel points — between
// phases, per tensor, and every few thousand rows or items inside a large one —
// so that a cancel ends the job within a few milliseconds wherever it lands.
//
//   if (cancelRequested(cancel)) return loadCancelled();
#include <atomic>

#include "engine/common/expected.h"
#include "engine/common/message_catalog.h"

namespace engine {

inline bool cancelRequested(const std::atomic<bool>* cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

// The error a cancelled load ends with (ErrorCode::Cancelled).
inline Error loadCancelled()
{
    return makeError(ErrorCode::Cancelled, msg("load.cancelled"));
}

}  // namespace engine
