#include "engine/tokenizer/spm_tokenizer.h"

#include <cstdio>
#include <queue>

#include "engine/tokenizer/unicode_props.h"

namespace engine {

namespace {

constexpr std::string_view kSpaceMarker = "\xE2\x96\x81";  // U+2581 LOWER ONE EIGHTH BLOCK

// One piece of the text being merged: a byte range plus list links.
struct Symbol {
    size_t start = 0;
    size_t length = 0;  // 0 once merged into its left neighbour
    int prev = -1;
    int next = -1;
};

// A candidate merge of two neighbours; `length` detects stale entries.
struct Candidate {
    float score = 0;
    int left = 0;
    int right = 0;
    size_t length = 0;
};

struct CandidateOrder {
    bool operator()(const Candidate& a, const Candidate& b) const
    {
        if (a.score != b.score) return a.score < b.score;  // highest score first
        return a.left > b.left;                            // then leftmost
    }
};

bool vocabularyUsesSpaceMarker(const Vocabulary& vocab)
{
    for (const std::string& token : vocab.tokens) {
        if (token.find(kSpaceMarker) != std::string::npos) return true;
    }
    return false;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// The byte a "<0xNN>" token stands for, or -1.
int byteOfToken(const std::string& text)
{
    if (text.size() != 6 || text.compare(0, 3, "<0x") != 0 || text[5] != '>') return -1;
    const int hi = hexValue(text[3]);
    const int lo = hexValue(text[4]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

}  // namespace

SpmTokenizer::SpmTokenizer(Vocabulary vocab, bool addSpacePrefix)
    : Tokenizer(std::move(vocab)), m_addSpacePrefix(addSpacePrefix)
{
    m_escapeSpaces = vocabularyUsesSpaceMarker(m_vocab);
    for (int byte = 0; byte < 256; ++byte) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", byte);
        m_byteTokens[size_t(byte)] = findToken(name);
    }
}

std::unique_ptr<Tokenizer> makeSpmTokenizer(Vocabulary vocab, bool addSpacePrefix)
{
    return std::make_unique<SpmTokenizer>(std::move(vocab), addSpacePrefix);
}

std::vector<int32_t> SpmTokenizer::encodeText(std::string_view text, bool addBos, bool special) const
{
    std::vector<int32_t> out;
    out.reserve(text.size() / 2 + 2);
    if (addBos && validId(m_vocab.bos)) out.push_back(m_vocab.bos);
    for (const Fragment& fragment : splitUserDefined(text, special)) {
        if (fragment.token >= 0) {
            out.push_back(fragment.token);
            continue;
        }
        // The dummy prefix marks the start of the text, not of every fragment.
        encodePlain(fragment.text, m_addSpacePrefix && fragment.offset == 0, out);
    }
    return out;
}

void SpmTokenizer::encodePlain(std::string_view raw, bool addPrefix, std::vector<int32_t>& out) const
{
    std::string text;
    text.reserve(raw.size() * 2 + 3);
    const std::string_view space = m_escapeSpaces ? kSpaceMarker : std::string_view(" ");
    if (addPrefix && !raw.empty()) text += space;
    for (const char c : raw) {
        if (c == ' ') text += space;
        else text.push_back(c);
    }

    std::vector<Symbol> symbols;
    symbols.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) {
        const size_t length = unicode::decodeUtf8(text, pos).length;
        const int index = int(symbols.size());
        symbols.push_back({pos, length, index - 1, -1});
        if (index > 0) symbols[size_t(index) - 1].next = index;
        pos += length;
    }

    std::priority_queue<Candidate, std::vector<Candidate>, CandidateOrder> queue;
    const auto consider = [&](int left, int right) {
        if (left < 0 || right < 0) return;
        const size_t length = symbols[size_t(left)].length + symbols[size_t(right)].length;
        const int32_t id = findToken(std::string_view(text).substr(symbols[size_t(left)].start, length));
        if (id >= 0) queue.push({m_vocab.scores[size_t(id)], left, right, length});
    };
    for (size_t i = 1; i < symbols.size(); ++i) consider(int(i) - 1, int(i));

    while (!queue.empty()) {
        const Candidate best = queue.top();
        queue.pop();
        Symbol& left = symbols[size_t(best.left)];
        Symbol& right = symbols[size_t(best.right)];
        if (left.length == 0 || right.length == 0 || left.next != best.right ||
            left.length + right.length != best.length)
            continue;
        left.length += right.length;
        right.length = 0;
        left.next = right.next;
        if (right.next >= 0) symbols[size_t(right.next)].prev = best.left;
        consider(left.prev, best.left);
        consider(best.left, left.next);
    }

    for (int i = symbols.empty() ? -1 : 0; i >= 0; i = symbols[size_t(i)].next)
        emitPiece(std::string_view(text).substr(symbols[size_t(i)].start, symbols[size_t(i)].length), out);
}

void SpmTokenizer::emitPiece(std::string_view piece, std::vector<int32_t>& out) const
{
    const int32_t id = findToken(piece);
    if (id >= 0) {
        out.push_back(id);
        return;
    }
    for (const char c : piece) {
        const int32_t byteId = m_byteTokens[uint8_t(c)];
        if (byteId >= 0) out.push_back(byteId);
        else if (validId(m_vocab.unk)) out.push_back(m_vocab.unk);
    }
}

std::string SpmTokenizer::decodePiece(int32_t prev, int32_t token) const
{
    if (!validId(token)) return {};
    const std::string& text = m_vocab.tokens[size_t(token)];
    const TokenType type = m_vocab.types[size_t(token)];
    if (type == TokenType::Control) return {};
    if (const int byte = byteOfToken(text); byte >= 0 && type != TokenType::UserDefined)
        return std::string(1, char(byte));

    std::string piece;
    piece.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) {
        if (m_escapeSpaces && std::string_view(text).substr(pos).starts_with(kSpaceMarker)) {
            piece.push_back(' ');
            pos += kSpaceMarker.size();
        } else {
            piece.push_back(text[pos++]);
        }
    }
    if (prev == m_vocab.bos && validId(prev) && !piece.empty() && piece[0] == ' ') piece.erase(0, 1);
    return piece;
}

}  // namespace engine
