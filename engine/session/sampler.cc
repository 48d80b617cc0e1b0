#include "engine/session/sampler.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <unordered_set>

namespace engine {

std::string SamplerParams::describe() const
{
    std::ostringstream s;
    if (greedy()) s << "greedy";
    else s << "temperature " << temperature;
    if (!greedy() && topK > 0) s << ", top-k " << topK;
    if (!greedy() && topP > 0.0f && topP < 1.0f) s << ", top-p " << topP;
    if (!greedy() && minP > 0.0f) s << ", min-p " << minP;
    if (repeatPenalty != 1.0f) s << ", repeat-penalty " << repeatPenalty << " (last " << repeatLastN << ")";
    return s.str();
}

Rng::Rng(uint64_t seed) : m_state(seed != 0 ? seed : 0x9E3779B97F4A7C15ull) {}

uint32_t Rng::nextU32()
{
    m_state ^= m_state >> 12;
    m_state ^= m_state << 25;
    m_state ^= m_state >> 27;
    return static_cast<uint32_t>((m_state * 0x2545F4914F6CDD1Dull) >> 32);
}

float Rng::nextFloat()
{
    return static_cast<float>(nextU32() >> 8) / 16777216.0f;
}

int32_t argmax(std::span<const float> logits)
{
    int32_t best = 0;
    for (size_t i = 1; i < logits.size(); ++i)
        if (logits[i] > logits[static_cast<size_t>(best)]) best = static_cast<int32_t>(i);
    return best;
}

void applyRepetitionPenalty(std::span<float> logits, std::span<const int32_t> history, int32_t lastN, float penalty)
{
    if (penalty == 1.0f || lastN <= 0 || history.empty()) return;
    const size_t n = std::min(history.size(), static_cast<size_t>(lastN));
    std::unordered_set<int32_t> seen;
    for (size_t i = history.size() - n; i < history.size(); ++i) {
        const int32_t id = history[i];
        if (id < 0 || static_cast<size_t>(id) >= logits.size() || !seen.insert(id).second) continue;
        float& l = logits[static_cast<size_t>(id)];
        l = l > 0.0f ? l / penalty : l * penalty;
    }
}

namespace {

bool moreProbable(const Candidate& a, const Candidate& b)
{
    return a.prob > b.prob || (a.prob == b.prob && a.id < b.id);
}

void renormalize(std::vector<Candidate>& c)
{
    float sum = 0.0f;
    for (const Candidate& x : c) sum += x.prob;
    if (sum > 0.0f)
        for (Candidate& x : c) x.prob /= sum;
}

}  // namespace

std::vector<Candidate> candidatesFor(std::span<const float> logits, const SamplerParams& p)
{
    const size_t n = logits.size();
    std::vector<Candidate> c(n);
    float maxLogit = -INFINITY;
    for (float l : logits) maxLogit = std::max(maxLogit, l / p.temperature);
    float sum = 0.0f;
    for (size_t i = 0; i < n; ++i) {
        const float e = std::exp(logits[i] / p.temperature - maxLogit);
        c[i] = {static_cast<int32_t>(i), e};
        sum += e;
    }
    for (Candidate& x : c) x.prob /= sum;

    const bool useTopK = p.topK > 0 && static_cast<size_t>(p.topK) < n;
    const bool useTopP = p.topP > 0.0f && p.topP < 1.0f;
    const bool useMinP = p.minP > 0.0f;
    if (!useTopK && !useTopP && !useMinP) return c;  // id order, as run.c draws

    std::sort(c.begin(), c.end(), moreProbable);
    if (useTopK) c.resize(static_cast<size_t>(p.topK));
    if (useTopP) {
        float kept = 0.0f;
        for (const Candidate& x : c) kept += x.prob;
        // Mass measured relative to what top-k kept, so the two compose.
        float cumulative = 0.0f;
        size_t keep = c.size();
        for (size_t i = 0; i < c.size(); ++i) {
            cumulative += c[i].prob / kept;
            if (cumulative > p.topP) {
                keep = i + 1;
                break;
            }
        }
        c.resize(keep);
    }
    if (useMinP && !c.empty()) {
        const float threshold = p.minP * c.front().prob;
        size_t keep = 1;  // the most probable token always stays
        while (keep < c.size() && c[keep].prob >= threshold) ++keep;
        c.resize(keep);
    }
    renormalize(c);
    return c;
}

int32_t drawFrom(const std::vector<Candidate>& candidates, float coin)
{
    float cdf = 0.0f;
    for (const Candidate& x : candidates) {
        cdf += x.prob;
        if (coin < cdf) return x.id;
    }
    return candidates.empty() ? 0 : candidates.back().id;  // rounding left a sliver
}

Sampler::Sampler(SamplerParams params, uint64_t seed) : m_params(params), m_rng(seed) {}

int32_t Sampler::sample(std::span<float> logits, std::span<const int32_t> history)
{
    applyRepetitionPenalty(logits, history, m_params.repeatLastN, m_params.repeatPenalty);
    if (m_params.greedy()) return argmax(logits);
    const std::vector<Candidate> c = candidatesFor(logits, m_params);
    return drawFrom(c, m_rng.nextFloat());
}

}  // namespace engine
