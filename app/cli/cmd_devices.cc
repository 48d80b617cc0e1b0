// inferscope-cli devices [--json]: the compute devices this binary can use,
// and for each backend either its devices or why there are none.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/json_text.h"
#include "kernels/api/registry.h"

namespace cli {

namespace {

nlohmann::ordered_json deviceJson(const kernels::Device& device)
{
    const kernels::MemoryInfo mem = device.memory();
    nlohmann::ordered_json props = nlohmann::ordered_json::object();
    for (const kernels::Property& p : device.properties()) props[p.key] = p.value;
    return {
        {"id", device.id()},
        {"kind", std::string(kernels::deviceKindName(device.kind()))},
        {"index", device.index()},
        {"name", device.name()},
        {"memory_total_bytes", mem.total},
        {"memory_free_bytes", mem.free},
        {"properties", props},
    };
}

nlohmann::ordered_json backendJson(const kernels::BackendStatus& status)
{
    return {
        {"kind", std::string(kernels::deviceKindName(status.kind))},
        {"built", status.built},
        {"available", status.available},
        {"versions", status.versions},
        {"reason", status.reason},
        {"summary", status.summary()},
    };
}

void printDevice(const kernels::Device& device)
{
    std::printf("%s  %s\n", device.id().c_str(), device.name().c_str());
    for (const kernels::Property& p : device.properties())
        std::printf("    %-20s %s\n", (p.key + ":").c_str(), p.value.c_str());
}

}  // namespace

int runDevices(const std::vector<std::string>& argv)
{
    std::string error;
    const Args args = Args::parse(argv, {}, {"--json"}, error);
    if (!error.empty()) return failWith(error);
    if (!args.positional().empty()) return failWith("'devices' takes no arguments (got '" + args.positional()[0] + "')");

    const kernels::Registry& registry = kernels::Registry::instance();
    if (args.has("--json")) {
        nlohmann::ordered_json out;
        out["devices"] = nlohmann::ordered_json::array();
        for (const kernels::Device* d : registry.devices()) out["devices"].push_back(deviceJson(*d));
        out["backends"] = nlohmann::ordered_json::array();
        for (const kernels::BackendStatus& s : registry.backends()) out["backends"].push_back(backendJson(s));
        std::printf("%s\n", jsonText(out, 2).c_str());
        return 0;
    }

    for (const kernels::Device* d : registry.devices()) printDevice(*d);
    std::printf("%s\n", registry.cudaStatus().summary().c_str());
    return 0;
}

}  // namespace cli
