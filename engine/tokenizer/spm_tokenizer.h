#pragma once
// SentencePiece-style BPE (tokenizer.ggml.model = "llama"): a dummy-prefix
// space, then adjacent pieces are merged greedily by the score of the merged
// vocabulary entry (highest first, leftmost on ties), with "<0xNN>" byte
// tokens for whatever is not in the vocabulary.
#include <array>
#include <memory>

#include "engine/tokenizer/tokenizer.h"

namespace engine {

class SpmTokenizer final : public Tokenizer {
public:
    SpmTokenizer(Vocabulary vocab, bool addSpacePrefix);

    TokenizerKind kind() const override { return TokenizerKind::Spm; }
    std::vector<int32_t> encodeText(std::string_view text, bool addBos, bool special) const override;
    std::string decodePiece(int32_t prev, int32_t token) const override;

    // True when the vocabulary spells spaces as U+2581 (GGUF), false when
    // it stores them as plain spaces (llama2.c tokenizer.bin).
    bool escapesSpaces() const { return m_escapeSpaces; }

private:
    void encodePlain(std::string_view text, bool addPrefix, std::vector<int32_t>& out) const;
    void emitPiece(std::string_view piece, std::vector<int32_t>& out) const;

    bool m_addSpacePrefix = true;
    bool m_escapeSpaces = true;
    std::array<int32_t, 256> m_byteTokens{};  // "<0xNN>" ids, -1 when absent
};

std::unique_ptr<Tokenizer> makeSpmTokenizer(Vocabulary vocab, bool addSpacePrefix);

}  // namespace engine
