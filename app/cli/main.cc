// inferscope-cli: the headless front end. Same engine, same profiles as the GUI.
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "app/cli/commands.h"
#include "app/version.h"

namespace {

struct Command {
    const char* name;
    int (*run)(const std::vector<std::string>&);
    const char* usage;
};

const Command kCommands[] = {
    {"info", cli::runInfo, "info MODEL [--tokenizer TOK.bin] [--json]           model card"},
    {"tokenize", cli::runTokenize, "tokenize MODEL --text TEXT [--no-bos] [--json]   ids and pieces"},
    {"synth", cli::runSynth,
     "synth --shape tiny|15m|110m|1b|8b|qwen2-0.5b|phi3-mini|gemma2-2b --dtype f32|f16|bf16|q8_0|q4_0 --seed N --out FILE.gguf"},
    {"generate", cli::runGenerate,
     "generate MODEL [--tokenizer TOK.bin] --prompt TEXT --max-tokens N [--temperature T] [--top-k K]\n"
     "           [--top-p P] [--min-p M] [--repeat-penalty R] [--seed S] [--threads N] [--profile P.json] [--trace OUT.json] [--json]\n"
     "           [--chat [--system TEXT]]     the prompt as a user turn in the model's chat template"},
    {"bench", cli::runBench,
     "bench MODEL [-p 512] [-n 128] [-d 0] [-r 5] [--threads N] [--ctx N] [-o md|csv|json|jsonl] [--profile P.json]\n"
     "           [--kv-type f32|f16|int8] [--trace OUT.json] [--json]   pp/tg; -p, -n, -d, --threads take comma\n"
     "           lists (llama-bench's records)\n"
     "           [--workload W.json | --preset chat-short|poisson-64|burst-8|mixed-32] [--policy static|continuous]\n"
     "           [--max-sequences N] [--no-wait] [--emit-tokens]     serving run: TTFT/ITL/TPOT/e2e, throughput\n"
     "           [--batch-sweep] [--kv-sweep [-n N]] [--trace-overhead [-n N] [-r R]]"},
    {"devices", cli::runDevices, "devices [--json]                                  compute devices found"},
    {"eval", cli::runEval,
     "eval MODEL [--tokenizer TOK.bin] [--profile P.json [--calibration FILE]] [--text FILE] [--baseline BASE]\n"
     "           [--ctx N] [--stride N] [--ppl-protocol sliding|llama.cpp] [--threads N] [--json]\n"
     "           perplexity; with --profile or --baseline: KLD, top-1, dPPL"},
    {"export-model", cli::runExportModel,
     "export-model MODEL [--tokenizer T] (--profile P.json | --weights f32|f16|bf16|int8|int4 [--group-size N]\n"
     "           [--asymmetric]) --out FILE.gguf [--json]   quantize weights, write GGUF"},
    {"sweep", cli::runSweep,
     "sweep MODEL --grid KEY=V1,V2,... [--grid ...] [--base P.json] [-p N] [-n N] [--repetitions N]\n"
     "           [--quality TEXT] [--constraint EXPR ...] [--objective METRIC] --out RESULTS.jsonl [--resume]\n"
     "           [--best-out P.json] [--json]   every grid point measured in interleaved rounds; frontier, best"},
    {"sensitivity", cli::runSensitivity,
     "sensitivity MODEL --weights int8|int4|f16|bf16 [--group-size N] [--unit tensor|layer] [--text FILE]\n"
     "           [--keep DTYPE] [--budget BYTES [--profile-out P.json]] [--json]   per-tensor quality cost, mixed precision"},
    {"export", cli::runExport,
     "export PROFILE.json --format json|llama.cpp|vllm|tensorrt-llm|triton|onnxruntime-genai [--model PATH]\n"
     "           [--out FILE|DIR]   the profile as canonical JSON, llama.cpp command lines, vLLM arguments,\n"
     "           or the nearest TensorRT-LLM / Triton (vLLM backend) / ONNX Runtime GenAI settings"},
};

void printUsage(FILE* out)
{
    std::fprintf(out, "usage: inferscope-cli COMMAND [options]\n"
                      "       inferscope-cli --version | --help\n\ncommands:\n");
    for (const Command& c : kCommands) std::fprintf(out, "  %s\n", c.usage);
}

}  // namespace

namespace cli {

int failWith(const std::string& message)
{
    std::fprintf(stderr, "inferscope-cli: error: %s\n", message.c_str());
    return 1;
}

}  // namespace cli

int main(int argc, char** argv)
{
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        printUsage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::printf("inferscope-cli %s\n", INFERSCOPE_VERSION_LINE);
        return 0;
    }
    const std::string name = argv[1];
    std::vector<std::string> rest(argv + 2, argv + argc);
    for (const Command& c : kCommands) {
        if (name != c.name) continue;
        // Every expected failure is an error value; what still escapes (an
        // allocation failure, a refused op) ends in one error line, not an abort.
        try {
            return c.run(rest);
        } catch (const std::bad_alloc&) {
            return cli::failWith(name + ": out of memory");
        } catch (const std::exception& e) {
            return cli::failWith(name + ": internal error: " + e.what());
        }
    }
    return cli::failWith("unknown command '" + name + "' (run inferscope-cli --help)");
}
