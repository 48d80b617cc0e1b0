#include "app/widgets/info_page.h"

#include <QLabel>
#include <QVBoxLayout>

InfoPage::InfoPage(const QString& title, const QString& text, QWidget* parent) : QWidget(parent)
{
    auto* heading = new QLabel(title);
    QFont f = heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    heading->setFont(f);
    auto* body = new QLabel(text);
    body->setWordWrap(true);
    body->setTextFormat(Qt::RichText);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(body);
    layout->addStretch();
}
