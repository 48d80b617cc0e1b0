#pragma once
// What the engine and kernels offer, in the GUI's value types: the devices for
// the toolbar's selector and the synthetic-model shapes and types.
#include <QStringList>
#include <QVector>

#include "app/bridge/engine_types.h"

// The CPU first ("CPU (N threads)"), then each CUDA GPU; without one a disabled
// "No CUDA GPU" entry whose tooltip says why.
QVector<DeviceEntry> availableDevices();
int hardwareThreads();

QVector<SynthShapeInfo> synthShapes();
QStringList synthDTypes();  // GGUF spellings, e.g. "F32", "Q4_0"

// The built-in serving workloads (engine/sched/workload.h), by name.
QStringList workloadPresets();
