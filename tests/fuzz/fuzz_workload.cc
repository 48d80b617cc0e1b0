// Serving workloads (bench --workload).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/sched/workload.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    (void)engine::parseWorkload(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
