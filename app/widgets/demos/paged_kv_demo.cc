#include "app/widgets/demos/paged_kv_demo.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

#include "app/bridge/engine_text.h"
#include "app/charts/demo_charts.h"
#include "app/widgets/demos/block_grid_widget.h"
#include "app/widgets/demos/demo_text.h"
#include "engine/session/engine.h"
#include "engine/study/batching_study.h"
#include "engine/study/paged_kv_study.h"

namespace {

// 12 requests of mixed lengths (8..128 positions each), at most 4 at once, in
// a pool of 512 positions: sequences come and go and the pool fills up.
constexpr int32_t kRequests = 12;
constexpr double kLengthScale = 0.5;
constexpr int kPlayIntervalMs = 120;

class PagedKvTask : public DemoTask {
public:
    QString run(const DemoContext& context) override
    {
        engine::PagedKvStudyOptions options;
        options.workload = engine::mixedBatchingWorkload(kRequests, kLengthScale);
        options.blockSize = 16;
        options.capacityTokens = 512;
        options.maxSequences = 4;
        options.cancel = context.cancel;
        options.onProgress = [&context](size_t done, size_t total, const std::string& what) {
            context.progress(PagedKvDemo::tr("Served the workload: %1").arg(fromStd(what)),
                             double(done) / double(total));
        };
        auto study = engine::runPagedKvStudy(context.engine.model(), context.engine.tokenizer(), options);
        if (!study)
            return engineErrorText(study.error());
        result = std::move(*study);
        return {};
    }

    engine::PagedKvStudy result;
};

}  // namespace

PagedKvDemo::PagedKvDemo(QWidget* parent)
    : DemoPanel(QStringLiteral("paged-kv"), tr("Paged KV"), tr("Paged KV: the block table and fragmentation"),
                tr("Twelve requests of mixed lengths are served four at a time from one pool of 512 KV positions "
                   "cut into blocks of 16. Press Play: each cell is a block, coloured by the request that holds it; "
                   "a sequence takes a new block only when its last one is full, and gives all of them back when it "
                   "finishes, so the pool fills and empties without ever reserving a whole context per request. "
                   "Only the last block of a sequence can be partly empty (pale), so the waste is less than one "
                   "block per sequence. The chart repeats the run with other block sizes: larger blocks waste more "
                   "of what they reserve, smaller ones mean longer block tables to read."),
                parent)
{
    m_grid = new BlockGridWidget;
    m_grid->setObjectName(QStringLiteral("kvBlockGrid"));
    m_play = new QPushButton(tr("Play"));
    m_play->setObjectName(QStringLiteral("kvPlay"));
    m_step = new QPushButton(tr("Step"));
    m_step->setObjectName(QStringLiteral("kvStep"));
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setObjectName(QStringLiteral("kvFrameSlider"));
    m_slider->setRange(0, 0);
    m_frameInfo = new QLabel;
    m_frameInfo->setObjectName(QStringLiteral("kvFrameInfo"));
    m_timer = new QTimer(this);
    m_timer->setInterval(kPlayIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &PagedKvDemo::step);
    connect(m_play, &QPushButton::clicked, this, [this] { isPlaying() ? pause() : play(); });
    connect(m_step, &QPushButton::clicked, this, [this] {
        pause();
        step();
    });
    connect(m_slider, &QSlider::valueChanged, m_grid, &BlockGridWidget::setFrame);
    connect(m_grid, &BlockGridWidget::frameChanged, this, &PagedKvDemo::showFrameInfo);

    m_fragmentation = new SeriesChart;
    m_fragmentation->setObjectName(QStringLiteral("kvFragmentation"));
    m_fragmentation->setLogX(true);
    m_fragmentation->setAxisLabels(tr("Block size (positions)"), tr("Mean fragmentation (%)"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_play);
    controls->addWidget(m_step);
    controls->addWidget(m_slider, 1);
    auto* left = new QVBoxLayout;
    left->addWidget(m_grid, 1);
    left->addLayout(controls);
    left->addWidget(m_frameInfo);
    auto* row = new QHBoxLayout;
    row->addLayout(left, 3);
    row->addWidget(m_fragmentation, 2);
    contentLayout()->addLayout(row, 1);
    showFrameInfo(-1);
}

bool PagedKvDemo::isPlaying() const
{
    return m_timer->isActive();
}

void PagedKvDemo::play()
{
    if (m_grid->frameCount() == 0)
        return;
    if (m_grid->currentFrame() >= m_grid->frameCount() - 1)
        m_slider->setValue(0);  // from the start again
    m_timer->start();
    m_play->setText(tr("Pause"));
}

void PagedKvDemo::pause()
{
    m_timer->stop();
    m_play->setText(tr("Play"));
}

void PagedKvDemo::step()
{
    const int next = m_grid->currentFrame() + 1;
    if (next >= m_grid->frameCount()) {
        pause();
        return;
    }
    m_slider->setValue(next);
}

void PagedKvDemo::showFrameInfo(int index)
{
    const BlockFrame* f = m_grid->frame();
    if (!f || index < 0) {
        m_frameInfo->setText(tr("No steps recorded yet."));
        return;
    }
    if (m_slider->value() != index)
        m_slider->setValue(index);
    QVector<int> requests;
    for (int o : f->owner)
        if (o >= 0 && !requests.contains(o))
            requests.append(o);
    m_frameInfo->setText(tr("Step %1 of %2 (after %3 forward passes): %4 of %5 blocks held by %6 sequence(s), "
                            "fragmentation %7 %")
                             .arg(index + 1)
                             .arg(m_grid->frameCount())
                             .arg(f->pass)
                             .arg(m_grid->usedBlocks())
                             .arg(f->owner.size())
                             .arg(requests.size())
                             .arg(f->fragmentation * 100.0, 0, 'f', 1));
}

DemoTaskPtr PagedKvDemo::makeTask()
{
    return std::make_shared<PagedKvTask>();
}

void PagedKvDemo::showResult(DemoTask& task)
{
    pause();
    const engine::PagedKvStudy& study = static_cast<PagedKvTask&>(task).result;
    QVector<BlockFrame> frames;
    frames.reserve(qsizetype(study.frames.size()));
    for (const engine::KvFrame& f : study.frames)
        frames.append(BlockFrame{int(f.pass), QVector<int>(f.owner.begin(), f.owner.end()),
                                 QVector<int>(f.filled.begin(), f.filled.end()), f.fragmentation});
    m_grid->setFrames(frames, study.blockSize);
    m_slider->setRange(0, std::max(0, int(frames.size()) - 1));
    // Open on the fullest step, the most telling still picture; Play goes on from there.
    int fullest = 0;
    int most = -1;
    for (int i = 0; i < frames.size(); ++i) {
        m_grid->setFrame(i);
        if (m_grid->usedBlocks() > most) {
            most = m_grid->usedBlocks();
            fullest = i;
        }
    }
    m_grid->setFrame(fullest);
    showFrameInfo(m_grid->currentFrame());

    ChartSeries fragmentation{tr("Mean fragmentation"), {}, {}};
    QVector<double> ticks;
    for (const engine::FragmentationPoint& p : study.fragmentation) {
        fragmentation.x.append(p.blockSize);
        fragmentation.y.append(p.meanFragmentation * 100.0);
        ticks.append(p.blockSize);
    }
    m_fragmentation->setSeries({fragmentation}, ticks);
}
