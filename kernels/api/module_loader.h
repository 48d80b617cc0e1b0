#pragma once
// Finds and loads a backend module (backend_module.h) with dlopen. Every way
// it can fail is a sentence in the returned status: the module is not
// installed (and where it was looked for), it is present but a library it
// needs is not (dlerror's words), it belongs to another build, or it loaded
// and found no device (the module's own reason: no driver, no GPU).
#include <string>
#include <vector>

#include "kernels/api/backend_module.h"

namespace kernels {

// Where `fileName` is looked for, in order: the file named by the environment
// variable `envVar` when it is set (and then only there), the directory of the
// running program, and the modules' directory of an installed layout (the
// configured ${CMAKE_INSTALL_LIBDIR}/inferscope, reached from bin/: e.g.
// /usr/lib/x86_64-linux-gnu/inferscope for /usr/bin/inferscope-cli).
std::vector<std::string> moduleCandidates(const std::string& fileName, const char* envVar);

// Loads the first candidate that exists and asks it for devices. The module
// stays loaded for the life of the process (its devices are never freed).
BackendProbe loadBackendModule(DeviceKind kind, const std::string& fileName, const char* envVar);

}  // namespace kernels
