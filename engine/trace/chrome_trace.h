#pragma once
// Export of a Tracer's spans and counters in the Chrome trace-event JSON
// format (chrome://tracing, ui.perfetto.dev): spans become complete events
// ("ph":"X", ts and dur in microseconds), counters "ph":"C" events, and "M"
// metadata events name the process track ("CPU") and each thread track.
#include <string>

#include <nlohmann/json.hpp>

#include "engine/common/expected.h"
#include "engine/trace/tracer.h"

namespace engine {

nlohmann::json chromeTraceJson(const Tracer& tracer);

// Writes chromeTraceJson(tracer) to `path`.
Status writeChromeTrace(const Tracer& tracer, const std::string& path);

}  // namespace engine
