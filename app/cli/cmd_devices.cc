#include "app/cli/commands.h"

namespace cli {

int runDevices(const std::vector<std::string>& /*argv*/)
{
    return failWith("the 'devices' command is not available in this build yet");
}

}  // namespace cli
