#include "app/bridge/engine_catalog.h"

#include <QCoreApplication>
#include <QLocale>

#include <thread>

#include "engine/sched/workload.h"
#include "engine/model/synth.h"
#include "kernels/api/registry.h"

namespace {

QString fromStd(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// The translation context of this file's free functions.
struct EngineCatalog {
    Q_DECLARE_TR_FUNCTIONS(EngineCatalog)
};

}  // namespace

int hardwareThreads()
{
    return std::max(1, int(std::thread::hardware_concurrency()));
}

QVector<DeviceEntry> availableDevices()
{
    const kernels::Registry& registry = kernels::Registry::instance();
    QVector<DeviceEntry> entries;
    entries.append(DeviceEntry{QStringLiteral("cpu:0"), EngineCatalog::tr("CPU (%1 threads)").arg(hardwareThreads()),
                               fromStd(registry.cpu().name()), true});
    const auto gpus = registry.devices(kernels::DeviceKind::Cuda);
    for (kernels::Device* gpu : gpus) {
        QStringList sheet;
        for (const kernels::Property& p : gpu->properties()) sheet << fromStd(p.key + ": " + p.value);
        entries.append(DeviceEntry{fromStd(gpu->id()), EngineCatalog::tr("%1 (%2)").arg(fromStd(gpu->name()), fromStd(gpu->id())),
                                   sheet.join(QLatin1Char('\n')), true});
    }
    if (gpus.empty())
        entries.append(DeviceEntry{QString(), EngineCatalog::tr("No CUDA GPU"), fromStd(registry.cudaStatus().summary()), false});
    return entries;
}

QVector<SynthShapeInfo> synthShapes()
{
    QVector<SynthShapeInfo> shapes;
    const QLocale locale;
    for (int i = 0; i < int(engine::SynthShape::Count); ++i) {
        const engine::SynthShapeSpec& s = engine::synthShapeSpec(engine::SynthShape(i));
        SynthShapeInfo info;
        info.name = fromStd(s.name);
        info.modelOf = fromStd(s.modelOf);
        info.parameters = engine::synthParameterCount(s);
        info.summary = EngineCatalog::tr("dim %1, FFN %2, %3 layers, %4/%5 heads, vocab %6, context %7")
                           .arg(locale.toString(s.dim), locale.toString(s.hiddenDim), locale.toString(s.nLayers),
                                locale.toString(s.nHeads), locale.toString(s.nKvHeads), locale.toString(s.vocabSize),
                                locale.toString(s.contextLength));
        shapes.append(info);
    }
    return shapes;
}

QStringList synthDTypes()
{
    QStringList names;
    for (uint32_t id = 0; id < uint32_t(kernels::DType::Count); ++id)
        if (const auto traits = kernels::dtypeTraits(id); traits && engine::isSynthDType(kernels::DType(id)))
            names << fromStd(traits->name);
    return names;
}

QStringList workloadPresets()
{
    QStringList names;
    for (const std::string& name : engine::workloadPresetNames())
        names << QString::fromStdString(name);
    return names;
}
