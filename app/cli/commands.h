#pragma once
// One function per inferscope-cli subcommand. Each gets the arguments after
// the subcommand name and returns the process exit code; on failure it prints
// exactly one line "inferscope-cli: error: ..." to stderr (see failWith).
#include <string>
#include <vector>

namespace cli {

int runInfo(const std::vector<std::string>& argv);
int runTokenize(const std::vector<std::string>& argv);
int runSynth(const std::vector<std::string>& argv);
int runGenerate(const std::vector<std::string>& argv);
int runBench(const std::vector<std::string>& argv);
int runDevices(const std::vector<std::string>& argv);
int runEval(const std::vector<std::string>& argv);
int runExportModel(const std::vector<std::string>& argv);
int runExport(const std::vector<std::string>& argv);
int runSweep(const std::vector<std::string>& argv);
int runSensitivity(const std::vector<std::string>& argv);

// Prints "inferscope-cli: error: <message>" to stderr and returns 1.
int failWith(const std::string& message);

}  // namespace cli
