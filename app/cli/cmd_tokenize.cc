// inferscope-cli tokenize MODEL [--tokenizer T] --text TEXT [--no-bos] [--json]:
// the token ids of TEXT under the model's vocabulary, with each token's
// vocabulary entry and the text it decodes to.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/json_text.h"
#include "engine/formats/model_file.h"
#include "engine/tokenizer/tokenizer.h"

namespace cli {

namespace {

// JSON string literal of raw bytes; byte tokens may hold invalid UTF-8, shown as U+FFFD.
std::string quoted(const std::string& s)
{
    return jsonText(nlohmann::json(s), -1);
}

}  // namespace

int runTokenize(const std::vector<std::string>& argv)
{
    std::string error;
    const Args args = Args::parse(argv, {"--tokenizer", "--text"}, {"--no-bos", "--json"}, error);
    if (!error.empty()) return failWith("tokenize: " + error);
    if (args.positional().size() != 1)
        return failWith("tokenize: expected exactly one MODEL argument (usage: tokenize MODEL --text TEXT [--no-bos] [--json])");
    const auto text = args.value("--text");
    if (!text) return failWith("tokenize: --text TEXT is required");

    auto model = engine::openModelFile(args.positional()[0], args.valueOr("--tokenizer", ""));
    if (!model) return failWith(model.error().message);
    auto tokenizer = engine::Tokenizer::fromModel(*model);
    if (!tokenizer) return failWith(tokenizer.error().message);
    const engine::Tokenizer& tok = **tokenizer;
    const bool addBos = !args.has("--no-bos") && tok.addBosByDefault();
    const std::vector<int32_t> ids = tok.encode(*text, addBos);

    if (args.has("--json")) {
        nlohmann::ordered_json tokens = nlohmann::ordered_json::array();
        int32_t prev = -1;
        for (int32_t id : ids) {
            tokens.push_back({{"id", id}, {"text", tok.tokenText(id)}, {"piece", tok.decodePiece(prev, id)}});
            prev = id;
        }
        const nlohmann::ordered_json out = {{"count", ids.size()}, {"ids", ids}, {"tokens", tokens}};
        std::printf("%s\n", jsonText(out, 2).c_str());
        return 0;
    }
    std::string line;
    for (size_t i = 0; i < ids.size(); ++i) line += (i ? " " : "") + std::to_string(ids[i]);
    std::printf("%zu tokens: [%s]\n", ids.size(), line.c_str());
    for (int32_t id : ids) std::printf("%8d  %s\n", id, quoted(tok.tokenText(id)).c_str());
    return 0;
}

}  // namespace cli
