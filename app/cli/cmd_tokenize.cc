#include "app/cli/commands.h"

namespace cli {

int runTokenize(const std::vector<std::string>& /*argv*/)
{
    return failWith("the 'tokenize' command is not available in this build yet");
}

}  // namespace cli
