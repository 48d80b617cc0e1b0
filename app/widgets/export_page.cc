#include "app/widgets/export_page.h"

#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

#include "app/bridge/trace_file.h"
#include "app/charts/chart_widget.h"
#include "app/widgets/profile_export_panel.h"

namespace {

QString writeAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    file.write(bytes);
    if (!file.commit())
        return file.errorString();
    return {};
}

}  // namespace

ExportPage::ExportPage(Settings* settings, ChartWidget* latencyChart, ChartWidget* histogramChart, QWidget* parent)
    : QWidget(parent), m_latencyChart(latencyChart), m_histogramChart(histogramChart),
      m_profilePanel(new ProfileExportPanel(settings))
{
    m_summary = new QLabel(tr("No run to export yet."));
    m_summary->setWordWrap(true);
    m_result = new QLabel;
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* box = new QGroupBox(tr("Last run"));
    box->setMaximumWidth(560);
    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->addWidget(m_summary);
    const auto addButton = [&](const QString& text, auto slot) {
        auto* button = new QPushButton(text);
        connect(button, &QPushButton::clicked, this, slot);
        button->setEnabled(false);
        boxLayout->addWidget(button);
        m_buttons.append(button);
    };
    addButton(tr("Run record as JSON... (Ctrl+E)"), &ExportPage::exportRunJson);
    addButton(tr("Per-token latencies as CSV..."), &ExportPage::exportLatencyCsv);
    addButton(tr("Op trace as Chrome JSON..."), &ExportPage::exportChromeTrace);
    addButton(tr("Latency chart as PNG/PDF..."), [this] { exportChart(m_latencyChart, QStringLiteral("latency")); });
    addButton(tr("ITL histogram as PNG/PDF..."), [this] { exportChart(m_histogramChart, QStringLiteral("itl")); });

    auto* runColumn = new QVBoxLayout;
    runColumn->addWidget(box);
    runColumn->addWidget(m_result);
    runColumn->addStretch();
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(runColumn);
    layout->addWidget(m_profilePanel, 1);
}

void ExportPage::setLastRun(const RunResult& run)
{
    m_run = run;
    m_summary->setText(tr("Run %1: %2, %3 tokens, %4.").arg(run.id.left(8), run.modelName).arg(run.tokens.size())
                           .arg(run.sampling.describe()));
    for (QPushButton* b : m_buttons)
        b->setEnabled(true);
}

QString ExportPage::writeRunJson(const QString& path) const
{
    return writeAtomically(path, QJsonDocument(m_run.toJson()).toJson(QJsonDocument::Indented));
}

QString ExportPage::writeLatencyCsv(const QString& path) const
{
    QByteArray csv = "index,token_id,latency_ms\n";
    for (qsizetype i = 0; i < m_run.latenciesMs.size(); ++i)
        csv += QByteArray::number(i) + ',' + QByteArray::number(m_run.tokens.value(i)) + ',' +
               QByteArray::number(m_run.latenciesMs[i], 'f', 6) + '\n';
    return writeAtomically(path, csv);
}

QString ExportPage::writeChromeTrace(const QString& path) const
{
    const QJsonObject about{{QStringLiteral("run"), m_run.id},
                            {QStringLiteral("model"), m_run.modelName},
                            {QStringLiteral("dropped_spans"), double(m_run.trace.droppedSpans)}};
    return writeAtomically(path, traceJson(m_run.trace, about));
}

void ExportPage::exportChromeTrace()
{
    if (m_run.trace.spans.isEmpty()) {
        report(tr("this run has no recorded ops (runs loaded from the history keep only their summaries)"),
               tr("the trace"));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Export trace"), QStringLiteral("trace-%1.json")
                                                      .arg(m_run.id.left(8)), tr("Chrome trace (*.json)"));
    if (!path.isEmpty())
        report(writeChromeTrace(path), path);
}

void ExportPage::report(const QString& error, const QString& path)
{
    m_result->setText(error.isEmpty() ? tr("Wrote %1").arg(path) : tr("Could not write %1: %2").arg(path, error));
}

void ExportPage::exportRunJson()
{
    if (!hasRun())
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export run"), QStringLiteral("run-%1.json")
                                                      .arg(m_run.id.left(8)), tr("JSON (*.json)"));
    if (!path.isEmpty())
        report(writeRunJson(path), path);
}

void ExportPage::exportLatencyCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export latencies"), QStringLiteral("latencies-%1.csv")
                                                      .arg(m_run.id.left(8)), tr("CSV (*.csv)"));
    if (!path.isEmpty())
        report(writeLatencyCsv(path), path);
}

void ExportPage::exportChart(ChartWidget* chart, const QString& name)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), name + QStringLiteral(".png"),
                                                      tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    const bool ok = path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) ? chart->savePdf(path)
                                                                              : chart->savePng(path);
    report(ok ? QString() : tr("the chart could not be rendered"), path);
}
