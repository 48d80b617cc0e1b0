#include "app/widgets/demos/block_grid_widget.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

#include "app/charts/chart_style.h"

BlockGridWidget::BlockGridWidget(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(140);
    setToolTip(tr("One cell per block of the KV pool, coloured by the request whose sequence holds it; grey blocks "
                  "are free. The solid part of a cell holds tokens, the pale rest is reserved but unused."));
}

void BlockGridWidget::setFrames(const QVector<BlockFrame>& frames, int blockTokens)
{
    m_frames = frames;
    m_blockTokens = std::max(1, blockTokens);
    m_current = -1;
    setFrame(frames.isEmpty() ? -1 : 0);
    update();
}

const BlockFrame* BlockGridWidget::frame() const
{
    return m_current >= 0 && m_current < m_frames.size() ? &m_frames.at(m_current) : nullptr;
}

int BlockGridWidget::usedBlocks() const
{
    const BlockFrame* f = frame();
    return f ? int(std::count_if(f->owner.begin(), f->owner.end(), [](int o) { return o >= 0; })) : 0;
}

void BlockGridWidget::setFrame(int index)
{
    if (index >= m_frames.size())
        index = int(m_frames.size()) - 1;
    if (index == m_current)
        return;
    m_current = index;
    update();
    emit frameChanged(index);
}

void BlockGridWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    const BlockFrame* f = frame();
    if (!f || f->owner.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("Run the demo to see the block table."));
        return;
    }
    // As many columns as keep the cells roughly square in the widget.
    const int n = int(f->owner.size());
    const double aspect = double(width()) / std::max(1, height());
    const int columns = std::clamp(int(std::ceil(std::sqrt(n * aspect))), 1, n);
    const int rows = (n + columns - 1) / columns;
    const double cw = double(width() - 1) / columns;
    const double ch = double(height() - 1) / rows;
    const QColor free = palette().color(QPalette::Mid);
    for (int b = 0; b < n; ++b) {
        const QRectF cell((b % columns) * cw + 1, (b / columns) * ch + 1, cw - 2, ch - 2);
        const int owner = f->owner.at(b);
        if (owner < 0) {
            painter.fillRect(cell, free);
            continue;
        }
        const QColor color = seriesColor(owner);
        painter.fillRect(cell, color.lighter(170));
        const double used = double(std::clamp(f->filled.value(b), 0, m_blockTokens)) / m_blockTokens;
        painter.fillRect(QRectF(cell.left(), cell.top(), cell.width() * used, cell.height()), color);
        if (cell.width() > 18 && cell.height() > 12) {
            painter.setPen(Qt::white);
            painter.drawText(cell, Qt::AlignCenter, QString::number(owner));
        }
    }
}
