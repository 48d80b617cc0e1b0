#include "app/cli/commands.h"

namespace cli {

int runBench(const std::vector<std::string>& /*argv*/)
{
    return failWith("the 'bench' command is not available in this build yet");
}

}  // namespace cli
