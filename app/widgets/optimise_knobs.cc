#include "app/widgets/optimise_knobs.h"

#include <QComboBox>
#include <QCoreApplication>

namespace {

// The translation context of this file's free functions.
struct OptimiseKnobs {
    Q_DECLARE_TR_FUNCTIONS(OptimiseKnobs)
};

}  // namespace

QComboBox* makeCombo(const QString& objectName, const QList<QPair<QString, QString>>& items)
{
    auto* combo = new QComboBox;
    combo->setObjectName(objectName);
    for (const auto& [label, data] : items)
        combo->addItem(label, data);
    return combo;
}

QString knobHelp(Knob knob)
{
    switch (knob) {
    case Knob::Overview:
        return OptimiseKnobs::tr("<p>A profile says how the model is run: the number format of its weights, which weights are "
                  "pruned away, how past keys and values are cached, how requests are batched, the threads, and "
                  "how the next token is sampled.</p><p>Move a knob and watch <i>What this will cost</i>; focus a "
                  "knob to read what it does and what it trades. A combination the engine cannot run is named "
                  "next to its section and the Run action stays disabled until it is fixed.</p>");
    case Knob::WeightDType:
        return OptimiseKnobs::tr("<p>The number format of the weight matrices. The engine re-quantizes the loaded tensors at load "
                  "time and the matrix multiplications read the quantized weights directly, dequantizing inside "
                  "the kernel.</p><p><b>Trade:</b> FP16/BF16 halve the memory of FP32 with almost no quality loss; "
                  "INT8 takes about a quarter, INT4 about an eighth. Decoding reads every weight once per token, so "
                  "less memory is usually faster, but each step down adds rounding error (watch the KL divergence "
                  "against the unoptimised run). Norm vectors always stay FP32.</p>");
    case Knob::GroupSize:
        return OptimiseKnobs::tr("<p>INT8 and INT4 store one scale per group of consecutive weights in a row.</p><p><b>Trade:</b> "
                  "small groups follow the local range of the weights closely (less error) but spend more bytes on "
                  "scales: with group 32 an FP16 scale adds 0.5 bit per weight, with 128 only 0.125. A matrix whose "
                  "row length is not a multiple of the group stays at a higher precision.</p>");
    case Knob::Symmetric:
        return OptimiseKnobs::tr("<p>Symmetric quantization maps the range [-max, +max] of a group onto the integer codes with one "
                  "scale. Asymmetric also stores the group's minimum, so a group whose values are all positive (or "
                  "shifted) uses every code.</p><p><b>Trade:</b> asymmetric is more accurate for skewed groups and "
                  "costs one more number per group.</p>");
    case Knob::Overrides:
        return OptimiseKnobs::tr("<p>Per-tensor exceptions to the precision above, e.g. keep <tt>output.weight</tt> at FP16 while "
                  "the rest is INT4. Patterns are globs ('*' any text, '?' one character); the first matching row "
                  "wins.</p><p><b>Trade:</b> the embedding and output layers are the most sensitive to rounding; "
                  "keeping them wider buys back quality for a little memory.</p>");
    case Knob::PruneMethod:
        return OptimiseKnobs::tr("<p>Pruning removes weights before quantization. <b>Magnitude</b> drops the smallest weights; "
                  "<b>Wanda</b> weighs each by the size of the activations it meets; <b>N:M</b> keeps N of every M "
                  "consecutive weights (2:4 is what sparse tensor cores accelerate); <b>Structured</b> removes whole "
                  "attention heads or FFN channels, which really shrinks the matrices.</p><p><b>Trade:</b> only "
                  "structured pruning makes a dense kernel faster; unstructured sparsity keeps the same shapes. "
                  "Quality collapses quickly past about 50 %.</p>");
    case Knob::PruneRatio:
        return OptimiseKnobs::tr("<p>The share of weights removed, in percent (0-90 %): 25 % removes a quarter and is written to "
                  "the profile as ratio 0.25. N:M pruning fixes its own ratio (1 - N/M), so a "
                  "ratio together with N:M is refused.</p><p><b>Trade:</b> more pruning, less quality; the report "
                  "of a run gives the sparsity really achieved.</p>");
    case Knob::PruneNM:
        return OptimiseKnobs::tr("<p>N:M sparsity keeps N weights in every group of M consecutive weights of a row (N below M). "
                  "2:4 removes exactly half.</p><p><b>Trade:</b> the regular pattern is what hardware can skip, at "
                  "a quality cost similar to 50 % unstructured pruning.</p>");
    case Knob::PruneScope:
        return OptimiseKnobs::tr("<p>Which matrices are pruned: all of them, only the attention projections, or only the "
                  "feed-forward network.</p><p><b>Trade:</b> the FFN holds most of the weights and tolerates "
                  "pruning better; attention is more sensitive.</p>");
    case Knob::PruneExclude:
        return OptimiseKnobs::tr("<p>Tensor-name patterns left dense, comma-separated, e.g. <tt>output.weight, blk.0.*</tt>.</p>"
                  "<p><b>Trade:</b> the first and last layers matter most; excluding them costs little memory.</p>");
    case Knob::KvMode:
        return OptimiseKnobs::tr("<p>The KV cache keeps the keys and values of every past token so each new token attends to them "
                  "without recomputing. <b>Off</b> recomputes the whole prefix for every token (the textbook "
                  "baseline: per-token latency grows with position). <b>Contiguous</b> reserves one slab per "
                  "sequence; <b>Paged</b> hands out fixed-size blocks as sequences grow (PagedAttention).</p>"
                  "<p><b>Trade:</b> memory against recomputation; paged wastes less memory when sequences have "
                  "different lengths.</p>");
    case Knob::KvCapacity:
        return OptimiseKnobs::tr("<p>The tokens the whole cache can hold, all sequences together. It limits batch x context: a "
                  "request that does not fit is refused with an explanation.</p><p><b>Trade:</b> memory grows "
                  "linearly: 2 x layers x KV width x capacity x bytes per value.</p>");
    case Knob::KvBlock:
        return OptimiseKnobs::tr("<p>Tokens per block of a paged cache (8, 16 or 32). Only used when the mode is paged.</p><p><b>"
                  "Trade:</b> small blocks waste less at the end of each sequence but need a longer block table.</p>");
    case Knob::KvDType:
        return OptimiseKnobs::tr("<p>The number format of the cached keys and values.</p><p><b>Trade:</b> FP16 halves the cache "
                  "with negligible error; INT8 quarters it (plus a scale per block of values) at a small accuracy "
                  "cost, which lets a longer context or more sequences fit.</p>");
    case Knob::BatchPolicy:
        return OptimiseKnobs::tr("<p><b>Static</b> batching runs a fixed group of requests until all finish; <b>continuous</b> "
                  "batching admits waiting requests as soon as others end, so one forward pass always serves as "
                  "many sequences as fit.</p><p><b>Trade:</b> continuous batching raises throughput under load at "
                  "the cost of scheduling work.</p>");
    case Knob::MaxBatch:
        return OptimiseKnobs::tr("<p>Tokens in one forward pass: prompt chunks plus one token per decoding sequence.</p><p><b>"
                  "Trade:</b> bigger batches use the hardware better (higher throughput) but each step takes "
                  "longer (higher latency) and needs more activation memory.</p>");
    case Knob::MaxSequences:
        return OptimiseKnobs::tr("<p>Sequences running at once, each with its own KV cache.</p><p><b>Trade:</b> more sequences "
                  "raise throughput until the KV capacity or the compute runs out.</p>");
    case Knob::Threads:
        return OptimiseKnobs::tr("<p>CPU threads for the matrix multiplications; 0 uses every hardware thread.</p><p><b>Trade:"
                  "</b> decoding is limited by memory bandwidth, so beyond a few threads per memory channel extra "
                  "threads add little; tiny models can even slow down from the synchronisation cost.</p>");
    case Knob::Split:
        return OptimiseKnobs::tr("<p>How one model is spread over several devices. <b>Pipeline</b>: each device runs a "
                  "contiguous range of layers and hands the activations to the next, like an assembly line. "
                  "<b>Tensor</b> (Megatron style): every device runs every layer over a slice of it (some heads, "
                  "some FFN columns) and the devices add up their partial results after each block (an "
                  "all-reduce).</p><p><b>Trade:</b> pipeline sends little data but a single request keeps only "
                  "one stage busy at a time (the <i>bubble</i>); tensor keeps every device busy on every token "
                  "but communicates twice per layer. Both divide the weights and the KV cache between the "
                  "devices, which is why large models are split at all.</p>");
    case Knob::VirtualCpus:
        return OptimiseKnobs::tr("<p>Presents the CPU as this many devices, each with its own threads, workspace, share of the "
                  "weights and KV cache shard, so a device split can be tried and taught on any machine. The "
                  "threads are shared out between them (at least one each).</p><p><b>Trade:</b> on one CPU a split "
                  "cannot be faster than the whole model; it shows the costs a real multi-GPU split pays: "
                  "communication, idle stages and memory per device.</p>");
    case Knob::LayerWeights:
        return OptimiseKnobs::tr("<p>Pipeline only: the relative share of the layers each device runs, e.g. \"3, 1\" gives the "
                  "first device three quarters of the layers. Empty spreads them evenly.</p><p><b>Trade:</b> give "
                  "more layers to a faster or larger device; the slowest stage sets the pace.</p>");
    case Knob::OffloadLayers:
        return OptimiseKnobs::tr("<p>With a GPU chosen: runs only the first N layers (and the embedding) on the GPU and the rest "
                  "on the CPU, like llama.cpp's -ngl N. 0 keeps everything on the GPU that is chosen.</p><p><b>Trade:"
                  "</b> fits a model larger than the GPU's memory, but every token crosses from the GPU to the CPU "
                  "once and the CPU layers run at the CPU's memory bandwidth.</p>");
    case Knob::Temperature:
        return OptimiseKnobs::tr("<p>Divides the logits before the softmax. 0 is greedy: always the most likely token, so the same "
                  "prompt always gives the same text.</p><p><b>Trade:</b> higher temperature, more varied and "
                  "more error-prone text.</p>");
    case Knob::TopK:
        return OptimiseKnobs::tr("<p>Keeps only the k most likely tokens before sampling (0 = off).</p><p><b>Trade:</b> cuts off "
                  "the unlikely tail; small k makes text repetitive.</p>");
    case Knob::TopP:
        return OptimiseKnobs::tr("<p>Nucleus sampling: keeps the smallest set of most likely tokens whose probabilities add up to p "
                  "(1 = off). Must be above 0.</p><p><b>Trade:</b> adapts the cut to how confident the model is.</p>");
    case Knob::MinP:
        return OptimiseKnobs::tr("<p>Drops tokens less likely than min-p times the most likely one (0 = off).</p><p><b>Trade:</b> "
                  "like top-p but scales with the top probability.</p>");
    case Knob::RepeatPenalty:
        return OptimiseKnobs::tr("<p>Divides the logits of tokens seen in the last N tokens (the window) by the penalty (1 = off)."
                  "</p><p><b>Trade:</b> fewer loops and repetitions, but words that should repeat get penalised too."
                  "</p>");
    case Knob::Seed:
        return OptimiseKnobs::tr("<p>Seed of the sampler's random generator: the same seed and settings give the same text.</p>");
    case Knob::MaxTokens:
        return OptimiseKnobs::tr("<p>Generate at most this many tokens (the model's context also limits it).</p>");
    case Knob::Count:
        break;
    }
    return {};
}
