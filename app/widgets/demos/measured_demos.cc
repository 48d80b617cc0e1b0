#include "app/widgets/demos/measured_demos.h"

#include "app/widgets/demos/batching_demo.h"
#include "app/widgets/demos/paged_kv_demo.h"
#include "app/widgets/demos/pruning_demo.h"
#include "app/widgets/demos/quant_error_demo.h"

QVector<DemoPanel*> makeMeasuredDemos()
{
    return {new PruningDemo, new BatchingDemo, new PagedKvDemo, new QuantErrorDemo};
}
