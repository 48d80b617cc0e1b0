#pragma once
// ProgressIndicator: what a job is doing, as a bar and one line of text that
// is never cut mid-word or wrapped: the widget asks for the width of its whole
// sentence, and where it gets less (a narrow status bar) the text is elided
// with "…" and the whole sentence is the tooltip. Used in the status bar and
// on the Run page.
#include <QWidget>

#include "app/bridge/engine_types.h"

class QProgressBar;

// One line of text, elided on the right when narrower than the text; the full
// text is the tooltip. Its size hint is the whole text (size to content).
class ElidedLabel : public QWidget {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    void setText(const QString& text);
    QString text() const { return m_text; }
    // What is painted at the present width.
    QString displayedText() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_text;
};

class ProgressIndicator : public QWidget {
    Q_OBJECT
public:
    static constexpr int kBarWidth = 110;

    explicit ProgressIndicator(QWidget* parent = nullptr);

    // The phase's sentence and fraction (< 0: a busy bar); Cancelling is shown as such.
    void setProgress(const ProgressInfo& info);
    void clear();
    RunPhase phase() const { return m_phase; }
    QString text() const;
    QString displayedText() const;
    QProgressBar* bar() const { return m_bar; }
    ElidedLabel* label() const { return m_label; }

private:
    QProgressBar* m_bar;
    ElidedLabel* m_label;
    RunPhase m_phase = RunPhase::Other;
};
