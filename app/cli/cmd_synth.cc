#include "app/cli/commands.h"

namespace cli {

int runSynth(const std::vector<std::string>& /*argv*/)
{
    return failWith("the 'synth' command is not available in this build yet");
}

}  // namespace cli
