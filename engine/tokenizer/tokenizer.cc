#include "engine/tokenizer/tokenizer.h"

#include <algorithm>
#include <cctype>

#include "engine/common/message_catalog.h"
#include "engine/formats/model_file.h"
#include "engine/tokenizer/bpe_tokenizer.h"
#include "engine/tokenizer/pretokenizer.h"
#include "engine/tokenizer/spm_tokenizer.h"

namespace engine {

namespace {

constexpr const char* kKeyModel = "tokenizer.ggml.model";
constexpr const char* kKeyTokens = "tokenizer.ggml.tokens";
constexpr const char* kKeyScores = "tokenizer.ggml.scores";
constexpr const char* kKeyTypes = "tokenizer.ggml.token_type";
constexpr const char* kKeyMerges = "tokenizer.ggml.merges";
constexpr const char* kKeyPre = "tokenizer.ggml.pre";
constexpr const char* kKeyBos = "tokenizer.ggml.bos_token_id";
constexpr const char* kKeyEos = "tokenizer.ggml.eos_token_id";
constexpr const char* kKeyEot = "tokenizer.ggml.eot_token_id";
constexpr const char* kKeyEom = "tokenizer.ggml.eom_token_id";
// The end-of-turn markers of the model families (Llama 3, Qwen2, Phi-3, Gemma, GPT-2 style).
constexpr const char* kEndMarkers[] = {"<|eot_id|>", "<|eom_id|>",    "<|im_end|>",     "<|end|>",
                                       "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>"};
constexpr const char* kKeyUnk = "tokenizer.ggml.unknown_token_id";
constexpr const char* kKeyAddBos = "tokenizer.ggml.add_bos_token";
constexpr const char* kKeyAddSpacePrefix = "tokenizer.ggml.add_space_prefix";

Error keyError(const ModelFile& model, ErrorCode code, const std::string& key, Message what)
{
    return makeError(code, msg("context.in_file", {{"path", model.path},
                                                   {"cause", msg("context.at_path", {{"path", key}, {"cause", std::move(what)}})}}));
}

Expected<const MetaArray*> requireArray(const ModelFile& model, const std::string& key)
{
    const MetaValue* value = model.find(key);
    if (!value) return keyError(model, ErrorCode::NotFound, key, msg("tokenizer.missing"));
    const MetaArray* array = value->asArray();
    if (!array) return keyError(model, ErrorCode::Format, key, msg("tokenizer.expected_array"));
    return array;
}

Expected<std::vector<std::string>> readStrings(const ModelFile& model, const std::string& key)
{
    auto array = requireArray(model, key);
    if (!array) return array.error();
    std::vector<std::string> out;
    out.reserve((*array)->items.size());
    for (size_t i = 0; i < (*array)->items.size(); ++i) {
        const std::string* s = (*array)->items[i].asString();
        if (!s) return keyError(model, ErrorCode::Format, key, msg("tokenizer.item_not_string", {{"index", i}}));
        out.push_back(*s);
    }
    return out;
}

// An optional per-token array must have one entry per token.
Expected<const MetaArray*> optionalPerToken(const ModelFile& model, const std::string& key, size_t count)
{
    if (!model.find(key)) return static_cast<const MetaArray*>(nullptr);
    auto array = requireArray(model, key);
    if (!array) return array.error();
    if ((*array)->items.size() != count) {
        return keyError(model, ErrorCode::Format, key,
                        msg("tokenizer.entries_per_token", {{"entries", (*array)->items.size()}, {"tokens", count}}));
    }
    return array;
}

Expected<int32_t> optionalTokenId(const ModelFile& model, const std::string& key, int32_t fallback, size_t count)
{
    const MetaValue* value = model.find(key);
    if (!value) return fallback < int64_t(count) ? fallback : -1;
    const auto id = value->asInt();
    if (!id) return keyError(model, ErrorCode::Format, key, msg("tokenizer.expected_integer"));
    if (*id < 0 || *id >= int64_t(count)) {
        return keyError(model, ErrorCode::Format, key, msg("tokenizer.id_outside", {{"id", *id}, {"count", count}}));
    }
    return int32_t(*id);
}

Expected<bool> optionalBool(const ModelFile& model, const std::string& key, bool fallback)
{
    const MetaValue* value = model.find(key);
    if (!value) return fallback;
    const auto b = value->asBool();
    if (!b) return keyError(model, ErrorCode::Format, key, msg("tokenizer.expected_boolean"));
    return *b;
}

bool isByteTokenText(const std::string& text)
{
    return text.size() == 6 && text.compare(0, 3, "<0x") == 0 && text[5] == '>' && std::isxdigit(uint8_t(text[3])) &&
           std::isxdigit(uint8_t(text[4]));
}

// Files without tokenizer.ggml.token_type (llama2.c tokenizer.bin) get types
// inferred the way SentencePiece assigns them.
void inferTypes(Vocabulary& vocab)
{
    vocab.types.assign(vocab.tokens.size(), TokenType::Normal);
    for (size_t i = 0; i < vocab.tokens.size(); ++i) {
        if (isByteTokenText(vocab.tokens[i])) vocab.types[i] = TokenType::Byte;
    }
    if (vocab.unk >= 0) vocab.types[size_t(vocab.unk)] = TokenType::Unknown;
    if (vocab.bos >= 0) vocab.types[size_t(vocab.bos)] = TokenType::Control;
    if (vocab.eos >= 0) vocab.types[size_t(vocab.eos)] = TokenType::Control;
}

// Fills Vocabulary::endOfGeneration once the ids and types are known.
Expected<Vocabulary> withEndOfGeneration(const ModelFile& model, Vocabulary vocab)
{
    const int64_t count = int64_t(vocab.tokens.size());
    std::vector<int32_t>& end = vocab.endOfGeneration;
    if (vocab.eos >= 0) end.push_back(vocab.eos);
    for (const char* key : {kKeyEot, kKeyEom}) {
        auto id = optionalTokenId(model, key, -1, size_t(count));
        if (!id) return id.error();
        if (*id >= 0) end.push_back(*id);
    }
    for (int32_t i = 0; i < int32_t(count); ++i) {
        const TokenType type = vocab.types[size_t(i)];
        if (type != TokenType::Control && type != TokenType::UserDefined) continue;
        for (const char* marker : kEndMarkers)
            if (vocab.tokens[size_t(i)] == marker) end.push_back(i);
    }
    std::sort(end.begin(), end.end());
    end.erase(std::unique(end.begin(), end.end()), end.end());
    return vocab;
}

Expected<Vocabulary> readVocabulary(const ModelFile& model, bool spm)
{
    Vocabulary vocab;
    auto tokens = readStrings(model, kKeyTokens);
    if (!tokens) return tokens.error();
    vocab.tokens = std::move(*tokens);
    const size_t count = vocab.tokens.size();
    if (count == 0) return keyError(model, ErrorCode::Format, kKeyTokens, msg("tokenizer.empty_vocabulary"));
    if (count > size_t(INT32_MAX)) return keyError(model, ErrorCode::Format, kKeyTokens, msg("tokenizer.vocabulary_too_large"));

    auto scores = optionalPerToken(model, kKeyScores, count);
    if (!scores) return scores.error();
    if (!*scores && spm) return keyError(model, ErrorCode::NotFound, kKeyScores, msg("tokenizer.scores_missing"));
    vocab.scores.assign(count, 0.0f);
    for (size_t i = 0; *scores && i < count; ++i) {
        const auto score = (*scores)->items[i].asFloat();
        if (!score) return keyError(model, ErrorCode::Format, kKeyScores, msg("tokenizer.item_not_number", {{"index", i}}));
        vocab.scores[i] = float(*score);
    }

    // SentencePiece vocabularies default to <unk> <s> </s> at ids 0 1 2.
    auto bos = optionalTokenId(model, kKeyBos, spm ? 1 : -1, count);
    auto eos = optionalTokenId(model, kKeyEos, spm ? 2 : -1, count);
    auto unk = optionalTokenId(model, kKeyUnk, spm ? 0 : -1, count);
    if (!bos) return bos.error();
    if (!eos) return eos.error();
    if (!unk) return unk.error();
    vocab.bos = *bos, vocab.eos = *eos, vocab.unk = *unk;
    auto addBos = optionalBool(model, kKeyAddBos, spm);
    if (!addBos) return addBos.error();
    vocab.addBos = *addBos && vocab.bos >= 0;

    auto types = optionalPerToken(model, kKeyTypes, count);
    if (!types) return types.error();
    if (!*types) {
        inferTypes(vocab);
        return withEndOfGeneration(model, std::move(vocab));
    }
    vocab.types.resize(count);
    for (size_t i = 0; i < count; ++i) {
        const auto type = (*types)->items[i].asInt();
        if (!type || *type < 0 || *type >= int64_t(TokenType::Count))
            return keyError(model, ErrorCode::Format, kKeyTypes, msg("tokenizer.item_not_type", {{"index", i}}));
        vocab.types[i] = TokenType(*type);
    }
    return withEndOfGeneration(model, std::move(vocab));
}

}  // namespace

Expected<std::unique_ptr<Tokenizer>> Tokenizer::fromModel(const ModelFile& model)
{
    const MetaValue* modelValue = model.find(kKeyModel);
    if (!modelValue) return keyError(model, ErrorCode::NotFound, kKeyModel, msg("tokenizer.missing"));
    const std::string* family = modelValue->asString();
    if (!family) return keyError(model, ErrorCode::Format, kKeyModel, msg("tokenizer.expected_string"));

    if (*family == "llama") {
        auto vocab = readVocabulary(model, true);
        if (!vocab) return vocab.error();
        auto addSpacePrefix = optionalBool(model, kKeyAddSpacePrefix, true);
        if (!addSpacePrefix) return addSpacePrefix.error();
        return makeSpmTokenizer(std::move(*vocab), *addSpacePrefix);
    }
    if (*family == "gpt2") {
        auto vocab = readVocabulary(model, false);
        if (!vocab) return vocab.error();
        auto merges = readStrings(model, kKeyMerges);
        if (!merges) return merges.error();
        const std::string preName = model.getString(kKeyPre).value_or("");
        auto pre = PreTokenizer::fromName(preName);
        if (!pre) return makeError(pre.error().code, msg("context.in_file", {{"path", model.path}, {"cause", messageOf(pre.error())}}));
        auto tokenizer = makeBpeTokenizer(std::move(*vocab), *merges, std::move(*pre));
        if (!tokenizer)
            return makeError(tokenizer.error().code, msg("context.in_file", {{"path", model.path}, {"cause", messageOf(tokenizer.error())}}));
        return tokenizer;
    }
    return keyError(model, ErrorCode::Unsupported, kKeyModel, msg("tokenizer.unsupported", {{"family", *family}}));
}

Tokenizer::Tokenizer(Vocabulary vocab) : m_vocab(std::move(vocab))
{
    m_ids.reserve(m_vocab.tokens.size());
    // The first entry wins when a spelling repeats.
    for (size_t i = 0; i < m_vocab.tokens.size(); ++i) m_ids.emplace(m_vocab.tokens[i], int32_t(i));

    for (size_t i = 0; i < m_vocab.tokens.size(); ++i) {
        if (m_vocab.tokens[i].empty()) continue;
        const TokenType type = m_vocab.types[i];
        if (type != TokenType::UserDefined && type != TokenType::Control) continue;
        auto& index = type == TokenType::UserDefined ? m_userDefinedByByte : m_controlByByte;
        if (index.empty()) index.resize(256);
        index[uint8_t(m_vocab.tokens[i][0])].push_back(int32_t(i));
    }
    for (auto* index : {&m_userDefinedByByte, &m_controlByByte})
        for (auto& ids : *index)
            std::stable_sort(ids.begin(), ids.end(), [&](int32_t a, int32_t b) {
                return m_vocab.tokens[size_t(a)].size() > m_vocab.tokens[size_t(b)].size();
            });
}

Tokenizer::~Tokenizer() = default;

bool Tokenizer::isEndOfGeneration(int32_t id) const
{
    return std::binary_search(m_vocab.endOfGeneration.begin(), m_vocab.endOfGeneration.end(), id);
}

int32_t Tokenizer::findToken(std::string_view text) const
{
    const auto it = m_ids.find(text);
    return it == m_ids.end() ? -1 : it->second;
}

const std::string& Tokenizer::tokenText(int32_t id) const
{
    static const std::string kEmpty;
    return validId(id) ? m_vocab.tokens[size_t(id)] : kEmpty;
}

TokenType Tokenizer::tokenType(int32_t id) const
{
    return validId(id) ? m_vocab.types[size_t(id)] : TokenType::Undefined;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids) const
{
    std::string out;
    int32_t prev = -1;
    for (const int32_t id : ids) {
        out += decodePiece(prev, id);
        prev = id;
    }
    return out;
}

std::vector<Tokenizer::Fragment> Tokenizer::splitUserDefined(std::string_view text, bool special) const
{
    std::vector<Fragment> fragments;
    size_t plainStart = 0;
    size_t pos = 0;
    const bool control = special && !m_controlByByte.empty();
    // The longest verbatim match at `pos` among `index`, or -1.
    const auto longestAt = [&](const std::vector<std::vector<int32_t>>& index, size_t at) {
        if (index.empty()) return int32_t(-1);
        for (const int32_t id : index[uint8_t(text[at])])
            if (text.substr(at).starts_with(m_vocab.tokens[size_t(id)])) return id;
        return int32_t(-1);
    };
    while (pos < text.size() && (!m_userDefinedByByte.empty() || control)) {
        int32_t match = longestAt(m_userDefinedByByte, pos);
        if (control) {
            const int32_t c = longestAt(m_controlByByte, pos);
            if (c >= 0 && (match < 0 || m_vocab.tokens[size_t(c)].size() > m_vocab.tokens[size_t(match)].size()))
                match = c;
        }
        if (match < 0) {
            ++pos;
            continue;
        }
        if (plainStart < pos) fragments.push_back({text.substr(plainStart, pos - plainStart), plainStart, -1});
        const size_t length = m_vocab.tokens[size_t(match)].size();
        fragments.push_back({text.substr(pos, length), pos, match});
        pos += length;
        plainStart = pos;
    }
    if (plainStart < text.size()) fragments.push_back({text.substr(plainStart), plainStart, -1});
    return fragments;
}

}  // namespace engine
