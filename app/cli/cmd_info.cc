// inferscope-cli info MODEL [--tokenizer TOK.bin] [--json]: the model card
// (architecture, shape, parameter count, tensors, memory per precision).
// Reads only metadata and tensor infos, never tensor data.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/json_text.h"
#include "engine/formats/model_file.h"
#include "engine/model/model_card.h"

namespace cli {

int runInfo(const std::vector<std::string>& argv)
{
    std::string error;
    const Args args = Args::parse(argv, {"--tokenizer"}, {"--json"}, error);
    if (!error.empty()) return failWith("info: " + error);
    if (args.positional().size() != 1)
        return failWith("info: expected exactly one MODEL argument (usage: info MODEL [--tokenizer TOK.bin] [--json])");

    auto model = engine::openModelFile(args.positional()[0], args.valueOr("--tokenizer", ""));
    if (!model) return failWith(model.error().message);
    const engine::ModelCard card = engine::ModelCard::fromModelFile(*model);
    const std::string out = args.has("--json") ? jsonText(card.toJson(), 2) + "\n" : card.toText();
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

}  // namespace cli
