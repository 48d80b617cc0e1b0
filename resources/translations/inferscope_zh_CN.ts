<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CategoryTimeChart</name>
    <message>
        <source>Time in ops (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wall time spent inside each category of op over the whole run (prefill, decode steps and sampling). Weight matmuls count toward the block they compute.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Chart</name>
    <message>
        <source>Attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MLP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Communication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache (used)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache (free)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activations (estimate)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChartWidget</name>
    <message>
        <source>Reset view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PNG...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PDF...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy data as CSV</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareModel</name>
    <message>
        <source>(unchanged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (model as stored)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>defaults (model as stored)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measured once per run: a difference this size cannot be told apart from noise. Repeat the runs (or sweep with repetitions) to compare it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Within the noise of both runs (95 % intervals of the mean token latency: ±%1 % and ±%2 %).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to first token: request start to the first generated token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median gap between consecutive generated tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>99th percentile gap between consecutive generated tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time per output token: (e2e - TTFT) / (tokens - 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End-to-end request latency: sum of all token latencies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes of every tensor as the run&apos;s model held them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run&apos;s KV cache: keys and values of every layer for prompt + max tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak resident memory of the whole workbench process when the run ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean KL divergence of the next-token distributions from the model without the profile, over the evaluation text (nats; 0 = identical).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>99th percentile (nearest rank) of the per-position KL divergence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of positions where the most likely next token equals the baseline&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Perplexity of the run&apos;s model on the evaluation text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Perplexity minus the baseline&apos;s perplexity on the same text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A profile key in which the selected runs differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (baseline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTFT (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefill (tok/s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode (tok/s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ITL p50 (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ITL p99 (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TPOT (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E2E (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak RSS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KLD mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KLD p99</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-1 agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ΔPPL</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <source>Double-click a run to open it on the Profile and Export pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select two or more runs (Ctrl/Shift+click) to compare them; the first selected is the baseline (or pick one and &quot;Set as baseline&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set as baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare the other selected runs against the run with the focus.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed vs quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n selected run(s) have no quality measurement and are not shown.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Run history</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Download a small model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real model files whose size and SHA-256 checksum are known. Each is checked before it is used; an interrupted download resumes where it stopped.
Folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  (%2)%3
%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, already downloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model and press Download.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloaded and verified: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled; the partial file is kept and the next download resumes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineCatalog</name>
    <message>
        <source>CPU (%1 threads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No CUDA GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dim %1, FFN %2, %3 layers, %4/%5 heads, vocab %6, context %7</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineController</name>
    <message>
        <source>weights to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (group %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weight overrides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 pruning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 split over %2 virtual CPU devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing %1 threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reloading %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is loaded: open a model file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max tokens must be at least 1 (got %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU (%1 threads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The run was cancelled after %n token(s): quality was not measured.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Measuring quality vs the baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown synthetic model shape &apos;%1&apos; (expected %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A synthetic model cannot be written as &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineState</name>
    <message>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synthesizing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineText</name>
    <message>
        <source>has no effect with temperature 0 (greedy decoding)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only used by int8 and int4 weights (dtype is &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has no effect: no cache is kept when kv_cache.mode is &quot;off&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has no effect without a GPU in devices.gpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only the pipeline split uses layer shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tensor parallel needs at least 2 GPUs in devices.gpus, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 virtual CPU devices need devices.split &quot;pipeline&quot; or &quot;tensor&quot; (split is &quot;none&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is its own split (the first layers on one GPU, the rest on the CPU); it takes one GPU in devices.gpus and devices.split &quot;none&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>half-split (NeoX) rope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adjacent-pair rope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rope frequency factors (rope_freqs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>linear rope scaling x%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Q/K/V biases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fused Q/K/V matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fused gate | up matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grouped-query attention (%1 heads per kv head)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head dim independent of the width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>embeddings scaled by sqrt(dim)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>post-attention and post-FFN norms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GELU (tanh) gate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention logits soft-capped at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>final logits soft-capped at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sliding window of %1 on alternate layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sliding window of %1 on %2 of every %3 layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Q/K norms per head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local layers rotate with base %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>No run to export yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run record as JSON... (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-token latencies as CSV...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Op trace as Chrome JSON...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency chart as PNG/PDF...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ITL histogram as PNG/PDF...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1: %2, %3 tokens, %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this run has no recorded ops (runs loaded from the history keep only their summaries)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chrome trace (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export latencies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the chart could not be rendered</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistogramChart</name>
    <message>
        <source>Inter-token latency (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ITL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How often each inter-token latency occurred; dashed lines mark the median (p50) and the 99th percentile (p99).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50 %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99 %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LatencyChart</name>
    <message>
        <source>Generated token position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time between consecutive generated tokens (inter-token latency) against their position. The first token&apos;s latency (TTFT) is reported separately.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LayerTimeChart</name>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time in ops (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wall time spent in each transformer layer over the whole run, by category of op. The last bar holds the ops outside the layers: embedding, the logits projection and sampling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rest</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LearnPage</name>
    <message>
        <source>What a profile is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization group size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symmetric or asymmetric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-tensor overrides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruning methods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruning ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N:M sparsity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruning scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers kept dense</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache: off, contiguous, paged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paged KV block size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Static or continuous batching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per forward pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequences at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pipeline and tensor parallelism</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual CPU devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers per pipeline stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers on the GPU (offload)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Learn&lt;/h2&gt;&lt;p&gt;Every knob explained: what it does and what it trades. The demos below run real comparisons on the loaded model.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demos: run them, then read the Compare page</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>InferScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open model &amp;folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a Hugging Face model folder: config.json, *.safetensors and tokenizer.json (Ctrl+Shift+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate synthetic model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate with the Run page&apos;s settings (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running job (Esc or Ctrl+.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export last run...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download a small model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Model: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recently used models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Device: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device generation runs on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight memory of the loaded model, as stored in its file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the engine is doing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sweep point&apos;s profile was not applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile cannot run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate with the Run page&apos;s settings and the Optimise page&apos;s profile (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open another model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model was found (no last model, no $INFERSCOPE_MODEL, no bundled stories260K.gguf and no *.gguf in %1).

Open a model (Ctrl+O), drop one on the window, or generate a small synthetic model into the data directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models (*.gguf *.bin);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Hugging Face model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU (%1 threads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 - InferScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded %1 in %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight memory as the last run held it (after the profile&apos;s passes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open %1:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language takes effect when InferScope is started again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryChart</name>
    <message>
        <source>Memory of a run: the weights as the model holds them, the KV cache (the part holding the run&apos;s tokens and the part allocated but unused) and the activations (an estimate: the forward pass&apos;s scratch buffers for the widest pass, the prompt, plus one row of logits).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelDescription</name>
    <message>
        <source>none in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FFN width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head dim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RoPE base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMS norm epsilon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tied to the embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>separate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As stored</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelDownloader</name>
    <message>
        <source>Karpathy&apos;s 260K-parameter Llama-2-style model trained on TinyStories, all F32, tokenizer embedded (MIT).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot find the host %1: the computer seems to be offline, or the name does not resolve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect to %1: the computer seems to be offline or the server is down (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 timed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download from %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered HTTP %1 %2 for %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 bytes are kept; download again to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 ended after %2 of %3 bytes; download again to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checksum mismatch for %1: expected %2 bytes with SHA-256 %3, got %4 bytes with %5. The file was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot move %1 into place as %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <source>No model is loaded.
Open a GGUF or llama2.c model (Ctrl+O) or a Hugging Face folder (Ctrl+Shift+O), drop one on the window, or generate a synthetic model of a real shape.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Hugging Face checkpoint: config.json, *.safetensors (F32, F16, BF16) and tokenizer.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate synthetic model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download a small model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch a small real model (checksum verified) into the data folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hyper-parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight memory by precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter tensors (e.g. blk.0 or attn_q)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpCategory</name>
    <message>
        <source>Embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MLP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Communication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output (logits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OptimiseKnobs</name>
    <message>
        <source>&lt;p&gt;A profile says how the model is run: the number format of its weights, which weights are pruned away, how past keys and values are cached, how requests are batched, the threads, and how the next token is sampled.&lt;/p&gt;&lt;p&gt;Move a knob and watch &lt;i&gt;What this will cost&lt;/i&gt;; focus a knob to read what it does and what it trades. A combination the engine cannot run is named next to its section and the Run action stays disabled until it is fixed.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The number format of the weight matrices. The engine re-quantizes the loaded tensors at load time and the matrix multiplications read the quantized weights directly, dequantizing inside the kernel.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; FP16/BF16 halve the memory of FP32 with almost no quality loss; INT8 takes about a quarter, INT4 about an eighth. Decoding reads every weight once per token, so less memory is usually faster, but each step down adds rounding error (watch the KL divergence against the unoptimised run). Norm vectors always stay FP32.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;INT8 and INT4 store one scale per group of consecutive weights in a row.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; small groups follow the local range of the weights closely (less error) but spend more bytes on scales: with group 32 an FP16 scale adds 0.5 bit per weight, with 128 only 0.125. A matrix whose row length is not a multiple of the group stays at a higher precision.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Symmetric quantization maps the range [-max, +max] of a group onto the integer codes with one scale. Asymmetric also stores the group&apos;s minimum, so a group whose values are all positive (or shifted) uses every code.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; asymmetric is more accurate for skewed groups and costs one more number per group.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Per-tensor exceptions to the precision above, e.g. keep &lt;tt&gt;output.weight&lt;/tt&gt; at FP16 while the rest is INT4. Patterns are globs (&apos;*&apos; any text, &apos;?&apos; one character); the first matching row wins.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; the embedding and output layers are the most sensitive to rounding; keeping them wider buys back quality for a little memory.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Pruning removes weights before quantization. &lt;b&gt;Magnitude&lt;/b&gt; drops the smallest weights; &lt;b&gt;Wanda&lt;/b&gt; weighs each by the size of the activations it meets; &lt;b&gt;N:M&lt;/b&gt; keeps N of every M consecutive weights (2:4 is what sparse tensor cores accelerate); &lt;b&gt;Structured&lt;/b&gt; removes whole attention heads or FFN channels, which really shrinks the matrices.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; only structured pruning makes a dense kernel faster; unstructured sparsity keeps the same shapes. Quality collapses quickly past about 50 %.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The fraction of weights removed (0-90 %). N:M pruning fixes its own ratio (1 - N/M), so a ratio together with N:M is refused.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; more pruning, less quality; the report of a run gives the sparsity really achieved.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;N:M sparsity keeps N weights in every group of M consecutive weights of a row (N below M). 2:4 removes exactly half.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; the regular pattern is what hardware can skip, at a quality cost similar to 50 % unstructured pruning.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Which matrices are pruned: all of them, only the attention projections, or only the feed-forward network.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; the FFN holds most of the weights and tolerates pruning better; attention is more sensitive.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Tensor-name patterns left dense, comma-separated, e.g. &lt;tt&gt;output.weight, blk.0.*&lt;/tt&gt;.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; the first and last layers matter most; excluding them costs little memory.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The KV cache keeps the keys and values of every past token so each new token attends to them without recomputing. &lt;b&gt;Off&lt;/b&gt; recomputes the whole prefix for every token (the textbook baseline: per-token latency grows with position). &lt;b&gt;Contiguous&lt;/b&gt; reserves one slab per sequence; &lt;b&gt;Paged&lt;/b&gt; hands out fixed-size blocks as sequences grow (PagedAttention).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; memory against recomputation; paged wastes less memory when sequences have different lengths.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The tokens the whole cache can hold, all sequences together. It limits batch x context: a request that does not fit is refused with an explanation.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; memory grows linearly: 2 x layers x KV width x capacity x bytes per value.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Tokens per block of a paged cache (8, 16 or 32). Only used when the mode is paged.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; small blocks waste less at the end of each sequence but need a longer block table.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The number format of the cached keys and values.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; FP16 halves the cache with negligible error; INT8 quarters it (plus a scale per block of values) at a small accuracy cost, which lets a longer context or more sequences fit.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Static&lt;/b&gt; batching runs a fixed group of requests until all finish; &lt;b&gt;continuous&lt;/b&gt; batching admits waiting requests as soon as others end, so one forward pass always serves as many sequences as fit.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; continuous batching raises throughput under load at the cost of scheduling work.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Tokens in one forward pass: prompt chunks plus one token per decoding sequence.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; bigger batches use the hardware better (higher throughput) but each step takes longer (higher latency) and needs more activation memory.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Sequences running at once, each with its own KV cache.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; more sequences raise throughput until the KV capacity or the compute runs out.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;CPU threads for the matrix multiplications; 0 uses every hardware thread.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; decoding is limited by memory bandwidth, so beyond a few threads per memory channel extra threads add little; tiny models can even slow down from the synchronisation cost.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;How one model is spread over several devices. &lt;b&gt;Pipeline&lt;/b&gt;: each device runs a contiguous range of layers and hands the activations to the next, like an assembly line. &lt;b&gt;Tensor&lt;/b&gt; (Megatron style): every device runs every layer over a slice of it (some heads, some FFN columns) and the devices add up their partial results after each block (an all-reduce).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; pipeline sends little data but a single request keeps only one stage busy at a time (the &lt;i&gt;bubble&lt;/i&gt;); tensor keeps every device busy on every token but communicates twice per layer. Both divide the weights and the KV cache between the devices, which is why large models are split at all.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Presents the CPU as this many devices, each with its own threads, workspace, share of the weights and KV cache shard, so a device split can be tried and taught on any machine. The threads are shared out between them (at least one each).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; on one CPU a split cannot be faster than the whole model; it shows the costs a real multi-GPU split pays: communication, idle stages and memory per device.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Pipeline only: the relative share of the layers each device runs, e.g. &quot;3, 1&quot; gives the first device three quarters of the layers. Empty spreads them evenly.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; give more layers to a faster or larger device; the slowest stage sets the pace.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;With a GPU chosen: runs only the first N layers (and the embedding) on the GPU and the rest on the CPU, like llama.cpp&apos;s -ngl N. 0 keeps everything on the GPU that is chosen.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; fits a model larger than the GPU&apos;s memory, but every token crosses from the GPU to the CPU once and the CPU layers run at the CPU&apos;s memory bandwidth.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Divides the logits before the softmax. 0 is greedy: always the most likely token, so the same prompt always gives the same text.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; higher temperature, more varied and more error-prone text.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Keeps only the k most likely tokens before sampling (0 = off).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; cuts off the unlikely tail; small k makes text repetitive.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Nucleus sampling: keeps the smallest set of most likely tokens whose probabilities add up to p (1 = off). Must be above 0.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; adapts the cut to how confident the model is.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Drops tokens less likely than min-p times the most likely one (0 = off).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; like top-p but scales with the top probability.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Divides the logits of tokens seen in the last N tokens (the window) by the penalty (1 = off).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Trade:&lt;/b&gt; fewer loops and repetitions, but words that should repeat get penalised too.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Seed of the sampler&apos;s random generator: the same seed and settings give the same text.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Generate at most this many tokens (the model&apos;s context also limits it).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OptimisePage</name>
    <message>
        <source>What this will cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor data after the quantization pass: packed values plus block scales, summed over the model&apos;s tensor list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2 (keys and values) x layers x KV width x capacity x bytes per element.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the split puts the model: each device&apos;s share, weights and KV cache.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the last run&apos;s effective configuration: the profile as the engine applied it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About this knob</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The optimisation profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open profile...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save profile...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the model as stored, with the current sampling settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BF16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INT8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INT4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Per device:&lt;/b&gt;&lt;table cellspacing=6&gt;&lt;tr&gt;&lt;th&gt;device&lt;/th&gt;&lt;th&gt;runs&lt;/th&gt;&lt;th&gt;weights&lt;/th&gt;&lt;th&gt;KV cache&lt;/th&gt;&lt;/tr&gt;%1&lt;/table&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a cache of %1 tokens needs %2 but only %3 of memory is available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the converted weights need %1 but only %2 of memory is available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Weights:&lt;/b&gt; %1 (stored: %2, %3 %)&lt;br&gt;%4 matrices converted, %5 kept at higher precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;KV cache:&lt;/b&gt; none (every token recomputes the whole prefix)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;KV cache:&lt;/b&gt; %1&lt;br&gt;= %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Weights:&lt;/b&gt; open a model to see the estimate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;KV cache:&lt;/b&gt; open a model to see the estimate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1e8449&apos;&gt;Ready to run with this profile.&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#c0392b&apos;&gt;&lt;b&gt;Cannot run:&lt;/b&gt; %1&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not applied; nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n problem(s); nothing was applied.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Last run:&lt;/b&gt; weights held %1; %n adjustment(s) by the passes</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;hellip; and %1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As stored in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number format every weight matrix is re-quantized to at load.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights that share one scale (INT8/INT4 only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (symmetric)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symmetric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asymmetric (scale + minimum)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symmetric: one scale per group. Asymmetric: scale and minimum.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-tensor precision: the first matching pattern wins (&apos;*&apos; any text, &apos;?&apos; one character).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-tensor overrides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overrides:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Magnitude (unstructured)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wanda (unstructured)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N:M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Structured (heads / FFN channels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How weights are chosen for removal before quantization.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fraction of the weights removed (0-90 %); not used with N:M.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N (kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N:M sparsity: keep N weights of every M.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M (group)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N:M sparsity: the group of consecutive weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (all matrices)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All matrices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FFN only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which matrices are pruned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. output.weight, blk.0.*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comma-separated tensor patterns left dense.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (contiguous)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off (recompute the prefix)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contiguous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paged (blocks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether keys and values of past tokens are kept, and how.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prompt + max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens the whole cache holds, all sequences together.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (16)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per block of a paged cache.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (FP32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number format of the cached keys and values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Static</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Static batches or continuous batching with a queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens in one forward pass (prompt chunks and decodes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequences running at once, each with its own KV cache.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads for the matrix multiplications; 0 uses every core.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (one device)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pipeline (layers per device)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor (heads and FFN columns per device)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the model is spread over the devices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual CPU devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CPU presented as this many devices, each with its own threads, weights and KV shard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>even, e.g. 3, 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pipeline only: relative share of the layers per device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers on the GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With a GPU: its first N layers, the rest on the CPU (llama.cpp&apos;s -ngl).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Divides the logits before softmax; 0 always takes the top token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep only the k most likely tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the most likely tokens up to probability p (1 = off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop tokens below min-p times the top probability.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scales down tokens seen recently (1 = off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default (64)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Penalty window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent tokens the repeat penalty looks at.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sampler&apos;s random seed: the same seed gives the same text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate at most this many tokens.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParetoChart</name>
    <message>
        <source>Mean KL divergence from the baseline (nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode throughput (tok/s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each bubble is a run: further left is closer to the unoptimised model, higher is faster, a bigger bubble uses more memory. The dashed line is the Pareto frontier: the runs no other selected run beats on both speed and quality.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select runs with quality measurements (runs made with a profile) to place them here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pareto frontier</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfileEstimate</name>
    <message>
        <source>2 x %1 layers x %2 values x %3 tokens x %4 B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> + one 4 B scale per head and position</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfileExportPanel</name>
    <message>
        <source>Profile JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save profile...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import profile...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimisation profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every knob maps exactly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without an exact equivalent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canonical profile JSON (schema inferscope.profile/1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a valid profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept, not yet applied by this build: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not imported; nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n problem(s); nothing was applied.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message>
        <source>No run yet: start one on the Run page (Ctrl+R).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory &amp;&amp; quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to first token: request start to the first generated token (tokenize, prefill the prompt, sample).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt tokens processed per second in the prefill forward pass.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated tokens per second after the first: decode steps / decode time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ITL p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median inter-token latency: the gap between consecutive tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ITL p99</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>99th percentile of the inter-token latency.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TPOT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time per output token: (e2e - TTFT) / (tokens - 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated tokens (prompt tokens in brackets).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights + KV cache + activations (estimate) of the run&apos;s model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KLD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean KL divergence of the next-token distributions from the model without the profile, over a short evaluation text (runs with a profile only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The op timeline and the time per layer and category fill in while a run goes on and are final when it finishes. Wheel: zoom the time axis; drag: pan; double-click: the whole run; hover a bar for the op&apos;s name, layer and duration; right-click any chart to save it as PNG or PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality against the unoptimised model is measured for runs made with a profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run in progress...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The op timeline and the time per layer and category fill in while the run goes on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live: %1 ops so far; the final trace replaces this view when the run finishes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 generated, %2 prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1: %2 on %3, %4, %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run has no op trace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ops took %2 ms of the run&apos;s %3 ms (the rest: tokenizing, callbacks, bookkeeping).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The timeline of a run from the history is not kept; run it again to see it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The timeline shows the first %1 ops.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights %1, KV cache %2 allocated (%3 used by %4 positions&apos; keys and values), activations about %5. The process&apos;s peak resident memory was %6 (the whole workbench, Qt included).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run has no memory breakdown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality against the unoptimised model: KLD mean %1 nats (p99 %2, max %3), top-1 agreement %4 %, perplexity %5 vs %6 (ΔPPL %7); %8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run used the model as stored: it is its own baseline (no profile, so no quality comparison).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>as stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unreadable profile)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache on vs off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without a KV cache every new token recomputes the keys and values of the whole prefix, so the per-token latency grows with the position; with the cache each step only processes the new token and the latency stays flat. Compare the latency curves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP32 vs INT8 vs INT4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same model with its weights stored as 32-bit floats, 8-bit and 4-bit integers: each step down shrinks the weights and the memory traffic of every decode step, and moves the next-token distributions further from the original (KL divergence, perplexity). See the Pareto chart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INT8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INT4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device split: pipeline vs tensor parallel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same model on 1, 2 and 4 virtual CPU devices, split by layers (pipeline) and by heads and FFN columns (tensor parallel). Each device holds its share of the weights and the KV cache; pipeline stages wait for each other on a single request (the bubble) while tensor parallel keeps every device busy but adds an all-reduce after every block. On one CPU a split is never faster: the demo shows what a split costs and what it buys (memory per device). See throughput on the Compare page and the communication spans on the Profile timeline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 x%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunAnalysis</name>
    <message>
        <source>The profile is not valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not measured: the model has %1 M parameters, and the comparison would load a second copy of it and evaluate both (done automatically up to %2 M).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not measured: the evaluation text (resources/eval/stories.txt) was not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not measured: the evaluation text has fewer than 2 tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not measured: cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not measured: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens of %2; the profile leaves the weights as stored, so the distributions equal the baseline&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not measured: the baseline could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens of %2 against the model file without the profile</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Cannot read the run history %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run history %1 is not valid JSON (byte %2: %3); it was left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an InferScope run history; it was left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run history %1 could not be read, so it is not overwritten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the run history %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunHistoryModel</name>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the run&apos;s profile changes from the model as stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to first token: request start to the first generated token (ms).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt tokens processed per second in the prefill pass.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated tokens per second after the first token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median inter-token latency: gap between consecutive generated tokens (ms).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTFT (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefill (tok/s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode (tok/s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ITL p50 (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>The generated text streams in here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: start from BOS only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the prompt as a user turn written the way the model was trained to read a conversation (its tokenizer.chat_template: Llama 3, ChatML, Phi-3, Gemma, Llama 2, Mistral). Models without a template we know run the prompt as written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System message (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate at most this many tokens (the model&apos;s context also limits it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads for the matrix multiplications; 0 uses every hardware thread.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Divides the logits before softmax; 0 always picks the most likely token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep only the k most likely tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the smallest set of most likely tokens whose probability exceeds p (1 = off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop tokens less likely than min-p times the most likely one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min-p:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed of the sampler&apos;s random generator: the same seed gives the same text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the generation (Esc or Ctrl+.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating: %1 tokens in %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after %1 tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens (stop: %2). TTFT %3 ms, prefill %4 tok/s, decode %5 tok/s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights in memory: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat template: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SamplingSettings</name>
    <message>
        <source>greedy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temperature %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top-k %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top-p %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>min-p %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StopReason</name>
    <message>
        <source>max tokens reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end of sequence (EOS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start-of-sequence token (BOS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SweepMetricChart</name>
    <message>
        <source>The chosen metric of every sweep point: the bar is the mean over the repetitions, the whisker its 95 % interval. Bars whose whiskers overlap are not shown to differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>95 % interval</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SweepPanel</name>
    <message>
        <source>Any profile path, e.g. weights.dtype or kv_cache.mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>values, comma-separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knob %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>repetitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure quality against the unoptimised model (bundled stories text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>METRIC&lt;=VALUE, separated by spaces: kld_mean&lt;=0.01 weights_bytes&lt;=400MiB top1&gt;=99%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constraints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open as profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the selected point&apos;s profile (or the recommended one) on the Optimise page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefill tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>± 95 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KLD mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed vs quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no model is loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give at least one knob and its values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Done: %n point(s) measured; results in %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>recommended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frontier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No point meets every constraint yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SynthDialog</name>
    <message>
        <source>Generate a synthetic model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (shaped like %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synthetic model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF model (*.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shape:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights stored as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random weights (seeded, reproducible) in the shape of a real model: right for speed and memory studies, meaningless text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; about %2 parameters.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TeachingPresetRunner</name>
    <message>
        <source>A teaching preset is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model first: the preset runs it with each setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine is busy; try again when it is idle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preset has no runs to make.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another run replaced the preset&apos;s run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 runs.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TeachingPresetsPanel</name>
    <message>
        <source>&lt;b&gt;Teaching presets:&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One click makes a series of real runs that differ in one setting, then selects them below for comparison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the preset&apos;s current run and the ones after it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 of %2: %3...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Done: %n run(s) selected below.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TensorTableModel</name>
    <message>
        <source>%1 bytes as stored in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shape (ne0 x ne1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThroughputChart</name>
    <message>
        <source>Time since the request began (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode throughput (tok/s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per decode step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running average</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dots: the rate of each decode step, 1000 / its inter-token latency in ms. Line: the decode throughput so far, tokens after the first / time since the first token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time since the request began (ms)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineChart</name>
    <message>
        <source>Time since the run began (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vcpu:%1 thread %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thread %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 later spans not shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outside the layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2, %3&lt;br&gt;duration %4 µs&lt;br&gt;start %5 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>InferScope: profile and tune LLM inference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render every page to DIR/&lt;page&gt;.png and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model file to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface language: %1 (default: the Language setting, else the system&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
