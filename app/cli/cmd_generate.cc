#include "app/cli/commands.h"

namespace cli {

int runGenerate(const std::vector<std::string>& /*argv*/)
{
    return failWith("the 'generate' command is not available in this build yet");
}

}  // namespace cli
