// tokenizer.json (Hugging Face `tokenizers`) and tokenizer_config.json as
// GGUF tokenizer metadata, so that the existing BPE and SentencePiece
// implementations run them:
// - byte-level BPE (GPT-2, Llama 3, Qwen2, SmolLM2) becomes tokenizer.ggml.model
//   "gpt2" with its merges, and the pre-tokenizer is recognised from its
//   structure and split pattern (tokenizer.ggml.pre);
// - SentencePiece-style BPE (Llama 2, Mistral, Phi-3, Gemma: byte fallback,
//   spaces as U+2581) becomes "llama", with each piece's score taken from the
//   rank of the first merge that makes it (an earlier merge scores higher, so
//   the highest-score-first SentencePiece merge order is the merge-rank order).
#include <array>
#include <filesystem>

#include "engine/common/json_error.h"
#include "engine/common/message_catalog.h"
#include "engine/common/text_file.h"
#include "engine/formats/hf_parts.h"

namespace engine::hf {
namespace {

using nlohmann::json;

// GGUF token types (llama.cpp's llama_token_type).
constexpr int32_t kNormal = 1, kUnknown = 2, kControl = 3, kUserDefined = 4, kUnused = 5, kByte = 6;
constexpr const char* kSpaceMarker = "\xE2\x96\x81";  // U+2581, SentencePiece's space
constexpr int64_t kMaxVocabulary = int64_t{1} << 24;

struct KnownSplit {
    const char* pre;    // tokenizer.ggml.pre
    const char* regex;  // the Split pre-tokenizer's pattern in tokenizer.json
};

// Byte-level tokenizers whose words are cut by one Split before ByteLevel.
constexpr std::array kKnownSplits = {
    KnownSplit{"llama-bpe", R"re((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)re"},
    KnownSplit{"qwen2", R"re((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)re"},
};

// obj[key], or null when obj is not an object or has no such key (const
// operator[] of a missing key is undefined behaviour in nlohmann::json).
const json& member(const json& obj, const char* key)
{
    static const json kNull;
    if (!obj.is_object()) return kNull;
    const auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
}

class TokenizerFiles {
public:
    TokenizerFiles(json tokenizer, json config, std::string where)
        : m_doc(std::move(tokenizer)), m_config(std::move(config)), m_where(std::move(where)) {}

    // "{file}: what"
    Error error(Message what) const { return fail(ErrorCode::Format, std::move(what)); }
    Error unsupported(Message what) const { return fail(ErrorCode::Unsupported, std::move(what)); }
    Error fail(ErrorCode code, Message what) const
    {
        return makeError(code, msg("context.in_file", {{"path", m_where}, {"cause", std::move(what)}}));
    }
    const json& doc() const { return m_doc; }
    const json& config() const { return m_config; }
    const json& model() const { return member(m_doc, "model"); }

private:
    json m_doc, m_config;
    std::string m_where;
};

// Every component of a normalizer / pre-tokenizer / processor, flattening "Sequence"s.
void collectComponents(const json& node, const char* listKey, std::vector<const json*>& out)
{
    if (!node.is_object()) return;
    if (node.value("type", "") == "Sequence" && node.contains(listKey) && node[listKey].is_array()) {
        for (const json& child : node[listKey]) collectComponents(child, listKey, out);
        return;
    }
    out.push_back(&node);
}

std::vector<const json*> components(const json& doc, const char* section, const char* listKey)
{
    std::vector<const json*> out;
    if (doc.contains(section)) collectComponents(doc[section], listKey, out);
    return out;
}

bool hasType(const std::vector<const json*>& parts, const char* type)
{
    for (const json* p : parts)
        if (p->value("type", "") == type) return true;
    return false;
}

struct Shape {
    bool byteLevel = false;
    bool sentencePiece = false;
    bool spacePrefix = false;
};

Shape classify(const TokenizerFiles& files)
{
    const auto normalizers = components(files.doc(), "normalizer", "normalizers");
    const auto pres = components(files.doc(), "pre_tokenizer", "pretokenizers");
    Shape s;
    s.byteLevel = hasType(pres, "ByteLevel");
    for (const json* n : normalizers) {
        const std::string type = n->value("type", "");
        if (type == "Prepend" && n->value("prepend", "") == kSpaceMarker) s.spacePrefix = true;
        if (type == "Replace" && n->value("content", "") == kSpaceMarker) s.sentencePiece = true;
    }
    for (const json* p : pres) {
        if (p->value("type", "") != "Metaspace") continue;
        s.sentencePiece = true;
        const std::string scheme = p->value("prepend_scheme", std::string(p->value("add_prefix_space", true) ? "always" : "never"));
        if (scheme != "never") s.spacePrefix = true;
    }
    if (files.model().value("byte_fallback", false)) s.sentencePiece = true;
    return s;
}

// tokenizer.ggml.pre for a byte-level tokenizer, from its pre-tokenizer.
Expected<std::string> recognisePre(const TokenizerFiles& files)
{
    const auto pres = components(files.doc(), "pre_tokenizer", "pretokenizers");
    std::vector<std::string> types;
    for (const json* p : pres) types.push_back(p->value("type", ""));
    const auto byteLevelSplits = [&](const json* p) { return p->value("use_regex", true); };
    if (types == std::vector<std::string>{"ByteLevel"} && byteLevelSplits(pres[0])) return std::string("gpt2");
    if (types == std::vector<std::string>{"Digits", "ByteLevel"} && pres[0]->value("individual_digits", false) &&
        byteLevelSplits(pres[1]))
        return std::string("smollm");
    if (types == std::vector<std::string>{"Split", "ByteLevel"} && !byteLevelSplits(pres[1])) {
        const json& regex_ = member(member(*pres[0], "pattern"), "Regex");
        const std::string regex = regex_.is_string() ? regex_.get<std::string>() : "";
        for (const KnownSplit& known : kKnownSplits)
            if (regex == known.regex) return std::string(known.pre);
        return files.unsupported(msg("hf.split_pattern", {{"pattern", regex}}));
    }
    std::string list;
    for (const std::string& t : types) list += (list.empty() ? "" : ", ") + t;
    return files.unsupported(msg("hf.pre_tokenizer", {{"list", list}}));
}

struct Vocabulary {
    std::vector<std::string> tokens;
    std::vector<int32_t> types;
    std::vector<float> scores;
    std::vector<std::string> merges;  // "left right"
};

Status readVocab(const TokenizerFiles& files, int64_t vocabRows, Vocabulary& v)
{
    const json& vocab = member(files.model(), "vocab");
    if (!vocab.is_object()) return files.error(msg("hf.vocab_not_object"));
    const json added = files.doc().value("added_tokens", json::array());
    if (!added.is_array()) return files.error(msg("hf.added_not_array"));
    int64_t size = vocabRows;
    const auto idOf = [&](const json& id) -> int64_t {
        return id.is_number_integer() ? id.get<int64_t>() : -1;
    };
    for (const auto& [piece, id] : vocab.items()) size = std::max(size, idOf(id) + 1);
    for (const json& a : added) size = std::max(size, idOf(member(a, "id")) + 1);
    if (size > kMaxVocabulary) return files.error(msg("hf.vocab_too_large", {{"size", size}}));
    v.tokens.assign(size_t(size), {});
    v.types.assign(size_t(size), kUnused);
    for (const auto& [piece, id] : vocab.items()) {
        const int64_t i = idOf(id);
        if (i < 0) return files.error(msg("hf.vocab_bad_id", {{"piece", piece}}));
        v.tokens[size_t(i)] = piece;
        v.types[size_t(i)] = kNormal;
    }
    for (const json& a : added) {
        const int64_t i = idOf(member(a, "id"));
        if (i < 0 || !member(a, "content").is_string())
            return files.error(msg("hf.added_bad_entry", {{"entry", a.dump()}}));
        v.tokens[size_t(i)] = member(a, "content").get<std::string>();
        v.types[size_t(i)] = member(a, "special") == true ? kControl : kUserDefined;
    }
    for (size_t i = 0; i < v.tokens.size(); ++i)
        if (v.types[i] == kUnused) v.tokens[i] = "[PAD" + std::to_string(i) + "]";
    return okStatus();
}

Status readMerges(const TokenizerFiles& files, std::vector<std::string>& merges)
{
    const json& list = files.model().contains("merges") ? member(files.model(), "merges") : json::array();
    if (!list.is_array()) return files.error(msg("hf.merges_not_array"));
    merges.reserve(list.size());
    for (const json& m : list) {
        if (m.is_string()) merges.push_back(m.get<std::string>());
        else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string())
            merges.push_back(m[0].get<std::string>() + " " + m[1].get<std::string>());
        else return files.error(msg("hf.merges_bad_item", {{"item", m.dump()}}));
        if (std::count(merges.back().begin(), merges.back().end(), ' ') != 1 && m.is_string())
            return files.error(msg("hf.merge_not_pair", {{"merge", merges.back()}}));
    }
    return okStatus();
}

// SentencePiece scores from merge ranks; pieces no merge makes score below
// every merged piece; byte pieces are typed as bytes.
void spmScores(Vocabulary& v, const std::vector<std::string>& merges)
{
    std::unordered_map<std::string, size_t> ids;
    for (size_t i = 0; i < v.tokens.size(); ++i) ids.emplace(v.tokens[i], i);
    const float unmerged = -float(merges.size());
    v.scores.assign(v.tokens.size(), unmerged);
    std::vector<bool> scored(v.tokens.size(), false);
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        std::string piece = merges[rank];
        piece.erase(piece.find(' '), 1);
        const auto it = ids.find(piece);
        if (it == ids.end() || scored[it->second]) continue;
        v.scores[it->second] = -float(rank);
        scored[it->second] = true;
    }
    for (size_t i = 0; i < v.tokens.size(); ++i) {
        const std::string& t = v.tokens[i];
        if (v.types[i] == kNormal && t.size() == 6 && t.rfind("<0x", 0) == 0 && t.back() == '>') v.types[i] = kByte;
        if (v.types[i] != kNormal && v.types[i] != kByte) v.scores[i] = 0.0f;
    }
}

// A token named by tokenizer_config.json ("<s>" or {"content": "<s>"}).
std::optional<int64_t> configTokenId(const TokenizerFiles& files, const Vocabulary& v, const char* key)
{
    if (!files.config().contains(key)) return std::nullopt;
    const json& value = files.config()[key];
    const std::string text = value.is_string() ? value.get<std::string>()
                             : value.is_object() ? value.value("content", "")
                                                 : std::string();
    if (text.empty()) return std::nullopt;
    for (size_t i = 0; i < v.tokens.size(); ++i)
        if (v.tokens[i] == text) return int64_t(i);
    return std::nullopt;
}

// Whether encoding starts with BOS: tokenizer_config's add_bos_token, else a
// post-processor template that begins with a special token (Llama 3).
bool addsBos(const TokenizerFiles& files, bool sentencePiece)
{
    if (files.config().contains("add_bos_token") && files.config()["add_bos_token"].is_boolean())
        return files.config()["add_bos_token"].get<bool>();
    for (const json* p : components(files.doc(), "post_processor", "processors")) {
        if (p->value("type", "") != "TemplateProcessing" || !p->contains("single")) continue;
        const json& single = (*p)["single"];
        return single.is_array() && !single.empty() && single[0].contains("SpecialToken");
    }
    return sentencePiece;
}

// tokenizer_config.json's chat_template: a string, or a list of named
// templates of which "default" is the one; chat_template.jinja when present.
std::optional<std::string> chatTemplate(const TokenizerFiles& files, const std::string& dir)
{
    const json& t = files.config().value("chat_template", json());
    if (t.is_string()) return t.get<std::string>();
    if (t.is_array())
        for (const json& named : t)
            if (named.is_object() && named.value("name", "") == "default" && named.contains("template") &&
                named["template"].is_string())
                return named["template"].get<std::string>();
    auto jinja = readTextFile(dir + "/chat_template.jinja", "chat template", kMaxConfigFileBytes);
    if (jinja) return *jinja;
    return std::nullopt;
}

MetaValue stringArray(const std::vector<std::string>& values)
{
    std::vector<MetaValue> items;
    items.reserve(values.size());
    for (const std::string& s : values) items.push_back(MetaValue::string(s));
    return MetaValue::array(MetaType::String, std::move(items));
}

Status readTokenizerFiles(const std::string& dir, int64_t vocabRows, const ConfigFacts& facts, ModelFile& out)
{
    const std::string path = dir + "/tokenizer.json";
    if (!std::filesystem::exists(path))
        return makeError(ErrorCode::NotFound, msg("hf.no_tokenizer", {{"path", dir}}));
    auto doc = readJsonFile(path, "tokenizer.json", kMaxTextFileBytes);
    if (!doc) return doc.error();
    json config = json::object();
    if (std::filesystem::exists(dir + "/tokenizer_config.json")) {
        auto c = readJsonFile(dir + "/tokenizer_config.json", "tokenizer_config.json", kMaxTextFileBytes);
        if (!c) return c.error();
        if (c->is_object()) config = std::move(*c);
    }
    const TokenizerFiles files(std::move(*doc), std::move(config), path);
    if (!files.doc().is_object() || !files.doc().contains("model") || !files.model().is_object())
        return files.error(msg("hf.tokenizer_no_model"));
    const std::string type = files.model().value("type", std::string(files.model().contains("merges") ? "BPE" : ""));
    if (type != "BPE")
        return files.unsupported(msg("hf.tokenizer_type", {{"type", type}}));

    Vocabulary v;
    ENGINE_TRY(readVocab(files, vocabRows, v));
    ENGINE_TRY(readMerges(files, v.merges));
    const Shape shape = classify(files);
    if (!shape.byteLevel && !shape.sentencePiece)
        return files.unsupported(msg("hf.tokenizer_shape"));
    const std::string unk = files.model().value("unk_token", json()).is_string()
                                ? files.model()["unk_token"].get<std::string>() : std::string();
    for (size_t i = 0; !unk.empty() && i < v.tokens.size(); ++i)
        if (v.tokens[i] == unk) {
            v.types[i] = kUnknown;
            out.setMeta("tokenizer.ggml.unknown_token_id", MetaValue::u32(uint32_t(i)));
            break;
        }

    if (shape.byteLevel) {
        auto pre = recognisePre(files);
        if (!pre) return pre.error();
        out.setMeta("tokenizer.ggml.model", MetaValue::string("gpt2"));
        out.setMeta("tokenizer.ggml.pre", MetaValue::string(*pre));
    } else {
        spmScores(v, v.merges);
        out.setMeta("tokenizer.ggml.model", MetaValue::string("llama"));
        out.setMeta("tokenizer.ggml.add_space_prefix", MetaValue::boolean(shape.spacePrefix));
    }
    out.setMeta("tokenizer.ggml.tokens", stringArray(v.tokens));
    std::vector<MetaValue> types;
    for (int32_t t : v.types) types.push_back(MetaValue::i32(t));
    out.setMeta("tokenizer.ggml.token_type", MetaValue::array(MetaType::I32, std::move(types)));
    if (shape.byteLevel) {
        out.setMeta("tokenizer.ggml.merges", stringArray(v.merges));
    } else {
        std::vector<MetaValue> scores;
        for (float s : v.scores) scores.push_back(MetaValue::f32(s));
        out.setMeta("tokenizer.ggml.scores", MetaValue::array(MetaType::F32, std::move(scores)));
    }
    const auto bos = configTokenId(files, v, "bos_token") ? configTokenId(files, v, "bos_token") : facts.bosId;
    const auto eos = configTokenId(files, v, "eos_token") ? configTokenId(files, v, "eos_token") : facts.eosId;
    if (bos && *bos >= 0 && *bos < int64_t(v.tokens.size()))
        out.setMeta("tokenizer.ggml.bos_token_id", MetaValue::u32(uint32_t(*bos)));
    if (eos && *eos >= 0 && *eos < int64_t(v.tokens.size()))
        out.setMeta("tokenizer.ggml.eos_token_id", MetaValue::u32(uint32_t(*eos)));
    out.setMeta("tokenizer.ggml.add_bos_token", MetaValue::boolean(addsBos(files, shape.sentencePiece)));
    if (const auto chat = chatTemplate(files, dir)) out.setMeta("tokenizer.chat_template", MetaValue::string(*chat));
    out.rebuildIndex();
    return okStatus();
}

}  // namespace

Status readTokenizer(const std::string& dir, int64_t vocabRows, const ConfigFacts& facts, ModelFile& out)
{
    // Every lookup checks the JSON's shape; a type nlohmann refuses anyway
    // (a string where an object was expected, deep inside) is a format error too.
    try {
        return readTokenizerFiles(dir, vocabRows, facts, out);
    } catch (const json::exception& e) {
        return makeError(ErrorCode::Format, msg("json.unexpected_structure", {{"path", dir + "/tokenizer.json"},
                                                                             {"detail", jsonErrorMessage(e.what())}}));
    }
}

}  // namespace engine::hf
