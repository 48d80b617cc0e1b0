#pragma once
// Byte-level BPE (tokenizer.ggml.model = "gpt2"): the pre-tokenizer splits
// text into words, each word's bytes are mapped to the printable byte
// alphabet, and adjacent pieces are merged by merge rank (lowest first,
// leftmost on ties) until no ranked pair remains.
#include <array>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/tokenizer/pretokenizer.h"
#include "engine/tokenizer/tokenizer.h"

namespace engine {

class BpeTokenizer final : public Tokenizer {
public:
    // `merges` are the tokenizer.ggml.merges lines "left right", in rank order.
    static Expected<std::unique_ptr<BpeTokenizer>> create(Vocabulary vocab, const std::vector<std::string>& merges,
                                                          PreTokenizer pre);

    TokenizerKind kind() const override { return TokenizerKind::BytePairBpe; }
    std::vector<int32_t> encodeText(std::string_view text, bool addBos, bool special) const override;
    std::string decodePiece(int32_t prev, int32_t token) const override;

    const PreTokenizer& preTokenizer() const { return m_pre; }
    size_t mergeCount() const { return m_merges.size(); }

private:
    struct Merge {
        int32_t rank = 0;
        int32_t result = 0;
    };

    BpeTokenizer(Vocabulary vocab, PreTokenizer pre);
    Status addMerges(const std::vector<std::string>& merges);
    void encodeWord(std::string_view word, std::vector<int32_t>& out) const;
    const Merge* findMerge(int32_t left, int32_t right) const;

    PreTokenizer m_pre;
    std::unordered_map<uint64_t, Merge> m_merges;  // (left id << 32 | right id) -> merge
    std::array<int32_t, 256> m_byteIds{};         // id of each byte's one-character token, -1 when absent
};

Expected<std::unique_ptr<Tokenizer>> makeBpeTokenizer(Vocabulary vocab, const std::vector<std::string>& merges,
                                                      PreTokenizer pre);

}  // namespace engine
