#include "kernels/api/module_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#ifndef INFERSCOPE_MODULE_DIR_FROM_BIN
#error "INFERSCOPE_MODULE_DIR_FROM_BIN (e.g. \"../lib/inferscope\") is set by kernels/CMakeLists.txt"
#endif

namespace kernels {

namespace {

std::string programDirectory()
{
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.parent_path().string();
}

std::string kindTitle(DeviceKind kind)
{
    return kind == DeviceKind::Cuda ? "CUDA" : std::string(deviceKindName(kind));
}

std::string listed(const std::vector<std::string>& paths)
{
    std::string out;
    for (size_t i = 0; i < paths.size(); ++i) out += (i == 0 ? "" : ", ") + paths[i];
    return out;
}

BackendProbe refused(DeviceKind kind, std::string reason, std::string module = {})
{
    BackendProbe probe;
    probe.status.kind = kind;
    probe.status.module = std::move(module);
    probe.status.reason = std::move(reason);
    return probe;
}

}  // namespace

std::vector<std::string> moduleCandidates(const std::string& fileName, const char* envVar)
{
    if (const char* forced = std::getenv(envVar); forced && *forced) return {forced};
    std::vector<std::string> out;
    const std::string dir = programDirectory();
    if (dir.empty()) return out;
    out.push_back(dir + "/" + fileName);
    // The installed layout: the same relative path from bin/ as at build time,
    // so a package installed under any prefix finds its module.
    out.push_back((std::filesystem::path(dir) / INFERSCOPE_MODULE_DIR_FROM_BIN / fileName).lexically_normal().string());
    return out;
}

BackendProbe loadBackendModule(DeviceKind kind, const std::string& fileName, const char* envVar)
{
    const std::string title = kindTitle(kind);
    const std::vector<std::string> candidates = moduleCandidates(fileName, envVar);
    std::string path;
    for (const std::string& c : candidates)
        if (::access(c.c_str(), F_OK) == 0) {
            path = c;
            break;
        }
    if (path.empty())
        return refused(kind, "The " + title + " backend module " + fileName + " is not installed (looked for " +
                                 listed(candidates) + "); this InferScope runs on the CPU only.");

    // RTLD_LOCAL: the module's copies of the GPU libraries stay out of the
    // program's symbol namespace.
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* error = ::dlerror();
        return refused(kind,
                       "The " + title + " backend module " + path + " could not be loaded: " +
                           (error ? error : "unknown error") +
                           ". It needs the NVIDIA libraries it was built with (CUDA runtime, cuBLAS, NCCL, CUPTI) "
                           "on the library path.",
                       path);
    }
    auto entry = reinterpret_cast<BackendEntry>(::dlsym(handle, kBackendEntrySymbol));
    const BackendModule* module = entry ? entry() : nullptr;
    if (!module)
        return refused(kind, "The file " + path + " is not an InferScope backend module (it has no " +
                                 kBackendEntrySymbol + ").", path);
    const std::string theirs = module->abiStamp(), ours = backendAbiStamp();
    if (theirs != ours)
        return refused(kind, "The " + title + " backend module " + path +
                                 " belongs to a different InferScope build (" + theirs + "; this program: " + ours +
                                 "); install the module built with this program.", path);
    // Never dlclose: devices and their vtables live in the module until exit.
    BackendProbe probe = module->probe();
    probe.status.kind = kind;
    probe.status.built = true;
    probe.status.module = path;
    return probe;
}

}  // namespace kernels
