#pragma once
// Screenshot mode (inferscope --screenshot DIR) for the Learn page's measured
// demos: run them one after the other, then save each demo that has a result
// as DIR/learn-<id>.png (the whole window, Learn page, the demo's tab).
#include <QString>

#include <functional>

class MainWindow;

void runLearnDemos(MainWindow* window, std::function<void()> done);
bool saveLearnDemoScreenshots(MainWindow* window, const QString& dir, QString* error);
