// The Optimise page's knob sections, one group box per profile section
// (weights, pruning, KV cache, batching, devices, sampling). Split from
// optimise_page.cc, which holds the page's logic: profile <-> knobs,
// estimates, validation and files.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "app/bridge/engine_catalog.h"
#include "app/settings/settings.h"
#include "app/widgets/optimise_knobs.h"
#include "app/widgets/optimise_page.h"

QGroupBox* OptimisePage::buildWeights()
{
    auto* box = new QGroupBox(tr("Weight precision"));
    auto* form = new QFormLayout(box);
    m_dtype = makeCombo(QStringLiteral("weightDType"),
                        {{tr("As stored in the file"), {}}, {tr("FP32"), QStringLiteral("f32")},
                         {tr("FP16"), QStringLiteral("f16")}, {tr("BF16"), QStringLiteral("bf16")},
                         {tr("INT8"), QStringLiteral("int8")}, {tr("INT4"), QStringLiteral("int4")}});
    addKnob(form, tr("Precision"), m_dtype, tr("The number format every weight matrix is re-quantized to at load."),
            knobHelp(Knob::WeightDType));
    m_groupSize = makeCombo(QStringLiteral("groupSize"), {{tr("Default (32)"), {}}, {QStringLiteral("32"), QStringLiteral("32")},
                                                            {QStringLiteral("64"), QStringLiteral("64")},
                                                            {QStringLiteral("128"), QStringLiteral("128")}});
    addKnob(form, tr("Group size"), m_groupSize, tr("Weights that share one scale (INT8/INT4 only)."),
            knobHelp(Knob::GroupSize));
    m_symmetric = makeCombo(QStringLiteral("symmetric"), {{tr("Default (symmetric)"), {}},
                                                          {tr("Symmetric"), QStringLiteral("true")},
                                                          {tr("Asymmetric (scale + minimum)"), QStringLiteral("false")}});
    addKnob(form, tr("Quantization"), m_symmetric, tr("Symmetric: one scale per group. Asymmetric: scale and minimum."),
            knobHelp(Knob::Symmetric));

    m_overrides = new QTableWidget(0, 2);
    m_overrides->setObjectName(QStringLiteral("weightOverrides"));
    m_overrides->setHorizontalHeaderLabels({tr("Tensor pattern"), tr("Precision")});
    m_overrides->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_overrides->verticalHeader()->setVisible(false);
    m_overrides->setMaximumHeight(120);
    connect(m_overrides, &QTableWidget::itemChanged, this, [this] { recompute(); });
    auto* add = new QPushButton(tr("Add override"));
    auto* remove = new QPushButton(tr("Remove"));
    connect(add, &QPushButton::clicked, this, [this] { addOverrideRow(QStringLiteral("output.weight"), QStringLiteral("f16")); });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_overrides->currentRow();
        m_overrides->removeRow(row >= 0 ? row : m_overrides->rowCount() - 1);
        recompute();
    });
    auto* overrides = new QWidget;
    auto* overridesLayout = new QVBoxLayout(overrides);
    overridesLayout->setContentsMargins(0, 0, 0, 0);
    overridesLayout->addWidget(m_overrides);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    overridesLayout->addLayout(buttons);
    m_overrides->setToolTip(tr("Per-tensor precision: the first matching pattern wins ('*' any text, '?' one character)."));
    m_help.insert(m_overrides, {tr("Per-tensor overrides"), knobHelp(Knob::Overrides)});
    form->addRow(tr("Overrides:"), overrides);
    form->addRow(sectionIssues(QStringLiteral("weights")));
    return box;
}

QGroupBox* OptimisePage::buildPruning()
{
    auto* box = new QGroupBox(tr("Pruning"));
    auto* form = new QFormLayout(box);
    m_pruneMethod = makeCombo(QStringLiteral("pruneMethod"),
                              {{tr("Off"), {}}, {tr("Magnitude (unstructured)"), QStringLiteral("magnitude")},
                               {tr("Wanda (unstructured)"), QStringLiteral("wanda")}, {tr("N:M"), QStringLiteral("nm")},
                               {tr("Structured (heads / FFN channels)"), QStringLiteral("structured")}});
    addKnob(form, tr("Method"), m_pruneMethod, tr("How weights are chosen for removal before quantization."),
            knobHelp(Knob::PruneMethod));
    m_pruneRatio = new QDoubleSpinBox;
    m_pruneRatio->setObjectName(QStringLiteral("pruneRatio"));
    // A percent, always: two decimals keep what is typed (0.25 stays 0.25 %,
    // 12.5 stays 12.5 %) instead of rounding it to another ratio.
    m_pruneRatio->setRange(0.0, 90.0);
    m_pruneRatio->setSingleStep(5.0);
    m_pruneRatio->setDecimals(2);
    m_pruneRatio->setSuffix(tr(" %"));
    m_pruneRatio->setSpecialValueText(tr("not set"));
    addKnob(form, tr("Ratio (%)"), m_pruneRatio,
            tr("Percent of the weights removed, 0-90 %: type 25 for a quarter (profile ratio 0.25). Not used with N:M."),
            knobHelp(Knob::PruneRatio));
    m_pruneN = new QSpinBox;
    m_pruneN->setObjectName(QStringLiteral("pruneN"));
    m_pruneN->setRange(1, 63);
    m_pruneN->setValue(2);
    addKnob(form, tr("N (kept)"), m_pruneN, tr("N:M sparsity: keep N weights of every M."), knobHelp(Knob::PruneNM));
    m_pruneM = new QSpinBox;
    m_pruneM->setObjectName(QStringLiteral("pruneM"));
    m_pruneM->setRange(2, 64);
    m_pruneM->setValue(4);
    addKnob(form, tr("M (group)"), m_pruneM, tr("N:M sparsity: the group of consecutive weights."), knobHelp(Knob::PruneNM));
    m_pruneScope = makeCombo(QStringLiteral("pruneScope"),
                             {{tr("Default (all matrices)"), {}}, {tr("All matrices"), QStringLiteral("all")},
                              {tr("Attention only"), QStringLiteral("attention")}, {tr("FFN only"), QStringLiteral("ffn")}});
    addKnob(form, tr("Scope"), m_pruneScope, tr("Which matrices are pruned."), knobHelp(Knob::PruneScope));
    m_pruneExclude = new QLineEdit;
    m_pruneExclude->setObjectName(QStringLiteral("pruneExclude"));
    m_pruneExclude->setPlaceholderText(tr("e.g. output.weight, blk.0.*"));
    addKnob(form, tr("Exclude"), m_pruneExclude, tr("Comma-separated tensor patterns left dense."),
            knobHelp(Knob::PruneExclude));
    form->addRow(sectionIssues(QStringLiteral("pruning")));
    return box;
}

QGroupBox* OptimisePage::buildKvCache()
{
    auto* box = new QGroupBox(tr("KV cache"));
    auto* form = new QFormLayout(box);
    m_kvMode = makeCombo(QStringLiteral("kvMode"), {{tr("Default (contiguous)"), {}}, {tr("Off (recompute the prefix)"), QStringLiteral("off")},
                                                    {tr("Contiguous"), QStringLiteral("contiguous")},
                                                    {tr("Paged (blocks)"), QStringLiteral("paged")}});
    addKnob(form, tr("Mode"), m_kvMode, tr("Whether keys and values of past tokens are kept, and how."),
            knobHelp(Knob::KvMode));
    m_kvCapacity = new QSpinBox;
    m_kvCapacity->setObjectName(QStringLiteral("kvCapacity"));
    m_kvCapacity->setRange(0, 16 * 1024 * 1024);
    m_kvCapacity->setSingleStep(256);
    m_kvCapacity->setSpecialValueText(tr("prompt + max tokens"));
    m_kvCapacity->setSuffix(tr(" tokens"));
    addKnob(form, tr("Capacity"), m_kvCapacity, tr("Tokens the whole cache holds, all sequences together."),
            knobHelp(Knob::KvCapacity));
    m_kvBlock = makeCombo(QStringLiteral("kvBlock"), {{tr("Default (16)"), {}}, {QStringLiteral("8"), QStringLiteral("8")},
                                                      {QStringLiteral("16"), QStringLiteral("16")},
                                                      {QStringLiteral("32"), QStringLiteral("32")}});
    addKnob(form, tr("Block size"), m_kvBlock, tr("Tokens per block of a paged cache."), knobHelp(Knob::KvBlock));
    m_kvDType = makeCombo(QStringLiteral("kvDType"), {{tr("Default (FP32)"), {}}, {tr("FP32"), QStringLiteral("f32")},
                                                      {tr("FP16"), QStringLiteral("f16")}, {tr("INT8"), QStringLiteral("int8")}});
    addKnob(form, tr("Precision"), m_kvDType, tr("Number format of the cached keys and values."), knobHelp(Knob::KvDType));
    form->addRow(sectionIssues(QStringLiteral("kv_cache")));
    return box;
}

QGroupBox* OptimisePage::buildBatching()
{
    auto* box = new QGroupBox(tr("Batching"));
    auto* form = new QFormLayout(box);
    m_batchPolicy = makeCombo(QStringLiteral("batchPolicy"), {{tr("Engine default"), {}}, {tr("Static"), QStringLiteral("static")},
                                                              {tr("Continuous"), QStringLiteral("continuous")}});
    addKnob(form, tr("Policy"), m_batchPolicy, tr("Static batches or continuous batching with a queue."),
            knobHelp(Knob::BatchPolicy));
    m_maxBatch = new QSpinBox;
    m_maxBatch->setObjectName(QStringLiteral("maxBatch"));
    m_maxBatch->setRange(0, 1024);
    m_maxBatch->setSpecialValueText(tr("default"));
    addKnob(form, tr("Max batch"), m_maxBatch, tr("Tokens in one forward pass (prompt chunks and decodes)."),
            knobHelp(Knob::MaxBatch));
    m_maxSequences = new QSpinBox;
    m_maxSequences->setObjectName(QStringLiteral("maxSequences"));
    m_maxSequences->setRange(0, 4096);
    m_maxSequences->setSpecialValueText(tr("default"));
    addKnob(form, tr("Max sequences"), m_maxSequences, tr("Sequences running at once, each with its own KV cache."),
            knobHelp(Knob::MaxSequences));
    form->addRow(sectionIssues(QStringLiteral("batching")));
    return box;
}

QGroupBox* OptimisePage::buildDevices()
{
    auto* box = new QGroupBox(tr("Devices"));
    auto* form = new QFormLayout(box);
    m_threads = new QSpinBox;
    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(0, 1024);
    m_threads->setSpecialValueText(tr("all (%1)").arg(hardwareThreads()));
    addKnob(form, tr("CPU threads"), m_threads, tr("Threads for the matrix multiplications; 0 uses every core."),
            knobHelp(Knob::Threads));
    m_split = makeCombo(QStringLiteral("split"), {{tr("None (one device)"), {}},
                                                  {tr("Pipeline (layers per device)"), QStringLiteral("pipeline")},
                                                  {tr("Tensor (heads and FFN columns per device)"), QStringLiteral("tensor")}});
    addKnob(form, tr("Split"), m_split, tr("How the model is spread over the devices."), knobHelp(Knob::Split));
    m_virtualCpus = new QSpinBox;
    m_virtualCpus->setObjectName(QStringLiteral("virtualCpus"));
    m_virtualCpus->setRange(1, 16);
    addKnob(form, tr("Virtual CPU devices"), m_virtualCpus,
            tr("The CPU presented as this many devices, each with its own threads, weights and KV shard."),
            knobHelp(Knob::VirtualCpus));
    m_layerWeights = new QLineEdit;
    m_layerWeights->setObjectName(QStringLiteral("layerWeights"));
    m_layerWeights->setPlaceholderText(tr("even, e.g. 3, 1"));
    addKnob(form, tr("Layer shares"), m_layerWeights, tr("Pipeline only: relative share of the layers per device."),
            knobHelp(Knob::LayerWeights));
    m_offloadLayers = new QSpinBox;
    m_offloadLayers->setObjectName(QStringLiteral("offloadLayers"));
    m_offloadLayers->setRange(0, 100000);
    m_offloadLayers->setSpecialValueText(tr("all"));
    addKnob(form, tr("Layers on the GPU"), m_offloadLayers,
            tr("With a GPU: its first N layers, the rest on the CPU (llama.cpp's -ngl)."), knobHelp(Knob::OffloadLayers));
    // Why no GPU can be chosen, in the device registry's words.
    QStringList missing;
    for (const DeviceEntry& d : availableDevices())
        if (!d.enabled)
            missing << tr("%1: %2").arg(d.label, d.toolTip);
    if (!missing.isEmpty()) {
        auto* why = new QLabel(missing.join(QLatin1Char('\n')));
        why->setObjectName(QStringLiteral("deviceAvailability"));
        why->setWordWrap(true);
        why->setEnabled(false);
        form->addRow(why);
    }
    form->addRow(sectionIssues(QStringLiteral("devices")));
    return box;
}

QGroupBox* OptimisePage::buildSampling()
{
    auto* box = new QGroupBox(tr("Sampling"));
    auto* form = new QFormLayout(box);
    const auto real = [](const char* name, double lo, double hi, double step, int decimals) {
        auto* spin = new QDoubleSpinBox;
        spin->setObjectName(QLatin1String(name));
        spin->setRange(lo, hi);
        spin->setSingleStep(step);
        spin->setDecimals(decimals);
        return spin;
    };
    m_temperature = real("temperature", 0.0, 5.0, 0.1, 2);
    m_temperature->setSpecialValueText(tr("0 (greedy)"));
    addKnob(form, tr("Temperature"), m_temperature, tr("Divides the logits before softmax; 0 always takes the top token."),
            knobHelp(Knob::Temperature));
    m_topK = new QSpinBox;
    m_topK->setObjectName(QStringLiteral("topK"));
    m_topK->setRange(0, 1000000);
    m_topK->setSpecialValueText(tr("off"));
    addKnob(form, tr("Top-k"), m_topK, tr("Keep only the k most likely tokens."), knobHelp(Knob::TopK));
    m_topP = real("topP", 0.0, 1.0, 0.05, 3);
    addKnob(form, tr("Top-p"), m_topP, tr("Keep the most likely tokens up to probability p (1 = off)."),
            knobHelp(Knob::TopP));
    m_minP = real("minP", 0.0, 0.999, 0.01, 3);
    m_minP->setSpecialValueText(tr("off"));
    addKnob(form, tr("Min-p"), m_minP, tr("Drop tokens below min-p times the top probability."), knobHelp(Knob::MinP));
    m_repeatPenalty = real("repeatPenalty", 0.05, 5.0, 0.05, 2);
    m_repeatPenalty->setValue(1.0);
    addKnob(form, tr("Repeat penalty"), m_repeatPenalty, tr("Scales down tokens seen recently (1 = off)."),
            knobHelp(Knob::RepeatPenalty));
    m_repeatLastN = new QSpinBox;
    m_repeatLastN->setObjectName(QStringLiteral("repeatLastN"));
    m_repeatLastN->setRange(-1, 1 << 20);
    m_repeatLastN->setValue(-1);
    m_repeatLastN->setSpecialValueText(tr("default (64)"));
    addKnob(form, tr("Penalty window"), m_repeatLastN, tr("Recent tokens the repeat penalty looks at."),
            knobHelp(Knob::RepeatPenalty));
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    addKnob(form, tr("Seed"), m_seed, tr("The sampler's random seed: the same seed gives the same text."),
            knobHelp(Knob::Seed));
    m_maxTokens = new QSpinBox;
    m_maxTokens->setObjectName(QStringLiteral("maxTokens"));
    m_maxTokens->setRange(1, 32768);
    addKnob(form, tr("Max tokens"), m_maxTokens, tr("Generate at most this many tokens."), knobHelp(Knob::MaxTokens));
    form->addRow(sectionIssues(QStringLiteral("sampling")));
    return box;
}
