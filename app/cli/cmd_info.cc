#include "app/cli/commands.h"

namespace cli {

int runInfo(const std::vector<std::string>& /*argv*/)
{
    return failWith("the 'info' command is not available in this build yet");
}

}  // namespace cli
