#pragma once
// Tokenizer: text <-> token ids for the vocabularies a ModelFile carries in
// its GGUF tokenizer keys. Two families: SentencePiece-style BPE
// (tokenizer.ggml.model = "llama", also what llama2.c tokenizer.bin files are
// presented as) and byte-level BPE (tokenizer.ggml.model = "gpt2") with the
// pre-tokenizer named by tokenizer.ggml.pre.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/common/expected.h"

namespace engine {

struct ModelFile;

enum class TokenizerKind { Spm, BytePairBpe, Count };

// tokenizer.ggml.token_type values.
enum class TokenType : int32_t {
    Undefined = 0,
    Normal = 1,
    Unknown = 2,
    Control = 3,      // BOS, EOS, chat markers: never produced from plain text
    UserDefined = 4,  // added tokens: always matched verbatim in the input
    Unused = 5,
    Byte = 6,         // SentencePiece byte fallback "<0xNN>"
    Count
};

// The vocabulary as read from the metadata, shared by both families.
struct Vocabulary {
    std::vector<std::string> tokens;
    std::vector<float> scores;      // one per token (zeros when the file has none)
    std::vector<TokenType> types;   // one per token
    int32_t bos = -1;
    int32_t eos = -1;
    int32_t unk = -1;
    bool addBos = false;
    // Tokens that end a generation: eos, tokenizer.ggml.eot_token_id /
    // eom_token_id, and the control or user-defined tokens the model families
    // end a turn with (<|eot_id|>, <|eom_id|>, <|im_end|>, <|end|>,
    // <end_of_turn>, <|endoftext|>, <|end_of_text|>). Sorted, no repeats.
    std::vector<int32_t> endOfGeneration;
};

class Tokenizer {
public:
    // Built from the metadata of a ModelFile. Missing or inconsistent keys
    // give an error naming the key.
    static Expected<std::unique_ptr<Tokenizer>> fromModel(const ModelFile& model);

    virtual ~Tokenizer();

    virtual TokenizerKind kind() const = 0;
    // Token ids of `text`. User-defined tokens always match verbatim; with
    // `special`, control tokens spelled in the text do too (llama.cpp's
    // parse_special: how a chat template's turn markers become their ids).
    std::vector<int32_t> encode(std::string_view text, bool addBos, bool special = false) const
    {
        return encodeText(text, addBos, special);
    }
    // Display text of `token` following `prev` (-1: none), as llama2.c run.c
    // decodes: for SPM a leading space is dropped after BOS and "<0xNN>" byte
    // tokens become the raw byte; byte-level BPE maps its byte alphabet back
    // to bytes. Control tokens and invalid ids display as nothing.
    virtual std::string decodePiece(int32_t prev, int32_t token) const = 0;
    std::string decode(const std::vector<int32_t>& ids) const;  // concatenated pieces

    const std::string& tokenText(int32_t id) const;  // raw vocabulary entry ("" when out of range)
    TokenType tokenType(int32_t id) const;
    int32_t vocabSize() const { return int32_t(m_vocab.tokens.size()); }
    int32_t bos() const { return m_vocab.bos; }
    int32_t eos() const { return m_vocab.eos; }
    // Whether sampling `id` ends the generation (Vocabulary::endOfGeneration).
    bool isEndOfGeneration(int32_t id) const;
    const std::vector<int32_t>& endOfGenerationTokens() const { return m_vocab.endOfGeneration; }
    bool addBosByDefault() const { return m_vocab.addBos; }
    std::string preTokenizerName() const { return m_preTokenizerName; }  // "" for SPM

protected:
    explicit Tokenizer(Vocabulary vocab);

    // Id of the vocabulary entry spelled `text`, or -1.
    int32_t findToken(std::string_view text) const;

    // A piece of input: plain text to tokenize, or a user-defined token
    // matched verbatim (leftmost, longest first).
    struct Fragment {
        std::string_view text;
        size_t offset = 0;   // byte offset in the input
        int32_t token = -1;  // >= 0: a user-defined token
    };
    // Plain text and the tokens matched verbatim in it: user-defined ones,
    // and control ones too with `special`.
    std::vector<Fragment> splitUserDefined(std::string_view text, bool special) const;
    virtual std::vector<int32_t> encodeText(std::string_view text, bool addBos, bool special) const = 0;

    bool validId(int32_t id) const { return id >= 0 && id < vocabSize(); }

    Vocabulary m_vocab;
    std::string m_preTokenizerName;

private:
    struct StringHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>> m_ids;
    // User-defined (and, separately, control) token ids by first byte,
    // longest text first.
    std::vector<std::vector<int32_t>> m_userDefinedByByte;
    std::vector<std::vector<int32_t>> m_controlByByte;
};

}  // namespace engine
