#include "app/widgets/learn_page.h"

#include <QCoreApplication>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "app/widgets/demos/demo_panel.h"
#include "app/widgets/demos/measured_demos.h"

#include "app/widgets/optimise_knobs.h"
#include "app/widgets/teaching_presets.h"

namespace {

// The topic list, in the order a profile reads.
struct Topic {
    Knob knob;
    const char* title;
};

const Topic kTopics[] = {
    {Knob::Overview, QT_TRANSLATE_NOOP("LearnPage", "What a profile is")},
    {Knob::WeightDType, QT_TRANSLATE_NOOP("LearnPage", "Weight precision")},
    {Knob::GroupSize, QT_TRANSLATE_NOOP("LearnPage", "Quantization group size")},
    {Knob::Symmetric, QT_TRANSLATE_NOOP("LearnPage", "Symmetric or asymmetric")},
    {Knob::Overrides, QT_TRANSLATE_NOOP("LearnPage", "Per-tensor overrides")},
    {Knob::PruneMethod, QT_TRANSLATE_NOOP("LearnPage", "Pruning methods")},
    {Knob::PruneRatio, QT_TRANSLATE_NOOP("LearnPage", "Pruning ratio")},
    {Knob::PruneNM, QT_TRANSLATE_NOOP("LearnPage", "N:M sparsity")},
    {Knob::PruneScope, QT_TRANSLATE_NOOP("LearnPage", "Pruning scope")},
    {Knob::PruneExclude, QT_TRANSLATE_NOOP("LearnPage", "Layers kept dense")},
    {Knob::KvMode, QT_TRANSLATE_NOOP("LearnPage", "KV cache: off, contiguous, paged")},
    {Knob::KvCapacity, QT_TRANSLATE_NOOP("LearnPage", "KV cache capacity")},
    {Knob::KvBlock, QT_TRANSLATE_NOOP("LearnPage", "Paged KV block size")},
    {Knob::KvDType, QT_TRANSLATE_NOOP("LearnPage", "KV cache precision")},
    {Knob::BatchPolicy, QT_TRANSLATE_NOOP("LearnPage", "Static or continuous batching")},
    {Knob::MaxBatch, QT_TRANSLATE_NOOP("LearnPage", "Tokens per forward pass")},
    {Knob::MaxSequences, QT_TRANSLATE_NOOP("LearnPage", "Sequences at once")},
    {Knob::Threads, QT_TRANSLATE_NOOP("LearnPage", "CPU threads")},
    {Knob::Split, QT_TRANSLATE_NOOP("LearnPage", "Pipeline and tensor parallelism")},
    {Knob::VirtualCpus, QT_TRANSLATE_NOOP("LearnPage", "Virtual CPU devices")},
    {Knob::LayerWeights, QT_TRANSLATE_NOOP("LearnPage", "Layers per pipeline stage")},
    {Knob::OffloadLayers, QT_TRANSLATE_NOOP("LearnPage", "Layers on the GPU (offload)")},
    {Knob::Temperature, QT_TRANSLATE_NOOP("LearnPage", "Temperature")},
    {Knob::TopK, QT_TRANSLATE_NOOP("LearnPage", "Top-k")},
    {Knob::TopP, QT_TRANSLATE_NOOP("LearnPage", "Top-p")},
    {Knob::MinP, QT_TRANSLATE_NOOP("LearnPage", "Min-p")},
    {Knob::RepeatPenalty, QT_TRANSLATE_NOOP("LearnPage", "Repetition penalty")},
    {Knob::Seed, QT_TRANSLATE_NOOP("LearnPage", "Seed")},
    {Knob::MaxTokens, QT_TRANSLATE_NOOP("LearnPage", "Output length")},
};

}  // namespace

LearnPage::LearnPage(QWidget* parent) : QWidget(parent)
{
    auto* title = new QLabel(tr("<h2>Learn</h2><p>Every knob explained: what it does and what it trades. "
                                "The demos run real measurements on the loaded model.</p>"));
    title->setWordWrap(true);
    m_demos = makeMeasuredDemos();
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("learnTabs"));
    m_tabs->addTab(makeTopicsTab(), tr("Topics"));
    for (DemoPanel* demo : m_demos)
        m_tabs->addTab(demo, demo->name());

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_tabs, 1);
    m_topics->setCurrentRow(0);
}

QWidget* LearnPage::makeTopicsTab()
{
    m_topics = new QListWidget;
    m_topics->setObjectName(QStringLiteral("learnTopics"));
    for (const Topic& topic : kTopics)
        m_topics->addItem(QCoreApplication::translate("LearnPage", topic.title));
    m_topics->setFixedWidth(m_topics->sizeHintForColumn(0) + 30);
    m_text = new QTextBrowser;
    m_text->setObjectName(QStringLiteral("learnText"));
    connect(m_topics, &QListWidget::currentRowChanged, this, &LearnPage::showTopic);

    auto* topics = new QHBoxLayout;
    topics->addWidget(m_topics);
    topics->addWidget(m_text, 1);

    auto* demos = new QGroupBox(tr("Demos: comparisons run on the Compare page, measurements open their own tab"));
    auto* demoLayout = new QVBoxLayout(demos);
    const auto addRow = [demoLayout](QPushButton* button, const QString& explanation) {
        auto* row = new QHBoxLayout;
        auto* text = new QLabel(explanation);
        text->setWordWrap(true);
        row->addWidget(button);
        row->addWidget(text, 1);
        demoLayout->addLayout(row);
    };
    for (const TeachingPreset& preset : teachingPresets()) {
        auto* button = new QPushButton(preset.title);
        button->setObjectName(QStringLiteral("learnPreset-") + preset.id);
        const QString id = preset.id;
        connect(button, &QPushButton::clicked, this, [this, id] { emit presetRequested(id); });
        addRow(button, preset.explanation);
    }
    for (DemoPanel* demo : m_demos) {
        auto* button = new QPushButton(demo->name());
        button->setObjectName(QStringLiteral("learnDemo-") + demo->id());
        const QString id = demo->id();
        connect(button, &QPushButton::clicked, this, [this, id] { startDemo(id); });
        addRow(button, demo->title());
    }

    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(topics, 1);
    layout->addWidget(demos);
    return tab;
}

void LearnPage::setEngine(EngineClient* engine)
{
    for (DemoPanel* demo : m_demos)
        demo->setEngine(engine);
}

DemoPanel* LearnPage::demo(const QString& id) const
{
    for (DemoPanel* d : m_demos)
        if (d->id() == id)
            return d;
    return nullptr;
}

bool LearnPage::showDemo(const QString& id)
{
    DemoPanel* d = demo(id);
    m_tabs->setCurrentWidget(d ? static_cast<QWidget*>(d) : m_tabs->widget(0));
    return d != nullptr;
}

bool LearnPage::startDemo(const QString& id)
{
    if (!showDemo(id))
        return false;
    return demo(id)->start();
}

int LearnPage::topicCount() const
{
    return m_topics->count();
}

void LearnPage::showTopic(int row)
{
    if (row < 0 || row >= topicCount())
        return;
    if (m_topics->currentRow() != row)
        m_topics->setCurrentRow(row);  // re-enters through currentRowChanged
    const Topic& topic = kTopics[row];
    m_text->setHtml(QStringLiteral("<h3>%1</h3>%2")
                        .arg(QCoreApplication::translate("LearnPage", topic.title), knobHelp(topic.knob)));
}
