<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About InferScope</source>
        <translation>关于 InferScope</translation>
    </message>
    <message>
        <source>loaded from %1&lt;br&gt;%2</source>
        <translation>已从 %1 加载&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>not loaded: %1</source>
        <translation>未加载：%1</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>修订版本</translation>
    </message>
    <message>
        <source>Build type</source>
        <translation>构建类型</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1（构建时使用 %2）</translation>
    </message>
    <message>
        <source>CPU kernels</source>
        <translation>CPU 内核</translation>
    </message>
    <message>
        <source>%1 (the SIMD target chosen for this processor)</source>
        <translation>%1（为此处理器选用的 SIMD 目标）</translation>
    </message>
    <message>
        <source>CUDA backend</source>
        <translation>CUDA 后端</translation>
    </message>
    <message>
        <source>&lt;h3&gt;InferScope %1&lt;/h3&gt;&lt;p&gt;A workbench for profiling and tuning LLM inference.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;InferScope %1&lt;/h3&gt;&lt;p&gt;用于剖析和调优 LLM 推理的工作台。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;License: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;许可证：%1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Documentation: &lt;a href=&quot;%1&quot;&gt;README&lt;/a&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;文档：&lt;a href=&quot;%1&quot;&gt;README&lt;/a&gt;&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>BatchThroughputChart</name>
    <message>
        <source>Output tokens per second of the forward passes that served each number of sequences: their generated tokens over their summed time. The label under each bar says how many passes it pools.</source>
        <translation>服务相同序列数的前向计算每秒输出的 token 数：它们生成的 token 总数除以总耗时。每根柱子下方的标签说明它汇总了多少次计算。</translation>
    </message>
    <message>
        <source>Replay a workload (Run page: workload preset or file) to see the throughput per batch size.</source>
        <translation>回放一个工作负载（“运行”页：工作负载预设或文件），即可看到每种批大小下的吞吐量。</translation>
    </message>
    <message>
        <source>Sequences in the forward pass</source>
        <translation>前向计算中的序列数</translation>
    </message>
    <message>
        <source>Output throughput (tok/s)</source>
        <translation>输出吞吐量（token/秒）</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n passes)</source>
        <translation>
            <numerusform>%1（%n 次计算）</numerusform>
        </translation>
    </message>
    <message>
        <source>Output tok/s</source>
        <translation>输出 token/秒</translation>
    </message>
</context>
<context>
    <name>BatchingDemo</name>
    <message>
        <source>Served the workload: %1</source>
        <translation>已处理完工作负载：%1</translation>
    </message>
    <message>
        <source>Static batching</source>
        <translation>静态批处理</translation>
    </message>
    <message>
        <source>Continuous batching</source>
        <translation>连续批处理</translation>
    </message>
    <message>
        <source>Batching</source>
        <translation>批处理</translation>
    </message>
    <message>
        <source>Batching: throughput and latency against batch size</source>
        <translation>批处理：吞吐量和延迟随批大小的变化</translation>
    </message>
    <message>
        <source>The same 16 requests of mixed prompt and output lengths arrive together and are served with at most 1, 2, 4 or 8 sequences per forward pass. One pass reads every weight once whatever the number of sequences in it, so larger batches usually give more tokens per second (left; on a tiny model whose weights fit in the cache the gain is small and the machine&apos;s load shows). Static batching waits for the longest request of a batch before starting the next, leaving slots idle; continuous batching refills a slot as soon as a request finishes, so it serves the same requests sooner (right: mean time from arrival to the last token).</source>
        <translation>同样的 16 个请求（提示词和输出长度各不相同）同时到达，每次前向传播最多处理 1、2、4 或 8 个序列。无论一次前向传播包含多少个序列，都只需把每个权重读取一遍，因此批越大，通常每秒生成的词元越多（左图；对于权重能装进缓存的极小模型，提升很小，机器负载的影响也会显现出来）。静态批处理要等一批中最长的请求结束后才开始下一批，期间槽位闲置；连续批处理在请求结束后立即填补其槽位，因此能更早服务完同样的请求（右图：从到达到最后一个词元的平均时间）。</translation>
    </message>
    <message>
        <source>Batch size (sequences)</source>
        <translation>批大小（序列数）</translation>
    </message>
    <message>
        <source>Output throughput (tok/s)</source>
        <translation>输出吞吐量 (tok/s)</translation>
    </message>
    <message>
        <source>Mean request latency, e2e (ms)</source>
        <translation>平均请求端到端延迟（毫秒）</translation>
    </message>
</context>
<context>
    <name>BlockGridWidget</name>
    <message>
        <source>One cell per block of the KV pool, coloured by the request whose sequence holds it; grey blocks are free. The solid part of a cell holds tokens, the pale rest is reserved but unused.</source>
        <translation>每个格子对应 KV 池中的一个块，按持有该块的序列所属的请求着色；灰色块为空闲。格子的实色部分存放词元，其余浅色部分已预留但未使用。</translation>
    </message>
    <message>
        <source>Run the demo to see the block table.</source>
        <translation>运行演示即可查看块表。</translation>
    </message>
</context>
<context>
    <name>CategoryTimeChart</name>
    <message>
        <source>Time in ops (ms)</source>
        <translation>算子耗时（毫秒）</translation>
    </message>
    <message>
        <source>Wall time spent inside each category of op over the whole run (prefill, decode steps and sampling). Weight matmuls count toward the block they compute.</source>
        <translation>整个运行过程（预填充、各解码步与采样）中，各类算子内部花费的实际时间。权重矩阵乘法计入其所计算的模块。</translation>
    </message>
    <message>
        <source>Run a generation to see the time spent in each kind of op (attention, MLP, norms, ...).</source>
        <translation>运行一次生成，即可在此查看各类算子（注意力、MLP、归一化……）所花费的时间。</translation>
    </message>
</context>
<context>
    <name>Chart</name>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <source>Norm</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>键值缓存</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Communication</source>
        <translation>通信</translation>
    </message>
    <message>
        <source>Token latency</source>
        <translation>词元延迟</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>KV cache (used)</source>
        <translation>键值缓存（已用）</translation>
    </message>
    <message>
        <source>KV cache (free)</source>
        <translation>键值缓存（空闲）</translation>
    </message>
    <message>
        <source>Activations (estimate)</source>
        <translation>激活值（估计）</translation>
    </message>
</context>
<context>
    <name>ChartWidget</name>
    <message>
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
    <message>
        <source>Save as PNG...</source>
        <translation>另存为 PNG...</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Save as PDF...</source>
        <translation>另存为 PDF...</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Copy data as CSV</source>
        <translation>复制数据为 CSV</translation>
    </message>
</context>
<context>
    <name>CompareModel</name>
    <message>
        <source>(unchanged)</source>
        <translation>（未改变）</translation>
    </message>
    <message>
        <source>none (model as stored)</source>
        <translation>无（模型原样）</translation>
    </message>
    <message>
        <source>defaults (model as stored)</source>
        <translation>默认（模型原样）</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Measured once per run: a difference this size cannot be told apart from noise. Repeat the runs (or sweep with repetitions) to compare it.</source>
        <translation>每次运行只测量一次：这么小的差异无法与噪声区分。请重复运行（或带重复次数的扫描）后再比较。</translation>
    </message>
    <message>
        <source>Within the noise of both runs (95 % intervals of the mean token latency: ±%1 % and ±%2 %).</source>
        <translation>处于两次运行的噪声范围内（平均词元延迟的 95 % 置信区间：±%1 % 和 ±%2 %）。</translation>
    </message>
    <message>
        <source>Time to first token: request start to the first generated token.</source>
        <translation>首字延迟：从请求开始到生成第一个词元的时间。</translation>
    </message>
    <message>
        <source>Median gap between consecutive generated tokens.</source>
        <translation>相邻生成词元之间间隔的中位数。</translation>
    </message>
    <message>
        <source>99th percentile gap between consecutive generated tokens.</source>
        <translation>相邻生成词元之间间隔的第 99 百分位数。</translation>
    </message>
    <message>
        <source>Time per output token: (e2e - TTFT) / (tokens - 1).</source>
        <translation>每个输出词元的时间：(e2e - TTFT) / (词元数 - 1)。</translation>
    </message>
    <message>
        <source>End-to-end request latency: sum of all token latencies.</source>
        <translation>端到端请求延迟：所有词元延迟之和。</translation>
    </message>
    <message>
        <source>Bytes of every tensor as the run&apos;s model held them.</source>
        <translation>该次运行的模型所持有的全部张量字节数。</translation>
    </message>
    <message>
        <source>The run&apos;s KV cache: keys and values of every layer for prompt + max tokens.</source>
        <translation>该次运行的键值缓存：提示词 + 最大词元数下每一层的键和值。</translation>
    </message>
    <message>
        <source>Mean KL divergence of the next-token distributions from the model without the profile, over the evaluation text (nats; 0 = identical).</source>
        <translation>在评估文本上，下一词元分布相对于未应用配置的模型的平均 KL 散度（单位 nat；0 = 完全相同）。</translation>
    </message>
    <message>
        <source>99th percentile (nearest rank) of the per-position KL divergence.</source>
        <translation>逐位置 KL 散度的第 99 百分位数（最近秩法）。</translation>
    </message>
    <message>
        <source>Share of positions where the most likely next token equals the baseline&apos;s.</source>
        <translation>最可能的下一词元与基线一致的位置所占比例。</translation>
    </message>
    <message>
        <source>Perplexity of the run&apos;s model on the evaluation text.</source>
        <translation>该次运行的模型在评估文本上的困惑度。</translation>
    </message>
    <message>
        <source>Perplexity minus the baseline&apos;s perplexity on the same text.</source>
        <translation>困惑度减去基线在同一文本上的困惑度。</translation>
    </message>
    <message>
        <source>A profile key in which the selected runs differ.</source>
        <translation>所选运行之间取值不同的配置项。</translation>
    </message>
    <message>
        <source>%1 (baseline)</source>
        <translation>%1（基线）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>提示词元数</translation>
    </message>
    <message>
        <source>Generated tokens</source>
        <translation>生成词元数</translation>
    </message>
    <message>
        <source>Stop reason</source>
        <translation>停止原因</translation>
    </message>
    <message>
        <source>TTFT (ms)</source>
        <translation>TTFT（毫秒）</translation>
    </message>
    <message>
        <source>Prefill (tok/s)</source>
        <translation>预填充 (tok/s)</translation>
    </message>
    <message>
        <source>Decode (tok/s)</source>
        <translation>解码 (tok/s)</translation>
    </message>
    <message>
        <source>ITL p50 (ms)</source>
        <translation>ITL p50（毫秒）</translation>
    </message>
    <message>
        <source>ITL p99 (ms)</source>
        <translation>ITL p99（毫秒）</translation>
    </message>
    <message>
        <source>TPOT (ms)</source>
        <translation>TPOT（毫秒）</translation>
    </message>
    <message>
        <source>E2E (ms)</source>
        <translation>E2E（毫秒）</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>键值缓存</translation>
    </message>
    <message>
        <source>Peak RSS</source>
        <translation>峰值 RSS</translation>
    </message>
    <message>
        <source>KLD mean</source>
        <translation>KLD 均值</translation>
    </message>
    <message>
        <source>KLD p99</source>
        <translation>KLD p99</translation>
    </message>
    <message>
        <source>Top-1 agreement</source>
        <translation>Top-1 一致率</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>ΔPPL</source>
        <translation>ΔPPL</translation>
    </message>
    <message>
        <source>Peak resident memory of the workbench process during the run (the kernel&apos;s high-water mark, reset when the run began; older records: since the process started).</source>
        <translation>运行期间工作台进程的峰值常驻内存（内核记录的高水位线，在运行开始时重置；较早的记录则是自进程启动以来的值）。</translation>
    </message>
    <message>
        <source>one prompt</source>
        <translation>单个提示词</translation>
    </message>
    <message>
        <source>%1 (%2 requests) · %3, at most %4 sequences</source>
        <translation>%1（%2 个请求）· %3，最多 %4 个序列</translation>
    </message>
    <message>
        <source>Serving runs: 99th percentile of the requests&apos; time to first token (queueing included).</source>
        <translation>服务运行：各请求首 token 时间的第 99 百分位（包括排队时间）。</translation>
    </message>
    <message>
        <source>Serving runs: 99th percentile of the requests&apos; end-to-end latency.</source>
        <translation>服务运行：各请求端到端延迟的第 99 百分位。</translation>
    </message>
    <message>
        <source>Serving runs: output tokens of every request per second of the workload.</source>
        <translation>服务运行：整个工作负载期间，所有请求每秒输出的 token 数。</translation>
    </message>
    <message>
        <source>Serving runs: requests completed per second of the workload.</source>
        <translation>服务运行：整个工作负载期间每秒完成的请求数。</translation>
    </message>
    <message>
        <source>One prompt, or the workload a serving run replayed and its batching.</source>
        <translation>单个提示词，或服务运行所回放的工作负载及其批处理方式。</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>TTFT p99 (ms)</source>
        <translation>首 token 时间 p99（毫秒）</translation>
    </message>
    <message>
        <source>E2E p99 (ms)</source>
        <translation>端到端 p99（毫秒）</translation>
    </message>
    <message>
        <source>Output (tok/s)</source>
        <translation>输出（token/秒）</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>请求/秒</translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <source>Double-click a run to open it on the Profile and Export pages.</source>
        <translation>双击某次运行，在“剖析”和“导出”页面中打开它。</translation>
    </message>
    <message>
        <source>Delete selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Select two or more runs (Ctrl/Shift+click) to compare them; the first selected is the baseline (or pick one and &quot;Set as baseline&quot;).</source>
        <translation>选择两次或更多运行（Ctrl/Shift+单击）进行对比；第一个选中的是基线（或选中一个后点“设为基线”）。</translation>
    </message>
    <message>
        <source>Set as baseline</source>
        <translation>设为基线</translation>
    </message>
    <message>
        <source>Compare the other selected runs against the run with the focus.</source>
        <translation>将其他选中的运行与当前焦点所在的运行对比。</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Speed vs quality</source>
        <translation>速度与质量</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Run history</source>
        <translation>运行历史</translation>
    </message>
    <message>
        <source>Select runs in the history above to overlay their per-token latency.</source>
        <translation>在上方的运行历史中选择运行，即可叠加显示它们的逐词元延迟。</translation>
    </message>
    <message>
        <source>Select runs in the history above to compare their memory.</source>
        <translation>在上方的运行历史中选择运行，即可对比它们的内存占用。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n selected run(s) are not shown:</source>
        <translation>
            <numerusform>有 %n 个选中的运行未显示：</numerusform>
        </translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>敏感度</translation>
    </message>
</context>
<context>
    <name>ConcurrencyChart</name>
    <message>
        <source>Time since the workload began (ms)</source>
        <translation>从工作负载开始起的时间（毫秒）</translation>
    </message>
    <message>
        <source>Sequences in the pass</source>
        <translation>本次计算中的序列数</translation>
    </message>
    <message>
        <source>Sequences per pass</source>
        <translation>每次计算的序列数</translation>
    </message>
    <message>
        <source>How many sequences each forward pass served, at the time it ended: the batch filling as requests arrive and emptying as they finish.</source>
        <translation>每次前向计算在结束时服务了多少个序列：请求到达时批次逐渐填满，请求结束时批次逐渐变空。</translation>
    </message>
    <message>
        <source>Replay a workload (Run page: workload preset or file) to see how full its batches were over time.</source>
        <translation>回放一个工作负载（“运行”页：工作负载预设或文件），即可看到各批次随时间的填充程度。</translation>
    </message>
</context>
<context>
    <name>DemoPanel</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Measure it now on the loaded model (the model as stored, whatever the Optimise page says).</source>
        <translation>立即在已加载的模型上测量（使用原始存储的模型，不受“优化”页面设置的影响）。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Not run yet.</source>
        <translation>尚未运行。</translation>
    </message>
    <message>
        <source>Open a model first: the demo measures it.</source>
        <translation>请先打开一个模型：演示会对它进行测量。</translation>
    </message>
    <message>
        <source>The engine is busy; try again when it is idle.</source>
        <translation>推理引擎正忙；请在其空闲时重试。</translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation>正在启动...</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Done: measured on %1.</source>
        <translation>完成：已在 %1 上测量。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1（%2 %）</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Download a small model</source>
        <translation>下载小模型</translation>
    </message>
    <message>
        <source>Real model files whose size and SHA-256 checksum are known. Each is checked before it is used; an interrupted download resumes where it stopped.
Folder: %1</source>
        <translation>大小和 SHA-256 校验和均已知的真实模型文件。每个文件在使用前都会校验；中断的下载会从停止处继续。
文件夹：%1</translation>
    </message>
    <message>
        <source>%1  (%2)%3
%4</source>
        <translation>%1  (%2)%3
%4</translation>
    </message>
    <message>
        <source>, already downloaded</source>
        <translation>，已下载</translation>
    </message>
    <message>
        <source>Choose a model and press Download.</source>
        <translation>选择一个模型，然后点击“下载”。</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Downloaded and verified: %1</source>
        <translation>已下载并校验：%1</translation>
    </message>
    <message>
        <source>Cancelled; the partial file is kept and the next download resumes it.</source>
        <translation>已取消；部分文件会保留，下次下载将从中断处继续。</translation>
    </message>
    <message>
        <source>Connecting to %1...</source>
        <translation>正在连接 %1...</translation>
    </message>
</context>
<context>
    <name>EngineCatalog</name>
    <message>
        <source>CPU (%1 threads)</source>
        <translation>CPU（%1 个线程）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No CUDA GPU</source>
        <translation>无 CUDA GPU</translation>
    </message>
    <message>
        <source>dim %1, FFN %2, %3 layers, %4/%5 heads, vocab %6, context %7</source>
        <translation>维度 %1，FFN %2，%3 层，%4/%5 个头，词表 %6，上下文 %7</translation>
    </message>
</context>
<context>
    <name>EngineController</name>
    <message>
        <source>weights to %1</source>
        <translation>权重转为 %1</translation>
    </message>
    <message>
        <source> (group %1)</source>
        <translation>（分组 %1）</translation>
    </message>
    <message>
        <source>weight overrides</source>
        <translation>权重逐张量覆盖</translation>
    </message>
    <message>
        <source>%1 pruning</source>
        <translation>%1 剪枝</translation>
    </message>
    <message>
        <source>%1 split over %2 virtual CPU devices</source>
        <translation>%1 切分到 %2 个虚拟 CPU 设备</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <source>Preparing %1 threads</source>
        <translation>正在准备 %1 个线程</translation>
    </message>
    <message>
        <source>Reloading %1: %2</source>
        <translation>正在重新加载 %1：%2</translation>
    </message>
    <message>
        <source>No model is loaded: open a model file first.</source>
        <translation>尚未加载模型：请先打开一个模型文件。</translation>
    </message>
    <message>
        <source>Max tokens must be at least 1 (got %1).</source>
        <translation>最大词元数至少为 1（当前为 %1）。</translation>
    </message>
    <message>
        <source>CPU (%1 threads)</source>
        <translation>CPU（%1 个线程）</translation>
    </message>
    <message>
        <source>Unknown synthetic model shape &apos;%1&apos; (expected %2).</source>
        <translation>未知的合成模型形状“%1”（应为 %2）。</translation>
    </message>
    <message>
        <source>A synthetic model cannot be written as &apos;%1&apos;.</source>
        <translation>合成模型不能以“%1”格式写出。</translation>
    </message>
    <message>
        <source>Writing %1</source>
        <translation>正在写入 %1</translation>
    </message>
    <message>
        <source>The run was made with %1, which is not the loaded model: open it first, then measure the run&apos;s quality.</source>
        <translation>该次运行使用的是 %1，而不是当前加载的模型：请先打开该模型，再测量这次运行的质量。</translation>
    </message>
    <message>
        <source>The workload cannot be run: %1</source>
        <translation>无法运行该工作负载：%1</translation>
    </message>
</context>
<context>
    <name>EngineMessage</name>
    <message>
        <source>; </source>
        <extracomment>Between the items of a list of problems (English: &quot;; &quot;)</extracomment>
        <translation>；</translation>
    </message>
    <message>
        <source>{path}: {cause}</source>
        <translation>{path}：{cause}</translation>
    </message>
    <message>
        <source>{items}</source>
        <translation>{items}</translation>
    </message>
    <message>
        <source>and {count} more</source>
        <translation>另有 {count} 处</translation>
    </message>
    <message>
        <source>{first}, {second}</source>
        <translation>{first}，{second}</translation>
    </message>
    <message>
        <source>{text}.</source>
        <translation>{text}。</translation>
    </message>
    <message>
        <source>null</source>
        <translation>空值（null）</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知类型</translation>
    </message>
    <message>
        <source>an integer</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>more than {count} problems; the rest are not listed</source>
        <translation>问题超过 {count} 处，其余不再列出</translation>
    </message>
    <message>
        <source>expected {expected}, got {actual}</source>
        <translation>应为{expected}，实际是{actual}</translation>
    </message>
    <message>
        <source>expected an integer, got {value}</source>
        <translation>应为整数，实际是 {value}</translation>
    </message>
    <message>
        <source>missing key {key}</source>
        <translation>缺少键 {key}</translation>
    </message>
    <message>
        <source>unknown key {key}</source>
        <translation>未知的键 {key}</translation>
    </message>
    <message>
        <source>duplicate key {key}</source>
        <translation>键 {key} 重复出现</translation>
    </message>
    <message>
        <source>a pattern must not be empty</source>
        <translation>匹配模式不能为空</translation>
    </message>
    <message>
        <source>{value} is not one of {choices}</source>
        <translation>{value} 不在可选值 {choices} 之中</translation>
    </message>
    <message>
        <source>{value} must be &gt;= {min}</source>
        <translation>{value} 必须 ≥ {min}</translation>
    </message>
    <message>
        <source>{value} must be &gt; {min}</source>
        <translation>{value} 必须 &gt; {min}</translation>
    </message>
    <message>
        <source>{value} is out of range {range}</source>
        <translation>{value} 超出取值范围 {range}</translation>
    </message>
    <message>
        <source>missing (expected {expected})</source>
        <translation>缺失（应为 {expected}）</translation>
    </message>
    <message>
        <source>{schema} is not supported (expected {expected})</source>
        <translation>不支持 {schema}（应为 {expected}）</translation>
    </message>
    <message>
        <source>expected a JSON object, got {actual}</source>
        <translation>应为 JSON 对象，实际是{actual}</translation>
    </message>
    <message>
        <source>malformed JSON: {detail}</source>
        <translation>JSON 格式有误：{detail}</translation>
    </message>
    <message>
        <source>{key} is not set</source>
        <translation>{key} 未设置</translation>
    </message>
    <message>
        <source>{key} is &quot;{value}&quot;</source>
        <translation>{key} 为 &quot;{value}&quot;</translation>
    </message>
    <message>
        <source>{value}</source>
        <translation>{value}</translation>
    </message>
    <message>
        <source>{value} by default</source>
        <translation>{value}（默认值）</translation>
    </message>
    <message>
        <source>only used by int8 and int4 weights (dtype is &quot;{dtype}&quot;)</source>
        <translation>只对 int8 和 int4 权重有用（当前 dtype 为 &quot;{dtype}&quot;）</translation>
    </message>
    <message>
        <source>pattern &quot;{pattern}&quot; already appears at overrides[{first}]; only the first match applies</source>
        <translation>模式 &quot;{pattern}&quot; 已在 overrides[{first}] 出现过；只有第一个匹配的会生效</translation>
    </message>
    <message>
        <source>cannot be combined with pruning.method &quot;nm&quot;: N:M pruning removes exactly 1 - n/m of the weights ({fraction} for {n}:{m})</source>
        <translation>不能与 pruning.method &quot;nm&quot; 同时使用：N:M 剪枝恰好去掉 1 - n/m 的权重（{n}:{m} 时为 {fraction}）</translation>
    </message>
    <message>
        <source>must be greater than pruning.n (n = {n}, m = {m})</source>
        <translation>必须大于 pruning.n（n = {n}，m = {m}）</translation>
    </message>
    <message>
        <source>only used when pruning.method is &quot;nm&quot; ({setting})</source>
        <translation>只在 pruning.method 为 &quot;nm&quot; 时使用（{setting}）</translation>
    </message>
    <message>
        <source>required when pruning.method is &quot;{method}&quot;</source>
        <translation>pruning.method 为 &quot;{method}&quot; 时必须填写</translation>
    </message>
    <message>
        <source>has no effect: {setting}</source>
        <translation>不起作用：{setting}</translation>
    </message>
    <message>
        <source>only used when kv_cache.mode is &quot;paged&quot; ({setting})</source>
        <translation>只在 kv_cache.mode 为 &quot;paged&quot; 时使用（{setting}）</translation>
    </message>
    <message>
        <source>has no effect: no cache is kept when kv_cache.mode is &quot;off&quot;</source>
        <translation>不起作用：kv_cache.mode 为 &quot;off&quot; 时不保留任何缓存</translation>
    </message>
    <message>
        <source>{capacity} is not a multiple of the block size {block}; the cache holds {blocks} blocks ({tokens} tokens)</source>
        <translation>{capacity} 不是块大小 {block} 的整数倍；缓存实际容纳 {blocks} 块（{tokens} 个词元）</translation>
    </message>
    <message>
        <source>{batch} tokens per step cannot advance all {sequences} running sequences (batching.max_sequences) at once</source>
        <translation>每步 {batch} 个词元，无法让 {sequences} 条运行中的序列（batching.max_sequences）同时前进</translation>
    </message>
    <message>
        <source>{sequences} sequences cannot all hold a token in a cache of {capacity} tokens (kv_cache.capacity_tokens)</source>
        <translation>容量为 {capacity} 个词元的缓存（kv_cache.capacity_tokens）放不下 {sequences} 条序列各自的一个词元</translation>
    </message>
    <message>
        <source>{cpus} virtual CPU devices cannot be combined with the {gpus} GPUs in devices.gpus in one split</source>
        <translation>{cpus} 个虚拟 CPU 设备不能和 devices.gpus 中的 {gpus} 个 GPU 放在同一次切分里</translation>
    </message>
    <message>
        <source>tensor parallel needs at least 2 GPUs in devices.gpus, got {gpus}</source>
        <translation>张量并行至少需要 devices.gpus 中有 2 个 GPU，当前为 {gpus} 个</translation>
    </message>
    <message>
        <source>tensor parallel on the CPU needs devices.virtual_cpus of 2 or more (or at least 2 GPUs in devices.gpus), got {cpus} device</source>
        <translation>在 CPU 上做张量并行需要 devices.virtual_cpus 至少为 2（或 devices.gpus 中至少有 2 个 GPU），当前只有 {cpus} 个设备</translation>
    </message>
    <message>
        <source>pipeline on the CPU needs devices.virtual_cpus of 2 or more (or at least 1 GPU in devices.gpus), got {cpus} device</source>
        <translation>在 CPU 上做流水线切分需要 devices.virtual_cpus 至少为 2（或 devices.gpus 中至少有 1 个 GPU），当前只有 {cpus} 个设备</translation>
    </message>
    <message>
        <source>{cpus} virtual CPU devices need devices.split &quot;pipeline&quot; or &quot;tensor&quot; (split is &quot;none&quot;)</source>
        <translation>{cpus} 个虚拟 CPU 设备需要 devices.split 为 &quot;pipeline&quot; 或 &quot;tensor&quot;（当前为 &quot;none&quot;）</translation>
    </message>
    <message>
        <source>only the pipeline split uses layer shares</source>
        <translation>只有流水线切分才使用层份额</translation>
    </message>
    <message>
        <source>has {entries} entries for {devices} devices</source>
        <translation>有 {entries} 项，但设备有 {devices} 个</translation>
    </message>
    <message>
        <source>GPU {gpu} is listed twice</source>
        <translation>GPU {gpu} 被列了两次</translation>
    </message>
    <message>
        <source>has no effect without a GPU in devices.gpus</source>
        <translation>devices.gpus 中没有 GPU 时不起作用</translation>
    </message>
    <message>
        <source>is its own split (the first layers on one GPU, the rest on the CPU); it takes one GPU in devices.gpus and devices.split &quot;none&quot;</source>
        <translation>本身就是一种切分（前若干层在一个 GPU 上，其余在 CPU 上）；它需要 devices.gpus 中恰好一个 GPU，且 devices.split 为 &quot;none&quot;</translation>
    </message>
    <message>
        <source>{gpus} GPUs listed but devices.split is &quot;none&quot;: only GPU {first} is used</source>
        <translation>列出了 {gpus} 个 GPU，但 devices.split 为 &quot;none&quot;：只会用到 GPU {first}</translation>
    </message>
    <message>
        <source>has no effect with temperature 0 (greedy decoding)</source>
        <translation>温度为 0（贪心解码）时不起作用</translation>
    </message>
    <message>
        <source>pipeline over {devices} devices needs at least one layer per stage, but the model has {layers} layers</source>
        <translation>在 {devices} 个设备上做流水线切分，每一段至少要有一层，但模型只有 {layers} 层</translation>
    </message>
    <message>
        <source>devices.layer_weights has {entries} entries for {devices} devices</source>
        <translation>devices.layer_weights 有 {entries} 项，但设备有 {devices} 个</translation>
    </message>
    <message>
        <source>tensor parallel over {devices} devices splits the kv heads, but the model&apos;s {kv_heads} kv heads do not divide by {devices}</source>
        <translation>在 {devices} 个设备上做张量并行要把 KV 头平均分开，但模型的 {kv_heads} 个 KV 头不能被 {devices} 整除</translation>
    </message>
    <message>
        <source>tensor parallel over {devices} devices splits the query heads, but the model&apos;s {heads} heads do not divide by {devices}</source>
        <translation>在 {devices} 个设备上做张量并行要把查询头平均分开，但模型的 {heads} 个注意力头不能被 {devices} 整除</translation>
    </message>
    <message>
        <source>tensor parallel over {devices} devices needs at least one vocabulary row per device, the model has {vocab}</source>
        <translation>在 {devices} 个设备上做张量并行，每个设备至少要分到一行词表，但模型的词表只有 {vocab} 行</translation>
    </message>
    <message>
        <source>tensor parallel over {devices} devices gives each device {columns} of attn_output&apos;s {total} columns, which is not a multiple of its storage block of {block}</source>
        <translation>在 {devices} 个设备上做张量并行时，attn_output 的 {total} 列每个设备分到 {columns} 列，这不是其存储块大小 {block} 的整数倍</translation>
    </message>
    <message>
        <source>tensor parallel over {devices} devices cannot cut ffn_down&apos;s {columns} columns into whole storage blocks of {block} for every device</source>
        <translation>在 {devices} 个设备上做张量并行时，无法把 ffn_down 的 {columns} 列按大小为 {block} 的完整存储块分给每个设备</translation>
    </message>
    <message>
        <source>devices.virtual_cpus must be at least 1, got {devices}</source>
        <translation>devices.virtual_cpus 至少为 1，当前为 {devices}</translation>
    </message>
    <message>
        <source>{mode} split needs at least 2 devices; set devices.virtual_cpus to 2 or more</source>
        <translation>“{mode}” 切分至少需要 2 个设备；请把 devices.virtual_cpus 设为 2 或更多</translation>
    </message>
    <message>
        <source>devices.virtual_cpus is {devices} but devices.split is &quot;none&quot;: choose pipeline or tensor</source>
        <translation>devices.virtual_cpus 为 {devices}，但 devices.split 为 &quot;none&quot;：请选择 &quot;pipeline&quot;（流水线）或 &quot;tensor&quot;（张量并行）</translation>
    </message>
    <message>
        <source>heads {heads}, kv heads {kv_heads}, ffn {ffn}, vocab {vocab}</source>
        <translation>注意力头 {heads}，KV 头 {kv_heads}，FFN 列 {ffn}，词表行 {vocab}</translation>
    </message>
    <message>
        <source>layers {layers}</source>
        <translation>第 {layers} 层</translation>
    </message>
    <message>
        <source>{path}: {what} (at byte offset {offset})</source>
        <translation>{path}：{what}（位于字节偏移 {offset}）</translation>
    </message>
    <message>
        <source>{path}: file truncated while reading {what} at byte offset {offset} (file is {size} bytes)</source>
        <translation>{path}：读取{what}时文件在字节偏移 {offset} 处被截断（文件只有 {size} 字节）</translation>
    </message>
    <message>
        <source>{what} length</source>
        <translation>{what}的长度</translation>
    </message>
    <message>
        <source>magic</source>
        <translation>魔数</translation>
    </message>
    <message>
        <source>version</source>
        <translation>版本号</translation>
    </message>
    <message>
        <source>tensor count</source>
        <translation>张量数量</translation>
    </message>
    <message>
        <source>metadata count</source>
        <translation>元数据条数</translation>
    </message>
    <message>
        <source>metadata key #{index}</source>
        <translation>第 {index} 个元数据键</translation>
    </message>
    <message>
        <source>type of &apos;{key}&apos;</source>
        <translation>&apos;{key}&apos; 的类型</translation>
    </message>
    <message>
        <source>array element type of &apos;{key}&apos;</source>
        <translation>&apos;{key}&apos; 的数组元素类型</translation>
    </message>
    <message>
        <source>array length of &apos;{key}&apos;</source>
        <translation>&apos;{key}&apos; 的数组长度</translation>
    </message>
    <message>
        <source>value of &apos;{key}&apos;</source>
        <translation>&apos;{key}&apos; 的值</translation>
    </message>
    <message>
        <source>string value of &apos;{key}&apos;</source>
        <translation>&apos;{key}&apos; 的字符串值</translation>
    </message>
    <message>
        <source>name of tensor #{index}</source>
        <translation>第 {index} 个张量的名称</translation>
    </message>
    <message>
        <source>dimension count of tensor &apos;{name}&apos;</source>
        <translation>张量 &apos;{name}&apos; 的维数</translation>
    </message>
    <message>
        <source>dimensions of tensor &apos;{name}&apos;</source>
        <translation>张量 &apos;{name}&apos; 的各维大小</translation>
    </message>
    <message>
        <source>type of tensor &apos;{name}&apos;</source>
        <translation>张量 &apos;{name}&apos; 的类型</translation>
    </message>
    <message>
        <source>data offset of tensor &apos;{name}&apos;</source>
        <translation>张量 &apos;{name}&apos; 的数据偏移</translation>
    </message>
    <message>
        <source>padding before the tensor data section</source>
        <translation>张量数据区之前的填充</translation>
    </message>
    <message>
        <source>{what}: string length {length} runs past the end of the file</source>
        <translation>{what}：字符串长度 {length} 超出了文件末尾</translation>
    </message>
    <message>
        <source>metadata &apos;{key}&apos;: arrays nested too deeply</source>
        <translation>元数据 &apos;{key}&apos;：数组嵌套层数太深</translation>
    </message>
    <message>
        <source>metadata &apos;{key}&apos;: unknown array element type {type}</source>
        <translation>元数据 &apos;{key}&apos;：未知的数组元素类型 {type}</translation>
    </message>
    <message>
        <source>metadata &apos;{key}&apos;: array length {count} cannot fit in the remaining {bytes} bytes</source>
        <translation>元数据 &apos;{key}&apos;：数组长度 {count} 不可能装进剩下的 {bytes} 字节</translation>
    </message>
    <message>
        <source>metadata &apos;{key}&apos;: bool value {value} is not 0 or 1</source>
        <translation>元数据 &apos;{key}&apos;：布尔值 {value} 既不是 0 也不是 1</translation>
    </message>
    <message>
        <source>bad magic: not a GGUF file</source>
        <translation>魔数不对：这不是 GGUF 文件</translation>
    </message>
    <message>
        <source>{path}: GGUF version 1 is not supported (only versions 2 and 3); re-convert the model</source>
        <translation>{path}：不支持 GGUF 第 1 版（只支持第 2、3 版）；请重新转换模型</translation>
    </message>
    <message>
        <source>{path}: unknown GGUF version {version} (supported: 2 and 3)</source>
        <translation>{path}：未知的 GGUF 版本 {version}（支持第 2、3 版）</translation>
    </message>
    <message>
        <source>metadata count {count} cannot fit in the remaining {bytes} bytes (truncated or corrupt file)</source>
        <translation>元数据条数 {count} 不可能装进剩下的 {bytes} 字节（文件被截断或已损坏）</translation>
    </message>
    <message>
        <source>tensor count {count} cannot fit in the remaining {bytes} bytes (truncated or corrupt file)</source>
        <translation>张量数量 {count} 不可能装进剩下的 {bytes} 字节（文件被截断或已损坏）</translation>
    </message>
    <message>
        <source>duplicate metadata key &apos;{key}&apos;</source>
        <translation>元数据键 &apos;{key}&apos; 重复出现</translation>
    </message>
    <message>
        <source>metadata &apos;{key}&apos;: unknown value type {type}</source>
        <translation>元数据 &apos;{key}&apos;：未知的值类型 {type}</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos; has a zero dimension</source>
        <translation>张量 &apos;{name}&apos; 有一维大小为 0</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos; dimensions overflow</source>
        <translation>张量 &apos;{name}&apos; 的各维乘积溢出</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos;: row length {length} is not a multiple of the {type} block size {block}</source>
        <translation>张量 &apos;{name}&apos;：行长 {length} 不是 {type} 块大小 {block} 的整数倍</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos; is too large</source>
        <translation>张量 &apos;{name}&apos; 太大</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos; has {dims} dimensions (1 to 4 allowed)</source>
        <translation>张量 &apos;{name}&apos; 有 {dims} 维（只允许 1 到 4 维）</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos; has unknown or unsupported type id {type} (at byte offset {offset})</source>
        <translation>{path}：张量 &apos;{name}&apos; 的类型编号 {type} 未知或不受支持（位于字节偏移 {offset}）</translation>
    </message>
    <message>
        <source>{path}: general.alignment must be a positive power of two, got {value}</source>
        <translation>{path}：general.alignment 必须是 2 的正整数次幂，实际为 {value}</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos; data offset {offset} is not aligned to {alignment}</source>
        <translation>{path}：张量 &apos;{name}&apos; 的数据偏移 {offset} 没有按 {alignment} 对齐</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos; data [{start}, {end}) runs past the end of the file ({size} bytes)</source>
        <translation>{path}：张量 &apos;{name}&apos; 的数据区间 [{start}, {end}) 超出了文件末尾（文件共 {size} 字节）</translation>
    </message>
    <message>
        <source>{path}: tensors &apos;{first}&apos; and &apos;{second}&apos; overlap in the data section</source>
        <translation>{path}：张量 &apos;{first}&apos; 和 &apos;{second}&apos; 在数据区中相互重叠</translation>
    </message>
    <message>
        <source>duplicate tensor name &apos;{name}&apos;</source>
        <translation>张量名 &apos;{name}&apos; 重复出现</translation>
    </message>
    <message>
        <source>invalid llama2.c header: {cause}</source>
        <translation>llama2.c 文件头无效：{cause}</translation>
    </message>
    <message>
        <source>{field} {value} must be positive</source>
        <translation>{field} 为 {value}，必须是正数</translation>
    </message>
    <message>
        <source>vocab_size is 0</source>
        <translation>vocab_size 为 0</translation>
    </message>
    <message>
        <source>dimensions beyond the supported range (dim &lt;= {dim}, n_layers &lt;= {layers}, |vocab_size| &lt;= {vocab})</source>
        <translation>尺寸超出支持范围（要求 dim ≤ {dim}，n_layers ≤ {layers}，|vocab_size| ≤ {vocab}）</translation>
    </message>
    <message>
        <source>dim {dim} is not divisible by n_heads {heads}</source>
        <translation>dim {dim} 不能被 n_heads {heads} 整除</translation>
    </message>
    <message>
        <source>n_heads {heads} is not a multiple of n_kv_heads {kv_heads}</source>
        <translation>n_heads {heads} 不是 n_kv_heads {kv_heads} 的整数倍</translation>
    </message>
    <message>
        <source>head size {size} is odd (RoPE rotates pairs)</source>
        <translation>头维度 {size} 是奇数（RoPE 按两两一组旋转）</translation>
    </message>
    <message>
        <source>tokenizer file is {size} bytes, too short for its header</source>
        <translation>分词器文件只有 {size} 字节，连文件头都放不下</translation>
    </message>
    <message>
        <source>tokenizer max_token_length {value} must be positive</source>
        <translation>分词器的 max_token_length 为 {value}，必须是正数</translation>
    </message>
    <message>
        <source>tokenizer truncated in the header of token {token} at byte offset {offset} (file is {size} bytes)</source>
        <translation>分词器文件在第 {token} 个词元的头部（字节偏移 {offset}）被截断（文件只有 {size} 字节）</translation>
    </message>
    <message>
        <source>token {token} has negative length {length} at byte offset {offset}</source>
        <translation>第 {token} 个词元在字节偏移 {offset} 处的长度为负数 {length}</translation>
    </message>
    <message>
        <source>tokenizer truncated inside token {token} (length {length} at byte offset {offset}, file is {size} bytes)</source>
        <translation>分词器文件在第 {token} 个词元中间被截断（长度 {length}，位于字节偏移 {offset}，文件只有 {size} 字节）</translation>
    </message>
    <message>
        <source>tokenizer holds {count} tokens but the model&apos;s vocab_size is {vocab}</source>
        <translation>分词器有 {count} 个词元，但模型的 vocab_size 是 {vocab}</translation>
    </message>
    <message>
        <source>file is {size} bytes, too short for a llama2.c header (28 bytes)</source>
        <translation>文件只有 {size} 字节，放不下 llama2.c 文件头（28 字节）</translation>
    </message>
    <message>
        <source>{path}: versioned llama2.c export (magic &quot;ak42&quot;) is not supported; export with the legacy format (version 0) or convert to GGUF</source>
        <translation>{path}：不支持带版本号的 llama2.c 导出格式（魔数 &quot;ak42&quot;）；请用旧格式（第 0 版）导出，或转换成 GGUF</translation>
    </message>
    <message>
        <source>llama2.c checkpoint size mismatch: the header (dim {dim}, hidden_dim {hidden}, n_layers {layers}, vocab_size {vocab}, seq_len {seq}) implies {expected} bytes, but the file has {size} bytes (truncated?)</source>
        <translation>llama2.c 检查点大小不符：按文件头（dim {dim}，hidden_dim {hidden}，n_layers {layers}，vocab_size {vocab}，seq_len {seq}）应为 {expected} 字节，但文件只有 {size} 字节（可能被截断了）</translation>
    </message>
    <message>
        <source>llama2.c checkpoint size mismatch: the header (dim {dim}, hidden_dim {hidden}, n_layers {layers}, vocab_size {vocab}, seq_len {seq}) implies {expected} bytes, but the file has {size} bytes (trailing data?)</source>
        <translation>llama2.c 检查点大小不符：按文件头（dim {dim}，hidden_dim {hidden}，n_layers {layers}，vocab_size {vocab}，seq_len {seq}）应为 {expected} 字节，但文件有 {size} 字节（末尾可能多了数据）</translation>
    </message>
    <message>
        <source>{path}: is a directory without config.json (InferScope opens Hugging Face model folders: config.json, *.safetensors, tokenizer.json)</source>
        <translation>{path}：这是一个没有 config.json 的文件夹（InferScope 能打开的 Hugging Face 模型文件夹包含 config.json、*.safetensors 和 tokenizer.json）</translation>
    </message>
    <message>
        <source>{path}: big-endian GGUF files are not supported</source>
        <translation>{path}：不支持大端字节序的 GGUF 文件</translation>
    </message>
    <message>
        <source>{path}: not a model file InferScope can read (expected GGUF magic &quot;GGUF&quot; or a llama2.c checkpoint header)</source>
        <translation>{path}：不是 InferScope 能读取的模型文件（应以 GGUF 魔数 &quot;GGUF&quot; 或 llama2.c 检查点文件头开头）</translation>
    </message>
    <message>
        <source>{path}: cannot open: {reason}</source>
        <translation>{path}：无法打开：{reason}</translation>
    </message>
    <message>
        <source>{path}: cannot stat: {reason}</source>
        <translation>{path}：无法读取文件信息：{reason}</translation>
    </message>
    <message>
        <source>{path}: cannot map: {reason}</source>
        <translation>{path}：无法映射到内存：{reason}</translation>
    </message>
    <message>
        <source>{path}: is a directory, not a model file</source>
        <translation>{path}：这是一个文件夹，不是模型文件</translation>
    </message>
    <message>
        <source>{path}: is not a regular file (a FIFO, socket or device), not a model file</source>
        <translation>{path}：不是普通文件（而是管道、套接字或设备），不是模型文件</translation>
    </message>
    <message>
        <source>No such file or directory</source>
        <translation>文件或文件夹不存在</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>没有访问权限</translation>
    </message>
    <message>
        <source>Is a directory</source>
        <translation>这是一个文件夹</translation>
    </message>
    <message>
        <source>Not a directory</source>
        <translation>不是文件夹</translation>
    </message>
    <message>
        <source>No space left on device</source>
        <translation>磁盘空间不足</translation>
    </message>
    <message>
        <source>Read-only file system</source>
        <translation>文件系统是只读的</translation>
    </message>
    <message>
        <source>Cannot allocate memory</source>
        <translation>内存不足，无法分配</translation>
    </message>
    <message>
        <source>Input/output error</source>
        <translation>输入输出错误</translation>
    </message>
    <message>
        <source>Too many levels of symbolic links</source>
        <translation>符号链接层数过多</translation>
    </message>
    <message>
        <source>File name too long</source>
        <translation>文件名太长</translation>
    </message>
    <message>
        <source>missing integer metadata key &apos;{key}&apos;</source>
        <translation>缺少整数元数据键 &apos;{key}&apos;</translation>
    </message>
    <message>
        <source>metadata key &apos;{key}&apos; must be positive, got {value}</source>
        <translation>元数据键 &apos;{key}&apos; 必须是正数，实际为 {value}</translation>
    </message>
    <message>
        <source>rope scaling &quot;{type}&quot; is not supported yet (only linear scaling and per-pair frequency factors are)</source>
        <translation>暂不支持 &quot;{type}&quot; 方式的 RoPE 缩放（目前只支持线性缩放和逐对频率因子）</translation>
    </message>
    <message>
        <source>unknown rope scaling type &quot;{type}&quot;</source>
        <translation>未知的 RoPE 缩放方式 &quot;{type}&quot;</translation>
    </message>
    <message>
        <source>rope scaling factor must be positive, got {value}</source>
        <translation>RoPE 缩放因子必须是正数，实际为 {value}</translation>
    </message>
    <message>
        <source>{key} must be positive and finite, got {value}</source>
        <translation>{key} 必须是有限的正数，实际为 {value}</translation>
    </message>
    <message>
        <source>architecture &apos;(none)&apos; is not supported (supported: {supported})</source>
        <translation>文件没有注明模型架构（支持的架构：{supported}）</translation>
    </message>
    <message>
        <source>architecture &apos;{arch}&apos; is not supported (supported: {supported})</source>
        <translation>不支持模型架构 &apos;{arch}&apos;（支持的架构：{supported}）</translation>
    </message>
    <message>
        <source>{key} {layers} is more layers than the file&apos;s {tensors} tensors can hold</source>
        <translation>{key} 为 {layers}，比文件中 {tensors} 个张量能组成的层数还多</translation>
    </message>
    <message>
        <source>attention.key_length must be positive, got {value}</source>
        <translation>attention.key_length 必须是正数，实际为 {value}</translation>
    </message>
    <message>
        <source>embedding_length {dim} is not a multiple of head_count {heads} (and attention.key_length is not given)</source>
        <translation>embedding_length {dim} 不是 head_count {heads} 的整数倍（而且文件没有给出 attention.key_length）</translation>
    </message>
    <message>
        <source>attention.value_length {value} differs from the key length {key} (separate key and value head sizes are not supported)</source>
        <translation>attention.value_length {value} 与键长度 {key} 不同（不支持键和值使用不同的头维度）</translation>
    </message>
    <message>
        <source>head_count {heads} is not a multiple of head_count_kv {kv_heads}</source>
        <translation>head_count {heads} 不是 head_count_kv {kv_heads} 的整数倍</translation>
    </message>
    <message>
        <source>rope.dimension_count {value} must be even and within the head size {head}</source>
        <translation>rope.dimension_count 为 {value}，必须是偶数且不超过头维度 {head}</translation>
    </message>
    <message>
        <source>rope.freq_base must be positive</source>
        <translation>rope.freq_base 必须是正数</translation>
    </message>
    <message>
        <source>attention.layer_norm_rms_epsilon must be positive</source>
        <translation>attention.layer_norm_rms_epsilon 必须是正数</translation>
    </message>
    <message>
        <source>missing tensor &apos;{name}&apos;</source>
        <translation>缺少张量 &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>tensor &apos;token_embd.weight&apos; has shape {shape}, expected {dim} x vocab</source>
        <translation>张量 &apos;token_embd.weight&apos; 的形状是 {shape}，应为 {dim} × 词表大小</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos; has shape {shape}, expected {expected}</source>
        <translation>张量 &apos;{name}&apos; 的形状是 {shape}，应为 {expected}</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos; row length {length} is not a multiple of the {type} block size</source>
        <translation>张量 &apos;{name}&apos; 的行长 {length} 不是 {type} 块大小的整数倍</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos; data is shorter than its shape</source>
        <translation>张量 &apos;{name}&apos; 的数据比它的形状所需的短</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos; data is too short</source>
        <translation>张量 &apos;{name}&apos; 的数据太短</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos; is stored as {type}, which cannot be read</source>
        <translation>张量 &apos;{name}&apos; 以 {type} 格式存储，无法读取</translation>
    </message>
    <message>
        <source>rope_freqs.weight[{index}] is {value}; frequency factors must be positive and finite</source>
        <translation>rope_freqs.weight[{index}] 为 {value}；频率因子必须是有限的正数</translation>
    </message>
    <message>
        <source>grid key &apos;{key}&apos; has an empty part</source>
        <translation>网格键 &apos;{key}&apos; 中有一段是空的</translation>
    </message>
    <message>
        <source>grid key &apos;{key}&apos;: &apos;{part}&apos; is not an object in the base profile</source>
        <translation>网格键 &apos;{key}&apos;：在基础配置中 &apos;{part}&apos; 不是对象</translation>
    </message>
    <message>
        <source>--grid &apos;{grid}&apos;: expected KEY=V1,V2,...</source>
        <translation>--grid &apos;{grid}&apos;：格式应为 键=值1,值2,...</translation>
    </message>
    <message>
        <source>--grid &apos;{grid}&apos;: an empty value</source>
        <translation>--grid &apos;{grid}&apos;：其中有一个值是空的</translation>
    </message>
    <message>
        <source>the base profile must be a JSON object</source>
        <translation>基础配置必须是一个 JSON 对象</translation>
    </message>
    <message>
        <source>grid key &apos;{key}&apos; has no values</source>
        <translation>网格键 &apos;{key}&apos; 没有任何取值</translation>
    </message>
    <message>
        <source>the grid has more than {count} points; sweep fewer values</source>
        <translation>网格的点数超过 {count} 个；请减少要扫描的取值</translation>
    </message>
    <message>
        <source>--constraint &apos;{constraint}&apos;: {cause}</source>
        <translation>--constraint &apos;{constraint}&apos;：{cause}</translation>
    </message>
    <message>
        <source>expected METRIC&lt;=VALUE, &lt;, &gt;= or &gt;</source>
        <translation>格式应为 指标&lt;=数值（也可用 &lt;、&gt;= 或 &gt;）</translation>
    </message>
    <message>
        <source>unknown metric &apos;{metric}&apos;</source>
        <translation>未知的指标 &apos;{metric}&apos;</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a number</source>
        <translation>&apos;{value}&apos; 不是数字</translation>
    </message>
    <message>
        <source>{label}: best {metric} ({value})</source>
        <translation>{label}：{metric}最好（{value}）</translation>
    </message>
    <message>
        <source>against {label}: {changes}</source>
        <translation>与 {label} 相比：{changes}</translation>
    </message>
    <message>
        <source>{ratio} less weight memory</source>
        <translation>权重内存少 {ratio}</translation>
    </message>
    <message>
        <source>{ratio} more weight memory</source>
        <translation>权重内存多 {ratio}</translation>
    </message>
    <message>
        <source>{ratio} slower decode</source>
        <translation>解码慢 {ratio}</translation>
    </message>
    <message>
        <source>{ratio} faster decode</source>
        <translation>解码快 {ratio}</translation>
    </message>
    <message>
        <source>{ratio} slower prompt processing</source>
        <translation>提示词处理慢 {ratio}</translation>
    </message>
    <message>
        <source>{ratio} faster prompt processing</source>
        <translation>提示词处理快 {ratio}</translation>
    </message>
    <message>
        <source>{metric} {value} meets {constraint}</source>
        <translation>{metric}为 {value}，满足 {constraint}</translation>
    </message>
    <message>
        <source>{recommendation}. The next best, {label} ({value}), is within the noise of the measurement: more repetitions would be needed to tell them apart.</source>
        <translation>{recommendation}。次优的 {label}（{value}）与它的差距在测量噪声之内：要分出高下，需要更多次重复测量。</translation>
    </message>
    <message>
        <source>pp_tok_s</source>
        <translation>提示词处理速度 pp_tok_s（词元/秒）</translation>
    </message>
    <message>
        <source>tg_tok_s</source>
        <translation>解码速度 tg_tok_s（词元/秒）</translation>
    </message>
    <message>
        <source>ttft_ms</source>
        <translation>首词元延迟 ttft_ms（毫秒）</translation>
    </message>
    <message>
        <source>itl_ms</source>
        <translation>词元间延迟 itl_ms（毫秒）</translation>
    </message>
    <message>
        <source>weights_bytes</source>
        <translation>权重内存 weights_bytes</translation>
    </message>
    <message>
        <source>kv_bytes</source>
        <translation>KV 缓存内存 kv_bytes</translation>
    </message>
    <message>
        <source>workspace_bytes</source>
        <translation>工作区内存 workspace_bytes</translation>
    </message>
    <message>
        <source>memory_bytes</source>
        <translation>总内存 memory_bytes</translation>
    </message>
    <message>
        <source>load_ms</source>
        <translation>加载时间 load_ms（毫秒）</translation>
    </message>
    <message>
        <source>kld_mean</source>
        <translation>平均 KL 散度 kld_mean</translation>
    </message>
    <message>
        <source>kld_median</source>
        <translation>KL 散度中位数 kld_median</translation>
    </message>
    <message>
        <source>kld_p99</source>
        <translation>KL 散度第 99 百分位 kld_p99</translation>
    </message>
    <message>
        <source>kld_p99_9</source>
        <translation>KL 散度第 99.9 百分位 kld_p99_9</translation>
    </message>
    <message>
        <source>kld_max</source>
        <translation>最大 KL 散度 kld_max</translation>
    </message>
    <message>
        <source>rms_dp</source>
        <translation>正确词元概率变化的均方根 rms_dp</translation>
    </message>
    <message>
        <source>top1</source>
        <translation>首选词元一致率 top1</translation>
    </message>
    <message>
        <source>top1_stderr</source>
        <translation>首选一致率的标准误 top1_stderr</translation>
    </message>
    <message>
        <source>ppl</source>
        <translation>困惑度 ppl</translation>
    </message>
    <message>
        <source>ppl_ratio</source>
        <translation>困惑度之比 ppl_ratio</translation>
    </message>
    <message>
        <source>ppl_ratio_stderr</source>
        <translation>困惑度之比的标准误 ppl_ratio_stderr</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>expected an array</source>
        <translation>应为数组</translation>
    </message>
    <message>
        <source>expected an integer</source>
        <translation>应为整数</translation>
    </message>
    <message>
        <source>expected a boolean</source>
        <translation>应为布尔值</translation>
    </message>
    <message>
        <source>expected a string</source>
        <translation>应为字符串</translation>
    </message>
    <message>
        <source>item {index} is not a string</source>
        <translation>第 {index} 项不是字符串</translation>
    </message>
    <message>
        <source>item {index} is not a number</source>
        <translation>第 {index} 项不是数字</translation>
    </message>
    <message>
        <source>item {index} is not a token type</source>
        <translation>第 {index} 项不是有效的词元类型</translation>
    </message>
    <message>
        <source>{entries} entries for {tokens} tokens</source>
        <translation>有 {entries} 项，但词元有 {tokens} 个</translation>
    </message>
    <message>
        <source>token id {id} outside the vocabulary of {count}</source>
        <translation>词元编号 {id} 超出了大小为 {count} 的词表</translation>
    </message>
    <message>
        <source>empty vocabulary</source>
        <translation>词表是空的</translation>
    </message>
    <message>
        <source>vocabulary too large</source>
        <translation>词表太大</translation>
    </message>
    <message>
        <source>missing (needed for merges)</source>
        <translation>缺失（合并规则需要它）</translation>
    </message>
    <message>
        <source>unsupported tokenizer &apos;{family}&apos; (supported: llama, gpt2)</source>
        <translation>不支持分词器 &apos;{family}&apos;（支持 llama 和 gpt2）</translation>
    </message>
    <message>
        <source>{path}: tokenizer has {tokens} tokens but the model&apos;s embedding has {rows} rows</source>
        <translation>{path}：分词器有 {tokens} 个词元，但模型的嵌入表有 {rows} 行</translation>
    </message>
    <message>
        <source>{ratio} lower serving throughput</source>
        <translation>服务吞吐量低 {ratio}</translation>
    </message>
    <message>
        <source>{ratio} higher serving throughput</source>
        <translation>服务吞吐量高 {ratio}</translation>
    </message>
    <message>
        <source>{ratio} lower p99 TTFT</source>
        <translation>p99 首词延迟低 {ratio}</translation>
    </message>
    <message>
        <source>{ratio} higher p99 TTFT</source>
        <translation>p99 首词延迟高 {ratio}</translation>
    </message>
    <message>
        <source>{metric} is measured by -p / -n runs, not by a serving workload (use ttft_p99_ms, itl_p99_ms, e2e_p99_ms, output_tok_s, req_s, ...)</source>
        <translation>{metric} 由固定提示/生成长度（-p / -n）的测量得出，服务负载测不到它（请改用 ttft_p99_ms、itl_p99_ms、e2e_p99_ms、output_tok_s、req_s 等）</translation>
    </message>
    <message>
        <source>{metric} is measured only with --workload or --preset</source>
        <translation>{metric} 只有在使用服务负载（负载文件或预设）时才会测量</translation>
    </message>
    <message>
        <source>ttft_p50_ms</source>
        <translation>首词延迟中位数 ttft_p50_ms</translation>
    </message>
    <message>
        <source>ttft_p99_ms</source>
        <translation>首词延迟 p99 ttft_p99_ms</translation>
    </message>
    <message>
        <source>itl_p50_ms</source>
        <translation>词间延迟中位数 itl_p50_ms</translation>
    </message>
    <message>
        <source>itl_p99_ms</source>
        <translation>词间延迟 p99 itl_p99_ms</translation>
    </message>
    <message>
        <source>e2e_p50_ms</source>
        <translation>端到端延迟中位数 e2e_p50_ms</translation>
    </message>
    <message>
        <source>e2e_p99_ms</source>
        <translation>端到端延迟 p99 e2e_p99_ms</translation>
    </message>
    <message>
        <source>output_tok_s</source>
        <translation>输出吞吐量 output_tok_s</translation>
    </message>
    <message>
        <source>req_s</source>
        <translation>每秒请求数 req_s</translation>
    </message>
    <message>
        <source>mean_batch</source>
        <translation>平均批大小 mean_batch</translation>
    </message>
    <message>
        <source>preempted_sequences</source>
        <translation>被抢占的序列数 preempted_sequences</translation>
    </message>
    <message>
        <source>kv_peak_bytes</source>
        <translation>KV 缓存峰值 kv_peak_bytes</translation>
    </message>
    <message>
        <source>cannot open {what} {path}: {reason}</source>
        <translation>无法打开{what} {path}：{reason}</translation>
    </message>
    <message>
        <source>cannot read {what} {path}: {reason}</source>
        <translation>无法读取{what} {path}：{reason}</translation>
    </message>
    <message>
        <source>it is a directory</source>
        <translation>这是一个文件夹</translation>
    </message>
    <message>
        <source>it is not a regular file (a FIFO, socket or device)</source>
        <translation>这不是普通文件（而是管道、套接字或设备）</translation>
    </message>
    <message>
        <source>it is {size}, more than the {limit} a {what} may be</source>
        <translation>文件大小为 {size}，超过了{what}允许的上限 {limit}</translation>
    </message>
    <message>
        <source>profile</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>workload</source>
        <translation>负载文件</translation>
    </message>
    <message>
        <source>safetensors index</source>
        <translation>safetensors 索引文件</translation>
    </message>
    <message>
        <source>chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>calibration text</source>
        <translation>校准文本</translation>
    </message>
    <message>
        <source>evaluation text</source>
        <translation>评测文本</translation>
    </message>
    <message>
        <source>quality text</source>
        <translation>质量评测文本</translation>
    </message>
    <message>
        <source>parse error at line {line}, column {column}: syntax error while parsing {context} - {detail}</source>
        <translation>第 {line} 行第 {column} 列解析出错：读取{context}时遇到语法错误 - {detail}</translation>
    </message>
    <message>
        <source>parse error at line {line}, column {column}: {detail}</source>
        <translation>第 {line} 行第 {column} 列解析出错：{detail}</translation>
    </message>
    <message>
        <source>unexpected end of input; expected {expected}</source>
        <translation>内容意外结束；此处应为 {expected}</translation>
    </message>
    <message>
        <source>invalid literal; last read: {text}</source>
        <translation>无效的字面量；最后读到的是 {text}</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>object key</source>
        <translation>对象的键</translation>
    </message>
    <message>
        <source>object separator</source>
        <translation>对象中的分隔符</translation>
    </message>
    <message>
        <source>type must be {expected}, but is {actual}</source>
        <translation>类型应为{expected}，实际是{actual}</translation>
    </message>
    <message>
        <source>number overflow parsing {number}</source>
        <translation>解析 {number} 时数值溢出</translation>
    </message>
    <message>
        <source>{path}: not valid JSON: {detail}</source>
        <translation>{path}：不是有效的 JSON：{detail}</translation>
    </message>
    <message>
        <source>{path}: unexpected structure: {detail}</source>
        <translation>{path}：结构与预期不符：{detail}</translation>
    </message>
    <message>
        <source>{path}: a Hugging Face model folder needs a config.json</source>
        <translation>{path}：Hugging Face 模型文件夹里必须有 config.json</translation>
    </message>
    <message>
        <source>{path}: no &quot;weight_map&quot; object</source>
        <translation>{path}：缺少 &quot;weight_map&quot; 对象</translation>
    </message>
    <message>
        <source>{path}: weight_map[&quot;{tensor}&quot;] is not a file name in the folder</source>
        <translation>{path}：weight_map[&quot;{tensor}&quot;] 不是本文件夹中的文件名</translation>
    </message>
    <message>
        <source>{path}: no *.safetensors weights (pytorch_model.bin checkpoints are not read: save the model as safetensors)</source>
        <translation>{path}：没有 *.safetensors 权重文件（不读取 pytorch_model.bin 格式的检查点，请把模型另存为 safetensors）</translation>
    </message>
    <message>
        <source>{name}: {rows} rows do not split into {heads} heads of even size</source>
        <translation>{name}：{rows} 行无法平均分成 {heads} 个大小为偶数的注意力头</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos; appears in more than one shard</source>
        <translation>{path}：张量 &apos;{name}&apos; 出现在多个分片文件中</translation>
    </message>
    <message>
        <source>{path}: no 2-D model.embed_tokens.weight among the safetensors tensors</source>
        <translation>{path}：safetensors 张量中没有二维的 model.embed_tokens.weight</translation>
    </message>
    <message>
        <source>missing field &quot;{key}&quot;</source>
        <translation>缺少字段 &quot;{key}&quot;</translation>
    </message>
    <message>
        <source>field &quot;{key}&quot; must be a positive integer, got {value}</source>
        <translation>字段 &quot;{key}&quot; 必须是正整数，实际是 {value}</translation>
    </message>
    <message>
        <source>field &quot;{key}&quot; must be a positive number, got {value}</source>
        <translation>字段 &quot;{key}&quot; 必须是正数，实际是 {value}</translation>
    </message>
    <message>
        <source>model_type &quot;{type}&quot; is not supported (supported: {supported})</source>
        <translation>不支持 model_type &quot;{type}&quot;（支持的类型：{supported}）</translation>
    </message>
    <message>
        <source>field &quot;rope_scaling&quot; must be an object or null</source>
        <translation>字段 &quot;rope_scaling&quot; 必须是对象或 null</translation>
    </message>
    <message>
        <source>rope_scaling of type &quot;{type}&quot; has no &quot;{key}&quot;</source>
        <translation>类型为 &quot;{type}&quot; 的 rope_scaling 缺少 &quot;{key}&quot;</translation>
    </message>
    <message>
        <source>rope_scaling.high_freq_factor must exceed low_freq_factor</source>
        <translation>rope_scaling.high_freq_factor 必须大于 low_freq_factor</translation>
    </message>
    <message>
        <source>rope scaling &quot;{type}&quot; is not supported yet (only linear scaling and Llama 3 frequency factors are)</source>
        <translation>暂不支持 &quot;{type}&quot; 方式的 RoPE 缩放（目前只支持线性缩放和 Llama 3 频率因子）</translation>
    </message>
    <message>
        <source>query_pre_attn_scalar {value} differs from the {derived} a {arch} model of this shape uses</source>
        <translation>query_pre_attn_scalar 为 {value}，而这种形状的 {arch} 模型使用的是 {derived}</translation>
    </message>
    <message>
        <source>rope_local_base_freq {value} (Gemma 3&apos;s local layers rotate with base 10000)</source>
        <translation>rope_local_base_freq 为 {value}（Gemma 3 的局部注意力层使用的旋转基数是 10000）</translation>
    </message>
    <message>
        <source>sliding_window_pattern {value} (Gemma 3 uses 6)</source>
        <translation>sliding_window_pattern 为 {value}（Gemma 3 使用 6）</translation>
    </message>
    <message>
        <source>layer_types[{index}] is {value} (Gemma 3 has five sliding-window layers to every full one)</source>
        <translation>layer_types[{index}] 为 {value}（Gemma 3 每 5 个滑动窗口层配 1 个全注意力层）</translation>
    </message>
    <message>
        <source>activation &quot;{activation}&quot; ({family} models here use &quot;{expected}&quot;)</source>
        <translation>不支持激活函数 &quot;{activation}&quot;（这里的 {family} 模型使用 &quot;{expected}&quot;）</translation>
    </message>
    <message>
        <source>expected a JSON object</source>
        <translation>应为 JSON 对象</translation>
    </message>
    <message>
        <source>attention_bias / mlp_bias on a llama model (biases are read for qwen2 only)</source>
        <translation>llama 模型设置了 attention_bias / mlp_bias（只有 qwen2 模型会读取偏置）</translation>
    </message>
    <message>
        <source>hidden_size {dim} is not a multiple of num_attention_heads {heads} and head_dim is not given</source>
        <translation>hidden_size {dim} 不是 num_attention_heads {heads} 的整数倍，而且没有给出 head_dim</translation>
    </message>
    <message>
        <source>{path}: no tokenizer.json (the folder&apos;s tokenizer is read from tokenizer.json; tokenizer.model alone is not enough)</source>
        <translation>{path}：没有 tokenizer.json（文件夹的分词器从 tokenizer.json 读取，只有 tokenizer.model 是不够的）</translation>
    </message>
    <message>
        <source>no &quot;model&quot; object</source>
        <translation>缺少 &quot;model&quot; 对象</translation>
    </message>
    <message>
        <source>model type &quot;{type}&quot; is not supported (BPE tokenizers are: byte-level and SentencePiece-style)</source>
        <translation>不支持模型类型 &quot;{type}&quot;（支持的是 BPE 分词器：字节级和 SentencePiece 风格）</translation>
    </message>
    <message>
        <source>a BPE tokenizer that is neither byte-level nor SentencePiece-style (byte fallback or U+2581 spaces)</source>
        <translation>这个 BPE 分词器既不是字节级的，也不是 SentencePiece 风格的（字节回退或用 U+2581 表示空格）</translation>
    </message>
    <message>
        <source>byte-level pre-tokenizer with the split pattern &quot;{pattern}&quot; is not one InferScope knows (Llama 3, Qwen2, GPT-2, SmolLM2 are)</source>
        <translation>InferScope 不认识切分模式为 &quot;{pattern}&quot; 的字节级预分词器（认识的有 Llama 3、Qwen2、GPT-2、SmolLM2）</translation>
    </message>
    <message>
        <source>byte-level pre-tokenizer [{list}] is not one InferScope knows</source>
        <translation>InferScope 不认识字节级预分词器 [{list}]</translation>
    </message>
    <message>
        <source>model.vocab is not an object of token -&gt; id</source>
        <translation>model.vocab 不是“词元 -&gt; 编号”形式的对象</translation>
    </message>
    <message>
        <source>added_tokens is not an array</source>
        <translation>added_tokens 不是数组</translation>
    </message>
    <message>
        <source>vocabulary of {size} ids is implausibly large</source>
        <translation>词表有 {size} 个编号，大得不合常理</translation>
    </message>
    <message>
        <source>model.vocab[&quot;{piece}&quot;] is not a non-negative integer id</source>
        <translation>model.vocab[&quot;{piece}&quot;] 不是非负整数编号</translation>
    </message>
    <message>
        <source>added_tokens entry {entry} needs an integer id and a string content</source>
        <translation>added_tokens 中的条目 {entry} 需要整数编号和字符串内容</translation>
    </message>
    <message>
        <source>model.merges is not an array</source>
        <translation>model.merges 不是数组</translation>
    </message>
    <message>
        <source>model.merges holds {item} (expected &quot;left right&quot; or [left, right])</source>
        <translation>model.merges 中有 {item}（应为 &quot;left right&quot; 或 [left, right]）</translation>
    </message>
    <message>
        <source>merge &quot;{merge}&quot; is not two pieces separated by one space</source>
        <translation>合并规则 &quot;{merge}&quot; 不是用一个空格隔开的两段</translation>
    </message>
    <message>
        <source>{path}: too short for a safetensors header ({size} bytes)</source>
        <translation>{path}：文件太短，放不下 safetensors 文件头（只有 {size} 字节）</translation>
    </message>
    <message>
        <source>{path}: safetensors header of {bytes} bytes is larger than the {limit} the format allows</source>
        <translation>{path}：safetensors 文件头有 {bytes} 字节，超过了格式允许的 {limit} 字节</translation>
    </message>
    <message>
        <source>{path}: safetensors header of {bytes} bytes runs past the end of the file ({size} bytes)</source>
        <translation>{path}：{bytes} 字节的 safetensors 文件头超出了文件末尾（文件共 {size} 字节）</translation>
    </message>
    <message>
        <source>{path}: safetensors header is not valid JSON: {detail}</source>
        <translation>{path}：safetensors 文件头不是有效的 JSON：{detail}</translation>
    </message>
    <message>
        <source>{path}: safetensors header is not a JSON object</source>
        <translation>{path}：safetensors 文件头不是 JSON 对象</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos; is not a JSON object</source>
        <translation>{path}：张量 &apos;{name}&apos; 不是 JSON 对象</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos; has no &apos;{field}&apos;</source>
        <translation>{path}：张量 &apos;{name}&apos; 缺少 &apos;{field}&apos;</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos;: dtype is not a string</source>
        <translation>{path}：张量 &apos;{name}&apos;：dtype 不是字符串</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos; has dtype {dtype}, which is not read (F32, F16 and BF16 are)</source>
        <translation>{path}：张量 &apos;{name}&apos; 的数据类型是 {dtype}，无法读取（支持 F32、F16 和 BF16）</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos; has unknown dtype &apos;{dtype}&apos;</source>
        <translation>{path}：张量 &apos;{name}&apos; 的数据类型 &apos;{dtype}&apos; 未知</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos;: {field} is not an array of non-negative integers</source>
        <translation>{path}：张量 &apos;{name}&apos;：{field} 不是非负整数数组</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos;: data_offsets must hold [begin, end]</source>
        <translation>{path}：张量 &apos;{name}&apos;：data_offsets 必须是 [begin, end]</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos;: data_offsets end {end} is before begin {begin}</source>
        <translation>{path}：张量 &apos;{name}&apos;：data_offsets 的结束位置 {end} 在起始位置 {begin} 之前</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos;: data [{begin}, {end}) runs past the end of the data section ({size} bytes)</source>
        <translation>{path}：张量 &apos;{name}&apos;：数据区间 [{begin}, {end}) 超出了数据段末尾（数据段共 {size} 字节）</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos;: shape and dtype need {need} bytes, data_offsets hold {have}</source>
        <translation>{path}：张量 &apos;{name}&apos;：按形状和数据类型需要 {need} 字节，data_offsets 给出的是 {have} 字节</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos;: shape and dtype need more than 2^64 bytes, data_offsets hold {have}</source>
        <translation>{path}：张量 &apos;{name}&apos;：按形状和数据类型需要超过 2^64 字节，data_offsets 给出的是 {have} 字节</translation>
    </message>
    <message>
        <source>{path}: tensors &apos;{first}&apos; and &apos;{second}&apos; overlap (bytes from offset {offset})</source>
        <translation>{path}：张量 &apos;{first}&apos; 和 &apos;{second}&apos; 的数据重叠（从偏移 {offset} 字节开始）</translation>
    </message>
    <message>
        <source>KV cache needs positive layers, kv heads and head size (got {layers}, {kv_heads}, {head_dim})</source>
        <translation>KV 缓存的层数、KV 头数和头大小都必须是正数（实际为 {layers}、{kv_heads}、{head_dim}）</translation>
    </message>
    <message>
        <source>KV cache needs at least one sequence, got {sequences}</source>
        <translation>KV 缓存至少要容纳一条序列，实际为 {sequences}</translation>
    </message>
    <message>
        <source>KV cache: the window flags name {flags} layers, the cache has {layers}</source>
        <translation>KV 缓存：滑动窗口标记对应 {flags} 层，但缓存有 {layers} 层</translation>
    </message>
    <message>
        <source>KV cache: negative sliding window {window}</source>
        <translation>KV 缓存：滑动窗口 {window} 为负数</translation>
    </message>
    <message>
        <source>KV cache capacity must be positive, got {capacity} tokens</source>
        <translation>KV 缓存容量必须是正数，实际为 {capacity} 个词元</translation>
    </message>
    <message>
        <source>KV cache needs a positive capacity, got {capacity} tokens</source>
        <translation>KV 缓存的容量必须是正数，实际为 {capacity} 个词元</translation>
    </message>
    <message>
        <source>KV cache block size must be one of {sizes}, got {block}</source>
        <translation>KV 缓存的块大小必须是 {sizes} 之一，实际为 {block}</translation>
    </message>
    <message>
        <source>KV cache of {capacity} tokens cannot give each of {sequences} sequence slots a position</source>
        <translation>容量为 {capacity} 个词元的 KV 缓存无法给 {sequences} 个序列槽位各分一个位置</translation>
    </message>
    <message>
        <source>KV cache of {tokens} tokens needs {bytes}, which could not be allocated. {reasons}</source>
        <translation>容量为 {tokens} 个词元的 KV 缓存需要 {bytes}，但分配失败。{reasons}</translation>
    </message>
    <message>
        <source>KV cache of {tokens} tokens needs more bytes than can be counted</source>
        <translation>容量为 {tokens} 个词元的 KV 缓存所需字节数大得无法计数</translation>
    </message>
    <message>
        <source>KV cache of {tokens} tokens needs {bytes} but only {available} of memory is available</source>
        <translation>容量为 {tokens} 个词元的 KV 缓存需要 {bytes}，但可用内存只有 {available}</translation>
    </message>
    <message>
        <source>KV cache of {tokens} tokens needs {bytes} on {device} but only {available} of memory is available</source>
        <translation>容量为 {tokens} 个词元的 KV 缓存在 {device} 上需要 {bytes}，但可用内存只有 {available}</translation>
    </message>
    <message>
        <source>request needs {need} blocks of {block} tokens ({need_bytes}), the pool has {have} ({have_bytes})</source>
        <translation>请求需要 {need} 个块（每块 {block} 个词元，共 {need_bytes}），但缓存池只有 {have} 个块（{have_bytes}）</translation>
    </message>
    <message>
        <source>request needs {tokens} tokens of KV cache ({bytes}) but a sequence slot holds {slot} ({capacity} tokens / {sequences} sequences)</source>
        <translation>请求需要 {tokens} 个词元的 KV 缓存（{bytes}），但一个序列槽位只能放 {slot} 个（{capacity} 个词元 / {sequences} 条序列）</translation>
    </message>
    <message>
        <source>KV cache: all {slots} sequence slots are in use</source>
        <translation>KV 缓存：{slots} 个序列槽位都已被占用</translation>
    </message>
    <message>
        <source>KV cache: all {sequences} sequences of the sliding-window pool are in use</source>
        <translation>KV 缓存：滑动窗口缓存池的 {sequences} 条序列都已被占用</translation>
    </message>
    <message>
        <source>KV cache: sequence of {tokens} tokens exceeds its slot of {slot} tokens</source>
        <translation>KV 缓存：{tokens} 个词元的序列超出了它的槽位（{slot} 个词元）</translation>
    </message>
    <message>
        <source>KV cache: growing a sequence to {tokens} tokens needs {need} blocks, {free} of {total} are free</source>
        <translation>KV 缓存：把序列增长到 {tokens} 个词元需要 {need} 个块，但 {total} 个块中只有 {free} 个空闲</translation>
    </message>
    <message>
        <source>KV cache: a pass from position {from} needs positions {first}..{last} of the sliding-window layers, but their ring of {ring} positions holds only positions from {held} on; restart the sequence from position 0</source>
        <translation>KV 缓存：从位置 {from} 开始的前向计算需要滑动窗口层的位置 {first}..{last}，但它们 {ring} 个位置的环形缓冲区只保留了从 {held} 开始的位置；请从位置 0 重新开始这条序列</translation>
    </message>
    <message>
        <source>KV cache: the block table of a new sequence could not be allocated on {device}</source>
        <translation>KV 缓存：无法在 {device} 上为新序列分配块表</translation>
    </message>
    <message>
        <source>needs {count} blocks, {free} of {total} are free</source>
        <translation>需要 {count} 个块，但 {total} 个块中只有 {free} 个空闲</translation>
    </message>
    <message>
        <source>scheduler: max batch and max sequences must be at least 1 (got {batch} and {sequences})</source>
        <translation>调度器：最大批大小和最大序列数都至少为 1（实际为 {batch} 和 {sequences}）</translation>
    </message>
    <message>
        <source>request {id}: {cause}</source>
        <translation>请求 {id}：{cause}</translation>
    </message>
    <message>
        <source>the prompt has no tokens</source>
        <translation>提示词没有任何词元</translation>
    </message>
    <message>
        <source>output tokens must be at least 1, got {tokens}</source>
        <translation>输出词元数至少为 1，实际为 {tokens}</translation>
    </message>
    <message>
        <source>prompt token id {id} is outside the vocabulary</source>
        <translation>提示词中的词元编号 {id} 超出了词表</translation>
    </message>
    <message>
        <source>prompt of {prompt} tokens + {output} output tokens exceeds the model context of {context} tokens</source>
        <translation>{prompt} 个词元的提示词加上 {output} 个输出词元，超出了模型 {context} 个词元的上下文长度</translation>
    </message>
    <message>
        <source>scheduler: cancelled</source>
        <translation>调度器：已取消</translation>
    </message>
    <message>
        <source>missing (an integer &gt;= {min})</source>
        <translation>缺失（应为 &gt;= {min} 的整数）</translation>
    </message>
    <message>
        <source>expected an integer, got {kind} {value}</source>
        <translation>应为整数，实际是{kind} {value}</translation>
    </message>
    <message>
        <source>expected a number, got {kind} {value}</source>
        <translation>应为数字，实际是{kind} {value}</translation>
    </message>
    <message>
        <source>expected a string, got {kind} {value}</source>
        <translation>应为字符串，实际是{kind} {value}</translation>
    </message>
    <message>
        <source>expected an integer &gt;= 0, got {value}</source>
        <translation>应为 &gt;= 0 的整数，实际是 {value}</translation>
    </message>
    <message>
        <source>{value} is above the maximum {max}</source>
        <translation>{value} 超过了最大值 {max}</translation>
    </message>
    <message>
        <source>{value} is below the minimum {min}</source>
        <translation>{value} 低于最小值 {min}</translation>
    </message>
    <message>
        <source>{value} must be &gt;= 0</source>
        <translation>{value} 必须 &gt;= 0</translation>
    </message>
    <message>
        <source>unknown key &quot;{key}&quot;</source>
        <translation>未知的键 &quot;{key}&quot;</translation>
    </message>
    <message>
        <source>duplicate key &quot;{key}&quot;</source>
        <translation>键 &quot;{key}&quot; 重复</translation>
    </message>
    <message>
        <source>expected an object, got {kind}</source>
        <translation>应为对象，实际是{kind}</translation>
    </message>
    <message>
        <source>expected an array, got {kind}</source>
        <translation>应为数组，实际是{kind}</translation>
    </message>
    <message>
        <source>give either &quot;prompt&quot; or &quot;prompt_tokens&quot;, not both</source>
        <translation>&quot;prompt&quot; 和 &quot;prompt_tokens&quot; 只能给一个，不能同时给</translation>
    </message>
    <message>
        <source>needs &quot;prompt&quot; (text) or &quot;prompt_tokens&quot; (a length)</source>
        <translation>需要 &quot;prompt&quot;（文本）或 &quot;prompt_tokens&quot;（长度）</translation>
    </message>
    <message>
        <source>&quot;{value}&quot; is not one of poisson, fixed</source>
        <translation>&quot;{value}&quot; 不是 poisson、fixed 之一</translation>
    </message>
    <message>
        <source>&quot;{schema}&quot; is not &quot;{expected}&quot;</source>
        <translation>&quot;{schema}&quot; 不是 &quot;{expected}&quot;</translation>
    </message>
    <message>
        <source>give either &quot;requests&quot; or &quot;generator&quot;, not both</source>
        <translation>&quot;requests&quot; 和 &quot;generator&quot; 只能给一个，不能同时给</translation>
    </message>
    <message>
        <source>needs &quot;requests&quot; (a list) or &quot;generator&quot; (an arrival process)</source>
        <translation>需要 &quot;requests&quot;（请求列表）或 &quot;generator&quot;（到达过程）</translation>
    </message>
    <message>
        <source>is empty (a workload needs at least one request)</source>
        <translation>为空（负载至少要有一个请求）</translation>
    </message>
    <message>
        <source>more than {count} requests</source>
        <translation>请求超过 {count} 个</translation>
    </message>
    <message>
        <source>unknown workload preset &quot;{name}&quot; (known: {known})</source>
        <translation>未知的负载预设 &quot;{name}&quot;（已有的预设：{known}）</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos; data is shorter than its shape {shape}</source>
        <translation>张量 &apos;{name}&apos; 的数据比它的形状 {shape} 所需的短</translation>
    </message>
    <message>
        <source>weight quantization cancelled</source>
        <translation>权重量化已取消</translation>
    </message>
    <message>
        <source>{key}: invalid value</source>
        <translation>{key}：取值无效</translation>
    </message>
    <message>
        <source>weights.group_size: {group} is not one of 32, 64, 128</source>
        <translation>weights.group_size：{group} 不是 32、64、128 之一</translation>
    </message>
    <message>
        <source>{path}: tensor &apos;{name}&apos; of type {type} cannot be converted (no dequantizer)</source>
        <translation>{path}：类型为 {type} 的张量 &apos;{name}&apos; 无法转换（没有对应的反量化器）</translation>
    </message>
    <message>
        <source>converting the weights needs {bytes} for the new tensors, but only {available} of memory is available</source>
        <translation>转换权重需要为新张量分配 {bytes}，但可用内存只有 {available}</translation>
    </message>
    <message>
        <source>converting the weights: {bytes} for tensor &apos;{name}&apos; could not be allocated</source>
        <translation>转换权重：无法为张量 &apos;{name}&apos; 分配 {bytes}</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos; of type {type} cannot be pruned (no dequantizer)</source>
        <translation>类型为 {type} 的张量 &apos;{name}&apos; 无法剪枝（没有对应的反量化器）</translation>
    </message>
    <message>
        <source>{path}: missing tensor &apos;{name}&apos;</source>
        <translation>{path}：缺少张量 &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>{path}: missing attention tensors of layer {layer}</source>
        <translation>{path}：缺少第 {layer} 层的注意力张量</translation>
    </message>
    <message>
        <source>{path}: structured pruning of attention heads does not cut the {arch} Q/K/V biases yet; use pruning.scope &quot;ffn&quot; for this model</source>
        <translation>{path}：对注意力头做结构化剪枝时还不会裁剪 {arch} 的 Q/K/V 偏置；这个模型请使用 pruning.scope &quot;ffn&quot;</translation>
    </message>
    <message>
        <source>{path}: pruning.method &quot;{method}&quot; needs per-matrix activations, which fused {arch} matrices (attn_qkv, ffn_up) do not have yet; use magnitude or nm</source>
        <translation>{path}：pruning.method &quot;{method}&quot; 需要逐矩阵的激活统计，而 {arch} 的融合矩阵（attn_qkv、ffn_up）目前还没有；请改用 magnitude 或 nm</translation>
    </message>
    <message>
        <source>pruning cancelled</source>
        <translation>剪枝已取消</translation>
    </message>
    <message>
        <source>wanda: no calibration statistics for tensor &apos;{name}&apos;</source>
        <translation>wanda：张量 &apos;{name}&apos; 没有校准统计数据</translation>
    </message>
    <message>
        <source>pruning.ratio cannot be combined with pruning.method &quot;nm&quot; (it removes 1 - n/m)</source>
        <translation>pruning.ratio 不能与 pruning.method &quot;nm&quot; 同时使用（N:M 剪枝固定去掉 1 - n/m）</translation>
    </message>
    <message>
        <source>pruning.n / pruning.m: need 1 &lt;= n &lt; m &lt;= 64, got {n}:{m}</source>
        <translation>pruning.n / pruning.m：需要满足 1 &lt;= n &lt; m &lt;= 64，实际为 {n}:{m}</translation>
    </message>
    <message>
        <source>pruning.ratio is required when pruning.method is &quot;{method}&quot;</source>
        <translation>pruning.method 为 &quot;{method}&quot; 时必须设置 pruning.ratio</translation>
    </message>
    <message>
        <source>pruning.ratio: {ratio} is outside [0, 0.9]</source>
        <translation>pruning.ratio：{ratio} 不在 [0, 0.9] 范围内</translation>
    </message>
    <message>
        <source>{path}: structured pruning needs the model&apos;s layers, FFN width and heads</source>
        <translation>{path}：结构化剪枝需要知道模型的层数、FFN 宽度和注意力头数</translation>
    </message>
    <message>
        <source>pruning.method &quot;wanda&quot; needs calibration activations (run the dense model over a text first; see engine/passes/calibration.h)</source>
        <translation>pruning.method &quot;wanda&quot; 需要校准激活数据（请先用未剪枝的模型跑一遍文本；见 engine/passes/calibration.h）</translation>
    </message>
    <message>
        <source>pruning: {bytes} for tensor &apos;{name}&apos; could not be allocated</source>
        <translation>剪枝：无法为张量 &apos;{name}&apos; 分配 {bytes}</translation>
    </message>
    <message>
        <source>pruning.method &quot;{method}&quot; needs a calibration text: {cause}; pass one explicitly</source>
        <translation>pruning.method &quot;{method}&quot; 需要校准文本：{cause}；请明确指定一个</translation>
    </message>
    <message>
        <source>pruning calibration: {cause}</source>
        <translation>剪枝校准：{cause}</translation>
    </message>
    <message>
        <source>KV cache: invalid mode or precision</source>
        <translation>KV 缓存：模式或精度无效</translation>
    </message>
    <message>
        <source>KV cache shard {shard} (layers {first_layer}..{end_layer}, kv heads {first_head}..{end_head}) is empty or outside the model&apos;s {layers} layers and {kv_heads} kv heads</source>
        <translation>KV 缓存分片 {shard}（第 {first_layer}..{end_layer} 层，KV 头 {first_head}..{end_head}）为空，或超出了模型的 {layers} 层和 {kv_heads} 个 KV 头</translation>
    </message>
    <message>
        <source>KV cache has {shards} shards but was given ops of {devices} devices</source>
        <translation>KV 缓存有 {shards} 个分片，但给出的是 {devices} 个设备的算子</translation>
    </message>
    <message>
        <source>KV cache: sequence {sequence} is not live</source>
        <translation>KV 缓存：序列 {sequence} 不在使用中</translation>
    </message>
    <message>
        <source>KV cache: negative sequence length</source>
        <translation>KV 缓存：序列长度为负数</translation>
    </message>
    <message>
        <source>KV cache: a pass writing from position {from} would leave a gap after the {cached} cached positions</source>
        <translation>KV 缓存：从位置 {from} 开始写入会在已缓存的 {cached} 个位置之后留下空缺</translation>
    </message>
    <message>
        <source>a split over GPUs is not available yet: run on one GPU (devices.gpus [N] with split &quot;none&quot;) or split over virtual CPU devices</source>
        <translation>暂不支持在多个 GPU 之间切分：请在单个 GPU 上运行（devices.gpus [N]，split 为 &quot;none&quot;），或在虚拟 CPU 设备之间切分</translation>
    </message>
    <message>
        <source>devices.gpus asks for {device} but no CUDA device is available: {reason}</source>
        <translation>devices.gpus 要求使用 {device}，但没有可用的 CUDA 设备：{reason}</translation>
    </message>
    <message>
        <source>devices.gpus asks for {device} but this machine has 1 CUDA device (cuda:0 .. cuda:0)</source>
        <translation>devices.gpus 要求使用 {device}，但这台机器只有 1 个 CUDA 设备（cuda:0）</translation>
    </message>
    <message>
        <source>devices.gpus asks for {device} but this machine has {count} CUDA devices (cuda:0 .. cuda:{last})</source>
        <translation>devices.gpus 要求使用 {device}，但这台机器只有 {count} 个 CUDA 设备（cuda:0 .. cuda:{last}）</translation>
    </message>
    <message>
        <source>threads must be 0 (all cores) or positive, got {threads}</source>
        <translation>线程数必须为 0（使用全部核心）或正数，实际为 {threads}</translation>
    </message>
    <message>
        <source>the reference ops run on the CPU only, not on {device}</source>
        <translation>参考实现的算子只能在 CPU 上运行，不能在 {device} 上运行</translation>
    </message>
    <message>
        <source>the model cannot run on {device}: {reasons}</source>
        <translation>模型无法在 {device} 上运行：{reasons}</translation>
    </message>
    <message>
        <source>generate: the logits of step {step} are not finite (token {token} is {value}): the model&apos;s weights hold NaN or Inf values</source>
        <translation>生成：第 {step} 步的 logits 出现非有限值（词元 {token} 为 {value}）：模型权重中含有 NaN 或 Inf</translation>
    </message>
    <message>
        <source>generate: the prompt has no tokens</source>
        <translation>生成：提示词没有任何词元</translation>
    </message>
    <message>
        <source>generate: the prompt encoded to no tokens</source>
        <translation>生成：提示词编码后没有任何词元</translation>
    </message>
    <message>
        <source>generate: max tokens must be at least 1, got {tokens}</source>
        <translation>生成：最大词元数至少为 1，实际为 {tokens}</translation>
    </message>
    <message>
        <source>generate: prompt of {prompt} tokens + {max} max tokens = {total} exceeds the model context of {context} tokens</source>
        <translation>生成：{prompt} 个词元的提示词加上最多 {max} 个生成词元，共 {total} 个，超出了模型 {context} 个词元的上下文长度</translation>
    </message>
    <message>
        <source>generate: prompt of {prompt} tokens + {max} max tokens needs {need} positions of KV cache, but kv_cache.capacity_tokens is {capacity}</source>
        <translation>生成：{prompt} 个词元的提示词加上最多 {max} 个生成词元，需要 {need} 个 KV 缓存位置，但 kv_cache.capacity_tokens 只有 {capacity}</translation>
    </message>
    <message>
        <source>generate: cancelled after {tokens} tokens</source>
        <translation>生成：已在生成 {tokens} 个词元后取消</translation>
    </message>
    <message>
        <source>evaluation needs at least 2 tokens, got {tokens}</source>
        <translation>评测至少需要 2 个词元，实际只有 {tokens} 个</translation>
    </message>
    <message>
        <source>token {token} at index {index} is outside the vocabulary of {vocab}</source>
        <translation>位置 {index} 的词元 {token} 超出了大小为 {vocab} 的词表</translation>
    </message>
    <message>
        <source>window must be at least 2, got {window}</source>
        <translation>窗口至少为 2，实际为 {window}</translation>
    </message>
    <message>
        <source>stride must be in [1, window - 1] = [1, {last}], got {stride}</source>
        <translation>步长必须在 [1, 窗口 - 1] = [1, {last}] 之内，实际为 {stride}</translation>
    </message>
    <message>
        <source>llama.cpp-style perplexity needs at least one whole window of {window} tokens; the text has {tokens}</source>
        <translation>llama.cpp 方式的困惑度至少需要一个完整的 {window} 词元窗口；文本只有 {tokens} 个词元</translation>
    </message>
    <message>
        <source>window and stride must be &gt;= 0 (0 = default) and batch &gt;= 1</source>
        <translation>窗口和步长必须 &gt;= 0（0 表示默认值），批大小必须 &gt;= 1</translation>
    </message>
    <message>
        <source>window of {window} tokens exceeds the model context of {context}</source>
        <translation>{window} 个词元的窗口超出了模型 {context} 的上下文长度</translation>
    </message>
    <message>
        <source>window must be at least 2 tokens</source>
        <translation>窗口至少为 2 个词元</translation>
    </message>
    <message>
        <source>llama.cpp-style windows need at least 4 tokens</source>
        <translation>llama.cpp 方式的窗口至少需要 4 个词元</translation>
    </message>
    <message>
        <source>stride {stride} must be smaller than the window of {window}</source>
        <translation>步长 {stride} 必须小于窗口 {window}</translation>
    </message>
    <message>
        <source>evaluation cancelled</source>
        <translation>评测已取消</translation>
    </message>
    <message>
        <source>the evaluation text gives only {tokens} token(s); at least 2 are needed</source>
        <translation>评测文本只有 {tokens} 个词元；至少需要 2 个</translation>
    </message>
    <message>
        <source>cannot compare models with different vocabularies ({first} and {second} tokens)</source>
        <translation>无法比较词表不同的模型（分别有 {first} 和 {second} 个词元）</translation>
    </message>
    <message>
        <source>greedy generation needs a non-empty prompt</source>
        <translation>贪心生成需要非空的提示词</translation>
    </message>
    <message>
        <source>greedy generation needs a count &gt;= 1</source>
        <translation>贪心生成的数量必须 &gt;= 1</translation>
    </message>
    <message>
        <source>prompt token {token} is outside the vocabulary of {vocab}</source>
        <translation>提示词中的词元 {token} 超出了大小为 {vocab} 的词表</translation>
    </message>
    <message>
        <source>a prompt of {prompt} tokens plus {count} generated exceeds the context of {context}</source>
        <translation>{prompt} 个词元的提示词加上 {count} 个生成的词元，超出了 {context} 的上下文长度</translation>
    </message>
    <message>
        <source>not a sweep header: {cause}</source>
        <translation>不是扫描文件的文件头：{cause}</translation>
    </message>
    <message>
        <source>the first line is not {expected}</source>
        <translation>第一行不是 {expected}</translation>
    </message>
    <message>
        <source>workload: {cause}</source>
        <translation>负载：{cause}</translation>
    </message>
    <message>
        <source>no grid axes</source>
        <translation>没有网格维度</translation>
    </message>
    <message>
        <source>cannot read {path}</source>
        <translation>无法读取 {path}</translation>
    </message>
    <message>
        <source>{path} is not a sweep results file (line 1 is not JSON)</source>
        <translation>{path} 不是扫描结果文件（第 1 行不是 JSON）</translation>
    </message>
    <message>
        <source>{path}:{line}: not a JSON line</source>
        <translation>{path}:{line}：不是一行 JSON</translation>
    </message>
    <message>
        <source>{path} holds another sweep (its header differs)</source>
        <translation>{path} 保存的是另一次扫描（文件头不同）</translation>
    </message>
    <message>
        <source>{path} holds another sweep ({keys} differs)</source>
        <translation>{path} 保存的是另一次扫描（{keys} 不同）</translation>
    </message>
    <message>
        <source>{path} holds another sweep ({keys} differ)</source>
        <translation>{path} 保存的是另一次扫描（{keys} 不同）</translation>
    </message>
    <message>
        <source>{path} is empty</source>
        <translation>{path} 是空的</translation>
    </message>
    <message>
        <source>cannot write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <source>cannot append to {path}</source>
        <translation>无法追加写入 {path}</translation>
    </message>
    <message>
        <source>cannot append to the results file</source>
        <translation>无法追加写入结果文件</translation>
    </message>
    <message>
        <source>sweep cancelled</source>
        <translation>扫描已取消</translation>
    </message>
    <message>
        <source>a sweep needs at least one repetition</source>
        <translation>扫描至少需要重复一次</translation>
    </message>
    <message>
        <source>the sweep&apos;s workload has no requests</source>
        <translation>扫描使用的负载没有任何请求</translation>
    </message>
    <message>
        <source>a sweep needs -p or -n above 0</source>
        <translation>扫描需要 -p 或 -n 大于 0</translation>
    </message>
    <message>
        <source>devices.split: tensor parallel over GPUs needs their all-reduce (NCCL), which this build does not run yet; use the pipeline split or one GPU</source>
        <translation>devices.split：在多个 GPU 上做张量并行需要它们之间的 all-reduce（NCCL），这个版本还不支持；请使用流水线切分或单个 GPU</translation>
    </message>
    <message>
        <source>KV cache of {capacity} tokens exceeds the model context of {context}</source>
        <translation>{capacity} 个词元的 KV 缓存超出了模型 {context} 的上下文长度</translation>
    </message>
    <message>
        <source>forward: positions {first}..{last} exceed the model context of {context} tokens</source>
        <translation>前向计算：位置 {first}..{last} 超出了模型 {context} 个词元的上下文长度</translation>
    </message>
    <message>
        <source>forward: positions {first}..{last} exceed the KV cache capacity of {capacity} tokens</source>
        <translation>前向计算：位置 {first}..{last} 超出了 KV 缓存 {capacity} 个词元的容量</translation>
    </message>
    <message>
        <source>forward cancelled before layer {layer}</source>
        <translation>前向计算在第 {layer} 层之前被取消</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>cannot write {path}: it is {kind}; name a new file or a regular file to replace</source>
        <translation>无法写入 {path}：它是{kind}；请指定一个新文件，或一个可以覆盖的普通文件</translation>
    </message>
    <message>
        <source>a directory</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>a FIFO</source>
        <translation>管道</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>非普通文件</translation>
    </message>
    <message>
        <source>{path}: cannot create: {reason}</source>
        <translation>{path}：无法创建：{reason}</translation>
    </message>
    <message>
        <source>{path}: cannot open for writing: {reason}</source>
        <translation>{path}：无法打开以写入：{reason}</translation>
    </message>
    <message>
        <source>cannot open trace file for writing: {path}</source>
        <translation>无法打开跟踪文件以写入：{path}</translation>
    </message>
    <message>
        <source>cannot write trace file: {path}</source>
        <translation>无法写入跟踪文件：{path}</translation>
    </message>
    <message>
        <source>loading cancelled</source>
        <translation>已取消加载</translation>
    </message>
    <message>
        <source>tokenizer.ggml.merges: entry {index} is not &quot;left right&quot;: &apos;{line}&apos;</source>
        <translation>tokenizer.ggml.merges：第 {index} 项不是 &quot;左 右&quot; 的形式：&apos;{line}&apos;</translation>
    </message>
    <message>
        <source>tokenizer.ggml.pre: unsupported pre-tokenizer &apos;{name}&apos;</source>
        <translation>tokenizer.ggml.pre：不支持的预分词器 &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>cannot create {path}: {reason}</source>
        <translation>无法创建 {path}：{reason}</translation>
    </message>
    <message>
        <source>quantization error study: no target dtype</source>
        <translation>量化误差研究：没有指定目标数据类型</translation>
    </message>
    <message>
        <source>quantization error study: bins must be &gt;= 1</source>
        <translation>量化误差研究：直方图的区间数必须 &gt;= 1</translation>
    </message>
    <message>
        <source>{tensor}: cannot dequantize its storage type</source>
        <translation>{tensor}：无法反量化它的存储类型</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>pruning study: the quality text needs at least 2 tokens</source>
        <translation>剪枝研究：用来评估质量的文本至少需要 2 个词元</translation>
    </message>
    <message>
        <source>sensitivity needs a target weights dtype</source>
        <translation>敏感度分析需要指定权重的目标数据类型</translation>
    </message>
    <message>
        <source>sensitivity cancelled</source>
        <translation>敏感度分析已取消</translation>
    </message>
    <message>
        <source>calibration: no tokens to run</source>
        <translation>校准：没有可运行的词元</translation>
    </message>
    <message>
        <source>calibration text gives {tokens} token(s); at least 2 are needed</source>
        <translation>校准文本只得到 {tokens} 个词元，至少需要 2 个</translation>
    </message>
    <message>
        <source>bundled text &apos;{name}&apos; not found in resources/eval/ or share/inferscope/eval/ above {folder} or in the working folder</source>
        <translation>找不到自带文本 &apos;{name}&apos;：{folder} 及其上级目录的 resources/eval/ 或 share/inferscope/eval/ 中都没有，工作目录中也没有</translation>
    </message>
    <message>
        <source>the executable</source>
        <translation>可执行文件所在位置</translation>
    </message>
    <message>
        <source>unknown synthetic shape</source>
        <translation>未知的合成模型规格</translation>
    </message>
    <message>
        <source>synthetic models can be written as f32, f16, bf16, q8_0 or q4_0, not {dtype}</source>
        <translation>合成模型只能保存为 f32、f16、bf16、q8_0 或 q4_0，不支持 {dtype}</translation>
    </message>
    <message>
        <source>no output path for the synthetic model</source>
        <translation>没有为合成模型指定输出路径</translation>
    </message>
    <message>
        <source>{path}: synthesis cancelled</source>
        <translation>{path}：合成已取消</translation>
    </message>
    <message>
        <source>{path}: write failed: {reason}</source>
        <translation>{path}：写入失败：{reason}</translation>
    </message>
    <message>
        <source>{path}: flush failed: {reason}</source>
        <translation>{path}：刷新到磁盘失败：{reason}</translation>
    </message>
    <message>
        <source>{path}: close failed: {reason}</source>
        <translation>{path}：关闭文件失败：{reason}</translation>
    </message>
    <message>
        <source>disk full ({reason})</source>
        <translation>磁盘已满（{reason}）</translation>
    </message>
    <message>
        <source>{path}: cannot rename {temporary} into place: {reason}</source>
        <translation>{path}：无法把 {temporary} 重命名为最终文件：{reason}</translation>
    </message>
    <message>
        <source>{path}: empty metadata key</source>
        <translation>{path}：元数据键为空</translation>
    </message>
    <message>
        <source>{path}: duplicate metadata key &apos;{key}&apos;</source>
        <translation>{path}：元数据键 &apos;{key}&apos; 重复</translation>
    </message>
    <message>
        <source>{path}: duplicate tensor name &apos;{name}&apos;</source>
        <translation>{path}：张量名 &apos;{name}&apos; 重复</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos;: {dims} dimensions (1 to 4 allowed)</source>
        <translation>张量 &apos;{name}&apos; 有 {dims} 个维度（只允许 1 到 4 个）</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos;: unknown type id {type}</source>
        <translation>张量 &apos;{name}&apos;：未知的类型编号 {type}</translation>
    </message>
    <message>
        <source>tensor &apos;{name}&apos;: row length {row} is not a multiple of the {type} block size {block}</source>
        <translation>张量 &apos;{name}&apos;：行长度 {row} 不是 {type} 块大小 {block} 的整数倍</translation>
    </message>
    <message>
        <source>{path}: alignment {alignment} must be a power of two &gt;= 8</source>
        <translation>{path}：对齐值 {alignment} 必须是 &gt;= 8 的 2 的幂</translation>
    </message>
    <message>
        <source>{path}: general.alignment {declared} differs from the writer&apos;s {alignment}</source>
        <translation>{path}：general.alignment 为 {declared}，与写入器的对齐值 {alignment} 不一致</translation>
    </message>
    <message>
        <source>the weights of {share} need {need} on {device}, which has {free} free of {total}</source>
        <translation>{share} 的权重在 {device} 上需要 {need}，而它只有 {free} 可用（共 {total}）</translation>
    </message>
    <message>
        <source>the whole model</source>
        <translation>整个模型</translation>
    </message>
    <message>
        <source>the weights on {device}: {reason}</source>
        <translation>{device} 上的权重：{reason}</translation>
    </message>
    <message>
        <source>no exact GGUF equivalent of int8 with groups of {group}; nearest is Q8_0 (groups of 32)</source>
        <translation>GGUF 中没有与每组 {group} 个的 int8 完全对应的类型；最接近的是 Q8_0（每组 32 个）</translation>
    </message>
    <message>
        <source>no asymmetric 8-bit GGUF weight type; nearest is Q8_0 (symmetric)</source>
        <translation>GGUF 没有非对称的 8 位权重类型；最接近的是 Q8_0（对称）</translation>
    </message>
    <message>
        <source>no exact GGUF equivalent of int4 with groups of {group} (symmetric); nearest is {type} (groups of 32)</source>
        <translation>GGUF 中没有与每组 {group} 个的 int4（对称）完全对应的类型；最接近的是 {type}（每组 32 个）</translation>
    </message>
    <message>
        <source>no exact GGUF equivalent of int4 with groups of {group} (asymmetric); nearest is {type} (groups of 32)</source>
        <translation>GGUF 中没有与每组 {group} 个的 int4（非对称）完全对应的类型；最接近的是 {type}（每组 32 个）</translation>
    </message>
    <message>
        <source>llama.cpp reads GGUF files only; convert {path} to GGUF first</source>
        <translation>llama.cpp 只读取 GGUF 文件；请先把 {path} 转换为 GGUF</translation>
    </message>
    <message>
        <source>not exported: llama-quantize needs a base type, and weights.dtype is not set</source>
        <translation>未导出：llama-quantize 需要一个基础类型，而 weights.dtype 没有设置</translation>
    </message>
    <message>
        <source>passed as llama-quantize --tensor-type regular expressions (recent llama.cpp)</source>
        <translation>以 llama-quantize 的 --tensor-type 正则表达式传入（需要较新的 llama.cpp）</translation>
    </message>
    <message>
        <source>{tensor} is {type} in InferScope, a type llama.cpp does not have; llama-quantize chooses its own</source>
        <translation>{tensor} 在 InferScope 中是 {type}，llama.cpp 没有这种类型；llama-quantize 会自行选择类型</translation>
    </message>
    <message>
        <source>llama.cpp always keeps a KV cache; &quot;off&quot; (recompute the prefix every token) has no equivalent</source>
        <translation>llama.cpp 总是保留 KV 缓存；&quot;off&quot;（每生成一个词元都重新计算前缀）没有对应设置</translation>
    </message>
    <message>
        <source>llama.cpp&apos;s KV cache is one buffer of token cells, not paged blocks; &quot;paged&quot; runs as contiguous</source>
        <translation>llama.cpp 的 KV 缓存是一整块按词元划分的缓冲区，而不是分页的块；&quot;paged&quot; 会按连续方式运行</translation>
    </message>
    <message>
        <source>no llama.cpp equivalent (its cache is not paged)</source>
        <translation>llama.cpp 中没有对应设置（它的缓存不分页）</translation>
    </message>
    <message>
        <source>llama.cpp quantizes the V cache only with flash attention: add -fa (-fa on in newer builds)</source>
        <translation>llama.cpp 只有在启用 flash attention 时才会量化 V 缓存：请加上 -fa（较新版本为 -fa on）</translation>
    </message>
    <message>
        <source>0 (all cores) is left to llama.cpp&apos;s default thread count</source>
        <translation>0（使用全部核心）交给 llama.cpp 的默认线程数决定</translation>
    </message>
    <message>
        <source>llama.cpp&apos;s row split divides each weight matrix by rows across the GPUs; close to, but not the same as, InferScope&apos;s head-wise tensor parallelism</source>
        <translation>llama.cpp 的 row 切分把每个权重矩阵按行分到各块 GPU 上；与 InferScope 按注意力头切分的张量并行相近，但并不相同</translation>
    </message>
    <message>
        <source>pipeline over one GPU is a CPU+GPU layer split: lower -ngl to the number of layers to keep on the GPU</source>
        <translation>单块 GPU 上的流水线就是 CPU+GPU 分层：把 -ngl 调低到要留在 GPU 上的层数</translation>
    </message>
    <message>
        <source>pipeline over virtual CPU devices has no llama.cpp equivalent</source>
        <translation>在虚拟 CPU 设备上做流水线并行，llama.cpp 中没有对应设置</translation>
    </message>
    <message>
        <source>tensor parallel over virtual CPU devices has no llama.cpp equivalent: one process with -t threads is the CPU&apos;s nearest setting</source>
        <translation>在虚拟 CPU 设备上做张量并行，llama.cpp 中没有对应设置：CPU 上最接近的是单个进程配合 -t 线程数</translation>
    </message>
    <message>
        <source>{count} virtual CPU devices are an InferScope teaching device; llama.cpp runs the CPU as one device</source>
        <translation>{count} 个虚拟 CPU 设备是 InferScope 用于教学的设备；llama.cpp 把 CPU 当作一个设备运行</translation>
    </message>
    <message>
        <source>layer shares map onto --tensor-split only with 2 or more GPUs</source>
        <translation>只有在 2 块或更多 GPU 时，各层份额才能对应到 --tensor-split</translation>
    </message>
    <message>
        <source>{framework} draws with its own random generator: the same seed gives other tokens than InferScope</source>
        <translation>{framework} 使用自己的随机数生成器抽样：同一个种子得到的词元与 InferScope 不同</translation>
    </message>
    <message>
        <source>not passed: llama.cpp seeds are 32-bit and {seed} does not fit</source>
        <translation>未传入：llama.cpp 的种子是 32 位的，{seed} 超出了范围</translation>
    </message>
    <message>
        <source>{framework} does not prune; prune in InferScope and export the pruned weights</source>
        <translation>{framework} 不做剪枝；请在 InferScope 中剪枝，再导出剪枝后的权重</translation>
    </message>
    <message>
        <source>{framework} does not prune; prune in InferScope and export the pruned weights (a 2:4 checkpoint in compressed-tensors format runs on vLLM&apos;s 2:4 sparse kernels)</source>
        <translation>{framework} 不做剪枝；请在 InferScope 中剪枝，再导出剪枝后的权重（compressed-tensors 格式的 2:4 检查点可以在 vLLM 的 2:4 稀疏内核上运行）</translation>
    </message>
    <message>
        <source>vLLM cannot load a llama2.c checkpoint (.bin); it serves Hugging Face folders and, experimentally, GGUF files: the first command converts the checkpoint to a {type} GGUF</source>
        <translation>vLLM 无法加载 llama2.c 检查点（.bin）；它能运行 Hugging Face 文件夹，以及（实验性地）GGUF 文件：第一条命令会把检查点转换为 {type} 的 GGUF</translation>
    </message>
    <message>
        <source>vLLM serves a GGUF in the tensor types stored in it and cannot quantize on load; serve a GGUF written as {type} (the llama.cpp export&apos;s llama-quantize step writes it)</source>
        <translation>vLLM 按 GGUF 中存储的张量类型运行，加载时无法量化；请使用以 {type} 写出的 GGUF（llama.cpp 导出中的 llama-quantize 步骤会生成它）</translation>
    </message>
    <message>
        <source>vLLM runs int8 weights only from a pre-quantized checkpoint (e.g. W8A8 in compressed-tensors format); the nearest on-load option is --quantization fp8</source>
        <translation>vLLM 只能从预先量化好的检查点（例如 compressed-tensors 格式的 W8A8）运行 int8 权重；加载时最接近的选项是 --quantization fp8</translation>
    </message>
    <message>
        <source>vLLM runs int4 weights only from a checkpoint pre-quantized with {method} (4-bit, group size {group}), whose config.json names the method; it cannot quantize to int4 on load</source>
        <translation>vLLM 只能从用 {method} 预先量化的检查点（4 位，组大小 {group}）运行 int4 权重，量化方法写在检查点的 config.json 里；它无法在加载时量化为 int4</translation>
    </message>
    <message>
        <source>vLLM has no per-tensor precision overrides</source>
        <translation>vLLM 不能按张量单独指定精度</translation>
    </message>
    <message>
        <source>vLLM always keeps a paged KV cache; &quot;off&quot; has no equivalent</source>
        <translation>vLLM 总是保留分页的 KV 缓存；&quot;off&quot; 没有对应设置</translation>
    </message>
    <message>
        <source>vLLM&apos;s KV cache is always paged; &quot;{mode}&quot; has no equivalent</source>
        <translation>vLLM 的 KV 缓存总是分页的；&quot;{mode}&quot; 没有对应设置</translation>
    </message>
    <message>
        <source>vLLM has no int8 KV cache; fp8 is its 8-bit cache type</source>
        <translation>vLLM 没有 int8 的 KV 缓存；它的 8 位缓存类型是 fp8</translation>
    </message>
    <message>
        <source>vLLM keeps the cache in the model dtype (auto); {dtype} needs --dtype {model_dtype}</source>
        <translation>vLLM 让缓存使用模型的数据类型（auto）；要得到 {dtype} 需要 --dtype {model_dtype}</translation>
    </message>
    <message>
        <source>the whole cache in InferScope; --max-model-len bounds one sequence, and vLLM sizes its cache from --gpu-memory-utilization</source>
        <translation>在 InferScope 中这是整个缓存的大小；--max-model-len 限制的是单个序列，vLLM 按 --gpu-memory-utilization 决定缓存大小</translation>
    </message>
    <message>
        <source>vLLM always batches continuously; &quot;static&quot; has no equivalent</source>
        <translation>vLLM 总是使用连续批处理；&quot;static&quot; 没有对应设置</translation>
    </message>
    <message>
        <source>vLLM has no engine argument for CPU threads</source>
        <translation>vLLM 没有设置 CPU 线程数的引擎参数</translation>
    </message>
    <message>
        <source>empty (CPU only): vLLM needs its CPU build for that</source>
        <translation>为空（只用 CPU）：这需要 vLLM 的 CPU 版本</translation>
    </message>
    <message>
        <source>pipeline over fewer than 2 GPUs has no vLLM equivalent (nearest: --cpu-offload-gb)</source>
        <translation>少于 2 块 GPU 的流水线并行在 vLLM 中没有对应设置（最接近的是 --cpu-offload-gb）</translation>
    </message>
    <message>
        <source>tensor parallel over virtual CPU devices has no vLLM equivalent: vLLM&apos;s --tensor-parallel-size needs one GPU per rank</source>
        <translation>在虚拟 CPU 设备上做张量并行，vLLM 中没有对应设置：vLLM 的 --tensor-parallel-size 每个进程需要一块 GPU</translation>
    </message>
    <message>
        <source>vLLM has no virtual CPU devices; with {count} GPUs this profile maps to {flag} {count}</source>
        <translation>vLLM 没有虚拟 CPU 设备；若有 {count} 块 GPU，这个配置对应 {flag} {count}</translation>
    </message>
    <message>
        <source>vLLM spreads pipeline layers evenly over the stages</source>
        <translation>vLLM 把流水线的各层平均分配到各个阶段</translation>
    </message>
    <message>
        <source>no vLLM equivalent: its repetition_penalty covers the whole prompt and output</source>
        <translation>vLLM 中没有对应设置：它的 repetition_penalty 作用于整个提示词和输出</translation>
    </message>
    <message>
        <source>vLLM&apos;s GGUF loading is experimental and needs --tokenizer naming the original Hugging Face tokenizer</source>
        <translation>vLLM 加载 GGUF 还处于实验阶段，需要用 --tokenizer 指定原始的 Hugging Face 分词器</translation>
    </message>
    <message>
        <source>int8_wo keeps one scale per output channel; TensorRT-LLM has no int8 groups of {group}</source>
        <translation>int8_wo 每个输出通道只保留一个缩放因子；TensorRT-LLM 没有每组 {group} 个的 int8 分组</translation>
    </message>
    <message>
        <source>TensorRT-LLM&apos;s int4 group-wise kernels take groups of 64 or 128; nearest to 32 is --awq_block_size 64</source>
        <translation>TensorRT-LLM 的 int4 分组内核只支持每组 64 或 128 个；与 32 最接近的是 --awq_block_size 64</translation>
    </message>
    <message>
        <source>AWQ calibrates a per-channel activation scale before rounding (--calib_size samples); InferScope rounds each group to nearest. int4_wo rounds to nearest but with one scale per channel</source>
        <translation>AWQ 在取整之前先校准每个通道的激活缩放因子（使用 --calib_size 个样本）；InferScope 则把每组直接取整到最近值。int4_wo 也是取整到最近值，但每个通道只有一个缩放因子</translation>
    </message>
    <message>
        <source>TensorRT-LLM&apos;s int8_wo / int4_awq weights are symmetric; no asymmetric (zero-point) equivalent</source>
        <translation>TensorRT-LLM 的 int8_wo / int4_awq 权重是对称的；没有对应的非对称（带零点）方式</translation>
    </message>
    <message>
        <source>no effect on float weights</source>
        <translation>对浮点权重不起作用</translation>
    </message>
    <message>
        <source>weights.dtype is not set: the checkpoint&apos;s weights are kept</source>
        <translation>weights.dtype 没有设置：保留检查点原有的权重</translation>
    </message>
    <message>
        <source>quantize.py has no per-tensor precision; nearest: --quantize_lm_head for output.weight, or --autoq_format with --auto_quantize_bits to let it mix formats</source>
        <translation>quantize.py 不能按张量单独指定精度；最接近的做法：对 output.weight 用 --quantize_lm_head，或者用 --autoq_format 加 --auto_quantize_bits 让它自行混合格式</translation>
    </message>
    <message>
        <source>&quot;off&quot; (recompute the prefix every token) has no equivalent: --kv_cache_type disabled runs the context phase only</source>
        <translation>&quot;off&quot;（每生成一个词元都重新计算前缀）没有对应设置：--kv_cache_type disabled 只运行上下文阶段</translation>
    </message>
    <message>
        <source>blocks exist only in the paged cache</source>
        <translation>只有分页缓存才有块</translation>
    </message>
    <message>
        <source>a continuous cache is max_batch_size x max_seq_len tokens; --max_seq_len {tokens} bounds one sequence</source>
        <translation>连续缓存的大小是 max_batch_size x max_seq_len 个词元；--max_seq_len {tokens} 限制的是单个序列</translation>
    </message>
    <message>
        <source>TensorRT-LLM&apos;s int8 cache uses scales calibrated once per layer; InferScope scales each cached token per head as it writes it</source>
        <translation>TensorRT-LLM 的 int8 缓存使用每层校准一次的缩放因子；InferScope 则在写入时为每个缓存词元的每个注意力头单独缩放</translation>
    </message>
    <message>
        <source>TensorRT-LLM keeps the cache in the model dtype (--dtype); {dtype} needs --dtype {model_dtype}</source>
        <translation>TensorRT-LLM 让缓存使用模型的数据类型（--dtype）；要得到 {dtype} 需要 --dtype {model_dtype}</translation>
    </message>
    <message>
        <source>the C++ runtime batches in flight; nearest to static batches: run.py --use_py_session</source>
        <translation>C++ 运行时使用 in-flight 批处理；最接近静态批处理的是 run.py --use_py_session</translation>
    </message>
    <message>
        <source>empty (CPU only): TensorRT-LLM runs on NVIDIA GPUs only</source>
        <translation>为空（只用 CPU）：TensorRT-LLM 只能在 NVIDIA GPU 上运行</translation>
    </message>
    <message>
        <source>{split} split needs 2 or more GPUs in {framework} (one rank per GPU)</source>
        <translation>在 {framework} 中，{split} 切分需要 2 块或更多 GPU（每块 GPU 一个进程）</translation>
    </message>
    <message>
        <source>TensorRT-LLM spreads the layers evenly over the pipeline ranks</source>
        <translation>TensorRT-LLM 把各层平均分配到流水线的各个进程上</translation>
    </message>
    <message>
        <source>no per-layer CPU offload; nearest: trtllm-build --weight_streaming with run.py --gpu_weights_percent (the share of weights kept on the GPU)</source>
        <translation>不能按层卸载到 CPU；最接近的做法：trtllm-build --weight_streaming 配合 run.py --gpu_weights_percent（留在 GPU 上的权重比例）</translation>
    </message>
    <message>
        <source>run.py has no min-p flag</source>
        <translation>run.py 没有 min-p 参数</translation>
    </message>
    <message>
        <source>no equivalent: the repetition penalty covers every earlier token</source>
        <translation>没有对应设置：重复惩罚作用于之前的所有词元</translation>
    </message>
    <message>
        <source>TensorRT-LLM reads Hugging Face checkpoints, not GGUF: pass the model&apos;s original Hugging Face folder as --model_dir</source>
        <translation>TensorRT-LLM 读取 Hugging Face 检查点，不读 GGUF：请把模型原始的 Hugging Face 文件夹作为 --model_dir 传入</translation>
    </message>
    <message>
        <source>trtllm-build --weight_sparsity runs 2:4-sparse weights on sparse tensor cores</source>
        <translation>trtllm-build --weight_sparsity 可以在稀疏 Tensor Core 上运行 2:4 稀疏权重</translation>
    </message>
    <message>
        <source>run.py needs --max_output_len; the profile sets no sampling.max_tokens, so 128 is a placeholder</source>
        <translation>run.py 需要 --max_output_len；配置没有设置 sampling.max_tokens，所以 128 只是占位值</translation>
    </message>
    <message>
        <source>{framework} does not prune: prune in InferScope (export-model) and serve the pruned weights</source>
        <translation>{framework} 不做剪枝：请在 InferScope 中剪枝（export-model），再部署剪枝后的权重</translation>
    </message>
    <message>
        <source>{framework} does not prune: prune in InferScope (export-model) and serve the pruned weights; {hint}</source>
        <translation>{framework} 不做剪枝：请在 InferScope 中剪枝（export-model），再部署剪枝后的权重；{hint}</translation>
    </message>
    <message>
        <source>{framework} runs on the GPU; it has no setting for CPU threads</source>
        <translation>{framework} 在 GPU 上运行；没有设置 CPU 线程数的选项</translation>
    </message>
    <message>
        <source>virtual CPU devices are an InferScope teaching device; {framework} splits a model over GPUs only</source>
        <translation>虚拟 CPU 设备是 InferScope 用于教学的设备；{framework} 只会把模型切分到多块 GPU 上</translation>
    </message>
    <message>
        <source>not mapped: this InferScope version has no mapping for this key</source>
        <translation>未映射：这个版本的 InferScope 还没有这个键的映射</translation>
    </message>
    <message>
        <source>Triton&apos;s vLLM backend</source>
        <translation>Triton 的 vLLM 后端</translation>
    </message>
    <message>
        <source>a 2:4 checkpoint in compressed-tensors format runs on vLLM&apos;s 2:4 sparse kernels</source>
        <translation>compressed-tensors 格式的 2:4 检查点可以在 vLLM 的 2:4 稀疏内核上运行</translation>
    </message>
    <message>
        <source>vLLM runs int8 weights only from a pre-quantized checkpoint (W8A8 or W8A16 in compressed-tensors format); it cannot quantize to int8 on load</source>
        <translation>vLLM 只能从预先量化好的检查点（compressed-tensors 格式的 W8A8 或 W8A16）运行 int8 权重；它无法在加载时量化为 int8</translation>
    </message>
    <message>
        <source>vLLM runs int4 weights only from a pre-quantized GPTQ or AWQ checkpoint (4-bit, group size {group}); set &quot;quantization&quot; to its method in model.json</source>
        <translation>vLLM 只能从预先用 GPTQ 或 AWQ 量化好的检查点（4 位，组大小 {group}）运行 int4 权重；请在 model.json 中把 &quot;quantization&quot; 设为该方法</translation>
    </message>
    <message>
        <source>a property of the pre-quantized checkpoint, not an engine argument</source>
        <translation>这是预先量化好的检查点本身的属性，不是引擎参数</translation>
    </message>
    <message>
        <source>no effect without int8 / int4 weights</source>
        <translation>没有 int8 / int4 权重时不起作用</translation>
    </message>
    <message>
        <source>a property of the pre-quantized checkpoint (GPTQ: symmetric or not; AWQ: zero points)</source>
        <translation>这是预先量化好的检查点本身的属性（GPTQ：是否对称；AWQ：零点）</translation>
    </message>
    <message>
        <source>vLLM has no int8 KV cache; &quot;fp8&quot; is its 8-bit cache</source>
        <translation>vLLM 没有 int8 的 KV 缓存；它的 8 位缓存是 &quot;fp8&quot;</translation>
    </message>
    <message>
        <source>vLLM keeps the cache in the model dtype (&quot;auto&quot;); {dtype} needs &quot;dtype&quot;: &quot;{model_dtype}&quot;</source>
        <translation>vLLM 让缓存使用模型的数据类型（&quot;auto&quot;）；要得到 {dtype} 需要 &quot;dtype&quot;: &quot;{model_dtype}&quot;</translation>
    </message>
    <message>
        <source>the whole cache in InferScope; &quot;max_model_len&quot; bounds one sequence and vLLM sizes its cache from &quot;gpu_memory_utilization&quot;</source>
        <translation>在 InferScope 中这是整个缓存的大小；&quot;max_model_len&quot; 限制的是单个序列，vLLM 按 &quot;gpu_memory_utilization&quot; 决定缓存大小</translation>
    </message>
    <message>
        <source>empty (CPU only): the vLLM backend needs vLLM&apos;s CPU build for that</source>
        <translation>为空（只用 CPU）：这需要 vLLM 后端使用 vLLM 的 CPU 版本</translation>
    </message>
    <message>
        <source>no per-layer offload; nearest: &quot;cpu_offload_gb&quot; (gigabytes of weights kept in CPU memory)</source>
        <translation>不能按层卸载；最接近的是 &quot;cpu_offload_gb&quot;（留在 CPU 内存中的权重 GB 数）</translation>
    </message>
    <message>
        <source>vLLM&apos;s GGUF loading is experimental and needs &quot;tokenizer&quot; naming the original Hugging Face tokenizer</source>
        <translation>vLLM 加载 GGUF 还处于实验阶段，需要用 &quot;tokenizer&quot; 指定原始的 Hugging Face 分词器</translation>
    </message>
    <message>
        <source>the profile keeps the model&apos;s weights; the builder needs a precision, -p {precision} is nearest</source>
        <translation>配置保留模型原有的权重；但构建器需要指定精度，最接近的是 -p {precision}</translation>
    </message>
    <message>
        <source>the builder makes {precision} models for CUDA only; on the CPU -p fp32 is nearest</source>
        <translation>构建器只为 CUDA 生成 {precision} 模型；在 CPU 上最接近的是 -p fp32</translation>
    </message>
    <message>
        <source>no per-tensor precision by name pattern; nearest: --extra_options nodes_to_exclude=&lt;ONNX MatMul node names&gt; (kept in float) or matmul_mixed_precision=last_matmul:int8</source>
        <translation>不能按名称模式为张量单独指定精度；最接近的做法：--extra_options nodes_to_exclude=&lt;ONNX MatMul 节点名&gt;（保持浮点）或 matmul_mixed_precision=last_matmul:int8</translation>
    </message>
    <message>
        <source>ONNX Runtime GenAI always keeps a KV cache; &quot;off&quot; has no equivalent</source>
        <translation>ONNX Runtime GenAI 总是保留 KV 缓存；&quot;off&quot; 没有对应设置</translation>
    </message>
    <message>
        <source>the builder&apos;s paged attention needs CUDA with -p fp16 or bf16; this export uses the contiguous cache</source>
        <translation>构建器的分页注意力需要 CUDA 且 -p 为 fp16 或 bf16；这次导出使用连续缓存</translation>
    </message>
    <message>
        <source>PagedAttention blocks are multiples of 256 tokens; nearest to {tokens} is paged_block_size=256</source>
        <translation>PagedAttention 的块大小是 256 个词元的倍数；与 {tokens} 最接近的是 paged_block_size=256</translation>
    </message>
    <message>
        <source>the whole cache in InferScope; search.max_length bounds each sequence</source>
        <translation>在 InferScope 中这是整个缓存的大小；search.max_length 限制的是每个序列</translation>
    </message>
    <message>
        <source>nearest: --extra_options kv_cache_quant_type=int8_per_channel with kv_cache_scale_file=&lt;calibrated per-layer scales&gt;; InferScope scales each cached token per head as it writes it, so there is no file to pass</source>
        <translation>最接近的做法：--extra_options kv_cache_quant_type=int8_per_channel 加上 kv_cache_scale_file=&lt;calibrated per-layer scales&gt;（校准好的逐层缩放因子）；InferScope 在写入时为每个缓存词元的每个注意力头单独缩放，所以没有可传入的文件</translation>
    </message>
    <message>
        <source>the cache takes the model&apos;s I/O dtype ({dtype} for -p {precision} on CUDA)</source>
        <translation>缓存使用模型的输入输出数据类型（在 CUDA 上 -p {precision} 时为 {dtype}）</translation>
    </message>
    <message>
        <source>the cache takes the model&apos;s I/O dtype ({dtype} for -p {precision} on the CPU)</source>
        <translation>缓存使用模型的输入输出数据类型（在 CPU 上 -p {precision} 时为 {dtype}）</translation>
    </message>
    <message>
        <source>dynamic (continuous) batching needs a paged-attention model (CUDA, fp16 / bf16, kv_cache.mode paged); this export batches statically</source>
        <translation>动态（连续）批处理需要使用分页注意力的模型（CUDA、fp16 / bf16、kv_cache.mode 为 paged）；这次导出使用静态批处理</translation>
    </message>
    <message>
        <source>static batching has no token budget per step</source>
        <translation>静态批处理没有每步的词元预算</translation>
    </message>
    <message>
        <source>one model runs on one GPU; the others are not used</source>
        <translation>一个模型只在一块 GPU 上运行；其余 GPU 不会被使用</translation>
    </message>
    <message>
        <source>ONNX Runtime GenAI runs a model on one device: no pipeline or tensor parallelism</source>
        <translation>ONNX Runtime GenAI 在单个设备上运行模型：没有流水线并行或张量并行</translation>
    </message>
    <message>
        <source>virtual CPU devices are an InferScope teaching device; ONNX Runtime runs the CPU as one device</source>
        <translation>虚拟 CPU 设备是 InferScope 用于教学的设备；ONNX Runtime 把 CPU 当作一个设备运行</translation>
    </message>
    <message>
        <source>no split, so no layer shares</source>
        <translation>不做切分，所以没有各层份额</translation>
    </message>
    <message>
        <source>no CPU+GPU layer split: a model runs wholly on -e cuda or -e cpu</source>
        <translation>不能在 CPU 和 GPU 之间分层：模型要么全部在 -e cuda 上运行，要么全部在 -e cpu 上运行</translation>
    </message>
    <message>
        <source>0 (off) has no spelling: search.top_k defaults to 50; set it to the vocabulary size</source>
        <translation>无法表示 0（关闭）：search.top_k 默认为 50；请把它设为词表大小</translation>
    </message>
    <message>
        <source>ONNX Runtime GenAI has no min-p sampling</source>
        <translation>ONNX Runtime GenAI 没有 min-p 采样</translation>
    </message>
    <message>
        <source>search.random_seed is a 32-bit int; {seed} does not fit</source>
        <translation>search.random_seed 是 32 位整数；{seed} 超出了范围</translation>
    </message>
    <message>
        <source>search.max_length counts prompt and output together; stop the generator loop after {tokens} new tokens</source>
        <translation>search.max_length 把提示词和输出一起计数；请在生成 {tokens} 个新词元后停止生成循环</translation>
    </message>
    <message>
        <source>the builder reads GGUF files with F16 / F32 weights only (-i); start from the unquantized model</source>
        <translation>构建器只读取 F16 / F32 权重的 GGUF 文件（-i）；请从未量化的模型开始</translation>
    </message>
    <message>
        <source>{option}</source>
        <translation>{option}</translation>
    </message>
    <message>
        <source>nothing to do: the profile does not prune</source>
        <translation>无需处理：该配置不剪枝</translation>
    </message>
    <message>
        <source>quantize.py --qformat int8_wo (int8 weight-only, float activations)</source>
        <translation>quantize.py --qformat int8_wo（int8 仅量化权重，激活保持浮点）</translation>
    </message>
    <message>
        <source>quantize.py --qformat int4_awq (W4A16: int4 groups, float activations)</source>
        <translation>quantize.py --qformat int4_awq（W4A16：int4 分组，激活保持浮点）</translation>
    </message>
    <message>
        <source>symmetric (TensorRT-LLM&apos;s int weights have no zero point)</source>
        <translation>对称（TensorRT-LLM 的整数权重没有零点）</translation>
    </message>
    <message>
        <source>run.py --max_tokens_in_paged_kv_cache {tokens} (the whole cache), trtllm-build --max_seq_len (one sequence)</source>
        <translation>run.py --max_tokens_in_paged_kv_cache {tokens}（整个缓存），trtllm-build --max_seq_len（单个序列）</translation>
    </message>
    <message>
        <source>{dtype} (the cache keeps the model dtype)</source>
        <translation>{dtype}（缓存保持模型的数据类型）</translation>
    </message>
    <message>
        <source>in-flight batching (the C++ runtime&apos;s default with a paged cache)</source>
        <translation>in-flight 批处理（使用分页缓存时 C++ 运行时的默认方式）</translation>
    </message>
    <message>
        <source>one GPU per engine (tp_size 1, pp_size 1)</source>
        <translation>每个引擎一块 GPU（tp_size 1，pp_size 1）</translation>
    </message>
    <message>
        <source>quantize.py {flag} {count}, run with mpirun -n {count}</source>
        <translation>quantize.py {flag} {count}，并用 mpirun -n {count} 运行</translation>
    </message>
    <message>
        <source>0 (greedy): run.py --top_k 1</source>
        <translation>0（贪心）：run.py --top_k 1</translation>
    </message>
    <message>
        <source>no effect under greedy decoding (--top_k 1)</source>
        <translation>贪心解码下不起作用（--top_k 1）</translation>
    </message>
    <message>
        <source>paged (vLLM&apos;s only cache)</source>
        <translation>分页（vLLM 唯一的缓存方式）</translation>
    </message>
    <message>
        <source>continuous (vLLM batches every request in flight)</source>
        <translation>连续批处理（vLLM 把所有进行中的请求一起批处理）</translation>
    </message>
    <message>
        <source>one GPU (vLLM&apos;s default)</source>
        <translation>一块 GPU（vLLM 的默认设置）</translation>
    </message>
    <message>
        <source>model.json &quot;kv_cache_dtype&quot;: &quot;auto&quot; (the model dtype)</source>
        <translation>model.json &quot;kv_cache_dtype&quot;: &quot;auto&quot;（即模型的数据类型）</translation>
    </message>
    <message>
        <source>model.json &quot;max_model_len&quot; (one sequence holds the whole cache)</source>
        <translation>model.json &quot;max_model_len&quot;（一个序列容纳整个缓存）</translation>
    </message>
    <message>
        <source>{devices} for tritonserver (instance_group KIND_MODEL: vLLM places the model)</source>
        <translation>tritonserver 使用 {devices}（instance_group KIND_MODEL：由 vLLM 放置模型）</translation>
    </message>
    <message>
        <source>request parameter &quot;{key}&quot;</source>
        <translation>请求参数 &quot;{key}&quot;</translation>
    </message>
    <message>
        <source>-p {precision} (MatMulNBits weight-only)</source>
        <translation>-p {precision}（MatMulNBits 仅量化权重）</translation>
    </message>
    <message>
        <source>search.past_present_share_buffer: true (one buffer of max_length per sequence)</source>
        <translation>search.past_present_share_buffer: true（每个序列一块 max_length 大小的缓冲区）</translation>
    </message>
    <message>
        <source>contiguous (the CPU&apos;s past/present tensors)</source>
        <translation>连续（CPU 上的 past/present 张量）</translation>
    </message>
    <message>
        <source>engine.dynamic_batching.num_blocks (256-token blocks)</source>
        <translation>engine.dynamic_batching.num_blocks（每块 256 个词元）</translation>
    </message>
    <message>
        <source>search.max_length (one sequence holds the whole cache)</source>
        <translation>search.max_length（一个序列容纳整个缓存）</translation>
    </message>
    <message>
        <source>{dtype} (the model&apos;s I/O dtype)</source>
        <translation>{dtype}（模型输入输出的数据类型）</translation>
    </message>
    <message>
        <source>0 (all cores): ONNX Runtime&apos;s default</source>
        <translation>0（使用全部核心）：ONNX Runtime 的默认设置</translation>
    </message>
    <message>
        <source>one device (ONNX Runtime GenAI&apos;s only mode)</source>
        <translation>单个设备（ONNX Runtime GenAI 唯一的模式）</translation>
    </message>
    <message>
        <source>search.do_sample: false (greedy)</source>
        <translation>search.do_sample: false（贪心）</translation>
    </message>
</context>
<context>
    <name>EngineState</name>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>加载中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Synthesizing</source>
        <translation>合成中</translation>
    </message>
</context>
<context>
    <name>EngineText</name>
    <message>
        <source>half-split (NeoX) rope</source>
        <translation>半切分式 (NeoX) RoPE</translation>
    </message>
    <message>
        <source>adjacent-pair rope</source>
        <translation>相邻配对式 RoPE</translation>
    </message>
    <message>
        <source>rope frequency factors (rope_freqs)</source>
        <translation>RoPE 频率因子 (rope_freqs)</translation>
    </message>
    <message>
        <source>linear rope scaling x%1</source>
        <translation>线性 RoPE 缩放 x%1</translation>
    </message>
    <message>
        <source>Q/K/V biases</source>
        <translation>Q/K/V 偏置</translation>
    </message>
    <message>
        <source>fused Q/K/V matrix</source>
        <translation>融合的 Q/K/V 矩阵</translation>
    </message>
    <message>
        <source>fused gate | up matrix</source>
        <translation>融合的 gate | up 矩阵</translation>
    </message>
    <message>
        <source>grouped-query attention (%1 heads per kv head)</source>
        <translation>分组查询注意力（每个 KV 头对应 %1 个头）</translation>
    </message>
    <message>
        <source>head dim independent of the width</source>
        <translation>头维度与宽度无关</translation>
    </message>
    <message>
        <source>embeddings scaled by sqrt(dim)</source>
        <translation>嵌入乘以 sqrt(dim) 缩放</translation>
    </message>
    <message>
        <source>post-attention and post-FFN norms</source>
        <translation>注意力后与 FFN 后归一化</translation>
    </message>
    <message>
        <source>GELU (tanh) gate</source>
        <translation>GELU (tanh) 门控</translation>
    </message>
    <message>
        <source>attention logits soft-capped at %1</source>
        <translation>注意力 logits 软截断于 %1</translation>
    </message>
    <message>
        <source>final logits soft-capped at %1</source>
        <translation>最终 logits 软截断于 %1</translation>
    </message>
    <message>
        <source>sliding window of %1 on alternate layers</source>
        <translation>隔层使用 %1 的滑动窗口</translation>
    </message>
    <message>
        <source>sliding window of %1 on %2 of every %3 layers</source>
        <translation>每 %3 层中有 %2 层使用 %1 的滑动窗口</translation>
    </message>
    <message>
        <source>Q/K norms per head</source>
        <translation>每个头的 Q/K 归一化</translation>
    </message>
    <message>
        <source>local layers rotate with base %1</source>
        <translation>局部层的旋转基数为 %1</translation>
    </message>
    <message>
        <source>as stored</source>
        <translation>原始存储</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>No run to export yet.</source>
        <translation>还没有可导出的运行。</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>最近一次运行</translation>
    </message>
    <message>
        <source>Run record as JSON... (Ctrl+E)</source>
        <translation>运行记录导出为 JSON... (Ctrl+E)</translation>
    </message>
    <message>
        <source>Per-token latencies as CSV...</source>
        <translation>逐词元延迟导出为 CSV...</translation>
    </message>
    <message>
        <source>Op trace as Chrome JSON...</source>
        <translation>算子跟踪导出为 Chrome JSON...</translation>
    </message>
    <message>
        <source>Latency chart as PNG/PDF...</source>
        <translation>延迟图导出为 PNG/PDF...</translation>
    </message>
    <message>
        <source>ITL histogram as PNG/PDF...</source>
        <translation>ITL 直方图导出为 PNG/PDF...</translation>
    </message>
    <message>
        <source>Run %1: %2, %3 tokens, %4.</source>
        <translation>运行 %1：%2，%3 个词元，%4。</translation>
    </message>
    <message>
        <source>this run has no recorded ops (runs loaded from the history keep only their summaries)</source>
        <translation>此次运行没有记录算子（从历史记录加载的运行只保留摘要）</translation>
    </message>
    <message>
        <source>the trace</source>
        <translation>跟踪</translation>
    </message>
    <message>
        <source>Export trace</source>
        <translation>导出跟踪</translation>
    </message>
    <message>
        <source>Chrome trace (*.json)</source>
        <translation>Chrome 跟踪 (*.json)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Export run</source>
        <translation>导出运行</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export latencies</source>
        <translation>导出延迟</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG 图片 (*.png);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>the chart could not be rendered</source>
        <translation>图表无法渲染</translation>
    </message>
</context>
<context>
    <name>FrameworkExport</name>
    <message>
        <source>TensorRT-LLM</source>
        <translation>TensorRT-LLM</translation>
    </message>
    <message>
        <source>Triton (vLLM backend)</source>
        <translation>Triton（vLLM 后端）</translation>
    </message>
    <message>
        <source>ONNX Runtime GenAI</source>
        <translation>ONNX Runtime GenAI</translation>
    </message>
</context>
<context>
    <name>GpuMemoryChart</name>
    <message>
        <source>Time since the run began (ms)</source>
        <translation>自运行开始的时间（毫秒）</translation>
    </message>
    <message>
        <source>GPU memory (GiB)</source>
        <translation>GPU 内存 (GiB)</translation>
    </message>
    <message>
        <source>A traced run on a GPU shows each GPU&apos;s memory over the run here.</source>
        <translation>在 GPU 上进行的带跟踪的运行，会在这里显示每个 GPU 在运行过程中的内存变化。</translation>
    </message>
    <message>
        <source>Solid: memory in use on the GPU by the driver&apos;s count (cudaMemGetInfo). Dashed: what the engine allocated there (weights, workspace, its KV shard). The gap is the CUDA context, the libraries&apos; workspaces and any other process on the GPU.</source>
        <translation>实线：按驱动统计的 GPU 已用内存 (cudaMemGetInfo)。虚线：推理引擎在该 GPU 上分配的内存（权重、工作区、它的 KV 分片）。两者之间的差距来自 CUDA 上下文、各个库的工作区，以及 GPU 上的其他进程。</translation>
    </message>
    <message>
        <source>%1 allocated by the engine</source>
        <translation>%1 引擎分配</translation>
    </message>
    <message>
        <source>%1 in use (driver)</source>
        <translation>%1 已用（驱动统计）</translation>
    </message>
</context>
<context>
    <name>HistogramChart</name>
    <message>
        <source>Inter-token latency (ms)</source>
        <translation>词元间延迟（毫秒）</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元数</translation>
    </message>
    <message>
        <source>ITL</source>
        <translation>ITL</translation>
    </message>
    <message>
        <source>How often each inter-token latency occurred; dashed lines mark the median (p50) and the 99th percentile (p99).</source>
        <translation>各词元间延迟出现的次数；虚线标出中位数 (p50) 和第 99 百分位数 (p99)。</translation>
    </message>
    <message>
        <source>p50 %1 ms</source>
        <translation>p50 %1 ms</translation>
    </message>
    <message>
        <source>p99 %1 ms</source>
        <translation>p99 %1 ms</translation>
    </message>
    <message>
        <source>Run a generation to see how its inter-token latencies are distributed.</source>
        <translation>运行一次生成，即可在此查看词元间延迟的分布。</translation>
    </message>
    <message>
        <source>How often each %1 occurred; dashed lines mark the median (p50) and the 99th percentile (p99).</source>
        <translation>每个 %1 出现的次数；虚线标出中位数（p50）和第 99 百分位（p99）。</translation>
    </message>
</context>
<context>
    <name>LatencyChart</name>
    <message>
        <source>Generated token position</source>
        <translation>生成词元的位置</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>延迟（毫秒）</translation>
    </message>
    <message>
        <source>Time between consecutive generated tokens (inter-token latency) against their position. The first token&apos;s latency (TTFT) is reported separately.</source>
        <translation>相邻生成词元之间的时间（词元间延迟）随位置的变化。第一个词元的延迟（TTFT）单独报告。</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Run a generation to see the latency of each generated token against its position.</source>
        <translation>运行一次生成，即可在此查看每个生成词元的延迟随其位置的变化。</translation>
    </message>
</context>
<context>
    <name>LayerTimeChart</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Time in ops (ms)</source>
        <translation>算子耗时（毫秒）</translation>
    </message>
    <message>
        <source>Wall time spent in each transformer layer over the whole run, by category of op. The last bar holds the ops outside the layers: embedding, the logits projection and sampling.</source>
        <translation>整个运行中每个 Transformer 层花费的实际时间，按算子类别划分。最后一根柱子是层之外的算子：词嵌入、logits 投影和采样。</translation>
    </message>
    <message>
        <source>rest</source>
        <translation>其余</translation>
    </message>
    <message>
        <source>Run a generation to see the time spent in each transformer layer.</source>
        <translation>运行一次生成，即可在此查看每个 Transformer 层所花费的时间。</translation>
    </message>
</context>
<context>
    <name>LearnPage</name>
    <message>
        <source>What a profile is</source>
        <translation>什么是配置</translation>
    </message>
    <message>
        <source>Weight precision</source>
        <translation>权重精度</translation>
    </message>
    <message>
        <source>Quantization group size</source>
        <translation>量化分组大小</translation>
    </message>
    <message>
        <source>Symmetric or asymmetric</source>
        <translation>对称还是非对称</translation>
    </message>
    <message>
        <source>Per-tensor overrides</source>
        <translation>逐张量覆盖</translation>
    </message>
    <message>
        <source>Pruning methods</source>
        <translation>剪枝方法</translation>
    </message>
    <message>
        <source>Pruning ratio</source>
        <translation>剪枝比例</translation>
    </message>
    <message>
        <source>N:M sparsity</source>
        <translation>N:M 稀疏</translation>
    </message>
    <message>
        <source>Pruning scope</source>
        <translation>剪枝范围</translation>
    </message>
    <message>
        <source>Layers kept dense</source>
        <translation>保持稠密的层</translation>
    </message>
    <message>
        <source>KV cache: off, contiguous, paged</source>
        <translation>键值缓存：关闭、连续、分页</translation>
    </message>
    <message>
        <source>KV cache capacity</source>
        <translation>键值缓存容量</translation>
    </message>
    <message>
        <source>Paged KV block size</source>
        <translation>分页 KV 块大小</translation>
    </message>
    <message>
        <source>KV cache precision</source>
        <translation>键值缓存精度</translation>
    </message>
    <message>
        <source>Static or continuous batching</source>
        <translation>静态批处理还是连续批处理</translation>
    </message>
    <message>
        <source>Tokens per forward pass</source>
        <translation>每次前向传播的词元数</translation>
    </message>
    <message>
        <source>Sequences at once</source>
        <translation>同时处理的序列数</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程</translation>
    </message>
    <message>
        <source>Pipeline and tensor parallelism</source>
        <translation>流水线并行与张量并行</translation>
    </message>
    <message>
        <source>Virtual CPU devices</source>
        <translation>虚拟 CPU 设备</translation>
    </message>
    <message>
        <source>Layers per pipeline stage</source>
        <translation>每个流水线阶段的层数</translation>
    </message>
    <message>
        <source>Layers on the GPU (offload)</source>
        <translation>放在 GPU 上的层（卸载）</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Output length</source>
        <translation>输出长度</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Learn&lt;/h2&gt;&lt;p&gt;Every knob explained: what it does and what it trades. The demos run real measurements on the loaded model.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;学习&lt;/h2&gt;&lt;p&gt;逐一讲解每个选项：它做什么、以什么为代价。演示会在已加载的模型上进行真实测量。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Demos: comparisons run on the Compare page, measurements open their own tab</source>
        <translation>演示：对比类演示在“对比”页面上运行，测量类演示会打开各自的标签页</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>InferScope</source>
        <translation>InferScope</translation>
    </message>
    <message>
        <source>&amp;Open model...</source>
        <translation>打开模型(&amp;O)...</translation>
    </message>
    <message>
        <source>Open model &amp;folder...</source>
        <translation>打开模型文件夹(&amp;F)...</translation>
    </message>
    <message>
        <source>Open a Hugging Face model folder: config.json, *.safetensors and tokenizer.json (Ctrl+Shift+O)</source>
        <translation>打开 Hugging Face 模型文件夹：config.json、*.safetensors 和 tokenizer.json (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <source>&amp;Generate synthetic model...</source>
        <translation>生成合成模型(&amp;G)...</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Generate with the Run page&apos;s settings (Ctrl+R)</source>
        <translation>按“运行”页面的设置生成 (Ctrl+R)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Stop the running job (Esc or Ctrl+.)</source>
        <translation>停止正在运行的任务（Esc 或 Ctrl+.）</translation>
    </message>
    <message>
        <source>&amp;Export last run...</source>
        <translation>导出最近一次运行(&amp;E)...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Download a small model...</source>
        <translation>下载小模型(&amp;D)...</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source> Model: </source>
        <translation> 模型： </translation>
    </message>
    <message>
        <source>Recently used models</source>
        <translation>最近使用的模型</translation>
    </message>
    <message>
        <source> Device: </source>
        <translation> 设备： </translation>
    </message>
    <message>
        <source>The device generation runs on</source>
        <translation>执行生成的设备</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <source>Weight memory of the loaded model, as stored in its file</source>
        <translation>已加载模型的权重内存（按文件中的存储格式）</translation>
    </message>
    <message>
        <source>What the engine is doing</source>
        <translation>推理引擎当前的工作</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Optimise</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>剖析</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Learn</source>
        <translation>学习</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>The sweep point&apos;s profile was not applied</source>
        <translation>未应用该扫描点的配置</translation>
    </message>
    <message>
        <source>Showing %1</source>
        <translation>正在显示 %1</translation>
    </message>
    <message>
        <source>The profile cannot run: %1</source>
        <translation>该配置无法运行：%1</translation>
    </message>
    <message>
        <source>Generate with the Run page&apos;s settings and the Optimise page&apos;s profile (Ctrl+R)</source>
        <translation>按“运行”页面的设置和“优化”页面的配置生成 (Ctrl+R)</translation>
    </message>
    <message>
        <source>(no model)</source>
        <translation>（无模型）</translation>
    </message>
    <message>
        <source>Open another model...</source>
        <translation>打开其他模型...</translation>
    </message>
    <message>
        <source>No model was found (no last model, no $INFERSCOPE_MODEL, no bundled stories260K.gguf and no *.gguf in %1).

Open a model (Ctrl+O), drop one on the window, or generate a small synthetic model into the data directory.</source>
        <translation>未找到模型（没有上次使用的模型，没有 $INFERSCOPE_MODEL，没有内置的 stories260K.gguf，%1 中也没有 *.gguf）。

请打开一个模型 (Ctrl+O)、把模型拖到窗口上，或在数据目录中生成一个小型合成模型。</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Models (*.gguf *.bin);;All files (*)</source>
        <translation>模型 (*.gguf *.bin);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open Hugging Face model folder</source>
        <translation>打开 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>Weights %1</source>
        <translation>权重 %1</translation>
    </message>
    <message>
        <source>CPU (%1 threads)</source>
        <translation>CPU（%1 个线程）</translation>
    </message>
    <message>
        <source>%1 - InferScope</source>
        <translation>%1 - InferScope</translation>
    </message>
    <message>
        <source>Loaded %1 in %2 ms</source>
        <translation>已加载 %1，用时 %2 毫秒</translation>
    </message>
    <message>
        <source>Weight memory as the last run held it (after the profile&apos;s passes)</source>
        <translation>最近一次运行所持有的权重内存（应用配置的各项处理之后）</translation>
    </message>
    <message>
        <source>Could not open %1:
%2</source>
        <translation>无法打开 %1：
%2</translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>跟随系统（%1）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language takes effect when InferScope is started again.</source>
        <translation>新的语言将在下次启动 InferScope 时生效。</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About InferScope</source>
        <translation>关于 InferScope(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>无法打开 %1</translation>
    </message>
</context>
<context>
    <name>MemoryChart</name>
    <message>
        <source>Memory of a run: the weights as the model holds them, the KV cache (the part holding the run&apos;s tokens and the part allocated but unused) and the activations (an estimate: the forward pass&apos;s scratch buffers for the widest pass, the prompt, plus one row of logits).</source>
        <translation>一次运行的内存：模型持有的权重、键值缓存（容纳本次运行词元的部分，以及已分配但未使用的部分）和激活值（估计值：最宽一次前向传播的临时缓冲区、提示词，再加一行 logits）。</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>KiB</source>
        <translation>KiB</translation>
    </message>
    <message>
        <source>Memory (%1)</source>
        <translation>内存 (%1)</translation>
    </message>
    <message>
        <source>Run a generation to see its memory: weights, KV cache and activations.</source>
        <translation>运行一次生成，即可在此查看其内存占用：权重、键值缓存和激活值。</translation>
    </message>
</context>
<context>
    <name>ModelDescription</name>
    <message>
        <source>none in the file</source>
        <translation>文件中没有</translation>
    </message>
    <message>
        <source>%1, %2 tokens</source>
        <translation>%1，%2 个词元</translation>
    </message>
    <message>
        <source>Stored as</source>
        <translation>存储格式</translation>
    </message>
    <message>
        <source>Embedding width</source>
        <translation>嵌入宽度</translation>
    </message>
    <message>
        <source>FFN width</source>
        <translation>FFN 宽度</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>注意力头数</translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation>KV 头数</translation>
    </message>
    <message>
        <source>Head dim</source>
        <translation>头维度</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>词表</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>RoPE base</source>
        <translation>RoPE 基数</translation>
    </message>
    <message>
        <source>RMS norm epsilon</source>
        <translation>RMS 归一化 epsilon</translation>
    </message>
    <message>
        <source>Output layer</source>
        <translation>输出层</translation>
    </message>
    <message>
        <source>tied to the embedding</source>
        <translation>与嵌入层共享权重</translation>
    </message>
    <message>
        <source>separate</source>
        <translation>独立</translation>
    </message>
    <message>
        <source>Forward pass</source>
        <translation>前向传播</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>As stored</source>
        <translation>按存储格式</translation>
    </message>
</context>
<context>
    <name>ModelDownloader</name>
    <message>
        <source>Karpathy&apos;s 260K-parameter Llama-2-style model trained on TinyStories, all F32, tokenizer embedded (MIT).</source>
        <translation>Karpathy 的 26 万参数 Llama-2 风格模型，在 TinyStories 上训练，全部为 F32，内嵌分词器（MIT 许可）。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot find the host %1: the computer seems to be offline, or the name does not resolve.</source>
        <translation>找不到主机 %1：计算机可能处于离线状态，或该域名无法解析。</translation>
    </message>
    <message>
        <source>Cannot connect to %1: the computer seems to be offline or the server is down (%2).</source>
        <translation>无法连接到 %1：计算机可能处于离线状态，或服务器已停止 (%2)。</translation>
    </message>
    <message>
        <source>The connection to %1 timed out.</source>
        <translation>与 %1 的连接超时。</translation>
    </message>
    <message>
        <source>Secure connection to %1 failed: %2</source>
        <translation>与 %1 的安全连接失败：%2</translation>
    </message>
    <message>
        <source>Download from %1 failed: %2</source>
        <translation>从 %1 下载失败：%2</translation>
    </message>
    <message>
        <source>The server answered HTTP %1 %2 for %3.</source>
        <translation>服务器对 %3 返回了 HTTP %1 %2。</translation>
    </message>
    <message>
        <source>%1 of %2 bytes are kept; download again to resume.</source>
        <translation>已保留 %2 字节中的 %1 字节；再次下载即可继续。</translation>
    </message>
    <message>
        <source>The connection to %1 ended after %2 of %3 bytes; download again to resume.</source>
        <translation>与 %1 的连接在传输 %2 / %3 字节后中断；再次下载即可继续。</translation>
    </message>
    <message>
        <source>Checksum mismatch for %1: expected %2 bytes with SHA-256 %3, got %4 bytes with %5. The file was deleted.</source>
        <translation>%1 校验和不匹配：应为 %2 字节、SHA-256 为 %3，实际为 %4 字节、SHA-256 为 %5。文件已删除。</translation>
    </message>
    <message>
        <source>Cannot move %1 into place as %2.</source>
        <translation>无法将 %1 移动到 %2。</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <source>No model is loaded.
Open a GGUF or llama2.c model (Ctrl+O) or a Hugging Face folder (Ctrl+Shift+O), drop one on the window, or generate a synthetic model of a real shape.</source>
        <translation>尚未加载模型。
请打开 GGUF 或 llama2.c 模型 (Ctrl+O) 或 Hugging Face 文件夹 (Ctrl+Shift+O)、把模型拖到窗口上，或生成一个真实形状的合成模型。</translation>
    </message>
    <message>
        <source>Open model...</source>
        <translation>打开模型...</translation>
    </message>
    <message>
        <source>Open folder...</source>
        <translation>打开文件夹...</translation>
    </message>
    <message>
        <source>A Hugging Face checkpoint: config.json, *.safetensors (F32, F16, BF16) and tokenizer.json.</source>
        <translation>Hugging Face 检查点：config.json、*.safetensors（F32、F16、BF16）和 tokenizer.json。</translation>
    </message>
    <message>
        <source>Generate synthetic model...</source>
        <translation>生成合成模型...</translation>
    </message>
    <message>
        <source>Download a small model...</source>
        <translation>下载小模型...</translation>
    </message>
    <message>
        <source>Fetch a small real model (checksum verified) into the data folder.</source>
        <translation>将一个小型真实模型（已校验校验和）下载到数据文件夹。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Hyper-parameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <source>Weight memory by precision</source>
        <translation>各精度下的权重内存</translation>
    </message>
    <message>
        <source>Filter tensors (e.g. blk.0 or attn_q)</source>
        <translation>筛选张量（如 blk.0 或 attn_q）</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>Tensors</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>Load time</source>
        <translation>加载时间</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
</context>
<context>
    <name>OpCategory</name>
    <message>
        <source>Embedding</source>
        <translation>词嵌入</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <source>Norm</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>键值缓存</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Communication</source>
        <translation>通信</translation>
    </message>
    <message>
        <source>Output (logits)</source>
        <translation>输出（logits）</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>OptimiseKnobs</name>
    <message>
        <source>&lt;p&gt;A profile says how the model is run: the number format of its weights, which weights are pruned away, how past keys and values are cached, how requests are batched, the threads, and how the next token is sampled.&lt;/p&gt;&lt;p&gt;Move a knob and watch &lt;i&gt;What this will cost&lt;/i&gt;; focus a knob to read what it does and what it trades. A combination the engine cannot run is named next to its section and the Run action stays disabled until it is fixed.&lt;/p&gt;</source>
        <translation>&lt;p&gt;配置决定模型如何运行：权重的数值格式、剪掉哪些权重、如何缓存过去的键和值、如何对请求进行批处理、线程数，以及如何采样下一个词元。&lt;/p&gt;&lt;p&gt;调整某个选项时请留意&lt;i&gt;预计开销&lt;/i&gt;；选中某个选项即可阅读它的作用和代价。引擎无法运行的组合会在对应分区旁标出，修正之前“运行”操作保持禁用。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The number format of the weight matrices. The engine re-quantizes the loaded tensors at load time and the matrix multiplications read the quantized weights directly, dequantizing inside the kernel.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; FP16/BF16 halve the memory of FP32 with almost no quality loss; INT8 takes about a quarter, INT4 about an eighth. Decoding reads every weight once per token, so less memory is usually faster, but each step down adds rounding error (watch the KL divergence against the unoptimised run). Norm vectors always stay FP32.&lt;/p&gt;</source>
        <translation>&lt;p&gt;权重矩阵的数值格式。引擎在加载时对已加载的张量重新量化，矩阵乘法直接读取量化后的权重，在内核中完成反量化。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;FP16/BF16 的内存是 FP32 的一半，几乎没有质量损失；INT8 约为四分之一，INT4 约为八分之一。解码时每个词元都要把所有权重读一遍，因此内存越小通常越快，但每降一级精度都会增加舍入误差（请关注相对未优化运行的 KL 散度）。归一化向量始终保持 FP32。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;INT8 and INT4 store one scale per group of consecutive weights in a row.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; small groups follow the local range of the weights closely (less error) but spend more bytes on scales: with group 32 an FP16 scale adds 0.5 bit per weight, with 128 only 0.125. A matrix whose row length is not a multiple of the group stays at a higher precision.&lt;/p&gt;</source>
        <translation>&lt;p&gt;INT8 和 INT4 为一行中每组连续权重存储一个缩放因子。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;分组越小越能贴合权重的局部范围（误差更小），但缩放因子占用的字节更多：分组为 32 时，一个 FP16 缩放因子使每个权重多占 0.5 位，分组为 128 时只多 0.125 位。行长度不是分组大小整数倍的矩阵保持较高精度。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Symmetric quantization maps the range [-max, +max] of a group onto the integer codes with one scale. Asymmetric also stores the group&apos;s minimum, so a group whose values are all positive (or shifted) uses every code.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; asymmetric is more accurate for skewed groups and costs one more number per group.&lt;/p&gt;</source>
        <translation>&lt;p&gt;对称量化用一个缩放因子把一组的取值范围 [-max, +max] 映射到整数码上。非对称量化还存储该组的最小值，因此取值全为正（或有偏移）的组也能用上每一个码。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;对于分布偏斜的组，非对称更准确，但每组要多存一个数。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Per-tensor exceptions to the precision above, e.g. keep &lt;tt&gt;output.weight&lt;/tt&gt; at FP16 while the rest is INT4. Patterns are globs (&apos;*&apos; any text, &apos;?&apos; one character); the first matching row wins.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; the embedding and output layers are the most sensitive to rounding; keeping them wider buys back quality for a little memory.&lt;/p&gt;</source>
        <translation>&lt;p&gt;对上面精度设置的逐张量例外，例如在其余权重为 INT4 时让 &lt;tt&gt;output.weight&lt;/tt&gt; 保持 FP16。模式为通配符（&apos;*&apos; 匹配任意文本，&apos;?&apos; 匹配单个字符）；以第一条匹配的行为准。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;嵌入层和输出层对舍入最敏感；让它们保持更高精度，只需少量内存即可换回质量。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Pruning removes weights before quantization. &lt;b&gt;Magnitude&lt;/b&gt; drops the smallest weights; &lt;b&gt;Wanda&lt;/b&gt; weighs each by the size of the activations it meets; &lt;b&gt;N:M&lt;/b&gt; keeps N of every M consecutive weights (2:4 is what sparse tensor cores accelerate); &lt;b&gt;Structured&lt;/b&gt; removes whole attention heads or FFN channels, which really shrinks the matrices.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; only structured pruning makes a dense kernel faster; unstructured sparsity keeps the same shapes. Quality collapses quickly past about 50 %.&lt;/p&gt;</source>
        <translation>&lt;p&gt;剪枝在量化之前移除权重。&lt;b&gt;幅值 (Magnitude)&lt;/b&gt; 去掉绝对值最小的权重；&lt;b&gt;Wanda&lt;/b&gt; 按每个权重所遇到的激活值大小加权；&lt;b&gt;N:M&lt;/b&gt; 在每 M 个连续权重中保留 N 个（稀疏张量核心加速的就是 2:4）；&lt;b&gt;结构化&lt;/b&gt;剪枝移除整个注意力头或 FFN 通道，真正缩小矩阵。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;只有结构化剪枝能让稠密内核变快；非结构化稀疏保持原有形状。剪枝超过约 50 % 后质量迅速崩溃。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;N:M sparsity keeps N weights in every group of M consecutive weights of a row (N below M). 2:4 removes exactly half.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; the regular pattern is what hardware can skip, at a quality cost similar to 50 % unstructured pruning.&lt;/p&gt;</source>
        <translation>&lt;p&gt;N:M 稀疏在一行中每 M 个连续权重里保留 N 个（N 小于 M）。2:4 恰好移除一半。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;这种规则的模式正是硬件可以跳过的，质量损失与 50 % 非结构化剪枝相近。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Which matrices are pruned: all of them, only the attention projections, or only the feed-forward network.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; the FFN holds most of the weights and tolerates pruning better; attention is more sensitive.&lt;/p&gt;</source>
        <translation>&lt;p&gt;对哪些矩阵剪枝：全部、仅注意力投影，或仅前馈网络。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;FFN 占了大部分权重，也更能承受剪枝；注意力更敏感。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Tensor-name patterns left dense, comma-separated, e.g. &lt;tt&gt;output.weight, blk.0.*&lt;/tt&gt;.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; the first and last layers matter most; excluding them costs little memory.&lt;/p&gt;</source>
        <translation>&lt;p&gt;保持稠密的张量名模式，以逗号分隔，例如 &lt;tt&gt;output.weight, blk.0.*&lt;/tt&gt;。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;第一层和最后一层最重要；排除它们只多占很少内存。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The KV cache keeps the keys and values of every past token so each new token attends to them without recomputing. &lt;b&gt;Off&lt;/b&gt; recomputes the whole prefix for every token (the textbook baseline: per-token latency grows with position). &lt;b&gt;Contiguous&lt;/b&gt; reserves one slab per sequence; &lt;b&gt;Paged&lt;/b&gt; hands out fixed-size blocks as sequences grow (PagedAttention).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; memory against recomputation; paged wastes less memory when sequences have different lengths.&lt;/p&gt;</source>
        <translation>&lt;p&gt;键值缓存保存每个过去词元的键和值，新词元可以直接关注它们而无需重新计算。&lt;b&gt;关闭&lt;/b&gt;时每个词元都要重新计算整个前缀（教科书式的基线：逐词元延迟随位置增长）。&lt;b&gt;连续&lt;/b&gt;为每个序列预留一整块；&lt;b&gt;分页&lt;/b&gt;随序列增长按需分配固定大小的块 (PagedAttention)。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;以内存换取重复计算；序列长度不一时，分页浪费的内存更少。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The tokens the whole cache can hold, all sequences together. It limits batch x context: a request that does not fit is refused with an explanation.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; memory grows linearly: 2 x layers x KV width x capacity x bytes per value.&lt;/p&gt;</source>
        <translation>&lt;p&gt;整个缓存可容纳的词元数（所有序列合计）。它限制了批大小 × 上下文长度：放不下的请求会被拒绝并给出说明。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;内存线性增长：2 × 层数 × KV 宽度 × 容量 × 每个值的字节数。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Tokens per block of a paged cache (8, 16 or 32). Only used when the mode is paged.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; small blocks waste less at the end of each sequence but need a longer block table.&lt;/p&gt;</source>
        <translation>&lt;p&gt;分页缓存中每块的词元数（8、16 或 32）。仅在分页模式下使用。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;块越小，每个序列末尾浪费越少，但块表越长。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The number format of the cached keys and values.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; FP16 halves the cache with negligible error; INT8 quarters it (plus a scale per block of values) at a small accuracy cost, which lets a longer context or more sequences fit.&lt;/p&gt;</source>
        <translation>&lt;p&gt;缓存的键和值的数值格式。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;FP16 使缓存减半，误差可以忽略；INT8 使其变为四分之一（每块值另加一个缩放因子），精度略有损失，从而能容纳更长的上下文或更多序列。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Static&lt;/b&gt; batching runs a fixed group of requests until all finish; &lt;b&gt;continuous&lt;/b&gt; batching admits waiting requests as soon as others end, so one forward pass always serves as many sequences as fit.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; continuous batching raises throughput under load at the cost of scheduling work.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;静态&lt;/b&gt;批处理让一组固定的请求一直运行到全部结束；&lt;b&gt;连续&lt;/b&gt;批处理在其他请求结束时立即接纳等待中的请求，使每次前向传播始终服务尽可能多的序列。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;连续批处理提高了负载下的吞吐量，代价是额外的调度工作。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Tokens in one forward pass: prompt chunks plus one token per decoding sequence.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; bigger batches use the hardware better (higher throughput) but each step takes longer (higher latency) and needs more activation memory.&lt;/p&gt;</source>
        <translation>&lt;p&gt;一次前向传播中的词元数：提示词分块，加上每个解码序列的一个词元。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;批越大，硬件利用越充分（吞吐量更高），但每一步耗时更长（延迟更高），且需要更多激活内存。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Sequences running at once, each with its own KV cache.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; more sequences raise throughput until the KV capacity or the compute runs out.&lt;/p&gt;</source>
        <translation>&lt;p&gt;同时运行的序列数，每个序列都有自己的键值缓存。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;序列越多吞吐量越高，直到键值缓存容量或算力耗尽。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;CPU threads for the matrix multiplications; 0 uses every hardware thread.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; decoding is limited by memory bandwidth, so beyond a few threads per memory channel extra threads add little; tiny models can even slow down from the synchronisation cost.&lt;/p&gt;</source>
        <translation>&lt;p&gt;用于矩阵乘法的 CPU 线程数；0 表示使用全部硬件线程。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;解码受内存带宽限制，每个内存通道超过几个线程后再加线程收效甚微；极小的模型甚至会因同步开销而变慢。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;How one model is spread over several devices. &lt;b&gt;Pipeline&lt;/b&gt;: each device runs a contiguous range of layers and hands the activations to the next, like an assembly line. &lt;b&gt;Tensor&lt;/b&gt; (Megatron style): every device runs every layer over a slice of it (some heads, some FFN columns) and the devices add up their partial results after each block (an all-reduce).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; pipeline sends little data but a single request keeps only one stage busy at a time (the &lt;i&gt;bubble&lt;/i&gt;); tensor keeps every device busy on every token but communicates twice per layer. Both divide the weights and the KV cache between the devices, which is why large models are split at all.&lt;/p&gt;</source>
        <translation>&lt;p&gt;如何把一个模型分布到多个设备上。&lt;b&gt;流水线并行&lt;/b&gt;：每个设备运行一段连续的层，再把激活值交给下一个设备，就像装配线。&lt;b&gt;张量并行&lt;/b&gt;（Megatron 风格）：每个设备都运行每一层，但只负责其中一部分（部分注意力头、部分 FFN 列），每个模块之后各设备把部分结果相加（all-reduce）。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;流水线并行传输的数据少，但单个请求一次只能让一个阶段忙碌（即&lt;i&gt;气泡&lt;/i&gt;）；张量并行让每个设备在每个词元上都保持忙碌，但每层要通信两次。两者都把权重和键值缓存分摊到各设备上，这正是大模型需要切分的原因。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Presents the CPU as this many devices, each with its own threads, workspace, share of the weights and KV cache shard, so a device split can be tried and taught on any machine. The threads are shared out between them (at least one each).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; on one CPU a split cannot be faster than the whole model; it shows the costs a real multi-GPU split pays: communication, idle stages and memory per device.&lt;/p&gt;</source>
        <translation>&lt;p&gt;把 CPU 呈现为这么多个设备，每个设备有自己的线程、工作区、一份权重和一个键值缓存分片，从而可以在任何机器上尝试和讲解设备切分。线程在它们之间分配（每个至少一个）。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;在一颗 CPU 上，切分不可能比完整模型更快；它展示的是真实多 GPU 切分要付出的代价：通信、空闲阶段和每个设备的内存。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Pipeline only: the relative share of the layers each device runs, e.g. &quot;3, 1&quot; gives the first device three quarters of the layers. Empty spreads them evenly.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; give more layers to a faster or larger device; the slowest stage sets the pace.&lt;/p&gt;</source>
        <translation>&lt;p&gt;仅用于流水线并行：每个设备运行的层数的相对份额，例如 &quot;3, 1&quot; 让第一个设备运行四分之三的层。留空则平均分配。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;给更快或更大的设备分配更多层；最慢的阶段决定整体节奏。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;With a GPU chosen: runs only the first N layers (and the embedding) on the GPU and the rest on the CPU, like llama.cpp&apos;s -ngl N. 0 keeps everything on the GPU that is chosen.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; fits a model larger than the GPU&apos;s memory, but every token crosses from the GPU to the CPU once and the CPU layers run at the CPU&apos;s memory bandwidth.&lt;/p&gt;</source>
        <translation>&lt;p&gt;选择了 GPU 时：只在 GPU 上运行前 N 层（以及嵌入层），其余在 CPU 上运行，类似 llama.cpp 的 -ngl N。0 表示全部放在所选 GPU 上。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;可以运行大于 GPU 显存的模型，但每个词元都要从 GPU 传到 CPU 一次，CPU 上的层受 CPU 内存带宽限制。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Divides the logits before the softmax. 0 is greedy: always the most likely token, so the same prompt always gives the same text.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; higher temperature, more varied and more error-prone text.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在 softmax 之前将 logits 除以温度。0 即贪心解码：总是选最可能的词元，同一提示词总是得到相同的文本。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;温度越高，文本越多样，也越容易出错。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Keeps only the k most likely tokens before sampling (0 = off).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; cuts off the unlikely tail; small k makes text repetitive.&lt;/p&gt;</source>
        <translation>&lt;p&gt;采样前只保留最可能的 k 个词元（0 = 关闭）。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;截掉不太可能的长尾；k 太小会让文本重复。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Nucleus sampling: keeps the smallest set of most likely tokens whose probabilities add up to p (1 = off). Must be above 0.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; adapts the cut to how confident the model is.&lt;/p&gt;</source>
        <translation>&lt;p&gt;核采样：保留概率之和达到 p 的最小一组最可能词元（1 = 关闭）。必须大于 0。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;截断位置随模型的置信度自适应调整。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Drops tokens less likely than min-p times the most likely one (0 = off).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; like top-p but scales with the top probability.&lt;/p&gt;</source>
        <translation>&lt;p&gt;丢弃概率低于 min-p 乘以最可能词元概率的词元（0 = 关闭）。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;与 top-p 类似，但随最高概率缩放。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Divides the logits of tokens seen in the last N tokens (the window) by the penalty (1 = off).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; fewer loops and repetitions, but words that should repeat get penalised too.&lt;/p&gt;</source>
        <translation>&lt;p&gt;将最近 N 个词元（窗口）中出现过的词元的 logits 除以该惩罚系数（1 = 关闭）。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;减少循环和重复，但本应重复的词也会受到惩罚。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Seed of the sampler&apos;s random generator: the same seed and settings give the same text.&lt;/p&gt;</source>
        <translation>&lt;p&gt;采样器随机数生成器的种子：相同的种子和设置会生成相同的文本。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Generate at most this many tokens (the model&apos;s context also limits it).&lt;/p&gt;</source>
        <translation>&lt;p&gt;最多生成这么多词元（同时受模型上下文长度限制）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The share of weights removed, in percent (0-90 %): 25 % removes a quarter and is written to the profile as ratio 0.25. N:M pruning fixes its own ratio (1 - N/M), so a ratio together with N:M is refused.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; more pruning, less quality; the report of a run gives the sparsity really achieved.&lt;/p&gt;</source>
        <translation>&lt;p&gt;移除权重所占的百分比（0-90 %）：25 % 即移除四分之一，在配置中写为比例 0.25。N:M 剪枝自带固定的比例（1 - N/M），因此同时指定比例和 N:M 会被拒绝。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价：&lt;/b&gt;剪枝越多，质量越低；运行报告会给出实际达到的稀疏度。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>OptimisePage</name>
    <message>
        <source>What this will cost</source>
        <translation>预计开销</translation>
    </message>
    <message>
        <source>Tensor data after the quantization pass: packed values plus block scales, summed over the model&apos;s tensor list.</source>
        <translation>量化处理后的张量数据：打包的数值加上分块缩放因子，对模型的全部张量求和。</translation>
    </message>
    <message>
        <source>2 (keys and values) x layers x KV width x capacity x bytes per element.</source>
        <translation>2（键和值）× 层数 × KV 宽度 × 容量 × 每个元素的字节数。</translation>
    </message>
    <message>
        <source>Where the split puts the model: each device&apos;s share, weights and KV cache.</source>
        <translation>切分后模型的分布：每个设备承担的份额、权重和键值缓存。</translation>
    </message>
    <message>
        <source>From the last run&apos;s effective configuration: the profile as the engine applied it.</source>
        <translation>来自最近一次运行的实际生效配置：引擎实际应用的配置。</translation>
    </message>
    <message>
        <source>About this knob</source>
        <translation>关于此选项</translation>
    </message>
    <message>
        <source>The optimisation profile</source>
        <translation>优化配置</translation>
    </message>
    <message>
        <source>Open profile...</source>
        <translation>打开配置...</translation>
    </message>
    <message>
        <source>Save profile...</source>
        <translation>保存配置...</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Back to the model as stored, with the current sampling settings.</source>
        <translation>恢复为模型的原始存储状态，保留当前的采样设置。</translation>
    </message>
    <message>
        <source>FP32</source>
        <translation>FP32</translation>
    </message>
    <message>
        <source>FP16</source>
        <translation>FP16</translation>
    </message>
    <message>
        <source>BF16</source>
        <translation>BF16</translation>
    </message>
    <message>
        <source>INT8</source>
        <translation>INT8</translation>
    </message>
    <message>
        <source>INT4</source>
        <translation>INT4</translation>
    </message>
    <message>
        <source>&lt;b&gt;Per device:&lt;/b&gt;&lt;table cellspacing=6&gt;&lt;tr&gt;&lt;th&gt;device&lt;/th&gt;&lt;th&gt;runs&lt;/th&gt;&lt;th&gt;weights&lt;/th&gt;&lt;th&gt;KV cache&lt;/th&gt;&lt;/tr&gt;%1&lt;/table&gt;</source>
        <translation>&lt;b&gt;各设备：&lt;/b&gt;&lt;table cellspacing=6&gt;&lt;tr&gt;&lt;th&gt;设备&lt;/th&gt;&lt;th&gt;运行内容&lt;/th&gt;&lt;th&gt;权重&lt;/th&gt;&lt;th&gt;键值缓存&lt;/th&gt;&lt;/tr&gt;%1&lt;/table&gt;</translation>
    </message>
    <message>
        <source>a cache of %1 tokens needs %2 but only %3 of memory is available</source>
        <translation>容纳 %1 个词元的缓存需要 %2，但可用内存只有 %3</translation>
    </message>
    <message>
        <source>the converted weights need %1 but only %2 of memory is available</source>
        <translation>转换后的权重需要 %1，但可用内存只有 %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;KV cache:&lt;/b&gt; none (every token recomputes the whole prefix)</source>
        <translation>&lt;b&gt;键值缓存：&lt;/b&gt;无（每个词元都重新计算整个前缀）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Weights:&lt;/b&gt; open a model to see the estimate.</source>
        <translation>&lt;b&gt;权重：&lt;/b&gt;打开模型后可查看估算。</translation>
    </message>
    <message>
        <source>&lt;b&gt;KV cache:&lt;/b&gt; open a model to see the estimate.</source>
        <translation>&lt;b&gt;键值缓存：&lt;/b&gt;打开模型后可查看估算。</translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation>保存配置</translation>
    </message>
    <message>
        <source>Profile (*.json)</source>
        <translation>配置 (*.json)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Open profile</source>
        <translation>打开配置</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>%1 was not applied; nothing changed.</source>
        <translation>未应用 %1；没有任何更改。</translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n problem(s); nothing was applied.</source>
        <translation>
            <numerusform>%1 有 %n 个问题；未应用任何设置。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Last run:&lt;/b&gt; weights held %1; %n adjustment(s) by the passes</source>
        <translation>
            <numerusform>&lt;b&gt;最近一次运行：&lt;/b&gt;权重占用 %1；各处理步骤做了 %n 处调整</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;hellip; and %1 more</source>
        <translation>&amp;hellip;以及另外 %1 项</translation>
    </message>
    <message>
        <source>Weight precision</source>
        <translation>权重精度</translation>
    </message>
    <message>
        <source>As stored in the file</source>
        <translation>与文件中的存储格式相同</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>The number format every weight matrix is re-quantized to at load.</source>
        <translation>加载时将每个权重矩阵重新量化到的数值格式。</translation>
    </message>
    <message>
        <source>Default (32)</source>
        <translation>默认 (32)</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>分组大小</translation>
    </message>
    <message>
        <source>Weights that share one scale (INT8/INT4 only).</source>
        <translation>共享一个缩放因子的权重数（仅 INT8/INT4）。</translation>
    </message>
    <message>
        <source>Default (symmetric)</source>
        <translation>默认（对称）</translation>
    </message>
    <message>
        <source>Symmetric</source>
        <translation>对称</translation>
    </message>
    <message>
        <source>Asymmetric (scale + minimum)</source>
        <translation>非对称（缩放因子 + 最小值）</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化方式</translation>
    </message>
    <message>
        <source>Symmetric: one scale per group. Asymmetric: scale and minimum.</source>
        <translation>对称：每组一个缩放因子。非对称：缩放因子和最小值。</translation>
    </message>
    <message>
        <source>Tensor pattern</source>
        <translation>张量模式</translation>
    </message>
    <message>
        <source>Add override</source>
        <translation>添加覆盖</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Per-tensor precision: the first matching pattern wins (&apos;*&apos; any text, &apos;?&apos; one character).</source>
        <translation>逐张量精度：以第一条匹配的模式为准（&apos;*&apos; 匹配任意文本，&apos;?&apos; 匹配单个字符）。</translation>
    </message>
    <message>
        <source>Per-tensor overrides</source>
        <translation>逐张量覆盖</translation>
    </message>
    <message>
        <source>Overrides:</source>
        <translation>覆盖：</translation>
    </message>
    <message>
        <source>Pruning</source>
        <translation>剪枝</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Magnitude (unstructured)</source>
        <translation>幅值（非结构化）</translation>
    </message>
    <message>
        <source>Wanda (unstructured)</source>
        <translation>Wanda（非结构化）</translation>
    </message>
    <message>
        <source>N:M</source>
        <translation>N:M</translation>
    </message>
    <message>
        <source>Structured (heads / FFN channels)</source>
        <translation>结构化（注意力头 / FFN 通道）</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>How weights are chosen for removal before quantization.</source>
        <translation>量化之前如何选择要移除的权重。</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>N (kept)</source>
        <translation>N（保留）</translation>
    </message>
    <message>
        <source>N:M sparsity: keep N weights of every M.</source>
        <translation>N:M 稀疏：每 M 个权重保留 N 个。</translation>
    </message>
    <message>
        <source>M (group)</source>
        <translation>M（分组）</translation>
    </message>
    <message>
        <source>N:M sparsity: the group of consecutive weights.</source>
        <translation>N:M 稀疏：连续权重的分组大小。</translation>
    </message>
    <message>
        <source>Default (all matrices)</source>
        <translation>默认（全部矩阵）</translation>
    </message>
    <message>
        <source>All matrices</source>
        <translation>全部矩阵</translation>
    </message>
    <message>
        <source>Attention only</source>
        <translation>仅注意力</translation>
    </message>
    <message>
        <source>FFN only</source>
        <translation>仅 FFN</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Which matrices are pruned.</source>
        <translation>对哪些矩阵剪枝。</translation>
    </message>
    <message>
        <source>e.g. output.weight, blk.0.*</source>
        <translation>例如 output.weight, blk.0.*</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>Comma-separated tensor patterns left dense.</source>
        <translation>保持稠密的张量模式，以逗号分隔。</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>键值缓存</translation>
    </message>
    <message>
        <source>Default (contiguous)</source>
        <translation>默认（连续）</translation>
    </message>
    <message>
        <source>Off (recompute the prefix)</source>
        <translation>关闭（重新计算前缀）</translation>
    </message>
    <message>
        <source>Contiguous</source>
        <translation>连续</translation>
    </message>
    <message>
        <source>Paged (blocks)</source>
        <translation>分页（按块）</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Whether keys and values of past tokens are kept, and how.</source>
        <translation>是否保留过去词元的键和值，以及如何保留。</translation>
    </message>
    <message>
        <source>prompt + max tokens</source>
        <translation>提示词 + 最大词元数</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Tokens the whole cache holds, all sequences together.</source>
        <translation>整个缓存可容纳的词元数（所有序列合计）。</translation>
    </message>
    <message>
        <source>Default (16)</source>
        <translation>默认 (16)</translation>
    </message>
    <message>
        <source>Block size</source>
        <translation>块大小</translation>
    </message>
    <message>
        <source>Tokens per block of a paged cache.</source>
        <translation>分页缓存中每块的词元数。</translation>
    </message>
    <message>
        <source>Default (FP32)</source>
        <translation>默认 (FP32)</translation>
    </message>
    <message>
        <source>Number format of the cached keys and values.</source>
        <translation>缓存的键和值的数值格式。</translation>
    </message>
    <message>
        <source>Batching</source>
        <translation>批处理</translation>
    </message>
    <message>
        <source>Engine default</source>
        <translation>引擎默认</translation>
    </message>
    <message>
        <source>Static</source>
        <translation>静态</translation>
    </message>
    <message>
        <source>Continuous</source>
        <translation>连续</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Static batches or continuous batching with a queue.</source>
        <translation>静态批处理，或带队列的连续批处理。</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Max batch</source>
        <translation>最大批大小</translation>
    </message>
    <message>
        <source>Tokens in one forward pass (prompt chunks and decodes).</source>
        <translation>一次前向传播中的词元数（提示词分块和解码）。</translation>
    </message>
    <message>
        <source>Max sequences</source>
        <translation>最大序列数</translation>
    </message>
    <message>
        <source>Sequences running at once, each with its own KV cache.</source>
        <translation>同时运行的序列数，每个序列都有自己的键值缓存。</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>all (%1)</source>
        <translation>全部 (%1)</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程</translation>
    </message>
    <message>
        <source>Threads for the matrix multiplications; 0 uses every core.</source>
        <translation>矩阵乘法使用的线程数；0 表示使用全部核心。</translation>
    </message>
    <message>
        <source>None (one device)</source>
        <translation>无（单设备）</translation>
    </message>
    <message>
        <source>Pipeline (layers per device)</source>
        <translation>流水线并行（按设备分层）</translation>
    </message>
    <message>
        <source>Tensor (heads and FFN columns per device)</source>
        <translation>张量并行（按设备分注意力头和 FFN 列）</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>切分</translation>
    </message>
    <message>
        <source>How the model is spread over the devices.</source>
        <translation>模型如何分布到各设备上。</translation>
    </message>
    <message>
        <source>Virtual CPU devices</source>
        <translation>虚拟 CPU 设备</translation>
    </message>
    <message>
        <source>The CPU presented as this many devices, each with its own threads, weights and KV shard.</source>
        <translation>把 CPU 呈现为这么多个设备，每个设备有自己的线程、权重和键值缓存分片。</translation>
    </message>
    <message>
        <source>even, e.g. 3, 1</source>
        <translation>平均，例如 3, 1</translation>
    </message>
    <message>
        <source>Layer shares</source>
        <translation>层份额</translation>
    </message>
    <message>
        <source>Pipeline only: relative share of the layers per device.</source>
        <translation>仅流水线并行：每个设备所占层数的相对份额。</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Layers on the GPU</source>
        <translation>GPU 上的层数</translation>
    </message>
    <message>
        <source>With a GPU: its first N layers, the rest on the CPU (llama.cpp&apos;s -ngl).</source>
        <translation>有 GPU 时：前 N 层放在 GPU 上，其余在 CPU 上（即 llama.cpp 的 -ngl）。</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation>0（贪心）</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Divides the logits before softmax; 0 always takes the top token.</source>
        <translation>在 softmax 之前将 logits 除以温度；0 总是取概率最高的词元。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Keep only the k most likely tokens.</source>
        <translation>只保留最可能的 k 个词元。</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Keep the most likely tokens up to probability p (1 = off).</source>
        <translation>保留累计概率达到 p 的最可能词元（1 = 关闭）。</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Drop tokens below min-p times the top probability.</source>
        <translation>丢弃概率低于 min-p 乘以最高概率的词元。</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Scales down tokens seen recently (1 = off).</source>
        <translation>降低最近出现过的词元的权重（1 = 关闭）。</translation>
    </message>
    <message>
        <source>default (64)</source>
        <translation>默认 (64)</translation>
    </message>
    <message>
        <source>Penalty window</source>
        <translation>惩罚窗口</translation>
    </message>
    <message>
        <source>Recent tokens the repeat penalty looks at.</source>
        <translation>重复惩罚所考察的最近词元数。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>The sampler&apos;s random seed: the same seed gives the same text.</source>
        <translation>采样器的随机种子：相同的种子生成相同的文本。</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <source>Generate at most this many tokens.</source>
        <translation>最多生成这么多词元。</translation>
    </message>
    <message>
        <source>&lt;b&gt;KV cache:&lt;/b&gt; %1&lt;br&gt;= %2&lt;br&gt;%3 tokens = %4</source>
        <translation>&lt;b&gt;键值缓存：&lt;/b&gt;%1&lt;br&gt;= %2&lt;br&gt;%3 个词元 = %4</translation>
    </message>
    <message>
        <source>&lt;b&gt;Weights:&lt;/b&gt; %1 (stored: %2, %3 %)</source>
        <translation>&lt;b&gt;权重：&lt;/b&gt;%1（存储时：%2，%3 %）</translation>
    </message>
    <message>
        <source>&lt;br&gt;after structured pruning: %1 (whole rows and columns removed)</source>
        <translation>&lt;br&gt;结构化剪枝后：%1（整行整列被移除）</translation>
    </message>
    <message>
        <source>&lt;br&gt;after pruning: %1 (pruned matrices are stored as F32 until quantized again)</source>
        <translation>&lt;br&gt;剪枝后：%1（剪枝后的矩阵在重新量化前以 F32 存储）</translation>
    </message>
    <message>
        <source>&lt;br&gt;pruning: same size (the zeros are stored; only structured pruning shrinks the matrices)</source>
        <translation>&lt;br&gt;剪枝：大小不变（零值仍会存储；只有结构化剪枝才会缩小矩阵）</translation>
    </message>
    <message>
        <source>&lt;br&gt;%1 matrices converted, %2 kept at higher precision</source>
        <translation>&lt;br&gt;已转换 %1 个矩阵，%2 个保持较高精度</translation>
    </message>
    <message>
        <source> (%1 converted with a smaller group: their rows do not divide into the requested one)</source>
        <translation>（其中 %1 个使用了更小的分组：它们的行长度无法被所请求的分组整除）</translation>
    </message>
    <message>
        <source>Ratio (%)</source>
        <translation>比例 (%)</translation>
    </message>
    <message>
        <source>Percent of the weights removed, 0-90 %: type 25 for a quarter (profile ratio 0.25). Not used with N:M.</source>
        <translation>移除权重的百分比，0-90 %：输入 25 表示四分之一（配置中的比例为 0.25）。使用 N:M 时不适用。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Ready to run with this profile.</source>
        <translation>可以用此配置运行。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cannot run:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;无法运行：&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a whole number</source>
        <translation>“%1”不是整数</translation>
    </message>
</context>
<context>
    <name>PagedKvDemo</name>
    <message>
        <source>Served the workload: %1</source>
        <translation>已处理完工作负载：%1</translation>
    </message>
    <message>
        <source>Paged KV</source>
        <translation>分页 KV</translation>
    </message>
    <message>
        <source>Paged KV: the block table and fragmentation</source>
        <translation>分页 KV：块表与碎片</translation>
    </message>
    <message>
        <source>Twelve requests of mixed lengths are served four at a time from one pool of 512 KV positions cut into blocks of 16. Press Play: each cell is a block, coloured by the request that holds it; a sequence takes a new block only when its last one is full, and gives all of them back when it finishes, so the pool fills and empties without ever reserving a whole context per request. Only the last block of a sequence can be partly empty (pale), so the waste is less than one block per sequence. The chart repeats the run with other block sizes: larger blocks waste more of what they reserve, smaller ones mean longer block tables to read.</source>
        <translation>十二个长度不一的请求每次四个同时处理，共用一个包含 512 个 KV 位置、按每块 16 个位置切分的池。按下“播放”：每个格子是一个块，按持有它的请求着色；序列只有在最后一个块写满时才申请新块，结束时归还全部块，因此池子反复填满又清空，却从不为每个请求预留整段上下文。只有序列的最后一个块可能部分为空（浅色），所以每个序列浪费的空间不到一个块。图表用其他块大小重复这次运行：块越大，预留空间中浪费的越多；块越小，要读取的块表越长。</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Block size (positions)</source>
        <translation>块大小（位置数）</translation>
    </message>
    <message>
        <source>Mean fragmentation (%)</source>
        <translation>平均碎片率 (%)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>No steps recorded yet.</source>
        <translation>尚未记录任何步骤。</translation>
    </message>
    <message>
        <source>Step %1 of %2 (after %3 forward passes): %4 of %5 blocks held by %6 sequence(s), fragmentation %7 %</source>
        <translation>第 %1 / %2 步（%3 次前向传播之后）：%6 个序列占用了 %5 个块中的 %4 个，碎片率 %7 %</translation>
    </message>
    <message>
        <source>Mean fragmentation</source>
        <translation>平均碎片率</translation>
    </message>
</context>
<context>
    <name>ParetoChart</name>
    <message>
        <source>Mean KL divergence from the baseline (nats)</source>
        <translation>相对基线的平均 KL 散度（nat）</translation>
    </message>
    <message>
        <source>Decode throughput (tok/s)</source>
        <translation>解码吞吐量 (tok/s)</translation>
    </message>
    <message>
        <source>Each bubble is a run: further left is closer to the unoptimised model, higher is faster, a bigger bubble uses more memory. The dashed line is the Pareto frontier: the runs no other selected run beats on both speed and quality.</source>
        <translation>每个气泡代表一次运行：越靠左越接近未优化的模型，越高越快，气泡越大占用内存越多。虚线是帕累托前沿：在速度和质量上都没有被其他选中运行同时超越的那些运行。</translation>
    </message>
    <message>
        <source>Pareto frontier</source>
        <translation>帕累托前沿</translation>
    </message>
    <message>
        <source>Select runs with quality measurements (runs made with a profile) to place them here by speed and quality.</source>
        <translation>选择带有质量测量结果的运行（使用配置进行的运行），即可按速度和质量将它们放置在此处。</translation>
    </message>
    <message>
        <source>Recommended: %1</source>
        <translation>推荐：%1</translation>
    </message>
</context>
<context>
    <name>PhaseProgress</name>
    <message>
        <source>tensor %1/%2</source>
        <translation>张量 %1/%2</translation>
    </message>
    <message>
        <source>Loading %1: %2 tensors, %3</source>
        <translation>正在加载 %1：%2 个张量，%3</translation>
    </message>
    <message>
        <source>Loaded %1: %2 tensors, %3</source>
        <translation>已加载 %1：%2 个张量，%3</translation>
    </message>
    <message>
        <source>Pruning %1: %2</source>
        <translation>正在剪枝 %1：%2</translation>
    </message>
    <message>
        <source>Re-quantizing %1: %2</source>
        <translation>正在重新量化 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Prefill: %n-token prompt, layer %1/%2</source>
        <translation>
            <numerusform>预填充：%n 个词元的提示词，第 %1/%2 层</numerusform>
        </translation>
    </message>
    <message>
        <source>Generating: token %1/%2</source>
        <translation>生成中：第 %1/%2 个词元</translation>
    </message>
    <message>
        <source>Measuring quality against the baseline: layer %1/%2 of the passes over the evaluation text</source>
        <translation>正在与基线对比测量质量：评估文本前向传播的第 %1/%2 层</translation>
    </message>
    <message>
        <source>under a second left</source>
        <translation>剩余不到一秒</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>约剩 %1 秒</translation>
    </message>
    <message numerus="yes">
        <source>about %n min left</source>
        <translation>
            <numerusform>约剩 %n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <extracomment>Between the parts of a progress sentence: &quot;tensor 87/226, 38 %, about 40 s left&quot;</extracomment>
        <translation>，</translation>
    </message>
    <message numerus="yes">
        <source>Serving: %1/%2 requests done, %n token(s) generated</source>
        <translation>
            <numerusform>服务中：已完成 %1/%2 个请求，已生成 %n 个 token</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfileDocument</name>
    <message>
        <source>%1: %2</source>
        <extracomment>A profile problem: %1 the key&apos;s path (weights.group_size), %2 what is wrong with it</extracomment>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>ProfileEstimate</name>
    <message>
        <source>2 x %1 layers x %2 values x %3 tokens x %4 B</source>
        <translation>2 × %1 层 × %2 个值 × %3 个词元 × %4 B</translation>
    </message>
    <message>
        <source> + one 4 B scale per head and position</source>
        <translation> + 每个头、每个位置一个 4 B 缩放因子</translation>
    </message>
    <message>
        <source> + 2 x %1 window layers x %2 values x %3 ring tokens x %4 B</source>
        <translation> + 2 × %1 个窗口层 × %2 个值 × %3 个环形缓冲词元 × %4 B</translation>
    </message>
    <message>
        <source>(%1 prompt + %2 new</source>
        <translation>（%1 个提示词词元 + %2 个新词元</translation>
    </message>
    <message>
        <source>, capped at the context of %1</source>
        <translation>，上限为上下文长度 %1</translation>
    </message>
    <message>
        <source> = %1 blocks of %2</source>
        <translation> = %1 个块 × 每块 %2</translation>
    </message>
    <message>
        <source>) x 1 sequence</source>
        <translation>）× 1 个序列</translation>
    </message>
    <message>
        <source>) x %1 sequences</source>
        <translation>）× %1 个序列</translation>
    </message>
</context>
<context>
    <name>ProfileExportPanel</name>
    <message>
        <source>Profile JSON</source>
        <translation>配置 JSON</translation>
    </message>
    <message>
        <source>llama.cpp</source>
        <translation>llama.cpp</translation>
    </message>
    <message>
        <source>vLLM</source>
        <translation>vLLM</translation>
    </message>
    <message>
        <source>Save profile...</source>
        <translation>保存配置...</translation>
    </message>
    <message>
        <source>Import profile...</source>
        <translation>导入配置...</translation>
    </message>
    <message>
        <source>Optimisation profile</source>
        <translation>优化配置</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Every knob maps exactly.</source>
        <translation>每个选项都能精确对应。</translation>
    </message>
    <message>
        <source>Without an exact equivalent:</source>
        <translation>没有完全对应的选项：</translation>
    </message>
    <message>
        <source>Canonical profile JSON (schema inferscope.profile/1).</source>
        <translation>规范的配置 JSON（模式 inferscope.profile/1）。</translation>
    </message>
    <message>
        <source>Not a valid profile:</source>
        <translation>不是有效的配置：</translation>
    </message>
    <message>
        <source>Kept, not yet applied by this build: %1</source>
        <translation>已保留，但此版本尚未应用：%1</translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation>保存配置</translation>
    </message>
    <message>
        <source>Profile (*.json)</source>
        <translation>配置 (*.json)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Import profile</source>
        <translation>导入配置</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>已导入 %1</translation>
    </message>
    <message>
        <source>%1 was not imported; nothing changed.</source>
        <translation>未导入 %1；没有任何更改。</translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n problem(s); nothing was applied.</source>
        <translation>
            <numerusform>%1 有 %n 个问题；未应用任何设置。</numerusform>
        </translation>
    </message>
    <message>
        <source>Write files...</source>
        <translation>写入文件...</translation>
    </message>
    <message>
        <source>Writes the export&apos;s files (a model repository, a config overlay) and commands.sh into a folder</source>
        <translation>将导出的文件（模型仓库、配置覆盖文件）和 commands.sh 写入一个文件夹</translation>
    </message>
    <message>
        <source>Write export files into</source>
        <translation>将导出文件写入</translation>
    </message>
    <message>
        <source>Wrote the files and commands.sh into %1</source>
        <translation>已将文件和 commands.sh 写入 %1</translation>
    </message>
    <message>
        <source>Could not write into %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message>
        <source>No run yet: start one on the Run page (Ctrl+R).</source>
        <translation>还没有运行：请在“运行”页面启动一次运行 (Ctrl+R)。</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Ops</source>
        <translation>算子</translation>
    </message>
    <message>
        <source>Memory &amp;&amp; quality</source>
        <translation>内存与质量</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>Time to first token: request start to the first generated token (tokenize, prefill the prompt, sample).</source>
        <translation>首字延迟：从请求开始到生成第一个词元的时间（分词、预填充提示词、采样）。</translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation>预填充</translation>
    </message>
    <message>
        <source>Prompt tokens processed per second in the prefill forward pass.</source>
        <translation>预填充前向传播中每秒处理的提示词元数。</translation>
    </message>
    <message>
        <source>Decode</source>
        <translation>解码</translation>
    </message>
    <message>
        <source>Generated tokens per second after the first: decode steps / decode time.</source>
        <translation>第一个词元之后每秒生成的词元数：解码步数 / 解码时间。</translation>
    </message>
    <message>
        <source>ITL p50</source>
        <translation>ITL p50</translation>
    </message>
    <message>
        <source>Median inter-token latency: the gap between consecutive tokens.</source>
        <translation>词元间延迟的中位数：相邻词元之间的间隔。</translation>
    </message>
    <message>
        <source>ITL p99</source>
        <translation>ITL p99</translation>
    </message>
    <message>
        <source>99th percentile of the inter-token latency.</source>
        <translation>词元间延迟的第 99 百分位数。</translation>
    </message>
    <message>
        <source>TPOT</source>
        <translation>TPOT</translation>
    </message>
    <message>
        <source>Time per output token: (e2e - TTFT) / (tokens - 1).</source>
        <translation>每个输出词元的时间：(e2e - TTFT) / (词元数 - 1)。</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元数</translation>
    </message>
    <message>
        <source>Generated tokens (prompt tokens in brackets).</source>
        <translation>生成的词元数（括号内为提示词元数）。</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Weights + KV cache + activations (estimate) of the run&apos;s model.</source>
        <translation>该次运行的模型的权重 + 键值缓存 + 激活值（估计）。</translation>
    </message>
    <message>
        <source>KLD</source>
        <translation>KLD</translation>
    </message>
    <message>
        <source>Mean KL divergence of the next-token distributions from the model without the profile, over a short evaluation text (runs with a profile only).</source>
        <translation>在一段简短的评估文本上，下一词元分布相对于未应用配置的模型的平均 KL 散度（仅限使用配置的运行）。</translation>
    </message>
    <message>
        <source>The op timeline and the time per layer and category fill in while a run goes on and are final when it finishes. Wheel: zoom the time axis; drag: pan; double-click: the whole run; hover a bar for the op&apos;s name, layer and duration; right-click any chart to save it as PNG or PDF.</source>
        <translation>算子时间线以及按层、按类别的耗时会在运行过程中逐步填充，运行结束后成为最终结果。滚轮：缩放时间轴；拖动：平移；双击：显示整个运行；悬停在条形上可查看算子名称、所在层和耗时；右键单击任意图表可将其保存为 PNG 或 PDF。</translation>
    </message>
    <message>
        <source>Quality against the unoptimised model is measured for runs made with a profile.</source>
        <translation>对于使用配置的运行，会测量其相对未优化模型的质量。</translation>
    </message>
    <message>
        <source>Run in progress...</source>
        <translation>正在运行...</translation>
    </message>
    <message>
        <source>The op timeline and the time per layer and category fill in while the run goes on.</source>
        <translation>算子时间线以及按层、按类别的耗时会在运行过程中逐步填充。</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Live: %1 ops so far; the final trace replaces this view when the run finishes.</source>
        <translation>实时：目前已有 %1 个算子；运行结束后，最终跟踪将替换此视图。</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 tok/s</translation>
    </message>
    <message>
        <source>%1 generated, %2 prompt</source>
        <translation>生成 %1，提示词 %2</translation>
    </message>
    <message>
        <source>Run %1: %2 on %3, %4, %5.</source>
        <translation>运行 %1：%2，在 %3 上，%4，%5。</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>stop: %1</source>
        <translation>停止原因：%1</translation>
    </message>
    <message>
        <source>This run has no op trace.</source>
        <translation>此次运行没有算子跟踪。</translation>
    </message>
    <message>
        <source>%1 ops took %2 ms of the run&apos;s %3 ms (the rest: tokenizing, callbacks, bookkeeping).</source>
        <translation>算子耗时 %2 毫秒，占本次运行 %3 毫秒中的一部分，共 %1 个算子（其余时间用于分词、回调和簿记）。</translation>
    </message>
    <message>
        <source>The timeline of a run from the history is not kept; run it again to see it.</source>
        <translation>历史记录中的运行不保留时间线；请重新运行以查看。</translation>
    </message>
    <message>
        <source>The timeline shows the first %1 ops.</source>
        <translation>时间线显示前 %1 个算子。</translation>
    </message>
    <message>
        <source>This run has no memory breakdown.</source>
        <translation>此次运行没有内存明细。</translation>
    </message>
    <message>
        <source>The run&apos;s peak resident memory is unknown on this system.</source>
        <translation>在此系统上无法得知该次运行的峰值常驻内存。</translation>
    </message>
    <message>
        <source>Peak resident memory during this run: %1 (the kernel&apos;s high-water mark, reset when the run began; the whole workbench process, Qt included).</source>
        <translation>本次运行期间的峰值常驻内存：%1（内核记录的高水位线，在运行开始时重置；统计的是整个工作台进程，包括 Qt）。</translation>
    </message>
    <message>
        <source>Peak resident memory during this run: at least %1 (the largest reading sampled per layer and token; this system cannot reset the kernel&apos;s high-water mark, so a shorter spike may be missed).</source>
        <translation>本次运行期间的峰值常驻内存：至少 %1（按每层、每个词元采样所得的最大读数；此系统无法重置内核的高水位线，因此可能漏掉更短暂的峰值）。</translation>
    </message>
    <message>
        <source>The process&apos;s peak resident memory was %1 (recorded before runs were measured one by one: the whole process&apos;s high-water mark, not this run&apos;s).</source>
        <translation>进程的峰值常驻内存为 %1（记录于逐次测量运行之前：这是整个进程的高水位线，而不是本次运行的）。</translation>
    </message>
    <message>
        <source>Measure quality anyway</source>
        <translation>仍然测量质量</translation>
    </message>
    <message numerus="yes">
        <source>Run %1 was cancelled after %n generated token(s); it is kept in the history as cancelled.</source>
        <translation>
            <numerusform>运行 %1 在生成 %n 个词元后被取消；它以“已取消”状态保留在运行历史中。</numerusform>
        </translation>
    </message>
    <message>
        <source>The numbers below are those of the last complete run, %1.</source>
        <translation>下方数据来自最近一次完整的运行 %1。</translation>
    </message>
    <message>
        <source>There is no complete run to show: below is what the cancelled run measured.</source>
        <translation>没有可显示的完整运行：下方是被取消的运行所测得的数据。</translation>
    </message>
    <message numerus="yes">
        <source>Run %1 was cancelled after %n generated token(s): the numbers below are what it measured before it stopped, not a complete run.</source>
        <translation>
            <numerusform>运行 %1 在生成 %n 个词元后被取消：下方数据是它停止前测得的，并非一次完整运行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Weights %1, KV cache %2 allocated (%3 used by %4 positions&apos; keys and values), activations about %5. %6</source>
        <translation>权重 %1，键值缓存已分配 %2（其中 %3 被 %4 个位置的键和值占用），激活值约 %5。%6</translation>
    </message>
    <message>
        <source>Measure quality anyway (%1)</source>
        <translation>仍然测量质量（%1）</translation>
    </message>
    <message>
        <source>Loads the model as stored beside the run&apos;s model and scores %1 tokens of the evaluation text with both: %2. It runs on the engine thread; Cancel stops it.</source>
        <translation>在该次运行的模型之外再加载一份原样存储的模型，并用两者对评估文本的 %1 个词元打分：%2。测量在引擎线程上进行；点击“取消”可将其停止。</translation>
    </message>
    <message>
        <source>Measuring the quality of run %1 against the model as stored...</source>
        <translation>正在以原样存储的模型为基线测量运行 %1 的质量……</translation>
    </message>
    <message>
        <source>Open trace…</source>
        <translation>打开跟踪文件…</translation>
    </message>
    <message>
        <source>Show a saved Chrome trace (exported from a run, with its CPU threads and GPU streams) on this timeline</source>
        <translation>在这条时间线上显示已保存的 Chrome 跟踪文件（从某次运行导出，包含它的 CPU 线程和 GPU 流）</translation>
    </message>
    <message>
        <source>%1 ms of it ran on GPU streams (kernels and copies); an op that launched GPU work counts with its kernels&apos; time, not its own, so nothing is counted twice.</source>
        <translation>其中 %1 ms 运行在 GPU 流上（内核和拷贝）；启动了 GPU 工作的算子按它的内核时间计入，而不是它自己的时间，所以不会重复计算。</translation>
    </message>
    <message>
        <source>Trace %1:</source>
        <translation>跟踪文件 %1：</translation>
    </message>
    <message>
        <source>Open a trace</source>
        <translation>打开跟踪文件</translation>
    </message>
    <message>
        <source>Chrome trace (*.json);;All files (*)</source>
        <translation>Chrome 跟踪 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open the trace</source>
        <translation>无法打开跟踪文件</translation>
    </message>
    <message>
        <source>measuring…</source>
        <translation>测量中…</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>服务</translation>
    </message>
</context>
<context>
    <name>PruningDemo</name>
    <message>
        <source>Pruned and measured %1</source>
        <translation>已剪枝并测量 %1</translation>
    </message>
    <message>
        <source>Magnitude</source>
        <translation>幅值</translation>
    </message>
    <message>
        <source>Wanda</source>
        <translation>Wanda</translation>
    </message>
    <message>
        <source>N:M (3:4, 2:4, 1:4)</source>
        <translation>N:M（3:4、2:4、1:4）</translation>
    </message>
    <message>
        <source>Structured</source>
        <translation>结构化</translation>
    </message>
    <message>
        <source>Pruning</source>
        <translation>剪枝</translation>
    </message>
    <message>
        <source>Pruning: quality and speed against sparsity</source>
        <translation>剪枝：质量和速度随稀疏度的变化</translation>
    </message>
    <message>
        <source>The model is pruned to 0, 25, 50 and 75 % sparsity with four methods, and each variant is run. Left: the mean KL divergence of its next-token distributions from the dense model; it grows with sparsity for every method. Wanda, which weighs each weight by the size of its inputs, usually stays closest to the dense model, while structured pruning, which removes whole heads and FFN channels, costs the most at low sparsity. Right: decode speed. Magnitude, Wanda and N:M only set weights to zero and the dense kernels still multiply the zeros, so their speed stays that of the dense model; only structured pruning shrinks the matrices and gets faster.</source>
        <translation>用四种方法把模型分别剪枝到 0、25、50 和 75 % 的稀疏度，并逐一运行每个变体。左图：其下一词元分布相对稠密模型的平均 KL 散度；对每种方法，它都随稀疏度增大而增大。Wanda 按输入的大小为每个权重加权，通常最接近稠密模型；结构化剪枝移除整个注意力头和 FFN 通道，在低稀疏度下代价最大。右图：解码速度。幅值、Wanda 和 N:M 只是把权重置零，稠密内核仍要乘这些零，因此速度与稠密模型相同；只有结构化剪枝真正缩小了矩阵，速度才会变快。</translation>
    </message>
    <message>
        <source>Sparsity (%)</source>
        <translation>稀疏度 (%)</translation>
    </message>
    <message>
        <source>Mean KLD vs dense (nats)</source>
        <translation>相对稠密模型的平均 KLD（nat）</translation>
    </message>
    <message>
        <source>Decode speed (tok/s)</source>
        <translation>解码速度 (tok/s)</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>as stored</source>
        <translation>原始存储</translation>
    </message>
    <message>
        <source>(unreadable profile)</source>
        <translation>（无法读取的配置）</translation>
    </message>
    <message>
        <source>KV cache on vs off</source>
        <translation>键值缓存：开启与关闭</translation>
    </message>
    <message>
        <source>Without a KV cache every new token recomputes the keys and values of the whole prefix, so the per-token latency grows with the position; with the cache each step only processes the new token and the latency stays flat. Compare the latency curves.</source>
        <translation>没有键值缓存时，每个新词元都要重新计算整个前缀的键和值，因此逐词元延迟随位置增长；有了缓存，每一步只处理新词元，延迟保持平稳。请比较两条延迟曲线。</translation>
    </message>
    <message>
        <source>KV off</source>
        <translation>KV 关闭</translation>
    </message>
    <message>
        <source>KV on</source>
        <translation>KV 开启</translation>
    </message>
    <message>
        <source>FP32 vs INT8 vs INT4</source>
        <translation>FP32、INT8 与 INT4 对比</translation>
    </message>
    <message>
        <source>The same model with its weights stored as 32-bit floats, 8-bit and 4-bit integers: each step down shrinks the weights and the memory traffic of every decode step, and moves the next-token distributions further from the original (KL divergence, perplexity). See the Pareto chart.</source>
        <translation>同一个模型，权重分别以 32 位浮点数、8 位和 4 位整数存储：每降一级，权重和每个解码步的内存流量都会缩小，而下一词元分布也离原始模型更远（KL 散度、困惑度）。请查看帕累托图。</translation>
    </message>
    <message>
        <source>FP32</source>
        <translation>FP32</translation>
    </message>
    <message>
        <source>INT8</source>
        <translation>INT8</translation>
    </message>
    <message>
        <source>INT4</source>
        <translation>INT4</translation>
    </message>
    <message>
        <source>Device split: pipeline vs tensor parallel</source>
        <translation>设备切分：流水线并行与张量并行</translation>
    </message>
    <message>
        <source>The same model on 1, 2 and 4 virtual CPU devices, split by layers (pipeline) and by heads and FFN columns (tensor parallel). Each device holds its share of the weights and the KV cache; pipeline stages wait for each other on a single request (the bubble) while tensor parallel keeps every device busy but adds an all-reduce after every block. On one CPU a split is never faster: the demo shows what a split costs and what it buys (memory per device). See throughput on the Compare page and the communication spans on the Profile timeline.</source>
        <translation>同一个模型分别运行在 1、2、4 个虚拟 CPU 设备上，按层切分（流水线并行）以及按注意力头和 FFN 列切分（张量并行）。每个设备持有自己那份权重和键值缓存；处理单个请求时，流水线各阶段需要互相等待（气泡），而张量并行让每个设备都保持忙碌，但每个模块之后都要增加一次 all-reduce。在一颗 CPU 上切分永远不会更快：这个演示展示的是切分的代价以及它换来的收益（每个设备的内存）。请在“对比”页面查看吞吐量，在“剖析”时间线上查看通信区段。</translation>
    </message>
    <message>
        <source>1 device</source>
        <translation>1 个设备</translation>
    </message>
    <message>
        <source>%1 x%2</source>
        <translation>%1 x%2</translation>
    </message>
</context>
<context>
    <name>QualityMetrics</name>
    <message>
        <source>Not measured: the measurement did not finish.</source>
        <translation>未测量：测量没有完成。</translation>
    </message>
</context>
<context>
    <name>QualityPolicy</name>
    <message>
        <source>under a second</source>
        <translation>不到一秒</translation>
    </message>
    <message>
        <source>about %1 s</source>
        <translation>约 %1 秒</translation>
    </message>
    <message numerus="yes">
        <source>about %n min</source>
        <translation>
            <numerusform>约 %n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>Quality not measured: the model has %1 M parameters, above the %2 M up to which it is measured automatically (the comparison loads a second copy of the model and evaluates both). Use &quot;Measure quality anyway&quot; on the Profile page.</source>
        <translation>未测量质量：该模型有 %1 M 参数，超过了自动测量的上限 %2 M（对比需要再加载一份模型并分别评估两者）。请在“剖析”页面上使用“仍然测量质量”。</translation>
    </message>
    <message numerus="yes">
        <source>Quality not measured: the run was cancelled after %n token(s).</source>
        <translation>
            <numerusform>未测量质量：运行在 %n 个词元后被取消。</numerusform>
        </translation>
    </message>
    <message>
        <source>Quality not measured: the measurement was cancelled.</source>
        <translation>未测量质量：测量已被取消。</translation>
    </message>
    <message>
        <source>Quality against the unoptimised model: KLD mean %1 nats (p99 %2, max %3), top-1 agreement %4 %, perplexity %5 vs %6 (ΔPPL %7); %8.</source>
        <translation>相对未优化模型的质量：KLD 均值 %1 nat（p99 %2，最大 %3），Top-1 一致率 %4 %，困惑度 %5 对比 %6（ΔPPL %7）；%8。</translation>
    </message>
    <message>
        <source>This run used the model as stored: it is its own baseline (no profile, so no quality comparison).</source>
        <translation>本次运行使用的是原样存储的模型：它本身就是基线（未使用配置，因此没有质量对比）。</translation>
    </message>
    <message>
        <source>time unknown (the run measured no prefill rate), about %1 more memory</source>
        <translation>耗时未知（该次运行未测得预填充速率），另需约 %1 内存</translation>
    </message>
    <message>
        <source>%1 and about %2 more memory</source>
        <translation>耗时%1，另需约 %2 内存</translation>
    </message>
    <message>
        <source>Measuring the quality against the unoptimised model… the numbers appear here when it is done (Cancel stops it and keeps the run).</source>
        <translation>正在对比未优化的模型测量质量… 完成后数值会显示在这里（点“取消”只停止测量，本次运行会保留）。</translation>
    </message>
</context>
<context>
    <name>QuantErrorDemo</name>
    <message>
        <source>INT4, group 32, symmetric (Q4_0)</source>
        <translation>INT4，分组 32，对称 (Q4_0)</translation>
    </message>
    <message>
        <source>INT4, group 32, asymmetric (Q4_1)</source>
        <translation>INT4，分组 32，非对称 (Q4_1)</translation>
    </message>
    <message>
        <source>INT8, group 32 (Q8_0)</source>
        <translation>INT8，分组 32 (Q8_0)</translation>
    </message>
    <message>
        <source>Measured %1</source>
        <translation>已测量 %1</translation>
    </message>
    <message>
        <source>Quantization error</source>
        <translation>量化误差</translation>
    </message>
    <message>
        <source>Quantization error: per layer, and the layers that matter</source>
        <translation>量化误差：逐层分布，以及真正关键的层</translation>
    </message>
    <message>
        <source>Every weight is rounded to the chosen format and the error (dequantized minus original) is counted per layer. Left: the error distributions; a 4-bit format has only 16 levels per group of 32 weights, so its errors spread much wider than 8-bit ones, and a layer with larger weights gets larger steps. Right: each layer quantized alone, the rest left as stored, ranked by the mean KL divergence of the next-token distributions from the original model. A wide histogram does not always mean a sensitive layer: what matters is how the error propagates to the output, which is why mixed precision keeps only the top layers at higher precision.</source>
        <translation>把每个权重舍入到所选格式，并逐层统计误差（反量化值减去原始值）。左图：误差分布；4 位格式在每组 32 个权重中只有 16 个量化级别，因此误差分布比 8 位格式宽得多，而权重越大的层，量化步长也越大。右图：每次只量化一层，其余各层保持原始存储，按下一词元分布相对原始模型的平均 KL 散度排序。直方图宽并不一定意味着该层敏感：关键在于误差如何传播到输出，这也正是混合精度只让排在最前面的几层保持较高精度的原因。</translation>
    </message>
    <message>
        <source>All layers</source>
        <translation>所有层</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Weight error, dequantized - original</source>
        <translation>权重误差（反量化值 - 原始值）</translation>
    </message>
    <message>
        <source>Share of the layer&apos;s weights (%)</source>
        <translation>占该层权重的比例 (%)</translation>
    </message>
    <message>
        <source>Mean KLD, only this layer quantized (nats)</source>
        <translation>平均 KLD，仅量化此层（nat）</translation>
    </message>
    <message>
        <source>%1 (%2): mean KLD %3 nats, top-1 agreement %4 %, RMS weight error %5</source>
        <translation>%1（%2）：平均 KLD %3 nat，Top-1 一致率 %4 %，权重 RMS 误差 %5</translation>
    </message>
    <message>
        <source>Mean KLD, only this layer as %1 (nats)</source>
        <translation>平均 KLD，仅此层使用 %1（nat）</translation>
    </message>
</context>
<context>
    <name>RunAnalysis</name>
    <message>
        <source>The profile is not valid: %1</source>
        <translation>配置无效：%1</translation>
    </message>
    <message>
        <source>Not measured: the evaluation text (resources/eval/stories.txt) was not found.</source>
        <translation>未测量：未找到评估文本 (resources/eval/stories.txt)。</translation>
    </message>
    <message>
        <source>Not measured: the evaluation text has fewer than 2 tokens.</source>
        <translation>未测量：评估文本少于 2 个词元。</translation>
    </message>
    <message>
        <source>Not measured: %1</source>
        <translation>未测量：%1</translation>
    </message>
    <message>
        <source>%1 tokens of %2; the profile leaves the weights as stored, so the distributions equal the baseline&apos;s</source>
        <translation>%2 中的 %1 个词元；该配置未改动原始存储的权重，因此分布与基线相同</translation>
    </message>
    <message>
        <source>Not measured: the baseline could not be loaded: %1</source>
        <translation>未测量：无法加载基线：%1</translation>
    </message>
    <message>
        <source>%1 tokens of %2 against the model file without the profile</source>
        <translation>%2 中的 %1 个词元，与未应用配置的模型文件对比</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Cannot read the run history %1: %2</source>
        <translation>无法读取运行历史 %1：%2</translation>
    </message>
    <message>
        <source>The run history %1 could not be read, so it is not overwritten.</source>
        <translation>无法读取运行历史 %1，因此不会覆盖它。</translation>
    </message>
    <message>
        <source>Cannot write the run history %1: %2</source>
        <translation>无法写入运行历史 %1：%2</translation>
    </message>
    <message>
        <source>No run %1 in the history.</source>
        <translation>运行历史中没有运行 %1。</translation>
    </message>
    <message>
        <source>not valid JSON at byte %1: %2</source>
        <translation>不是有效的 JSON（第 %1 字节：%2）</translation>
    </message>
    <message>
        <source>not an InferScope run history</source>
        <translation>不是 InferScope 的运行历史文件</translation>
    </message>
    <message>
        <source>The run history %1 could not be read (%2) nor moved aside to %3; it was left untouched and new runs are not saved.</source>
        <translation>无法读取运行历史 %1（%2），也无法把它移到 %3；文件保持原样，之后的运行不会被保存。</translation>
    </message>
    <message>
        <source>The run history %1 could not be read (%2). It was kept as %3 and a new, empty history was started.</source>
        <translation>无法读取运行历史 %1（%2）。原文件已另存为 %3，并新建了一个空的运行历史。</translation>
    </message>
    <message>
        <source>Run history</source>
        <translation>运行历史</translation>
    </message>
</context>
<context>
    <name>RunHistoryModel</name>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Run %1 on %2</source>
        <translation>运行 %1，在 %2 上</translation>
    </message>
    <message>
        <source>What the run&apos;s profile changes from the model as stored.</source>
        <translation>该次运行的配置相对原始存储模型所做的改动。</translation>
    </message>
    <message>
        <source>Time to first token: request start to the first generated token (ms).</source>
        <translation>首字延迟：从请求开始到生成第一个词元的时间（毫秒）。</translation>
    </message>
    <message>
        <source>Prompt tokens processed per second in the prefill pass.</source>
        <translation>预填充阶段每秒处理的提示词元数。</translation>
    </message>
    <message>
        <source>Generated tokens per second after the first token.</source>
        <translation>第一个词元之后每秒生成的词元数。</translation>
    </message>
    <message>
        <source>Median inter-token latency: gap between consecutive generated tokens (ms).</source>
        <translation>词元间延迟的中位数：相邻生成词元之间的间隔（毫秒）。</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元数</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>TTFT (ms)</source>
        <translation>TTFT（毫秒）</translation>
    </message>
    <message>
        <source>Prefill (tok/s)</source>
        <translation>预填充 (tok/s)</translation>
    </message>
    <message>
        <source>Decode (tok/s)</source>
        <translation>解码 (tok/s)</translation>
    </message>
    <message>
        <source>ITL p50 (ms)</source>
        <translation>ITL p50（毫秒）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止原因</translation>
    </message>
    <message>
        <source>workload %1</source>
        <translation>工作负载 %1</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>The generated text streams in here.</source>
        <translation>生成的文本会以流式显示在这里。</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Empty: start from BOS only</source>
        <translation>留空：仅从 BOS 开始</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>Send the prompt as a user turn written the way the model was trained to read a conversation (its tokenizer.chat_template: Llama 3, ChatML, Phi-3, Gemma, Llama 2, Mistral). Models without a template we know run the prompt as written.</source>
        <translation>把提示词作为一轮用户发言发送，并按模型训练时读取对话的格式书写（即其 tokenizer.chat_template：Llama 3、ChatML、Phi-3、Gemma、Llama 2、Mistral）。没有已知模板的模型按原文运行提示词。</translation>
    </message>
    <message>
        <source>System message (optional)</source>
        <translation>系统消息（可选）</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Generate at most this many tokens (the model&apos;s context also limits it).</source>
        <translation>最多生成这么多词元（同时受模型上下文长度限制）。</translation>
    </message>
    <message>
        <source>Max tokens:</source>
        <translation>最大词元数：</translation>
    </message>
    <message>
        <source>all (%1)</source>
        <translation>全部 (%1)</translation>
    </message>
    <message>
        <source>CPU threads for the matrix multiplications; 0 uses every hardware thread.</source>
        <translation>用于矩阵乘法的 CPU 线程数；0 表示使用全部硬件线程。</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation>0（贪心）</translation>
    </message>
    <message>
        <source>Divides the logits before softmax; 0 always picks the most likely token.</source>
        <translation>在 softmax 之前将 logits 除以温度；0 总是选择最可能的词元。</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Keep only the k most likely tokens.</source>
        <translation>只保留最可能的 k 个词元。</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k：</translation>
    </message>
    <message>
        <source>Keep the smallest set of most likely tokens whose probability exceeds p (1 = off).</source>
        <translation>保留概率之和超过 p 的最小一组最可能词元（1 = 关闭）。</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <source>Drop tokens less likely than min-p times the most likely one.</source>
        <translation>丢弃概率低于 min-p 乘以最可能词元概率的词元。</translation>
    </message>
    <message>
        <source>Min-p:</source>
        <translation>Min-p：</translation>
    </message>
    <message>
        <source>Seed of the sampler&apos;s random generator: the same seed gives the same text.</source>
        <translation>采样器随机数生成器的种子：相同的种子生成相同的文本。</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Generate (Ctrl+R)</source>
        <translation>生成 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the generation (Esc or Ctrl+.)</source>
        <translation>停止生成（Esc 或 Ctrl+.）</translation>
    </message>
    <message>
        <source>Generating: %1 tokens in %2 ms</source>
        <translation>正在生成：%1 个词元，用时 %2 毫秒</translation>
    </message>
    <message>
        <source>%1 tokens (stop: %2). TTFT %3 ms, prefill %4 tok/s, decode %5 tok/s.</source>
        <translation>%1 个词元（停止原因：%2）。TTFT %3 毫秒，预填充 %4 tok/s，解码 %5 tok/s。</translation>
    </message>
    <message>
        <source>Weights in memory: %1.</source>
        <translation>内存中的权重：%1。</translation>
    </message>
    <message>
        <source>Chat template: %1.</source>
        <translation>对话模板：%1。</translation>
    </message>
    <message>
        <source>Chat: %1.</source>
        <translation>对话：%1。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Starting the run...</source>
        <translation>正在启动运行……</translation>
    </message>
    <message>
        <source>Cancelling… the engine stops at its next layer or token.</source>
        <translation>正在取消……引擎将在下一层或下一个词元处停止。</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n token(s). The run is kept in the history as cancelled; the Profile page still shows the last complete run.</source>
        <translation>
            <numerusform>在 %n 个词元后取消。该运行以“已取消”状态保留在运行历史中；“剖析”页面仍显示最近一次完整的运行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>已取消：%1</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>The prompt above</source>
        <translation>上面的提示词</translation>
    </message>
    <message>
        <source>Workload preset</source>
        <translation>工作负载预设</translation>
    </message>
    <message>
        <source>Workload file</source>
        <translation>工作负载文件</translation>
    </message>
    <message>
        <source>Run the prompt once, or replay a serving workload (many requests with their own prompt and output lengths and arrival times) through the batching scheduler.</source>
        <translation>只运行一次提示词，或者把一个服务工作负载（许多请求，各有自己的提示词长度、输出长度和到达时间）交给批处理调度器回放。</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <source>inferscope.workload/1 JSON file</source>
        <translation>inferscope.workload/1 格式的 JSON 文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Honour arrival times</source>
        <translation>按到达时间发送</translation>
    </message>
    <message>
        <source>On: each request arrives at its time, as users would send them (latency under load). Off: every request is there at the start (the throughput limit).</source>
        <translation>开启：每个请求按自己的时间到达，就像真实用户发送一样（测的是负载下的延迟）。关闭：所有请求在开始时就全部到达（测的是吞吐量上限）。</translation>
    </message>
    <message>
        <source>A workload runs through the batching scheduler with the Optimise page&apos;s batching, KV cache and sampling settings; the prompt and max tokens above are not used. The Profile page then shows its TTFT and end-to-end latency distributions and the throughput per batch size.</source>
        <translation>工作负载会按“优化”页的批处理、KV 缓存和采样设置，交给批处理调度器运行；上面的提示词和最大 token 数不会使用。运行结束后，“剖析”页会显示首 token 时间和端到端延迟的分布，以及每种批大小下的吞吐量。</translation>
    </message>
    <message>
        <source>Open workload</source>
        <translation>打开工作负载</translation>
    </message>
    <message>
        <source>Workloads (*.json);;All files (*)</source>
        <translation>工作负载 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>16 chat-sized requests, 4 per second</source>
        <translation>16 个聊天长度的请求，每秒 4 个</translation>
    </message>
    <message>
        <source>64 requests, 32 per second</source>
        <translation>64 个请求，每秒 32 个</translation>
    </message>
    <message>
        <source>8 requests at once</source>
        <translation>8 个请求同时到达</translation>
    </message>
    <message>
        <source>32 requests of mixed lengths</source>
        <translation>32 个长度不一的请求</translation>
    </message>
    <message>
        <source>Replaying %1 through the batching scheduler…</source>
        <translation>正在通过批处理调度器回放 %1…</translation>
    </message>
    <message>
        <source>Cancelled while serving %1. The run is kept in the history as cancelled; the Profile page still shows the last complete run.</source>
        <translation>在处理 %1 时已取消。本次运行会以“已取消”保留在历史记录中；“剖析”页仍显示上一次完整的运行。</translation>
    </message>
    <message>
        <source>Done; measuring the quality…</source>
        <translation>完成；正在测量质量…</translation>
    </message>
    <message>
        <source>Served %1 requests in %2 ms.</source>
        <translation>用 %2 毫秒处理完 %1 个请求。</translation>
    </message>
    <message>
        <source>Workload %1 (%2): %3 requests, %4 prompt + %5 output tokens.</source>
        <translation>工作负载 %1（%2）：%3 个请求，%4 个提示词 token + %5 个输出 token。</translation>
    </message>
    <message>
        <source>Scheduler: %1 batching, at most %2 sequences and %3 tokens per pass; KV cache %4, %5 tokens; %6.</source>
        <translation>调度器：%1 批处理，每次最多 %2 个序列、%3 个 token；KV 缓存 %4，%5 个 token；%6。</translation>
    </message>
    <message>
        <source>arrivals at their times</source>
        <translation>按时间到达</translation>
    </message>
    <message>
        <source>every request at the start</source>
        <translation>所有请求在开始时到达</translation>
    </message>
    <message>
        <source>%1 forward passes (mean %2 sequences each), %3 preemptions.</source>
        <translation>%1 次前向计算（平均每次 %2 个序列），%3 次抢占。</translation>
    </message>
    <message>
        <source>TTFT p50 %1 ms, p99 %2 ms; end-to-end p50 %3 ms, p99 %4 ms; TPOT mean %5 ms.</source>
        <translation>首 token 时间 p50 %1 毫秒、p99 %2 毫秒；端到端 p50 %3 毫秒、p99 %4 毫秒；TPOT 平均 %5 毫秒。</translation>
    </message>
    <message>
        <source>Throughput: %1 output tok/s, %2 requests/s (prefill %3 tok/s, decode %4 tok/s).</source>
        <translation>吞吐量：每秒输出 %1 个 token，每秒 %2 个请求（预填充 %3 token/秒，解码 %4 token/秒）。</translation>
    </message>
</context>
<context>
    <name>RunPhase</name>
    <message>
        <source>Loading</source>
        <translation>加载中</translation>
    </message>
    <message>
        <source>Pruning</source>
        <translation>剪枝中</translation>
    </message>
    <message>
        <source>Re-quantizing</source>
        <translation>重新量化中</translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation>预填充</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>生成中</translation>
    </message>
    <message>
        <source>Measuring quality</source>
        <translation>测量质量中</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>服务</translation>
    </message>
</context>
<context>
    <name>SamplingSettings</name>
    <message>
        <source>greedy</source>
        <translation>贪心</translation>
    </message>
    <message>
        <source>temperature %1</source>
        <translation>温度 %1</translation>
    </message>
    <message>
        <source>top-k %1</source>
        <translation>top-k %1</translation>
    </message>
    <message>
        <source>top-p %1</source>
        <translation>top-p %1</translation>
    </message>
    <message>
        <source>min-p %1</source>
        <translation>min-p %1</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
</context>
<context>
    <name>SensitivityPanel</name>
    <message>
        <source>The precision each unit is converted to, alone, to measure what it costs</source>
        <translation>每个单元单独转换到的精度，用来测量这样做的代价</translation>
    </message>
    <message>
        <source>Weights per scale for int8 / int4</source>
        <translation>int8 / int4 中每个缩放因子对应的权重个数</translation>
    </message>
    <message>
        <source>each matrix</source>
        <translation>逐个矩阵</translation>
    </message>
    <message>
        <source>each layer</source>
        <translation>逐层</translation>
    </message>
    <message>
        <source>The higher precision the proposal keeps the most sensitive units at</source>
        <translation>方案中最敏感的单元保留的较高精度</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>auto: the target size + 25 %</source>
        <translation>自动：目标大小 + 25 %</translation>
    </message>
    <message>
        <source>The weight memory the proposal may use</source>
        <translation>方案可以使用的权重内存</translation>
    </message>
    <message>
        <source>group size</source>
        <translation>分组大小</translation>
    </message>
    <message>
        <source>convert</source>
        <translation>转换</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>within</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Keep sensitive units at</source>
        <translation>敏感单元保留为</translation>
    </message>
    <message>
        <source>Measure sensitivity</source>
        <translation>测量敏感度</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Stored MiB</source>
        <translation>存储大小 MiB</translation>
    </message>
    <message>
        <source>At target MiB</source>
        <translation>目标精度下 MiB</translation>
    </message>
    <message>
        <source>KLD mean</source>
        <translation>KLD 均值</translation>
    </message>
    <message>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Most sensitive first: the mean KL divergence from the model as stored when only this unit is converted to the target.</source>
        <translation>最敏感的排在最前：只把这个单元转换到目标精度时，相对原始存储模型的平均 KL 散度。</translation>
    </message>
    <message>
        <source>Measure to see the ranking and a mixed-precision proposal here.</source>
        <translation>开始测量后，这里会显示敏感度排名和混合精度方案。</translation>
    </message>
    <message>
        <source>The proposal as llama.cpp arguments (llama-quantize --tensor-type) appears here.</source>
        <translation>方案对应的 llama.cpp 参数（llama-quantize --tensor-type）会显示在这里。</translation>
    </message>
    <message>
        <source>Open as profile</source>
        <translation>作为配置打开</translation>
    </message>
    <message>
        <source>Save profile...</source>
        <translation>保存配置...</translation>
    </message>
    <message>
        <source>Copy llama.cpp arguments</source>
        <translation>复制 llama.cpp 参数</translation>
    </message>
    <message>
        <source>Save the proposal&apos;s profile</source>
        <translation>保存方案的配置</translation>
    </message>
    <message>
        <source>Profiles (*.json)</source>
        <translation>配置文件 (*.json)</translation>
    </message>
    <message>
        <source>The profile was not saved</source>
        <translation>配置未保存</translation>
    </message>
    <message>
        <source>There is no proposal yet.</source>
        <translation>还没有方案。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Open a model first.</source>
        <translation>请先打开一个模型。</translation>
    </message>
    <message>
        <source>Loading the model...</source>
        <translation>正在加载模型...</translation>
    </message>
    <message>
        <source>%1 of %2: %3</source>
        <translation>第 %1 / %2 个：%3</translation>
    </message>
    <message>
        <source>%1 (kept at %2)</source>
        <translation>%1（保留为 %2）</translation>
    </message>
    <message numerus="yes">
        <source>All %1: %2 MiB, KLD %3, top-1 %4. Proposal within %5 MiB: %n unit(s) kept at %6, %7 MiB%8, KLD %9.</source>
        <translation>
            <numerusform>全部使用 %1：%2 MiB，KLD %3，top-1 %4。预算 %5 MiB 内的方案：%n 个单元保留为 %6，%7 MiB%8，KLD %9。</numerusform>
        </translation>
    </message>
    <message>
        <source> (over the budget: even the target everywhere does not fit)</source>
        <translation>（超出预算：即使全部使用目标精度也放不下）</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>ServingView</name>
    <message>
        <source>Time to first token (ms)</source>
        <translation>首 token 时间（毫秒）</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>首 token 时间</translation>
    </message>
    <message>
        <source>Replay a workload (Run page: workload preset or file) to see how its requests&apos; time to first token is distributed.</source>
        <translation>回放一个工作负载（“运行”页：工作负载预设或文件），即可看到各请求首 token 时间的分布。</translation>
    </message>
    <message>
        <source>End-to-end latency (ms)</source>
        <translation>端到端延迟（毫秒）</translation>
    </message>
    <message>
        <source>e2e latency</source>
        <translation>端到端延迟</translation>
    </message>
    <message>
        <source>Replay a workload (Run page: workload preset or file) to see how its requests&apos; end-to-end latency is distributed.</source>
        <translation>回放一个工作负载（“运行”页：工作负载预设或文件），即可看到各请求端到端延迟的分布。</translation>
    </message>
    <message>
        <source>This run generated from one prompt. Choose a workload preset or file on the Run page to replay many requests through the batching scheduler and see their latencies and the throughput per batch size here.</source>
        <translation>这次运行只根据一个提示词生成。在“运行”页选择工作负载预设或文件，就能把许多请求交给批处理调度器回放，并在这里查看它们的延迟和每种批大小下的吞吐量。</translation>
    </message>
    <message>
        <source>%1: %2 requests, %3 batching (at most %4 sequences). TTFT p50 %5 ms / p99 %6 ms; end-to-end p50 %7 ms / p99 %8 ms; %9 output tok/s, %10 requests/s over %11 ms.</source>
        <translation>%1：%2 个请求，%3 批处理（最多 %4 个序列）。首 token 时间 p50 %5 毫秒 / p99 %6 毫秒；端到端 p50 %7 毫秒 / p99 %8 毫秒；每秒输出 %9 个 token、%10 个请求，共 %11 毫秒。</translation>
    </message>
</context>
<context>
    <name>StopReason</name>
    <message>
        <source>max tokens reached</source>
        <translation>达到最大词元数</translation>
    </message>
    <message>
        <source>end of sequence (EOS)</source>
        <translation>序列结束 (EOS)</translation>
    </message>
    <message>
        <source>start-of-sequence token (BOS)</source>
        <translation>序列起始词元 (BOS)</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>every request of the workload served</source>
        <translation>工作负载的所有请求都已处理完</translation>
    </message>
</context>
<context>
    <name>SweepHeatMap</name>
    <message>
        <source>The chosen metric for every pair of the first two knobs&apos; values (the third knob fixed at the chosen value): the brighter the cell, the better. The framed cell is the best; cells marked ≈ are within the noise of the best.</source>
        <translation>前两个选项每一对取值下所选指标的数值（第三个选项固定在所选的值）：格子越亮越好。带实线框的格子是最佳的；标有 ≈ 的格子与最佳值的差距在噪声范围之内。</translation>
    </message>
    <message>
        <source>Run a sweep over two knobs (or resume one from its results file) to see the chosen metric for every pair of their values here.</source>
        <translation>对两个选项运行扫描（或从结果文件继续一次扫描），这里就会显示它们每一对取值下所选指标的数值。</translation>
    </message>
    <message>
        <source> (higher is better)</source>
        <translation>（越高越好）</translation>
    </message>
    <message>
        <source> (lower is better)</source>
        <translation>（越低越好）</translation>
    </message>
</context>
<context>
    <name>SweepMetricChart</name>
    <message>
        <source>95 % interval</source>
        <translation>95 % 置信区间</translation>
    </message>
    <message>
        <source>The chosen metric at each value of the knob: the dot is the mean over the repetitions, the whisker its 95 % interval. The best point is filled; ringed points are within the noise of the best, so the sweep does not show them to be worse.</source>
        <translation>选项每个取值下所选指标的数值：圆点是多次重复的均值，误差线是它的 95 % 置信区间。实心大点是最佳点；带圆圈的点与最佳点的差距在噪声范围之内，所以这次扫描并不能说明它们更差。</translation>
    </message>
    <message>
        <source>Run a sweep over one knob (or resume one from its results file) to see the chosen metric against the knob&apos;s values here, with its 95 % interval.</source>
        <translation>对一个选项运行扫描（或从结果文件继续一次扫描），这里就会显示所选指标随该选项取值的变化，并附带 95 % 置信区间。</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>within the noise of the best</source>
        <translation>与最佳值相差在噪声范围内</translation>
    </message>
</context>
<context>
    <name>SweepPanel</name>
    <message>
        <source>values, comma-separated</source>
        <translation>取值，以逗号分隔</translation>
    </message>
    <message>
        <source>Knob %1</source>
        <translation>选项 %1</translation>
    </message>
    <message>
        <source>prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>repetitions</source>
        <translation>重复次数</translation>
    </message>
    <message>
        <source>Each point</source>
        <translation>每个点</translation>
    </message>
    <message>
        <source>Measure quality against the unoptimised model (bundled stories text)</source>
        <translation>测量相对未优化模型的质量（使用内置的 stories 文本）</translation>
    </message>
    <message>
        <source>Constraints</source>
        <translation>约束条件</translation>
    </message>
    <message>
        <source>Best by</source>
        <translation>择优依据</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>开始扫描</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>no model is loaded</source>
        <translation>尚未加载模型</translation>
    </message>
    <message>
        <source>give at least one knob and its values</source>
        <translation>请至少给出一个选项及其取值</translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation>正在启动...</translation>
    </message>
    <message>
        <source>Any profile path, e.g. weights.dtype, kv_cache.mode or batching.max_sequences</source>
        <translation>任意配置路径，例如 weights.dtype、kv_cache.mode 或 batching.max_sequences</translation>
    </message>
    <message>
        <source>One prompt, then generation (pp / tg)</source>
        <translation>一个提示词，然后生成（pp / tg）</translation>
    </message>
    <message>
        <source>Serving workload: preset %1</source>
        <translation>服务负载：预设 %1</translation>
    </message>
    <message>
        <source>Serving workload: file...</source>
        <translation>服务负载：文件...</translation>
    </message>
    <message>
        <source>What each point is measured under. A serving workload replays its requests through the batching scheduler with the point&apos;s batching and KV cache settings, and measures TTFT, inter-token latency, end-to-end latency and throughput.</source>
        <translation>每个点在什么负载下测量。服务负载会按该点的批处理和 KV 缓存设置，把其中的请求通过批处理调度器重放一遍，并测量首词元时间（TTFT）、词元间延迟、端到端延迟和吞吐量。</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择...</translation>
    </message>
    <message>
        <source>Honour arrival times</source>
        <translation>遵守到达时间</translation>
    </message>
    <message>
        <source>Off: every request arrives at once, which measures the scheduler under full load.</source>
        <translation>关闭时：所有请求同时到达，用来测量调度器在满负载下的表现。</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>负载</translation>
    </message>
    <message>
        <source>METRIC&lt;=VALUE, separated by spaces: kld_mean&lt;=0.01 weights_bytes&lt;=400MiB top1&gt;=99% ttft_p99_ms&lt;=200</source>
        <translation>指标&lt;=数值，用空格分隔：kld_mean&lt;=0.01 weights_bytes&lt;=400MiB top1&gt;=99% ttft_p99_ms&lt;=200</translation>
    </message>
    <message>
        <source>Resume...</source>
        <translation>继续...</translation>
    </message>
    <message>
        <source>Continue an interrupted sweep from its results file (.jsonl): the points and repetitions it already measured are kept.</source>
        <translation>从结果文件（.jsonl）继续一次中断的扫描：已经测量过的点和重复次数会被保留。</translation>
    </message>
    <message>
        <source>%v of %m measurements</source>
        <translation>%v / %m 次测量</translation>
    </message>
    <message>
        <source>Workload file</source>
        <translation>负载文件</translation>
    </message>
    <message>
        <source>Workloads (*.json);;All files (*)</source>
        <translation>负载文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Resume a sweep</source>
        <translation>继续一次扫描</translation>
    </message>
    <message>
        <source>Sweep results (*.jsonl);;All files (*)</source>
        <translation>扫描结果 (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>This sweep cannot be resumed</source>
        <translation>无法继续这次扫描</translation>
    </message>
    <message>
        <source>choose a workload file</source>
        <translation>请选择一个负载文件</translation>
    </message>
    <message>
        <source>the prompt and the generation length cannot both be 0</source>
        <translation>提示词长度和生成长度不能都为 0</translation>
    </message>
    <message>
        <source>A sweep is running; cancel it first.</source>
        <translation>有一个扫描正在运行，请先取消它。</translation>
    </message>
    <message>
        <source>%1 is not a sweep results file: %2</source>
        <translation>%1 不是扫描结果文件：%2</translation>
    </message>
    <message>
        <source>This sweep measured %1, but the workbench has %2 loaded. Open %1 on the Model page, then resume the sweep.</source>
        <translation>这次扫描测量的是 %1，但工作台当前加载的是 %2。请先在“模型”页面打开 %1，再继续扫描。</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <source>This sweep has %1 knobs; the panel shows up to three. Continue it with inferscope-cli sweep --resume.</source>
        <translation>这次扫描有 %1 个选项，而面板最多显示三个。请用 inferscope-cli sweep --resume 继续它。</translation>
    </message>
    <message>
        <source>Resuming %1...</source>
        <translation>正在继续 %1...</translation>
    </message>
    <message>
        <source>Done: %1 of %2 measurements; results in %3</source>
        <translation>完成：%1 / %2 次测量；结果保存在 %3</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 measurements; they are kept in %3, and Resume continues the sweep from there.</source>
        <translation>在完成 %1 / %2 次测量后取消；这些结果保存在 %3 中，点击“继续”可以从那里接着扫描。</translation>
    </message>
</context>
<context>
    <name>SweepResultsView</name>
    <message>
        <source>Open as profile</source>
        <translation>作为配置打开</translation>
    </message>
    <message>
        <source>Export this point&apos;s profile...</source>
        <translation>导出这个点的配置...</translation>
    </message>
    <message>
        <source>The metric the chart shows</source>
        <translation>图表显示的指标</translation>
    </message>
    <message>
        <source>The heat map shows the first two knobs at this value of the third</source>
        <translation>热力图显示第三个选项取这个值时前两个选项的结果</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>By knob</source>
        <translation>按选项</translation>
    </message>
    <message>
        <source>Trade-off</source>
        <translation>权衡</translation>
    </message>
    <message>
        <source>Put the selected point&apos;s profile (or the recommended one) on the Optimise page.</source>
        <translation>把所选点（或推荐点）的配置放到“优化”页面。</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出...</translation>
    </message>
    <message>
        <source>Show the selected point&apos;s profile (or the recommended one) on the Export page: profile JSON, llama.cpp and vLLM command lines.</source>
        <translation>在“导出”页面显示所选点（或推荐点）的配置：配置 JSON、llama.cpp 和 vLLM 命令行。</translation>
    </message>
    <message>
        <source>p99 time to first token (ms)</source>
        <translation>首词元时间 p99 (ms)</translation>
    </message>
    <message>
        <source>Output throughput (tok/s)</source>
        <translation>输出吞吐量 (tok/s)</translation>
    </message>
    <message>
        <source>Weights (MiB)</source>
        <translation>权重 (MiB)</translation>
    </message>
    <message>
        <source>Decode throughput (tok/s)</source>
        <translation>解码吞吐量 (tok/s)</translation>
    </message>
    <message>
        <source>Recommended: %1</source>
        <translation>推荐：%1</translation>
    </message>
    <message>
        <source>No point meets every constraint yet.</source>
        <translation>目前还没有满足所有约束条件的点。</translation>
    </message>
    <message>
        <source>Output tok/s</source>
        <translation>输出 tok/s</translation>
    </message>
    <message>
        <source>± 95 %</source>
        <translation>± 95 %</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>请求/s</translation>
    </message>
    <message>
        <source>TTFT p99 ms</source>
        <translation>TTFT p99 ms</translation>
    </message>
    <message>
        <source>ITL p99 ms</source>
        <translation>ITL p99 ms</translation>
    </message>
    <message>
        <source>e2e p99 ms</source>
        <translation>端到端 p99 ms</translation>
    </message>
    <message>
        <source>Prefill tok/s</source>
        <translation>预填充 tok/s</translation>
    </message>
    <message>
        <source>Decode tok/s</source>
        <translation>解码 tok/s</translation>
    </message>
    <message>
        <source>Weights MiB</source>
        <translation>权重 MiB</translation>
    </message>
    <message>
        <source>KV MiB</source>
        <translation>KV MiB</translation>
    </message>
    <message>
        <source>KLD mean</source>
        <translation>KLD 均值</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>点</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>已测量</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <source>frontier</source>
        <translation>前沿</translation>
    </message>
    <message>
        <source>%1 (MiB)</source>
        <translation>%1 (MiB)</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待测</translation>
    </message>
</context>
<context>
    <name>SynthDialog</name>
    <message>
        <source>Generate a synthetic model</source>
        <translation>生成合成模型</translation>
    </message>
    <message>
        <source>%1 (shaped like %2)</source>
        <translation>%1（形状同 %2）</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>Synthetic model</source>
        <translation>合成模型</translation>
    </message>
    <message>
        <source>GGUF model (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Shape:</source>
        <translation>形状：</translation>
    </message>
    <message>
        <source>Weights stored as:</source>
        <translation>权重存储格式：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Output file:</source>
        <translation>输出文件：</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Random weights (seeded, reproducible) in the shape of a real model: right for speed and memory studies, meaningless text.</source>
        <translation>按真实模型的形状生成随机权重（带种子，可复现）：适合研究速度和内存，但生成的文本没有意义。</translation>
    </message>
    <message>
        <source>%1; about %2 parameters.</source>
        <translation>%1；约 %2 个参数。</translation>
    </message>
</context>
<context>
    <name>TeachingPresetRunner</name>
    <message>
        <source>A teaching preset is already running.</source>
        <translation>已有一个教学预设正在运行。</translation>
    </message>
    <message>
        <source>Open a model first: the preset runs it with each setting.</source>
        <translation>请先打开一个模型：预设会用每一种设置运行它。</translation>
    </message>
    <message>
        <source>The engine is busy; try again when it is idle.</source>
        <translation>推理引擎正忙；请在其空闲时重试。</translation>
    </message>
    <message>
        <source>The preset has no runs to make.</source>
        <translation>该预设没有需要执行的运行。</translation>
    </message>
    <message>
        <source>Another run replaced the preset&apos;s run.</source>
        <translation>另一次运行替换了该预设的运行。</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 runs.</source>
        <translation>在完成 %2 次运行中的 %1 次后取消。</translation>
    </message>
</context>
<context>
    <name>TeachingPresetsPanel</name>
    <message>
        <source>&lt;b&gt;Teaching presets:&lt;/b&gt;</source>
        <translation>&lt;b&gt;教学预设：&lt;/b&gt;</translation>
    </message>
    <message>
        <source>One click makes a series of real runs that differ in one setting, then selects them below for comparison.</source>
        <translation>单击一次即可执行一系列只在一项设置上不同的真实运行，然后在下方选中它们以便对比。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Cancel the preset&apos;s current run and the ones after it.</source>
        <translation>取消该预设当前的运行及其后的所有运行。</translation>
    </message>
    <message>
        <source>Run %1 of %2: %3...</source>
        <translation>第 %1 / %2 次运行：%3...</translation>
    </message>
    <message numerus="yes">
        <source>Done: %n run(s) selected below.</source>
        <translation>
            <numerusform>完成：已在下方选中 %n 次运行。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TensorTableModel</name>
    <message>
        <source>%1 bytes as stored in the file</source>
        <translation>文件中存储的 %1 字节</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Shape (ne0 x ne1)</source>
        <translation>形状 (ne0 x ne1)</translation>
    </message>
    <message>
        <source>Elements</source>
        <translation>元素数</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节数</translation>
    </message>
</context>
<context>
    <name>ThroughputChart</name>
    <message>
        <source>Time since the request began (s)</source>
        <translation>自请求开始的时间（秒）</translation>
    </message>
    <message>
        <source>Decode throughput (tok/s)</source>
        <translation>解码吞吐量 (tok/s)</translation>
    </message>
    <message>
        <source>Per decode step</source>
        <translation>每个解码步</translation>
    </message>
    <message>
        <source>Running average</source>
        <translation>累计平均</translation>
    </message>
    <message>
        <source>Dots: the rate of each decode step, 1000 / its inter-token latency in ms. Line: the decode throughput so far, tokens after the first / time since the first token.</source>
        <translation>点：每个解码步的速率，即 1000 / 其词元间延迟（毫秒）。线：截至目前的解码吞吐量，即第一个词元之后的词元数 / 自第一个词元起的时间。</translation>
    </message>
    <message>
        <source>Time since the request began (ms)</source>
        <translation>自请求开始的时间（毫秒）</translation>
    </message>
    <message>
        <source>Run a generation to see its decode throughput over time.</source>
        <translation>运行一次生成，即可在此查看解码吞吐量随时间的变化。</translation>
    </message>
</context>
<context>
    <name>TimelineChart</name>
    <message>
        <source>Time since the run began (ms)</source>
        <translation>自运行开始的时间（毫秒）</translation>
    </message>
    <message>
        <source>Ops</source>
        <translation>算子</translation>
    </message>
    <message>
        <source>vcpu:%1 thread %2</source>
        <translation>vcpu:%1 线程 %2</translation>
    </message>
    <message>
        <source>Thread %1</source>
        <translation>线程 %1</translation>
    </message>
    <message>
        <source>%1 later spans not shown</source>
        <translation>之后的 %1 个区段未显示</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>outside the layers</source>
        <translation>层之外</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2, %3&lt;br&gt;duration %4 µs&lt;br&gt;start %5 ms</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2，%3&lt;br&gt;耗时 %4 µs&lt;br&gt;开始于 %5 ms</translation>
    </message>
    <message>
        <source>Run a generation to see every op it ran on a timeline, one lane per thread. Runs reopened from the history keep only the totals per layer and category.</source>
        <translation>运行一次生成，即可在时间线上查看它执行的每个算子，每个线程一条泳道。从运行历史重新打开的运行只保留按层和类别汇总的总时间。</translation>
    </message>
    <message>
        <source>&lt;br&gt;this thread&apos;s share of the op (the op&apos;s own bar is on the thread that called it)</source>
        <translation>&lt;br&gt;该线程在此算子中所占的部分（算子本身的条形位于调用它的线程上）</translation>
    </message>
    <message>
        <source>GPU %1 stream %2</source>
        <translation>GPU %1 流 %2</translation>
    </message>
    <message>
        <source>Device %1 CUDA calls outside ops</source>
        <translation>设备 %1 算子之外的 CUDA 调用</translation>
    </message>
    <message>
        <source>Device %1 thread %2</source>
        <translation>设备 %1 线程 %2</translation>
    </message>
    <message>
        <source>GPU copies</source>
        <translation>GPU 拷贝</translation>
    </message>
    <message>
        <source>CUDA calls</source>
        <translation>CUDA 调用</translation>
    </message>
    <message>
        <source>not launched by an op</source>
        <translation>不是由算子启动的</translation>
    </message>
    <message>
        <source>op %1, %2</source>
        <translation>算子 %1，%2</translation>
    </message>
    <message>
        <source>duration %1 µs, start %2 ms</source>
        <translation>耗时 %1 µs，开始于 %2 ms</translation>
    </message>
    <message>
        <source>grid %1×%2×%3, block %4×%5×%6</source>
        <translation>网格 %1×%2×%3，线程块 %4×%5×%6</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>%1 GB/s achieved</source>
        <translation>实际带宽 %1 GB/s</translation>
    </message>
    <message>
        <source>GPU %1, stream %2</source>
        <translation>GPU %1，流 %2</translation>
    </message>
    <message>
        <source>CUDA runtime call on the host, inside the op</source>
        <translation>主机端的 CUDA 运行时调用，发生在算子内部</translation>
    </message>
</context>
<context>
    <name>TraceFile</name>
    <message>
        <source>%1 is not valid JSON (%2 at byte %3).</source>
        <translation>%1 不是有效的 JSON（第 %3 字节处：%2）。</translation>
    </message>
    <message>
        <source>%1 is not a Chrome trace: it has no &quot;traceEvents&quot; list.</source>
        <translation>%1 不是 Chrome 跟踪文件：其中没有 &quot;traceEvents&quot; 列表。</translation>
    </message>
    <message>
        <source>%1 holds no timed spans to show.</source>
        <translation>%1 中没有可以显示的计时区间。</translation>
    </message>
    <message>
        <source>Cannot open %1: %2.</source>
        <translation>无法打开 %1：%2。</translation>
    </message>
</context>
<context>
    <name>WorkloadChoice</name>
    <message>
        <source>preset %1</source>
        <translation>预设 %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>InferScope: profile and tune LLM inference.</source>
        <translation>InferScope：剖析并调优大模型推理。</translation>
    </message>
    <message>
        <source>Render every page to DIR/&lt;page&gt;.png and exit.</source>
        <translation>将每个页面渲染为 DIR/&lt;page&gt;.png 后退出。</translation>
    </message>
    <message>
        <source>Model file to open.</source>
        <translation>要打开的模型文件。</translation>
    </message>
    <message>
        <source>Interface language: %1 (default: the Language setting, else the system&apos;s).</source>
        <translation>界面语言：%1（默认：“语言”设置，否则跟随系统）。</translation>
    </message>
    <message>
        <source>Use a dark palette, whatever the desktop&apos;s.</source>
        <translation>使用深色配色，不论桌面采用何种配色。</translation>
    </message>
    <message>
        <source>Show a saved Chrome trace on the Profile page (with --screenshot: also DIR/profile-trace.png).</source>
        <translation>在“剖析”页面上显示已保存的 Chrome 跟踪文件（与 --screenshot 一起使用时，还会生成 DIR/profile-trace.png）。</translation>
    </message>
</context>
</TS>
