#include "app/widgets/profile_export_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QTabWidget>
#include <QVBoxLayout>

#include "app/bridge/framework_export_text.h"
#include "app/settings/settings.h"

namespace {

// The model path the exported commands name: the last opened model, or a
// placeholder the user edits.
QString exportModelPath(const Settings* settings)
{
    const QString last = settings->lastModel();
    return last.isEmpty() ? QStringLiteral("model.gguf") : last;
}

}  // namespace

ProfileExportPanel::ProfileExportPanel(Settings* settings, QWidget* parent) : QWidget(parent), m_settings(settings)
{
    auto* tabs = new QTabWidget;
    tabs->addTab(buildView(tr("Profile JSON"), &m_json), tr("Profile JSON"));
    tabs->addTab(buildView(tr("llama.cpp"), &m_llama), tr("llama.cpp"));
    tabs->addTab(buildView(tr("vLLM"), &m_vllm), tr("vLLM"));
    m_frameworks.resize(static_cast<size_t>(frameworkExportCount()));
    for (int i = 0; i < frameworkExportCount(); ++i) {
        tabs->addTab(buildFrameworkView(i, &m_frameworks[static_cast<size_t>(i)]), frameworkExportTitle(i));
    }

    auto* save = new QPushButton(tr("Save profile..."));
    connect(save, &QPushButton::clicked, this, &ProfileExportPanel::saveDialog);
    auto* import = new QPushButton(tr("Import profile..."));
    connect(import, &QPushButton::clicked, this, &ProfileExportPanel::importDialog);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(save);
    buttons->addWidget(import);
    buttons->addStretch();

    m_kept = new QLabel;
    m_kept->setWordWrap(true);
    m_result = new QLabel;
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* box = new QGroupBox(tr("Optimisation profile"));
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(tabs, 1);
    layout->addWidget(m_kept);
    layout->addLayout(buttons);
    layout->addWidget(m_result);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(box);

    for (auto signal : {&Settings::threadsChanged, &Settings::maxTokensChanged, &Settings::topKChanged})
        connect(m_settings, signal, this, &ProfileExportPanel::refresh);
    for (auto signal : {&Settings::temperatureChanged, &Settings::topPChanged, &Settings::minPChanged})
        connect(m_settings, signal, this, &ProfileExportPanel::refresh);
    connect(m_settings, &Settings::seedChanged, this, &ProfileExportPanel::refresh);
    connect(m_settings, &Settings::lastModelChanged, this, &ProfileExportPanel::refresh);
    refresh();
}

QWidget* ProfileExportPanel::buildView(const QString& title, CommandView* view, QPushButton* extra)
{
    auto* page = new QWidget;
    view->text = new QPlainTextEdit;
    view->text->setReadOnly(true);
    view->text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->text->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->text->setAccessibleName(title);
    view->notes = new QLabel;
    view->notes->setWordWrap(true);
    view->notes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* copy = new QPushButton(tr("Copy"));
    QPlainTextEdit* text = view->text;
    connect(copy, &QPushButton::clicked, this, [text] { QApplication::clipboard()->setText(text->toPlainText()); });

    auto* layout = new QVBoxLayout(page);
    layout->addWidget(view->text, 1);
    auto* row = new QHBoxLayout;
    row->addWidget(view->notes, 1);
    row->addWidget(copy, 0, Qt::AlignTop);
    if (extra)
        row->addWidget(extra, 0, Qt::AlignTop);
    layout->addLayout(row);
    return page;
}

QWidget* ProfileExportPanel::buildFrameworkView(int index, CommandView* view)
{
    auto* write = new QPushButton(tr("Write files..."));
    write->setToolTip(tr("Writes the export's files (a model repository, a config overlay) and commands.sh into a folder"));
    connect(write, &QPushButton::clicked, this, [this, index] { writeFrameworkDialog(index); });
    return buildView(frameworkExportTitle(index), view, write);
}

void ProfileExportPanel::setCommand(const CommandView& view, const ProfileCommandText& command)
{
    view.text->setPlainText(command.text);
    if (command.notes.isEmpty()) {
        view.notes->setText(tr("Every knob maps exactly."));
        return;
    }
    QStringList lines;
    for (const QString& note : command.notes)
        lines << QStringLiteral("\u2022 ") + note;
    view.notes->setText(tr("Without an exact equivalent:") + QLatin1Char('\n') + lines.join(QLatin1Char('\n')));
}

RunRequest ProfileExportPanel::runSettings() const
{
    RunRequest request;
    request.threads = m_settings->threads();
    request.maxTokens = m_settings->maxTokens();
    return request;
}

void ProfileExportPanel::refresh()
{
    ProfileValue profile = profileWithRunKnobs(ProfileValue::fromJson(m_imported).value_or(ProfileValue()), runSettings());
    SamplingSettings sampling;
    sampling.temperature = m_settings->temperature();
    sampling.topK = m_settings->topK();
    sampling.topP = m_settings->topP();
    sampling.minP = m_settings->minP();
    sampling.seed = m_settings->seed();
    setSampling(profile, sampling);
    m_profile = profile.toJson();
    m_json.text->setPlainText(QString::fromUtf8(m_profile));
    // A Run page value outside the profile's ranges (top-p 0) cannot be exported;
    // say so instead of exporting something else.
    const QStringList problems = importProfileText(m_profile).errors;
    m_json.notes->setText(problems.isEmpty()
                              ? tr("Canonical profile JSON (schema inferscope.profile/1).")
                              : tr("Not a valid profile:") + QLatin1Char('\n') + problems.join(QLatin1Char('\n')));
    const QString model = exportModelPath(m_settings);
    setCommand(m_llama, profileLlamaCppText(m_profile, model));
    setCommand(m_vllm, profileVllmText(m_profile, model));
    for (int i = 0; i < frameworkExportCount(); ++i) {
        const FrameworkExportText out = profileFrameworkText(m_profile, model, i);
        setCommand(m_frameworks[static_cast<size_t>(i)], {out.text, out.notes});
    }
    const QStringList kept = keptKeys();
    m_kept->setVisible(!kept.isEmpty());
    m_kept->setText(tr("Kept, not yet applied by this build: %1").arg(kept.join(QStringLiteral(", "))));
}

QString ProfileExportPanel::llamaCppText() const
{
    return m_llama.text->toPlainText();
}

QString ProfileExportPanel::vllmText() const
{
    return m_vllm.text->toPlainText();
}

QString ProfileExportPanel::frameworkText(int index) const
{
    return m_frameworks.at(static_cast<size_t>(index)).text->toPlainText();
}

QString ProfileExportPanel::frameworkNotes(int index) const
{
    return m_frameworks.at(static_cast<size_t>(index)).notes->text();
}

QString ProfileExportPanel::writeFrameworkFiles(int index, const QString& folder) const
{
    return writeProfileFrameworkFiles(m_profile, exportModelPath(m_settings), index, folder);
}

void ProfileExportPanel::writeFrameworkDialog(int index)
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Write export files into"));
    if (folder.isEmpty())
        return;
    const QString error = writeFrameworkFiles(index, folder);
    m_result->setText(error.isEmpty() ? tr("Wrote the files and commands.sh into %1").arg(folder)
                                      : tr("Could not write into %1: %2").arg(folder, error));
}

QString ProfileExportPanel::saveProfile(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    file.write(m_profile);
    if (!file.commit())
        return file.errorString();
    return {};
}

QStringList ProfileExportPanel::importProfile(const QString& path)
{
    const ProfileImportResult result = importProfileFile(path);
    if (!result.ok)
        return result.errors;
    m_imported = result.canonicalJson;
    applyKnobs(result.knobs);
    refresh();
    emit profileImported(result.canonicalJson);
    return {};
}

void ProfileExportPanel::setBaseProfile(const QByteArray& canonicalJson)
{
    if (canonicalJson == m_imported)
        return;
    m_imported = canonicalJson;
    refresh();
}

void ProfileExportPanel::applyKnobs(const ProfileRunKnobs& knobs)
{
    // Settings signals update the Run page's controls.
    if (knobs.threads)
        m_settings->setThreads(*knobs.threads);
    if (knobs.maxTokens)
        m_settings->setMaxTokens(*knobs.maxTokens);
    if (knobs.temperature)
        m_settings->setTemperature(*knobs.temperature);
    if (knobs.topK)
        m_settings->setTopK(*knobs.topK);
    if (knobs.topP)
        m_settings->setTopP(*knobs.topP);
    if (knobs.minP)
        m_settings->setMinP(*knobs.minP);
    if (knobs.seed)
        m_settings->setSeed(*knobs.seed);
}

void ProfileExportPanel::saveDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save profile"), QStringLiteral("profile.json"),
                                                      tr("Profile (*.json)"));
    if (path.isEmpty())
        return;
    const QString error = saveProfile(path);
    m_result->setText(error.isEmpty() ? tr("Wrote %1").arg(path) : tr("Could not write %1: %2").arg(path, error));
}

void ProfileExportPanel::importDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import profile"), QString(), tr("Profile (*.json)"));
    if (path.isEmpty())
        return;
    const QStringList errors = importProfile(path);
    if (errors.isEmpty()) {
        m_result->setText(tr("Imported %1").arg(path));
        return;
    }
    m_result->setText(tr("%1 was not imported; nothing changed.").arg(path));
    // Window-modal and opened asynchronously: the event loop (and the engine's
    // signals) keep running while it is up.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Import profile"),
                                tr("%1 has %n problem(s); nothing was applied.", nullptr, int(errors.size())).arg(path),
                                QMessageBox::Ok, this);
    box->setDetailedText(errors.join(QLatin1Char('\n')));
    box->setInformativeText(errors.join(QLatin1Char('\n')));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit importRejected(errors);
}
