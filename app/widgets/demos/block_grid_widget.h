#pragma once
// BlockGridWidget: the paged KV pool as a grid, one cell per block, coloured
// by the request whose sequence holds it (free blocks grey). The used part of
// a block is drawn solid and its unused tail pale, so the internal
// fragmentation can be seen. Shows one recorded frame at a time.
#include <QVector>
#include <QWidget>

struct BlockFrame {
    int pass = 0;             // forward passes so far
    QVector<int> owner;       // per block: request id, -1 free
    QVector<int> filled;      // per block: positions in use
    double fragmentation = 0.0;
};

class BlockGridWidget : public QWidget {
    Q_OBJECT
public:
    explicit BlockGridWidget(QWidget* parent = nullptr);

    void setFrames(const QVector<BlockFrame>& frames, int blockTokens);
    int frameCount() const { return int(m_frames.size()); }
    int currentFrame() const { return m_current; }
    const BlockFrame* frame() const;
    // Blocks of the current frame held by some sequence.
    int usedBlocks() const;

    QSize sizeHint() const override { return {480, 220}; }

public slots:
    void setFrame(int index);

signals:
    void frameChanged(int index);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QVector<BlockFrame> m_frames;
    int m_blockTokens = 1;
    int m_current = -1;
};
