#pragma once
// Writes Hugging Face checkpoint folders for tests, from the file formats'
// published descriptions: safetensors files (with an index when sharded),
// config.json, and tokenizer.json made from a GGUF vocabulary — for a
// SentencePiece vocabulary the merges are derived the way Hugging Face's
// converters derive them from a SentencePiece model (every split of a piece
// into two pieces of the vocabulary, ordered by the piece's score).
#include <QByteArray>
#include <QFile>
#include <QString>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/formats/model_file.h"

namespace testsupport::hf {

using Json = nlohmann::ordered_json;

struct StTensor {
    std::string name;
    std::string dtype;           // "F32", "F16", "BF16", ...
    std::vector<uint64_t> shape;  // row-major, as safetensors stores it
    std::vector<uint8_t> bytes;
};

inline bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

inline bool writeJson(const QString& path, const Json& doc)
{
    return writeBytes(path, QByteArray::fromStdString(doc.dump(2)));
}

// One safetensors file: the header (padded with spaces to 8 bytes), then the
// tensors back to back in the order given.
inline QByteArray safetensorsBytes(const std::vector<StTensor>& tensors)
{
    Json header = Json::object();
    header["__metadata__"] = {{"format", "pt"}};
    uint64_t offset = 0;
    for (const StTensor& t : tensors) {
        header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes.size()}}};
        offset += t.bytes.size();
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    QByteArray out;
    const uint64_t n = text.size();
    out.append(reinterpret_cast<const char*>(&n), 8);
    out.append(text.data(), qsizetype(text.size()));
    for (const StTensor& t : tensors) out.append(reinterpret_cast<const char*>(t.bytes.data()), qsizetype(t.bytes.size()));
    return out;
}

// `tensors` as model.safetensors, or over `shards` files with the index.
inline bool writeWeights(const QString& dir, const std::vector<StTensor>& tensors, int shards = 1)
{
    if (shards <= 1) return writeBytes(dir + "/model.safetensors", safetensorsBytes(tensors));
    Json weightMap = Json::object();
    for (int s = 0; s < shards; ++s) {
        std::vector<StTensor> part;
        for (size_t i = size_t(s); i < tensors.size(); i += size_t(shards)) part.push_back(tensors[i]);
        const std::string name = "model-0000" + std::to_string(s + 1) + "-of-0000" + std::to_string(shards) +
                                 ".safetensors";
        for (const StTensor& t : part) weightMap[t.name] = name;
        if (!writeBytes(dir + "/" + QString::fromStdString(name), safetensorsBytes(part))) return false;
    }
    return writeJson(dir + "/model.safetensors.index.json", {{"metadata", {{"total_size", 0}}}, {"weight_map", weightMap}});
}

inline std::vector<std::string> ggufStrings(const engine::ModelFile& f, const std::string& key)
{
    std::vector<std::string> out;
    if (const engine::MetaValue* v = f.find(key); v && v->asArray())
        for (const engine::MetaValue& item : v->asArray()->items) out.push_back(*item.asString());
    return out;
}

inline std::vector<double> ggufNumbers(const engine::ModelFile& f, const std::string& key)
{
    std::vector<double> out;
    if (const engine::MetaValue* v = f.find(key); v && v->asArray())
        for (const engine::MetaValue& item : v->asArray()->items) out.push_back(item.asFloat().value_or(0.0));
    return out;
}

constexpr int kControl = 3, kUserDefined = 4, kNormal = 1;

// Vocabulary and added tokens (control and user-defined types) of a GGUF tokenizer.
inline void addVocabulary(const engine::ModelFile& gguf, Json& doc, Json& model)
{
    const auto tokens = ggufStrings(gguf, "tokenizer.ggml.tokens");
    const auto types = ggufNumbers(gguf, "tokenizer.ggml.token_type");
    Json vocab = Json::object();
    Json added = Json::array();
    for (size_t i = 0; i < tokens.size(); ++i) {
        const int type = i < types.size() ? int(types[i]) : kNormal;
        if (!vocab.contains(tokens[i])) vocab[tokens[i]] = i;
        if (type == kControl || type == kUserDefined)
            added.push_back({{"id", i}, {"content", tokens[i]}, {"single_word", false}, {"lstrip", false},
                             {"rstrip", false}, {"normalized", false}, {"special", type == kControl}});
    }
    doc["added_tokens"] = added;
    model["vocab"] = vocab;
}

// tokenizer.json of a SentencePiece (GGUF "llama") vocabulary, as Llama 2 /
// Phi-3 / Gemma checkpoints ship it: BPE with byte fallback, spaces replaced
// by U+2581 (and one prepended when the vocabulary adds a space prefix).
inline Json spmTokenizerJson(const engine::ModelFile& gguf)
{
    const auto tokens = ggufStrings(gguf, "tokenizer.ggml.tokens");
    const auto scores = ggufNumbers(gguf, "tokenizer.ggml.scores");
    const auto types = ggufNumbers(gguf, "tokenizer.ggml.token_type");
    std::unordered_map<std::string, size_t> ids;
    for (size_t i = 0; i < tokens.size(); ++i) ids.emplace(tokens[i], i);
    struct Merge {
        double score;
        size_t piece, left, right;
    };
    std::vector<Merge> merges;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (i < types.size() && int(types[i]) != kNormal) continue;
        const std::string& piece = tokens[i];
        for (size_t cut = 1; cut < piece.size(); ++cut) {
            const auto l = ids.find(piece.substr(0, cut)), r = ids.find(piece.substr(cut));
            if (l != ids.end() && r != ids.end()) merges.push_back({scores[i], i, l->second, r->second});
        }
    }
    std::stable_sort(merges.begin(), merges.end(), [](const Merge& a, const Merge& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.piece != b.piece) return a.piece < b.piece;
        return std::pair(a.left, a.right) < std::pair(b.left, b.right);
    });
    Json doc = {{"version", "1.0"}, {"truncation", nullptr}, {"padding", nullptr}};
    Json model = {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", "<unk>"}, {"continuing_subword_prefix", nullptr},
                  {"end_of_word_suffix", nullptr}, {"fuse_unk", true}, {"byte_fallback", true}};
    addVocabulary(gguf, doc, model);
    Json mergeList = Json::array();
    for (const Merge& m : merges) mergeList.push_back(tokens[m.left] + " " + tokens[m.right]);
    model["merges"] = mergeList;
    const bool prefix = !gguf.find("tokenizer.ggml.add_space_prefix") ||
                        gguf.find("tokenizer.ggml.add_space_prefix")->asBool().value_or(true);
    Json normalizers = Json::array();
    if (prefix) normalizers.push_back({{"type", "Prepend"}, {"prepend", "\xE2\x96\x81"}});
    normalizers.push_back({{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\xE2\x96\x81"}});
    doc["normalizer"] = {{"type", "Sequence"}, {"normalizers", normalizers}};
    doc["pre_tokenizer"] = nullptr;
    doc["post_processor"] = nullptr;
    doc["decoder"] = nullptr;
    doc["model"] = model;
    return doc;
}

// tokenizer.json of a byte-level BPE (GGUF "gpt2") vocabulary with the given pre-tokenizer.
inline Json byteLevelTokenizerJson(const engine::ModelFile& gguf, const Json& preTokenizer)
{
    Json doc = {{"version", "1.0"}, {"truncation", nullptr}, {"padding", nullptr}};
    Json model = {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", ""},
                  {"end_of_word_suffix", ""}, {"fuse_unk", false}, {"byte_fallback", false}};
    addVocabulary(gguf, doc, model);
    model["merges"] = ggufStrings(gguf, "tokenizer.ggml.merges");
    doc["normalizer"] = nullptr;
    doc["pre_tokenizer"] = preTokenizer;
    doc["post_processor"] = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}};
    doc["decoder"] = {{"type", "ByteLevel"}};
    doc["model"] = model;
    return doc;
}

inline Json byteLevel(bool useRegex)
{
    return {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", useRegex}};
}

}  // namespace testsupport::hf
