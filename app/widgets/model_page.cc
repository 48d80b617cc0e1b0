#include "app/widgets/model_page.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "app/models/tensor_table_model.h"

ModelPage::ModelPage(QWidget* parent) : QWidget(parent)
{
    m_tensors = new TensorTableModel(this);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(buildEmptyState());
    m_stack->addWidget(buildCard());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
}

QWidget* ModelPage::buildEmptyState()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    layout->addStretch();
    m_emptyText = new QLabel(tr("No model is loaded.\nOpen a GGUF or llama2.c model (Ctrl+O) or a Hugging Face "
                                "folder (Ctrl+Shift+O), drop one on the window, or generate a synthetic model of a "
                                "real shape."));
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    layout->addWidget(m_emptyText);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    auto* open = new QPushButton(tr("Open model..."));
    auto* openFolder = new QPushButton(tr("Open folder..."));
    openFolder->setToolTip(tr("A Hugging Face checkpoint: config.json, *.safetensors (F32, F16, BF16) and "
                              "tokenizer.json."));
    auto* synth = new QPushButton(tr("Generate synthetic model..."));
    auto* download = new QPushButton(tr("Download a small model..."));
    download->setToolTip(tr("Fetch a small real model (checksum verified) into the data folder."));
    connect(open, &QPushButton::clicked, this, &ModelPage::openRequested);
    connect(openFolder, &QPushButton::clicked, this, &ModelPage::openFolderRequested);
    connect(synth, &QPushButton::clicked, this, &ModelPage::synthRequested);
    connect(download, &QPushButton::clicked, this, &ModelPage::downloadRequested);
    buttons->addWidget(open);
    buttons->addWidget(openFolder);
    buttons->addWidget(download);
    buttons->addWidget(synth);
    buttons->addStretch();
    layout->addLayout(buttons);
    layout->addStretch();
    return page;
}

QWidget* ModelPage::buildCard()
{
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    m_title = new QLabel;
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_path = new QLabel;
    m_path->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_path->setWordWrap(true);
    leftLayout->addWidget(m_title);
    leftLayout->addWidget(m_path);
    auto* download = new QPushButton(tr("Download a small model..."));
    download->setToolTip(tr("Fetch a small real model (checksum verified) into the data folder."));
    connect(download, &QPushButton::clicked, this, &ModelPage::downloadRequested);
    auto* row = new QHBoxLayout;
    row->addWidget(download);
    row->addStretch();
    leftLayout->addLayout(row);

    const auto addGroup = [&](const QString& title, QFormLayout*& form) {
        auto* box = new QGroupBox(title);
        form = new QFormLayout(box);
        form->setLabelAlignment(Qt::AlignLeft);
        leftLayout->addWidget(box);
    };
    addGroup(tr("Model"), m_summary);
    addGroup(tr("Hyper-parameters"), m_hyper);
    addGroup(tr("Weight memory by precision"), m_memory);
    leftLayout->addStretch();
    auto* scroll = new QScrollArea;
    scroll->setWidget(left);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    m_filter = new QLineEdit;
    m_filter->setPlaceholderText(tr("Filter tensors (e.g. blk.0 or attn_q)"));
    m_filter->setClearButtonEnabled(true);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_tensors);
    m_proxy->setSortRole(TensorTableModel::SortRole);
    m_proxy->setFilterKeyColumn(TensorTableModel::Name);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    m_table = new QTableView;
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);  // file order until the user sorts
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(TensorTableModel::Name, QHeaderView::Stretch);
    m_table->setAlternatingRowColors(true);
    rightLayout->addWidget(m_filter);
    rightLayout->addWidget(m_table);

    auto* splitter = new QSplitter;
    splitter->addWidget(scroll);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    return splitter;
}

void ModelPage::fillForm(QFormLayout* form, const QList<QPair<QString, QString>>& rows)
{
    while (form->rowCount() > 0)
        form->removeRow(0);
    for (const auto& [label, value] : rows) {
        auto* v = new QLabel(value);
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(label + QLatin1Char(':'), v);
    }
}

void ModelPage::setModel(const ModelInfo& info)
{
    if (!info.isValid()) {
        m_stack->setCurrentIndex(0);
        return;
    }
    const QLocale locale;
    m_title->setText(info.name);
    m_path->setText(info.path);
    fillForm(m_summary, {
        {tr("Format"), info.format},
        {tr("Architecture"), info.architecture},
        {tr("Parameters"), locale.toString(info.parameters)},
        {tr("File size"), formatBytes(info.fileBytes)},
        {tr("Tokenizer"), info.tokenizer},
        {tr("Context"), tr("%1 tokens").arg(locale.toString(info.contextLength))},
        {tr("Tensors"), locale.toString(info.tensors.size())},
        {tr("Load time"), tr("%1 ms").arg(locale.toString(info.loadMs, 'f', 1))},
    });
    fillForm(m_hyper, info.hyperparameters);
    QList<QPair<QString, QString>> memory;
    for (const PrecisionEstimate& e : info.memory)
        memory.append({e.precision, formatBytes(e.weightBytes)});
    fillForm(m_memory, memory);
    m_tensors->setData(info.tensors);
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(TensorTableModel::Name, QHeaderView::Stretch);
    m_stack->setCurrentIndex(1);
}

void ModelPage::setEmptyMessage(const QString& message)
{
    m_emptyText->setText(message);
    m_stack->setCurrentIndex(0);
}
