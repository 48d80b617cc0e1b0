#pragma once
// Export of a Tracer's spans and counters in the Chrome trace-event JSON
// format (chrome://tracing, ui.perfetto.dev): spans become complete events
// ("ph":"X", ts and dur in microseconds), counters "ph":"C" events, and "M"
// metadata events name each device's process track and each thread track.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/common/expected.h"
#include "engine/trace/tracer.h"

namespace engine {

// One process per device (the span's device is its pid), named by
// `deviceNames[pid]` (LlamaModel::deviceNames(): "cpu:0", "vcpu:1");
// a device without a name is "device N".
nlohmann::json chromeTraceJson(const Tracer& tracer, const std::vector<std::string>& deviceNames = {});

// Writes chromeTraceJson(tracer, deviceNames) to `path`.
Status writeChromeTrace(const Tracer& tracer, const std::string& path, const std::vector<std::string>& deviceNames = {});


}  // namespace engine
