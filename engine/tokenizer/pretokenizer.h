#pragma once
// Pre-tokenizers of the byte-level BPE vocabularies: each splits text into
// the words that BPE then merges independently. Every family named by
// tokenizer.ggml.pre is a hand-written scanner that reproduces the word
// boundaries of that family's published regular expressions (leftmost match,
// alternatives tried in order, unmatched gaps kept as words), so no regex
// engine is needed; character classes come from unicode_props.
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/expected.h"

namespace engine {

enum class PreTokenizerKind {
    Gpt2,           // gpt-2, default, mpt, olmo: the original GPT-2 pattern
    Llama3,         // llama-bpe: cased contractions, digits in groups of <= 3
    Qwen2,          // like Llama3 with single digits
    Starcoder,      // starcoder, refact, command-r: single digits, then GPT-2
    Falcon,         // punctuation runs, GPT-2, then digit runs cut in threes
    DeepseekCoder,  // line breaks, letters, punctuation, CJK and digits as passes
    DeepseekLlm,    // like DeepseekCoder with explicit script ranges
    Count
};

class PreTokenizer {
public:
    // Resolves a tokenizer.ggml.pre value; "" means "default" (GPT-2).
    static Expected<PreTokenizer> fromName(std::string_view name);

    PreTokenizerKind kind() const { return m_kind; }
    const std::string& name() const { return m_name; }
    // The family normalizes input to NFC first (GPT-NeoX for mpt, Qwen2).
    bool normalizesNfc() const { return m_nfc; }
    // A word that is itself a vocabulary entry becomes that one token
    // without running the merges (Llama 3's ignore_merges).
    bool ignoresMerges() const { return m_ignoreMerges; }

    // Splits `text` into words: views into `text`, in order, that together
    // cover it exactly.
    std::vector<std::string_view> split(std::string_view text) const;

private:
    PreTokenizer(PreTokenizerKind kind, std::string name) : m_kind(kind), m_name(std::move(name)) {}

    PreTokenizerKind m_kind = PreTokenizerKind::Gpt2;
    std::string m_name;
    bool m_nfc = false;
    bool m_ignoreMerges = false;
};

}  // namespace engine
