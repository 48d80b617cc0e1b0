#pragma once
// SynthDialog: asks for a synthetic model's shape, storage type, seed and output
// path. The writing itself runs on the engine thread after the dialog closes,
// with its progress in the status bar and Esc to cancel.
#include <QDialog>

#include "app/bridge/engine_types.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

class SynthDialog : public QDialog {
    Q_OBJECT
public:
    SynthDialog(const QString& defaultDir, QWidget* parent = nullptr);

    SynthRequest request() const;

private:
    void updateDetails();

    QString m_dir;
    QVector<SynthShapeInfo> m_shapes;
    QComboBox* m_shape;
    QComboBox* m_dtype;
    QSpinBox* m_seed;
    QLineEdit* m_path;
    QLabel* m_details;
    bool m_pathEdited = false;
};
