// Tokenizers on arbitrary bytes: encode as text (with and without special
// tokens), and decode the input read as token ids, for
//  - the synthetic models' SentencePiece-style vocabularies: the tiny model's
//    (512 tokens) and the Qwen2-0.5B-shaped model's (151936 tokens, pieces of
//    up to 16 bytes), built from the tokenizer metadata the synthesizer writes
//    (synthTokenizerMetadata) without its weights: reading a GGUF file is
//    fuzz_gguf's, and writing and reading a whole 0.5B model under the
//    sanitizers took minutes of each smoke run's start;
//  - a byte-level BPE vocabulary (GPT-2's byte-to-character map, Qwen2's
//    pre-tokenizer): the 256 byte characters, one merge per synthetic piece of
//    the 4096-token vocabulary ("▁" spelled "Ġ"), and a control token.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/formats/model_file.h"
#include "engine/model/synth.h"
#include "engine/tokenizer/tokenizer.h"

namespace {

std::vector<std::unique_ptr<engine::Tokenizer>> g_tokenizers;

void appendUtf8(std::string& out, uint32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else {  // the byte map's characters are all below U+0800
        out += char(0xc0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3f));
    }
}

// GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the
// others for U+0100 onwards in byte order.
std::vector<std::string> byteCharacters()
{
    std::vector<std::string> chars(256);
    uint32_t next = 0x100;
    for (uint32_t b = 0; b < 256; ++b) {
        const bool printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || b >= 0xae;
        appendUtf8(chars[b], printable ? b : next++);
    }
    return chars;
}

std::unique_ptr<engine::Tokenizer> byteLevelBpeTokenizer()
{
    using engine::MetaType;
    using engine::MetaValue;
    const std::vector<std::string> bytes = byteCharacters();
    const std::string space = "\xe2\x96\x81", spaceChar = bytes[' '];
    const auto spelled = [&](const std::string& piece) {
        std::string out;
        for (size_t i = 0; i < piece.size();) {
            if (piece.compare(i, space.size(), space) == 0) {
                out += spaceChar;
                i += space.size();
            } else {
                out += bytes[uint8_t(piece[i++])];
            }
        }
        return out;
    };
    std::vector<MetaValue> tokens, types, merges;
    std::set<std::string> known;
    const auto addToken = [&](const std::string& text, int32_t type) {
        if (!known.insert(text).second) return false;
        tokens.push_back(MetaValue::string(text));
        types.push_back(MetaValue::i32(type));
        return true;
    };
    for (const std::string& b : bytes) addToken(b, 1);
    // Every synthetic piece is an earlier piece plus one character: that pair is its merge.
    const engine::SynthVocab spm = engine::buildSynthVocab(4096);
    std::string longest;  // the longest piece as text (a space for "▁"): the self-check below
    for (size_t i = 0; i < spm.tokens.size(); ++i) {
        const std::string& piece = spm.tokens[i];
        if (spm.types[i] != 1 || piece == space || piece.size() < 2) continue;
        if (piece.size() > longest.size()) longest = piece;
        const size_t cut = piece.size() - 1;
        const std::string left = spelled(piece.substr(0, cut)), right = spelled(piece.substr(cut));
        if (known.count(left) && known.count(right) && addToken(left + right, 1))
            merges.push_back(MetaValue::string(left + " " + right));
    }
    const int32_t endOfText = int32_t(tokens.size());
    addToken("<|endoftext|>", 3);
    engine::ModelFile file;
    file.path = "synthetic byte-level BPE vocabulary";
    file.setMeta("tokenizer.ggml.model", MetaValue::string("gpt2"));
    file.setMeta("tokenizer.ggml.pre", MetaValue::string("qwen2"));
    file.setMeta("tokenizer.ggml.tokens", MetaValue::array(MetaType::String, std::move(tokens)));
    file.setMeta("tokenizer.ggml.token_type", MetaValue::array(MetaType::I32, std::move(types)));
    file.setMeta("tokenizer.ggml.merges", MetaValue::array(MetaType::String, std::move(merges)));
    file.setMeta("tokenizer.ggml.eos_token_id", MetaValue::u32(uint32_t(endOfText)));
    auto tokenizer = engine::Tokenizer::fromModel(file);
    if (!tokenizer) return nullptr;
    // The merges apply: the longest piece encodes to fewer tokens than its bytes.
    if (longest.compare(0, space.size(), space) == 0) longest.replace(0, space.size(), " ");
    if ((*tokenizer)->encode(longest, false, false).size() >= longest.size()) return nullptr;
    return std::move(*tokenizer);
}

std::unique_ptr<engine::Tokenizer> synthTokenizer(engine::SynthShape shape)
{
    const engine::SynthShapeSpec& spec = engine::synthShapeSpec(shape);
    engine::ModelFile file;
    file.path = "synthetic " + std::string(spec.name) + " vocabulary";
    for (auto& [key, value] : engine::synthTokenizerMetadata(spec)) file.setMeta(key, std::move(value));
    auto tokenizer = engine::Tokenizer::fromModel(file);
    return tokenizer ? std::move(*tokenizer) : nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    for (engine::SynthShape shape : {engine::SynthShape::Tiny, engine::SynthShape::Qwen2_05B})
        if (auto t = synthTokenizer(shape)) g_tokenizers.push_back(std::move(t));
    if (auto t = byteLevelBpeTokenizer()) g_tokenizers.push_back(std::move(t));
    if (g_tokenizers.size() != 3) {
        std::fprintf(stderr, "fuzz_tokenizer: could not build the tokenizers\n");
        std::abort();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto& t : g_tokenizers) {
        (void)t->decode(t->encode(text, true, false));
        (void)t->decode(t->encode(text, false, true));
        std::vector<int32_t> ids;
        for (size_t i = 0; i + 4 <= size; i += 4) {
            int32_t id = 0;
            std::memcpy(&id, data + i, 4);
            ids.push_back(id);
        }
        (void)t->decode(ids);
    }
    return 0;
}
