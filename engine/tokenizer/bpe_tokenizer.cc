#include "engine/tokenizer/bpe_tokenizer.h"

#include <queue>

#include "engine/common/message_catalog.h"
#include "engine/tokenizer/unicode_props.h"

namespace engine {

namespace {

uint64_t pairKey(int32_t left, int32_t right)
{
    return (uint64_t(uint32_t(left)) << 32) | uint32_t(right);
}

struct Symbol {
    int32_t id = -1;
    int prev = -1;
    int next = -1;
    bool alive = true;
};

struct Candidate {
    int32_t rank = 0;
    int left = 0;
    int right = 0;
    int32_t leftId = 0;
    int32_t rightId = 0;
};

struct CandidateOrder {
    bool operator()(const Candidate& a, const Candidate& b) const
    {
        if (a.rank != b.rank) return a.rank > b.rank;  // lowest rank first
        return a.left > b.left;                        // then leftmost
    }
};

}  // namespace

BpeTokenizer::BpeTokenizer(Vocabulary vocab, PreTokenizer pre) : Tokenizer(std::move(vocab)), m_pre(std::move(pre))
{
    m_preTokenizerName = m_pre.name();
    for (int byte = 0; byte < 256; ++byte) m_byteIds[size_t(byte)] = findToken(unicode::byteToUtf8(uint8_t(byte)));
}

Expected<std::unique_ptr<BpeTokenizer>> BpeTokenizer::create(Vocabulary vocab, const std::vector<std::string>& merges,
                                                             PreTokenizer pre)
{
    std::unique_ptr<BpeTokenizer> tokenizer(new BpeTokenizer(std::move(vocab), std::move(pre)));
    const Status status = tokenizer->addMerges(merges);
    if (!status) return status.error();
    return tokenizer;
}

Expected<std::unique_ptr<Tokenizer>> makeBpeTokenizer(Vocabulary vocab, const std::vector<std::string>& merges,
                                                      PreTokenizer pre)
{
    auto tokenizer = BpeTokenizer::create(std::move(vocab), merges, std::move(pre));
    if (!tokenizer) return tokenizer.error();
    return std::unique_ptr<Tokenizer>(std::move(*tokenizer));
}

Status BpeTokenizer::addMerges(const std::vector<std::string>& merges)
{
    m_merges.reserve(merges.size());
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        const std::string& line = merges[rank];
        // Byte-level pieces never contain a plain space, so the first one
        // (after the first character) separates the two sides.
        const size_t space = line.find(' ', 1);
        if (space == std::string::npos || space + 1 >= line.size()) {
            return makeError(ErrorCode::Format, msg("tokenizer.bad_merge", {{"index", rank}, {"line", line}}));
        }
        const std::string_view left = std::string_view(line).substr(0, space);
        const std::string_view right = std::string_view(line).substr(space + 1);
        const int32_t leftId = findToken(left);
        const int32_t rightId = findToken(right);
        const int32_t resultId = findToken(std::string(left) + std::string(right));
        // A rule whose pieces are not all in the vocabulary can never fire.
        if (leftId < 0 || rightId < 0 || resultId < 0) continue;
        m_merges.emplace(pairKey(leftId, rightId), Merge{int32_t(rank), resultId});
    }
    return okStatus();
}

const BpeTokenizer::Merge* BpeTokenizer::findMerge(int32_t left, int32_t right) const
{
    if (left < 0 || right < 0) return nullptr;
    const auto it = m_merges.find(pairKey(left, right));
    return it == m_merges.end() ? nullptr : &it->second;
}

std::vector<int32_t> BpeTokenizer::encodeText(std::string_view text, bool addBos, bool special) const
{
    std::vector<int32_t> out;
    out.reserve(text.size() / 3 + 2);
    if (addBos && validId(m_vocab.bos)) out.push_back(m_vocab.bos);
    for (const Fragment& fragment : splitUserDefined(text, special)) {
        if (fragment.token >= 0) {
            out.push_back(fragment.token);
            continue;
        }
        if (m_pre.normalizesNfc()) {
            const std::string normalized = unicode::normalizeNfc(fragment.text);
            for (const std::string_view word : m_pre.split(normalized)) encodeWord(word, out);
        } else {
            for (const std::string_view word : m_pre.split(fragment.text)) encodeWord(word, out);
        }
    }
    return out;
}

void BpeTokenizer::encodeWord(std::string_view word, std::vector<int32_t>& out) const
{
    if (m_pre.ignoresMerges()) {
        std::string mapped;
        for (const char c : word) mapped += unicode::byteToUtf8(uint8_t(c));
        if (const int32_t id = findToken(mapped); id >= 0) {
            out.push_back(id);
            return;
        }
    }

    std::vector<Symbol> symbols(word.size());
    for (size_t i = 0; i < word.size(); ++i) {
        symbols[i].id = m_byteIds[uint8_t(word[i])];
        symbols[i].prev = int(i) - 1;
        symbols[i].next = i + 1 < word.size() ? int(i) + 1 : -1;
    }

    std::priority_queue<Candidate, std::vector<Candidate>, CandidateOrder> queue;
    const auto consider = [&](int left, int right) {
        if (left < 0 || right < 0) return;
        const int32_t leftId = symbols[size_t(left)].id;
        const int32_t rightId = symbols[size_t(right)].id;
        if (const Merge* merge = findMerge(leftId, rightId)) queue.push({merge->rank, left, right, leftId, rightId});
    };
    for (size_t i = 1; i < symbols.size(); ++i) consider(int(i) - 1, int(i));

    while (!queue.empty()) {
        const Candidate best = queue.top();
        queue.pop();
        Symbol& left = symbols[size_t(best.left)];
        Symbol& right = symbols[size_t(best.right)];
        if (!left.alive || !right.alive || left.next != best.right || left.id != best.leftId ||
            right.id != best.rightId)
            continue;
        left.id = findMerge(best.leftId, best.rightId)->result;
        right.alive = false;
        left.next = right.next;
        if (right.next >= 0) symbols[size_t(right.next)].prev = best.left;
        consider(left.prev, best.left);
        consider(best.left, left.next);
    }

    for (int i = symbols.empty() ? -1 : 0; i >= 0; i = symbols[size_t(i)].next) {
        const int32_t id = symbols[size_t(i)].id;
        if (id >= 0) out.push_back(id);
        else if (validId(m_vocab.unk)) out.push_back(m_vocab.unk);
    }
}

std::string BpeTokenizer::decodePiece(int32_t /*prev*/, int32_t token) const
{
    if (!validId(token)) return {};
    const TokenType type = m_vocab.types[size_t(token)];
    const std::string& text = m_vocab.tokens[size_t(token)];
    if (type == TokenType::Control) return {};
    if (type == TokenType::UserDefined) return text;

    std::string piece;
    piece.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) {
        const unicode::DecodedCodePoint d = unicode::decodeUtf8(text, pos);
        const int byte = d.value == unicode::kInvalidCodePoint ? -1 : unicode::codePointToByte(d.value);
        if (byte >= 0) piece.push_back(char(byte));
        else piece.append(text, pos, d.length);
        pos += d.length;
    }
    return piece;
}

}  // namespace engine
