#pragma once
// Export of a Tracer's spans and counters in the Chrome trace-event JSON
// format (chrome://tracing, ui.perfetto.dev): spans become complete events
// ("ph":"X", ts and dur in microseconds), counters "ph":"C" events, and "M"
// metadata events name each device's process track and each thread track.
// GPU work (kernels, copies, memsets: engine/trace/gpu_spans.h) goes on a
// process of its own per device, a thread track per stream ("stream 7"),
// with a flow arrow from the host op that launched it; CUDA runtime calls and
// synchronisations stay on the host thread that made them.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/common/expected.h"
#include "engine/trace/tracer.h"

namespace engine {

// The process id of a device's GPU streams: its host process id plus this.
inline constexpr int32_t kGpuProcessOffset = 1000;

// One process per device (the span's device is its pid), named by
// `deviceNames[pid]` (LlamaModel::deviceNames(): "cpu:0", "vcpu:1");
// a device without a name is "device N".
nlohmann::json chromeTraceJson(const Tracer& tracer, const std::vector<std::string>& deviceNames = {});

// Writes chromeTraceJson(tracer, deviceNames) to `path`.
Status writeChromeTrace(const Tracer& tracer, const std::string& path, const std::vector<std::string>& deviceNames = {});


}  // namespace engine
