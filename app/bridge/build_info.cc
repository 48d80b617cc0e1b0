#include "app/bridge/build_info.h"

#include "app/version.h"
#include "kernels/api/registry.h"
#include "kernels/cpu/simd.h"

BuildInfo currentBuildInfo()
{
    BuildInfo info;
    info.version = QStringLiteral(INFERSCOPE_VERSION);
    info.revision = QStringLiteral(INFERSCOPE_REVISION);
    info.buildType = QStringLiteral(INFERSCOPE_BUILD_TYPE);
    info.qtBuilt = QStringLiteral(QT_VERSION_STR);
    info.qtRunning = QString::fromLatin1(qVersion());
    info.simdTarget = QString::fromStdString(kernels::cpu::simdTargetName());
    const kernels::BackendStatus& cuda = kernels::Registry::instance().cudaStatus();
    info.cudaLoaded = cuda.built;
    info.cudaModule = QString::fromStdString(cuda.module);
    info.cudaStatus = QString::fromStdString(cuda.built ? cuda.summary() : cuda.reason);
    info.license = QStringLiteral(INFERSCOPE_LICENSE);
    info.homepage = QStringLiteral(INFERSCOPE_HOMEPAGE);
    info.appId = QStringLiteral(INFERSCOPE_APP_ID);
    return info;
}
