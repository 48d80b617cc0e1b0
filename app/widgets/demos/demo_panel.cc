#include "app/widgets/demos/demo_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/bridge/engine_client.h"

DemoPanel::DemoPanel(const QString& id, const QString& name, const QString& title, const QString& explanation,
                     QWidget* parent)
    : QWidget(parent), m_id(id), m_name(name), m_title(title)
{
    setObjectName(QStringLiteral("demo-") + id);
    auto* heading = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()));
    auto* text = new QLabel(explanation);
    text->setWordWrap(true);
    text->setObjectName(QStringLiteral("demoExplanation"));
    m_run = new QPushButton(tr("Run"));
    m_run->setObjectName(QStringLiteral("demoRun"));
    m_run->setToolTip(tr("Measure it now on the loaded model (the model as stored, whatever the Optimise page "
                         "says)."));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("demoCancel"));
    m_status = new QLabel(tr("Not run yet."));
    m_status->setObjectName(QStringLiteral("demoStatus"));
    m_status->setWordWrap(true);
    connect(m_run, &QPushButton::clicked, this, &DemoPanel::start);
    connect(m_cancel, &QPushButton::clicked, this, &DemoPanel::cancel);

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_run);
    controls->addWidget(m_cancel);
    controls->addWidget(m_status, 1);
    m_content = new QVBoxLayout;
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(text);
    layout->addLayout(controls);
    layout->addLayout(m_content, 1);
    updateButtons();
}

void DemoPanel::setEngine(EngineClient* engine)
{
    m_engine = engine;
    connect(engine, &EngineClient::demoFinished, this, &DemoPanel::onDemoFinished);
    connect(engine, &EngineClient::failed, this, &DemoPanel::onFailed);
    connect(engine, &EngineClient::progress, this, &DemoPanel::onProgress);
    connect(engine, &EngineClient::stateChanged, this, &DemoPanel::updateButtons);
    connect(engine, &EngineClient::modelLoaded, this, &DemoPanel::updateButtons);
    updateButtons();
}

QString DemoPanel::statusText() const
{
    return m_status->text();
}

bool DemoPanel::start()
{
    QString why;
    if (!m_engine || !m_engine->hasModel())
        why = tr("Open a model first: the demo measures it.");
    else if (m_engine->state() != EngineState::Idle || isRunning())
        why = tr("The engine is busy; try again when it is idle.");
    if (!why.isEmpty()) {
        m_status->setText(why);
        return false;
    }
    m_task = makeTask();
    m_status->setText(tr("Starting..."));
    m_job = m_engine->runDemo(m_task);
    updateButtons();
    return true;
}

void DemoPanel::cancel()
{
    if (isRunning() && m_engine)
        m_engine->cancel();
}

void DemoPanel::onDemoFinished(quint64 job, bool cancelled)
{
    if (job != m_job)
        return;
    if (cancelled) {
        end(false, tr("Cancelled."));
        return;
    }
    showResult(*m_task);
    m_hasResult = true;
    end(true, tr("Done: measured on %1.").arg(m_engine->model().name));
}

void DemoPanel::onFailed(const QString& message)
{
    if (isRunning() && m_engine->currentJob() == m_job)
        end(false, tr("Failed: %1").arg(message));
}

void DemoPanel::onProgress(const ProgressInfo& info)
{
    if (info.job != m_job || m_job == 0)
        return;
    m_status->setText(info.fraction >= 0.0 ? tr("%1 (%2 %)").arg(info.what).arg(int(info.fraction * 100.0))
                                            : info.what);
}

void DemoPanel::end(bool ok, const QString& status)
{
    m_job = 0;
    m_task.reset();
    m_status->setText(status);
    updateButtons();
    emit finished(ok);
}

void DemoPanel::updateButtons()
{
    const bool ready = m_engine && m_engine->hasModel() && m_engine->state() == EngineState::Idle;
    m_run->setEnabled(ready && !isRunning());
    m_cancel->setEnabled(isRunning());
}
