#pragma once
// The Learn page's measured demos, in tab order: pruning, batching, paged KV,
// quantization error. Each is a DemoPanel that runs the engine on the loaded
// model when its Run button (or the Learn page's demo button) is pressed.
#include <QVector>

class DemoPanel;

QVector<DemoPanel*> makeMeasuredDemos();
