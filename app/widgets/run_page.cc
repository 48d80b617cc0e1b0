#include "app/widgets/run_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "app/bridge/engine_catalog.h"
#include "app/bridge/engine_types.h"
#include "app/models/tensor_table_model.h"
#include "app/settings/settings.h"
#include "app/widgets/progress_indicator.h"

RunPage::RunPage(Settings* settings, QWidget* parent) : QWidget(parent), m_settings(settings)
{
    m_output = new QPlainTextEdit;
    m_output->setReadOnly(true);
    m_output->setPlaceholderText(tr("The generated text streams in here."));
    QFont mono = m_output->font();
    mono.setStyleHint(QFont::TypeWriter);
    mono.setFamily(QStringLiteral("monospace"));
    m_output->setFont(mono);
    m_progress = new ProgressIndicator;
    m_status = new QLabel(tr("Ready."));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->addWidget(new QLabel(tr("Output")));
    rightLayout->addWidget(m_output, 1);
    rightLayout->addWidget(m_progress);
    rightLayout->addWidget(m_status);

    // The knobs scroll rather than set the window's minimum height (small screens).
    auto* controls = new QScrollArea;
    controls->setWidget(buildControls());
    controls->setWidgetResizable(true);
    controls->setFrameShape(QFrame::NoFrame);
    auto* splitter = new QSplitter;
    splitter->addWidget(controls);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    restore();
    setRunEnabled(false);
    // Settings changed elsewhere (another window, a script) show up here too.
    connect(m_settings, &Settings::promptChanged, this, [this](const QString& p) {
        if (p != m_prompt->toPlainText())
            m_prompt->setPlainText(p);
    });
    connect(m_settings, &Settings::maxTokensChanged, m_maxTokens, &QSpinBox::setValue);
    connect(m_settings, &Settings::threadsChanged, m_threads, &QSpinBox::setValue);
    connect(m_settings, &Settings::temperatureChanged, m_temperature, &QDoubleSpinBox::setValue);
    connect(m_settings, &Settings::topKChanged, m_topK, &QSpinBox::setValue);
    connect(m_settings, &Settings::topPChanged, m_topP, &QDoubleSpinBox::setValue);
    connect(m_settings, &Settings::minPChanged, m_minP, &QDoubleSpinBox::setValue);
    connect(m_settings, &Settings::seedChanged, this, [this](quint64 seed) { m_seed->setValue(int(seed)); });
    // And edits here reach the Optimise page (its max tokens and KV estimate) at once, not at the next run.
    connect(m_prompt, &QPlainTextEdit::textChanged, this, [this] { m_settings->setPrompt(m_prompt->toPlainText()); });
    connect(m_maxTokens, &QSpinBox::valueChanged, m_settings, &Settings::setMaxTokens);
    connect(m_threads, &QSpinBox::valueChanged, m_settings, &Settings::setThreads);
    connect(m_temperature, &QDoubleSpinBox::valueChanged, m_settings, &Settings::setTemperature);
    connect(m_topK, &QSpinBox::valueChanged, m_settings, &Settings::setTopK);
    connect(m_topP, &QDoubleSpinBox::valueChanged, m_settings, &Settings::setTopP);
    connect(m_minP, &QDoubleSpinBox::valueChanged, m_settings, &Settings::setMinP);
    connect(m_seed, &QSpinBox::valueChanged, this, [this](int seed) { m_settings->setSeed(quint64(seed)); });
}

QWidget* RunPage::buildControls()
{
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);

    auto* promptBox = new QGroupBox(tr("Prompt"));
    auto* promptLayout = new QVBoxLayout(promptBox);
    m_prompt = new QPlainTextEdit;
    m_prompt->setObjectName(QStringLiteral("prompt"));
    m_prompt->setPlaceholderText(tr("Empty: start from BOS only"));
    promptLayout->addWidget(m_prompt);
    m_chat = new QCheckBox(tr("Chat template"));
    m_chat->setToolTip(tr("Send the prompt as a user turn written the way the model was trained to read a "
                          "conversation (its tokenizer.chat_template: Llama 3, ChatML, Phi-3, Gemma, Llama 2, "
                          "Mistral). Models without a template we know run the prompt as written."));
    m_system = new QLineEdit;
    m_system->setPlaceholderText(tr("System message (optional)"));
    m_system->setEnabled(false);
    connect(m_chat, &QCheckBox::toggled, m_system, &QWidget::setEnabled);
    auto* chatRow = new QHBoxLayout;
    chatRow->addWidget(m_chat);
    chatRow->addWidget(m_system, 1);
    promptLayout->addLayout(chatRow);
    layout->addWidget(promptBox, 1);

    auto* genBox = new QGroupBox(tr("Generation"));
    auto* gen = new QFormLayout(genBox);
    m_maxTokens = new QSpinBox;
    m_maxTokens->setObjectName(QStringLiteral("maxTokens"));
    m_maxTokens->setRange(1, 32768);
    m_maxTokens->setToolTip(tr("Generate at most this many tokens (the model's context also limits it)."));
    gen->addRow(tr("Max tokens:"), m_maxTokens);
    m_threads = new QSpinBox;
    m_threads->setRange(0, 1024);
    m_threads->setSpecialValueText(tr("all (%1)").arg(hardwareThreads()));
    m_threads->setToolTip(tr("CPU threads for the matrix multiplications; 0 uses every hardware thread."));
    gen->addRow(tr("Threads:"), m_threads);
    layout->addWidget(genBox);

    auto* samplingBox = new QGroupBox(tr("Sampling"));
    auto* sampling = new QFormLayout(samplingBox);
    m_temperature = new QDoubleSpinBox;
    m_temperature->setRange(0.0, 5.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setSpecialValueText(tr("0 (greedy)"));
    m_temperature->setToolTip(tr("Divides the logits before softmax; 0 always picks the most likely token."));
    sampling->addRow(tr("Temperature:"), m_temperature);
    m_topK = new QSpinBox;
    m_topK->setRange(0, 1000000);
    m_topK->setSpecialValueText(tr("off"));
    m_topK->setToolTip(tr("Keep only the k most likely tokens."));
    sampling->addRow(tr("Top-k:"), m_topK);
    m_topP = new QDoubleSpinBox;
    m_topP->setRange(0.0, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setDecimals(3);
    m_topP->setToolTip(tr("Keep the smallest set of most likely tokens whose probability exceeds p (1 = off)."));
    sampling->addRow(tr("Top-p:"), m_topP);
    m_minP = new QDoubleSpinBox;
    m_minP->setRange(0.0, 1.0);
    m_minP->setSingleStep(0.01);
    m_minP->setDecimals(3);
    m_minP->setSpecialValueText(tr("off"));
    m_minP->setToolTip(tr("Drop tokens less likely than min-p times the most likely one."));
    sampling->addRow(tr("Min-p:"), m_minP);
    m_seed = new QSpinBox;
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setToolTip(tr("Seed of the sampler's random generator: the same seed gives the same text."));
    sampling->addRow(tr("Seed:"), m_seed);
    layout->addWidget(samplingBox);
    layout->addWidget(buildWorkloadBox());

    auto* buttons = new QHBoxLayout;
    m_run = new QPushButton(tr("Run"));
    m_run->setToolTip(tr("Generate (Ctrl+R)"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the generation (Esc or Ctrl+.)"));
    m_cancel->setEnabled(false);
    connect(m_run, &QPushButton::clicked, this, &RunPage::runRequested);
    connect(m_cancel, &QPushButton::clicked, this, &RunPage::cancelRequested);
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);
    return panel;
}

QWidget* RunPage::buildWorkloadBox()
{
    auto* box = new QGroupBox(tr("Workload"));
    auto* form = new QFormLayout(box);
    m_workloadKind = new QComboBox;
    m_workloadKind->setObjectName(QStringLiteral("workloadKind"));
    m_workloadKind->addItem(tr("The prompt above"), int(WorkloadChoice::Kind::None));
    m_workloadKind->addItem(tr("Workload preset"), int(WorkloadChoice::Kind::Preset));
    m_workloadKind->addItem(tr("Workload file"), int(WorkloadChoice::Kind::File));
    m_workloadKind->setToolTip(tr("Run the prompt once, or replay a serving workload (many requests with their "
                                  "own prompt and output lengths and arrival times) through the batching "
                                  "scheduler."));
    form->addRow(tr("Run:"), m_workloadKind);
    m_preset = new QComboBox;
    m_preset->setObjectName(QStringLiteral("workloadPreset"));
    for (const QString& name : workloadPresets()) {
        const QString what = presetDescription(name);
        m_preset->addItem(what.isEmpty() ? name : QStringLiteral("%1 \u2014 %2").arg(name, what), name);
    }
    form->addRow(tr("Preset:"), m_preset);
    m_workloadFile = new QLineEdit;
    m_workloadFile->setPlaceholderText(tr("inferscope.workload/1 JSON file"));
    m_browse = new QPushButton(tr("Browse…"));
    connect(m_browse, &QPushButton::clicked, this, &RunPage::browseWorkload);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_workloadFile, 1);
    fileRow->addWidget(m_browse);
    form->addRow(tr("File:"), fileRow);
    m_realTime = new QCheckBox(tr("Honour arrival times"));
    m_realTime->setChecked(true);
    m_realTime->setToolTip(tr("On: each request arrives at its time, as users would send them (latency under "
                              "load). Off: every request is there at the start (the throughput limit)."));
    form->addRow(QString(), m_realTime);
    m_workloadNote = new QLabel(tr("A workload runs through the batching scheduler with the Optimise page's "
                                   "batching, KV cache and sampling settings; the prompt and max tokens above "
                                   "are not used. The Profile page then shows its TTFT and end-to-end latency "
                                   "distributions and the throughput per batch size."));
    m_workloadNote->setWordWrap(true);
    form->addRow(m_workloadNote);
    connect(m_workloadKind, &QComboBox::currentIndexChanged, this, &RunPage::updateWorkloadControls);
    updateWorkloadControls();
    return box;
}

void RunPage::updateWorkloadControls()
{
    const auto kind = WorkloadChoice::Kind(m_workloadKind->currentData().toInt());
    m_preset->setEnabled(kind == WorkloadChoice::Kind::Preset);
    m_workloadFile->setEnabled(kind == WorkloadChoice::Kind::File);
    m_browse->setEnabled(kind == WorkloadChoice::Kind::File);
    m_realTime->setEnabled(kind != WorkloadChoice::Kind::None);
    m_workloadNote->setVisible(kind != WorkloadChoice::Kind::None);
    m_maxTokens->setEnabled(kind == WorkloadChoice::Kind::None);
}

void RunPage::browseWorkload()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open workload"), m_workloadFile->text(),
                                                      tr("Workloads (*.json);;All files (*)"));
    if (!path.isEmpty())
        m_workloadFile->setText(path);
}

QString RunPage::presetDescription(const QString& name)
{
    if (name == QLatin1String("chat-short"))
        return tr("16 chat-sized requests, 4 per second");
    if (name == QLatin1String("poisson-64"))
        return tr("64 requests, 32 per second");
    if (name == QLatin1String("burst-8"))
        return tr("8 requests at once");
    if (name == QLatin1String("mixed-32"))
        return tr("32 requests of mixed lengths");
    return {};
}

WorkloadChoice RunPage::workload() const
{
    WorkloadChoice w;
    w.kind = WorkloadChoice::Kind(m_workloadKind->currentData().toInt());
    w.preset = m_preset->currentData().toString();
    w.path = m_workloadFile->text().trimmed();
    w.realTime = m_realTime->isChecked();
    return w;
}

void RunPage::setWorkload(const WorkloadChoice& workload)
{
    m_workloadKind->setCurrentIndex(std::max(0, m_workloadKind->findData(int(workload.kind))));
    if (const int i = m_preset->findData(workload.preset); i >= 0)
        m_preset->setCurrentIndex(i);
    m_workloadFile->setText(workload.path);
    m_realTime->setChecked(workload.realTime);
}

void RunPage::restore()
{
    m_prompt->setPlainText(m_settings->prompt());
    m_maxTokens->setValue(m_settings->maxTokens());
    m_threads->setValue(m_settings->threads());
    m_temperature->setValue(m_settings->temperature());
    m_topK->setValue(m_settings->topK());
    m_topP->setValue(m_settings->topP());
    m_minP->setValue(m_settings->minP());
    m_seed->setValue(int(std::min<quint64>(m_settings->seed(), quint64(std::numeric_limits<int>::max()))));
}

void RunPage::storeSettings()
{
    m_settings->setPrompt(m_prompt->toPlainText());
    m_settings->setMaxTokens(m_maxTokens->value());
    m_settings->setThreads(m_threads->value());
    m_settings->setTemperature(m_temperature->value());
    m_settings->setTopK(m_topK->value());
    m_settings->setTopP(m_topP->value());
    m_settings->setMinP(m_minP->value());
    m_settings->setSeed(quint64(m_seed->value()));
}

RunRequest RunPage::request() const
{
    RunRequest r;
    r.prompt = m_prompt->toPlainText();
    r.chat = m_chat->isChecked();
    r.system = r.chat ? m_system->text() : QString();
    r.maxTokens = m_maxTokens->value();
    r.threads = m_threads->value();
    r.workload = workload();
    return r;
}

QString RunPage::outputText() const
{
    return m_output->toPlainText();
}

void RunPage::setRunEnabled(bool enabled, const QString& reason)
{
    m_run->setEnabled(enabled);
    m_run->setToolTip(reason.isEmpty() ? tr("Generate (Ctrl+R)") : reason);
}

void RunPage::runStarted()
{
    storeSettings();
    m_maxForRun = m_maxTokens->value();
    m_received = 0;
    const WorkloadChoice w = workload();
    m_output->setPlainText(w.isServing() ? tr("Replaying %1 through the batching scheduler…").arg(w.describe())
                                         : m_prompt->toPlainText());
    m_progress->clear();
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_status->setText(tr("Starting the run..."));
}

void RunPage::showProgress(const ProgressInfo& info)
{
    m_progress->setProgress(info);
    if (info.phase == RunPhase::Cancelling) {
        m_cancel->setEnabled(false);  // pressed once; the worker stops at its next cancel point
        m_status->setText(tr("Cancelling… the engine stops at its next layer or token."));
    }
}

QString RunPage::statusText() const
{
    return m_status->text();
}

void RunPage::appendTokens(const TokenBatch& batch)
{
    QString text;
    for (const TokenEvent& t : batch.tokens)
        text += t.piece;
    m_received += int(batch.tokens.size());
    QTextCursor cursor = m_output->textCursor();
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text);
    m_output->verticalScrollBar()->setValue(m_output->verticalScrollBar()->maximum());
    if (!batch.tokens.isEmpty() && m_progress->phase() != RunPhase::Cancelling) {
        const TokenEvent& last = batch.tokens.last();
        m_status->setText(tr("Generating: %1 tokens in %2 ms").arg(m_received).arg(last.elapsedMs, 0, 'f', 1));
    }
}

void RunPage::runFinished(const RunResult& result)
{
    m_run->setEnabled(true);
    // While the quality is measured the job goes on, and Cancel stops only that (the run is kept).
    m_cancel->setEnabled(result.quality.pending());
    const QLocale locale;
    if (result.cancelled) {
        ProgressInfo done;
        done.what = tr("Cancelled");
        done.fraction = 0.0;
        m_progress->setProgress(done);
        if (result.request.workload.isServing())
            m_status->setText(tr("Cancelled while serving %1. The run is kept in the history as cancelled; the "
                                 "Profile page still shows the last complete run.")
                                  .arg(result.request.workload.describe()));
        else
            m_status->setText(tr("Cancelled after %n token(s). The run is kept in the history as cancelled; the "
                                 "Profile page still shows the last complete run.",
                                 nullptr, int(result.tokens.size())));
        return;
    }
    ProgressInfo done;
    done.what = result.quality.pending() ? tr("Done; measuring the quality…") : tr("Done");
    done.fraction = 1.0;
    m_progress->setProgress(done);
    if (result.isServing()) {
        m_output->setPlainText(servingSummary(result));
        m_status->setText(tr("Served %1 requests in %2 ms.")
                              .arg(result.serving.requests.size())
                              .arg(locale.toString(result.serving.wallMs, 'f', 1)));
        return;
    }
    m_output->setPlainText(m_prompt->toPlainText() + result.text);
    QString text = tr("%1 tokens (stop: %2). TTFT %3 ms, prefill %4 tok/s, decode %5 tok/s.")
                       .arg(result.tokens.size())
                       .arg(stopReasonLabel(result.stopReason), locale.toString(result.ttftMs, 'f', 2),
                            locale.toString(result.prefillTokPerS, 'f', 1),
                            locale.toString(result.decodeTokPerS, 'f', 1));
    if (result.weightBytes > 0)
        text += QLatin1Char(' ') + tr("Weights in memory: %1.").arg(formatBytes(result.weightBytes));
    if (!result.chatFormat.isEmpty())
        text += QLatin1Char(' ') + tr("Chat template: %1.").arg(result.chatFormat);
    else if (!result.chatNote.isEmpty())
        text += QLatin1Char(' ') + tr("Chat: %1.").arg(result.chatNote);
    m_status->setText(text);
}

void RunPage::qualityFinished(const RunResult& result)
{
    m_cancel->setEnabled(false);
    if (result.cancelled)
        return;
    ProgressInfo done;
    done.what = tr("Done");
    done.fraction = 1.0;
    m_progress->setProgress(done);
}

QString RunPage::servingSummary(const RunResult& result) const
{
    const ServingResult& s = result.serving;
    const QLocale locale;
    const auto ms = [&locale](double v) { return locale.toString(v, 'f', 2); };
    QStringList lines;
    lines << tr("Workload %1 (%2): %3 requests, %4 prompt + %5 output tokens.")
                 .arg(s.workload, s.source)
                 .arg(s.requests.size())
                 .arg(s.promptTokens)
                 .arg(s.outputTokens);
    lines << tr("Scheduler: %1 batching, at most %2 sequences and %3 tokens per pass; KV cache %4, %5 tokens; %6.")
                 .arg(s.policy)
                 .arg(s.maxSequences)
                 .arg(s.maxBatch)
                 .arg(s.kvMode)
                 .arg(s.kvCapacityTokens)
                 .arg(s.realTime ? tr("arrivals at their times") : tr("every request at the start"));
    lines << tr("%1 forward passes (mean %2 sequences each), %3 preemptions.")
                 .arg(s.forwardPasses)
                 .arg(locale.toString(s.meanBatch(), 'f', 2))
                 .arg(s.preemptions);
    lines << tr("TTFT p50 %1 ms, p99 %2 ms; end-to-end p50 %3 ms, p99 %4 ms; TPOT mean %5 ms.")
                 .arg(ms(s.ttftMs.p50), ms(s.ttftMs.p99), ms(s.e2eMs.p50), ms(s.e2eMs.p99), ms(s.tpotMs.mean));
    lines << tr("Throughput: %1 output tok/s, %2 requests/s (prefill %3 tok/s, decode %4 tok/s).")
                 .arg(locale.toString(s.outputTokPerS, 'f', 1), locale.toString(s.requestsPerS, 'f', 2),
                      locale.toString(s.prefillTokPerS, 'f', 1), locale.toString(s.decodeTokPerS, 'f', 1));
    return lines.join(QLatin1Char('\n'));
}

void RunPage::runFailed(const QString& message)
{
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    // A cancel that landed in a pass (re-quantizing, pruning) ends the job with the pass's message.
    const bool cancelled = m_progress->phase() == RunPhase::Cancelling;
    m_progress->clear();
    m_status->setText(cancelled ? tr("Cancelled: %1").arg(message) : tr("Failed: %1").arg(message));
}
