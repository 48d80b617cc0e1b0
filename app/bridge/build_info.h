#pragma once
// What this build of InferScope is and what it found at run time, for the
// About dialog: version and revision (app/version.h), the Qt it was built
// with and runs on, the SIMD target the CPU kernels dispatch to on this
// machine, and whether the CUDA backend module loaded (and if not, why).
#include <QString>

struct BuildInfo {
    QString version;      // "0.1.0"
    QString revision;     // git short hash the build was configured from, or "unknown"
    QString buildType;    // CMAKE_BUILD_TYPE, e.g. "Release"
    QString qtBuilt;      // QT_VERSION_STR
    QString qtRunning;    // qVersion()
    QString simdTarget;   // e.g. "AVX2", "AVX3" (AVX-512), "EMU128"
    bool cudaLoaded = false;
    QString cudaModule;   // the loaded module file; empty when none loaded
    QString cudaStatus;   // loaded: the registry's summary (versions, devices); else why it is not loaded
    QString license;      // SPDX expression
    QString homepage;
    QString appId;        // the desktop entry's id
};

// Asks the device registry (loading the CUDA module on the first question)
// and the CPU kernels' dispatcher.
BuildInfo currentBuildInfo();
