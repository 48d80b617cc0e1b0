#pragma once
#include <cstdint>
#include <vector>

namespace engine {

// Llama 3's per-pair rope frequency factors, as Meta's reference code and
// GGUF converters compute them: pairs whose wavelength is shorter than
// originalContext / highFreqFactor keep factor 1, those longer than
// originalContext / lowFreqFactor get `factor`, and the ones between blend
// smoothly. rotDim / 2 values, each to divide its pair's frequency by.
std::vector<float> llama3RopeFreqs(int64_t rotDim, float freqBase, float factor, float lowFreqFactor = 1.0f,
                                   float highFreqFactor = 4.0f, int64_t originalContext = 8192);

}  // namespace engine
