#include "engine/model/llama3_rope.h"

#include <cmath>

namespace engine {

std::vector<float> llama3RopeFreqs(int64_t rotDim, float freqBase, float factor, float lowFreqFactor,
                                   float highFreqFactor, int64_t originalContext)
{
    constexpr double kPi = 3.14159265358979323846;
    const double lowFreqWavelen = double(originalContext) / lowFreqFactor;
    const double highFreqWavelen = double(originalContext) / highFreqFactor;
    std::vector<float> out;
    for (int64_t j = 0; j < rotDim / 2; ++j) {
        const double freq = 1.0 / std::pow(double(freqBase), double(2 * j) / double(rotDim));
        const double wavelen = 2.0 * kPi / freq;
        double f = 1.0;
        if (wavelen > lowFreqWavelen) {
            f = factor;
        } else if (wavelen >= highFreqWavelen) {
            const double smooth = (double(originalContext) / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
            f = 1.0 / ((1.0 - smooth) / factor + smooth);
        }
        out.push_back(float(f));
    }
    return out;
}

}  // namespace engine
