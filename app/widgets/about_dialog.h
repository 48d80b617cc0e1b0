#pragma once
// Help > About InferScope: the version and revision, the build type, the Qt
// it runs on, the SIMD target the CPU kernels dispatch to, whether the CUDA
// backend module is loaded (and why not), the license and where the README is.
// A plain window, not modal: runs go on while it is open.
#include <QDialog>

struct BuildInfo;

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(const BuildInfo& info, QWidget* parent = nullptr);

    // The dialog's text (rich text), built from `info`.
    static QString text(const BuildInfo& info);
};
