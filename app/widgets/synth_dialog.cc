#include "app/widgets/synth_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "app/bridge/engine_catalog.h"

SynthDialog::SynthDialog(const QString& defaultDir, QWidget* parent)
    : QDialog(parent), m_dir(defaultDir), m_shapes(synthShapes())
{
    setWindowTitle(tr("Generate a synthetic model"));
    m_shape = new QComboBox;
    for (const SynthShapeInfo& s : m_shapes)
        m_shape->addItem(tr("%1 (shaped like %2)").arg(s.name, s.modelOf));
    m_dtype = new QComboBox;
    m_dtype->addItems(synthDTypes());
    m_seed = new QSpinBox;
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(1);
    m_path = new QLineEdit;
    connect(m_path, &QLineEdit::textEdited, this, [this] { m_pathEdited = true; });
    auto* browse = new QPushButton(tr("Browse..."));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Synthetic model"), m_path->text(),
                                                          tr("GGUF model (*.gguf)"));
        if (!path.isEmpty()) {
            m_path->setText(path);
            m_pathEdited = true;
        }
    });
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    m_details = new QLabel;
    m_details->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Shape:"), m_shape);
    form->addRow(QString(), m_details);
    form->addRow(tr("Weights stored as:"), m_dtype);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(tr("Output file:"), pathRow);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Generate"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Random weights (seeded, reproducible) in the shape of a real model: right for "
                                    "speed and memory studies, meaningless text.")));
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(m_shape, &QComboBox::currentIndexChanged, this, &SynthDialog::updateDetails);
    connect(m_dtype, &QComboBox::currentIndexChanged, this, &SynthDialog::updateDetails);
    connect(m_seed, &QSpinBox::valueChanged, this, &SynthDialog::updateDetails);
    updateDetails();
}

void SynthDialog::updateDetails()
{
    const int i = m_shape->currentIndex();
    if (i < 0 || i >= m_shapes.size())
        return;
    const SynthShapeInfo& s = m_shapes[i];
    m_details->setText(tr("%1; about %2 parameters.").arg(s.summary, QLocale().toString(s.parameters)));
    if (!m_pathEdited)
        m_path->setText(QDir(m_dir).filePath(QStringLiteral("synth-%1-%2-seed%3.gguf")
                                                 .arg(s.name, m_dtype->currentText().toLower())
                                                 .arg(m_seed->value())));
}

SynthRequest SynthDialog::request() const
{
    SynthRequest r;
    r.shape = m_shapes.value(m_shape->currentIndex()).name;
    r.dtype = m_dtype->currentText();
    r.seed = quint64(m_seed->value());
    r.outputPath = m_path->text();
    return r;
}
