#pragma once
// InfoPage: a page that so far only explains what it is for (Optimise, Learn),
// so the page list already shows the whole workbench without offering knobs
// the engine cannot honour yet.
#include <QWidget>

class InfoPage : public QWidget {
    Q_OBJECT
public:
    InfoPage(const QString& title, const QString& text, QWidget* parent = nullptr);
};
