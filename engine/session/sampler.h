#pragma once
// Token sampling: greedy, temperature, top-k, top-p, min-p and a llama.cpp-style
// repetition penalty, driven by a small seeded RNG so every run is reproducible.
//
// Pipeline (in this order):
//   1. repetition penalty over the last `repeatLastN` tokens (each distinct
//      token once: a positive logit is divided by the penalty, a negative one
//      multiplied, so the token always becomes less likely);
//   2. temperature <= 0: argmax (ties go to the lowest id) and stop here;
//   3. logits / temperature, softmax over the whole vocabulary;
//   4. top-k: keep the k most probable (ties: lower id first);
//   5. top-p: keep the smallest most-probable prefix whose mass exceeds p;
//   6. min-p: keep tokens with prob >= minP * (largest prob);
//   7. draw one token with a uniform coin from the RNG.
// Without any truncation (4-6 off) the draw walks the probabilities in id order
// against the unscaled coin, as llama2.c's run.c does; with truncation it walks
// the kept tokens most-probable first against coin * kept mass. Together with
// the same RNG this makes temperature-only and top-p sampling follow run.c.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace engine {

struct SamplerParams {
    float temperature = 0.0f;    // <= 0: greedy
    int32_t topK = 0;            // <= 0 or >= vocab: off
    float topP = 1.0f;           // >= 1 or <= 0: off
    float minP = 0.0f;           // <= 0: off
    float repeatPenalty = 1.0f;  // 1: off
    int32_t repeatLastN = 64;    // window of the penalty (tokens, prompt included)

    bool greedy() const { return temperature <= 0.0f; }
    std::string describe() const;  // e.g. "greedy" or "temperature 0.8, top-p 0.9"
};

// xorshift64* (Marsaglia's xorshift with Vigna's multiplicative output): the
// state is the seed itself (seed 0 is replaced by a fixed odd constant, since an
// all-zero xorshift state never changes). Each step: s ^= s >> 12; s ^= s << 25;
// s ^= s >> 27; output the high 32 bits of s * 0x2545F4914F6CDD1D. This is the
// generator run.c uses, so a given seed gives the same coins.
class Rng {
public:
    explicit Rng(uint64_t seed);
    uint32_t nextU32();
    float nextFloat();  // uniform in [0, 1) with 24 bits of resolution

private:
    uint64_t m_state;
};

struct Candidate {
    int32_t id;
    float prob;
};

// Stateless pieces, public for tests.
int32_t argmax(std::span<const float> logits);
void applyRepetitionPenalty(std::span<float> logits, std::span<const int32_t> history, int32_t lastN,
                            float penalty);
// Steps 3-6 on already-penalized logits (temperature must be > 0). Returns the
// kept tokens with their probabilities renormalized to sum to 1, in draw order
// (id order when nothing was truncated, most probable first otherwise).
std::vector<Candidate> candidatesFor(std::span<const float> logits, const SamplerParams& params);
// Step 7: the first candidate whose cumulative probability exceeds `coin`.
int32_t drawFrom(const std::vector<Candidate>& candidates, float coin);

class Sampler {
public:
    Sampler(SamplerParams params, uint64_t seed);

    // Picks the next token. `logits` is modified (penalty applied); `history`
    // holds the tokens so far (prompt and generated) for the penalty.
    int32_t sample(std::span<float> logits, std::span<const int32_t> history);

    const SamplerParams& params() const { return m_params; }

private:
    SamplerParams m_params;
    Rng m_rng;
};

}  // namespace engine
