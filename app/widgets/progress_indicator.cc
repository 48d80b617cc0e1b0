#include "app/widgets/progress_indicator.h"

#include <QFontMetrics>
#include <QHBoxLayout>
#include <QPainter>
#include <QProgressBar>

ElidedLabel::ElidedLabel(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ElidedLabel::setText(const QString& text)
{
    if (text == m_text)
        return;
    m_text = text;
    setToolTip(text);
    updateGeometry();  // the size hint follows the text
    update();
}

QString ElidedLabel::displayedText() const
{
    // One line whatever the text holds: line breaks become spaces.
    QString line = m_text;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return fontMetrics().elidedText(line, Qt::ElideRight, contentsRect().width());
}

QSize ElidedLabel::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    QString line = m_text;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return {fm.horizontalAdvance(line) + 2, fm.height()};
}

QSize ElidedLabel::minimumSizeHint() const
{
    // Room for a few characters and the ellipsis: the rest goes to the tooltip.
    const QFontMetrics fm = fontMetrics();
    return {fm.horizontalAdvance(QStringLiteral("Wwww…")), fm.height()};
}

void ElidedLabel::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(contentsRect(), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, displayedText());
}

ProgressIndicator::ProgressIndicator(QWidget* parent) : QWidget(parent)
{
    m_bar = new QProgressBar;
    m_bar->setTextVisible(false);  // the percentage is in the sentence where it means something
    m_bar->setFixedWidth(kBarWidth);
    m_bar->setRange(0, 1000);
    m_label = new ElidedLabel;
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    layout->addWidget(m_label, 1);
}

void ProgressIndicator::setProgress(const ProgressInfo& info)
{
    m_phase = info.phase;
    if (info.fraction < 0) {
        m_bar->setRange(0, 0);  // busy
    } else {
        m_bar->setRange(0, 1000);
        m_bar->setValue(qBound(0, int(info.fraction * 1000.0), 1000));
    }
    const QString text = info.what.isEmpty() ? runPhaseName(info.phase) : info.what;
    m_label->setText(text);
    setToolTip(text);
}

void ProgressIndicator::clear()
{
    m_phase = RunPhase::Other;
    m_bar->setRange(0, 1000);
    m_bar->setValue(0);
    m_label->setText({});
    setToolTip({});
}

QString ProgressIndicator::text() const
{
    return m_label->text();
}

QString ProgressIndicator::displayedText() const
{
    return m_label->displayedText();
}
