#include "engine/tokenizer/pretokenizer.h"

#include <algorithm>
#include <array>
#include <utility>

#include "engine/common/message_catalog.h"
#include "engine/tokenizer/unicode_props.h"

namespace engine {

namespace {

using namespace unicode;

struct CodePoint {
    char32_t value = 0;
    size_t offset = 0;  // byte offset in the text
    uint8_t flags = 0;  // CharFlag bits; 0 for malformed bytes
};
using CodePoints = std::vector<CodePoint>;

// A half-open range of code point (or, in the byte passes, byte) indices.
struct Span {
    size_t begin = 0;
    size_t end = 0;
};

CodePoints decodeAll(std::string_view text)
{
    CodePoints cps;
    cps.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) {
        const DecodedCodePoint d = decodeUtf8(text, pos);
        const uint8_t flags = d.value == kInvalidCodePoint ? 0 : charFlags(d.value);
        cps.push_back({d.value, pos, flags});
        pos += d.length;
    }
    return cps;
}

bool isL(const CodePoint& c) { return c.flags & kFlagLetter; }
bool isN(const CodePoint& c) { return c.flags & kFlagNumber; }
bool isP(const CodePoint& c) { return c.flags & kFlagPunctuation; }
bool isWs(const CodePoint& c) { return c.flags & kFlagWhitespace; }
bool isCrLf(const CodePoint& c) { return c.value == '\r' || c.value == '\n'; }
// [^\s\p{L}\p{N}]: everything the GPT-2 pattern groups as "other".
bool isOther(const CodePoint& c) { return !(c.flags & (kFlagLetter | kFlagNumber | kFlagWhitespace)); }

template <typename Pred>
size_t runEnd(const CodePoints& cps, size_t pos, size_t end, Pred pred)
{
    while (pos < end && pred(cps[pos])) ++pos;
    return pos;
}

// A matcher returns how many code points match at `pos` (0: no match there).
using Matcher = size_t (*)(const CodePoints& cps, size_t pos, size_t end);

// Applies a pattern as a find-all: every match becomes a word and so does
// every unmatched stretch between matches.
template <typename MatchAt>
void splitSpan(Span piece, MatchAt matchAt, std::vector<Span>& out)
{
    size_t gapStart = piece.begin;
    size_t pos = piece.begin;
    while (pos < piece.end) {
        const size_t length = matchAt(pos, piece.end);
        if (length == 0) {
            ++pos;
            continue;
        }
        if (gapStart < pos) out.push_back({gapStart, pos});
        out.push_back({pos, pos + length});
        pos += length;
        gapStart = pos;
    }
    if (gapStart < piece.end) out.push_back({gapStart, piece.end});
}

void applyMatcher(const CodePoints& cps, Matcher matcher, std::vector<Span>& pieces)
{
    std::vector<Span> out;
    out.reserve(pieces.size() * 2);
    for (const Span piece : pieces)
        splitSpan(piece, [&](size_t pos, size_t end) { return matcher(cps, pos, end); }, out);
    pieces = std::move(out);
}

// --- GPT-2 family -----------------------------------------------------------

// 's 't 're 've 'm 'll 'd, optionally in any letter case.
size_t matchContraction(const CodePoints& cps, size_t pos, size_t end, bool anyCase)
{
    if (cps[pos].value != '\'' || pos + 1 >= end) return 0;
    const auto letter = [&](size_t i) {
        char32_t c = cps[i].value;
        if (anyCase && c >= 'A' && c <= 'Z') c += 'a' - 'A';
        return c;
    };
    const char32_t a = letter(pos + 1);
    if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
    if (pos + 2 >= end) return 0;
    const char32_t b = letter(pos + 2);
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
    return 0;
}

// \s+(?!\S)|\s+ at a whitespace code point: a run of spaces leaves its last
// one to prefix the following word.
size_t matchWhitespaceTail(const CodePoints& cps, size_t pos, size_t end)
{
    const size_t runStop = runEnd(cps, pos, end, isWs);
    const size_t length = runStop - pos;
    if (runStop == end || length == 1) return length;
    return length - 1;
}

// 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
size_t matchGpt2(const CodePoints& cps, size_t pos, size_t end)
{
    if (const size_t n = matchContraction(cps, pos, end, false)) return n;
    const size_t start = (cps[pos].value == ' ' && pos + 1 < end) ? pos + 1 : pos;
    if (isL(cps[start])) return runEnd(cps, start, end, isL) - pos;
    if (isN(cps[start])) return runEnd(cps, start, end, isN) - pos;
    if (isOther(cps[start])) return runEnd(cps, start, end, isOther) - pos;
    return matchWhitespaceTail(cps, pos, end);
}

// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,max}
// | ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
size_t matchLlama3Like(const CodePoints& cps, size_t pos, size_t end, size_t maxDigits)
{
    if (const size_t n = matchContraction(cps, pos, end, true)) return n;
    const CodePoint& c = cps[pos];
    if (isL(c)) return runEnd(cps, pos, end, isL) - pos;
    if (!isCrLf(c) && !isN(c) && pos + 1 < end && isL(cps[pos + 1]))
        return runEnd(cps, pos + 1, end, isL) - pos;
    if (isN(c)) {
        size_t stop = pos;
        while (stop < end && stop - pos < maxDigits && isN(cps[stop])) ++stop;
        return stop - pos;
    }
    const size_t start = (c.value == ' ' && pos + 1 < end) ? pos + 1 : pos;
    if (isOther(cps[start])) {
        const size_t stop = runEnd(cps, start, end, isOther);
        return runEnd(cps, stop, end, isCrLf) - pos;
    }
    // \s*[\r\n]+ backtracks to the last line break of the whitespace run.
    const size_t runStop = runEnd(cps, pos, end, isWs);
    for (size_t k = runStop; k > pos; --k) {
        if (isCrLf(cps[k - 1])) return k - pos;
    }
    return matchWhitespaceTail(cps, pos, end);
}

size_t matchLlama3(const CodePoints& cps, size_t pos, size_t end) { return matchLlama3Like(cps, pos, end, 3); }
size_t matchQwen2(const CodePoints& cps, size_t pos, size_t end) { return matchLlama3Like(cps, pos, end, 1); }

// --- single-class passes ----------------------------------------------------

size_t matchOneNumber(const CodePoints& cps, size_t pos, size_t) { return isN(cps[pos]) ? 1 : 0; }
size_t matchNumberRun(const CodePoints& cps, size_t pos, size_t end) { return runEnd(cps, pos, end, isN) - pos; }
size_t matchOneLineBreak(const CodePoints& cps, size_t pos, size_t) { return isCrLf(cps[pos]) ? 1 : 0; }

// \s?X+
template <bool (*inClass)(const CodePoint&)>
size_t matchSpacedRun(const CodePoints& cps, size_t pos, size_t end)
{
    if (isWs(cps[pos]) && pos + 1 < end && inClass(cps[pos + 1])) return runEnd(cps, pos + 1, end, inClass) - pos;
    return runEnd(cps, pos, end, inClass) - pos;
}

// Falcon's punctuation pass: Unicode punctuation plus every ASCII punctuation
// character (which also covers the ASCII symbols $ + < = > ^ ` | ~).
bool isFalconPunctuation(const CodePoint& c)
{
    const char32_t v = c.value;
    const bool asciiPunct = (v >= 0x21 && v <= 0x2F) || (v >= 0x3A && v <= 0x40) || (v >= 0x5B && v <= 0x60) ||
                            (v >= 0x7B && v <= 0x7E);
    return asciiPunct || isP(c);
}
size_t matchFalconPunctuation(const CodePoints& cps, size_t pos, size_t end)
{
    return runEnd(cps, pos, end, isFalconPunctuation) - pos;
}

struct CodeRange {
    char32_t first;
    char32_t last;
};

bool inRanges(char32_t v, const CodeRange* ranges, size_t count)
{
    const CodeRange* stop = ranges + count;
    const CodeRange* it = std::upper_bound(ranges, stop, v, [](char32_t x, const CodeRange& r) { return x < r.first; });
    return it != ranges && v <= (it - 1)->last;
}

// [一-龥ࠀ-一가-퟿]: as written in the DeepSeek patterns, including the wide
// U+0800..U+4E00 range.
bool isDeepseekCjk(const CodePoint& c)
{
    static constexpr CodeRange kRanges[] = {{0x0800, 0x9FA5}, {0xAC00, 0xD7FF}};
    return inRanges(c.value, kRanges, std::size(kRanges));
}

// DeepSeek LLM's explicit letter class (cased scripts: Latin, Greek, Cyrillic,
// Armenian, Georgian, Cherokee, Glagolitic, Coptic, Deseret, Osage, ...).
bool isDeepseekLetter(const CodePoint& c)
{
    static constexpr CodeRange kRanges[] = {
        {0x41, 0x5A}, {0x61, 0x7A}, {0xB5, 0xB5}, {0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x1BA}, {0x1BC, 0x1BF},
        {0x1C4, 0x293}, {0x295, 0x2AF}, {0x370, 0x373}, {0x376, 0x377}, {0x37B, 0x37D}, {0x37F, 0x37F},
        {0x386, 0x386}, {0x388, 0x38A}, {0x38C, 0x38C}, {0x38E, 0x3A1}, {0x3A3, 0x3F5}, {0x3F7, 0x481},
        {0x48A, 0x52F}, {0x531, 0x556}, {0x10A0, 0x10C5}, {0x13A0, 0x13F5}, {0x13F8, 0x13FD}, {0x1C90, 0x1CBA},
        {0x1CBD, 0x1CBF}, {0x1D00, 0x1D2B}, {0x1D6B, 0x1D77}, {0x1D79, 0x1D9A}, {0x1E00, 0x1F15},
        {0x1F18, 0x1F1D}, {0x1F20, 0x1F45}, {0x1F48, 0x1F4D}, {0x1F50, 0x1F57}, {0x1F59, 0x1F59},
        {0x1F5B, 0x1F5B}, {0x1F5D, 0x1F5D}, {0x1F5F, 0x1F7D}, {0x1F80, 0x1FB4}, {0x1FB6, 0x1FBC},
        {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3}, {0x1FD6, 0x1FDB},
        {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FFC}, {0x2102, 0x2102}, {0x2107, 0x2107},
        {0x210A, 0x2113}, {0x2115, 0x2115}, {0x2119, 0x211D}, {0x2124, 0x2124}, {0x2126, 0x2126},
        {0x2128, 0x2128}, {0x212A, 0x212D}, {0x212F, 0x2134}, {0x2139, 0x2139}, {0x213C, 0x213F},
        {0x2145, 0x2149}, {0x214E, 0x214E}, {0x2183, 0x2184}, {0x2C00, 0x2C7B}, {0x2C7E, 0x2CE4},
        {0x2CEB, 0x2CEE}, {0x2CF2, 0x2CF3}, {0xA640, 0xA66D}, {0xA680, 0xA69B}, {0xA722, 0xA76F},
        {0xA771, 0xA787}, {0xA78B, 0xA78E}, {0xAB70, 0xABBF}, {0xFB00, 0xFB06}, {0xFB13, 0xFB17},
        {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A}, {0x10400, 0x1044F}, {0x104B0, 0x104D3}, {0x104D8, 0x104FB},
        {0x10C80, 0x10CB2}, {0x10CC0, 0x10CF2}, {0x118A0, 0x118DF}, {0x1E900, 0x1E943},
    };
    return inRanges(c.value, kRanges, std::size(kRanges));
}

// [!-/:-~！-／：-～‘-‟　-。]: ASCII punctuation and symbols (the class also spans
// the ASCII letters), their fullwidth forms, curly quotes, CJK space and stops.
bool isDeepseekPunctuation(const CodePoint& c)
{
    static constexpr CodeRange kRanges[] = {{0x21, 0x2F}, {0x3A, 0x7E}, {0x2018, 0x201F},
                                            {0x3000, 0x3002}, {0xFF01, 0xFF0F}, {0xFF1A, 0xFF5E}};
    return inRanges(c.value, kRanges, std::size(kRanges));
}

size_t matchDeepseekCjk(const CodePoints& cps, size_t pos, size_t end) { return runEnd(cps, pos, end, isDeepseekCjk) - pos; }

// \s+$ : the whitespace that ends a piece becomes a word of its own.
void isolateTrailingWhitespace(const CodePoints& cps, std::vector<Span>& pieces)
{
    std::vector<Span> out;
    out.reserve(pieces.size() * 2);
    for (const Span piece : pieces) {
        size_t start = piece.end;
        while (start > piece.begin && isWs(cps[start - 1])) --start;
        if (start > piece.begin && start < piece.end) {
            out.push_back({piece.begin, start});
            out.push_back({start, piece.end});
        } else {
            out.push_back(piece);
        }
    }
    pieces = std::move(out);
}

// --- byte passes (Falcon) -----------------------------------------------------

// Falcon splits digits after the byte-level mapping, so a byte counts as a
// digit when its mapped code point is numeric: 0-9, and the bytes B2 B3 B9
// BC BD BE that map to ² ³ ¹ ¼ ½ ¾.
bool isFalconDigitByte(uint8_t b)
{
    return (b >= '0' && b <= '9') || b == 0xB2 || b == 0xB3 || b == 0xB9 || (b >= 0xBC && b <= 0xBE);
}

void falconDigitPasses(std::string_view text, std::vector<Span>& bytePieces)
{
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    std::vector<Span> runs;
    for (const Span piece : bytePieces) {
        splitSpan(piece, [&](size_t pos, size_t end) {
            size_t stop = pos;
            while (stop < end && isFalconDigitByte(bytes[stop])) ++stop;
            return stop - pos;
        }, runs);
    }
    const auto isAsciiDigit = [&](size_t i) { return bytes[i] >= '0' && bytes[i] <= '9'; };
    std::vector<Span> out;
    for (const Span piece : runs) {
        splitSpan(piece, [&](size_t pos, size_t end) -> size_t {
            return (pos + 3 <= end && isAsciiDigit(pos) && isAsciiDigit(pos + 1) && isAsciiDigit(pos + 2)) ? 3 : 0;
        }, out);
    }
    bytePieces = std::move(out);
}

struct NamedKind {
    std::string_view name;
    PreTokenizerKind kind;
};

constexpr std::array kKnownNames = {
    NamedKind{"default", PreTokenizerKind::Gpt2},
    NamedKind{"gpt-2", PreTokenizerKind::Gpt2},
    NamedKind{"gpt2", PreTokenizerKind::Gpt2},
    NamedKind{"mpt", PreTokenizerKind::Gpt2},
    NamedKind{"olmo", PreTokenizerKind::Gpt2},
    NamedKind{"llama-bpe", PreTokenizerKind::Llama3},
    NamedKind{"llama3", PreTokenizerKind::Llama3},
    NamedKind{"dbrx", PreTokenizerKind::Llama3},
    NamedKind{"smaug-bpe", PreTokenizerKind::Llama3},
    NamedKind{"qwen2", PreTokenizerKind::Qwen2},
    NamedKind{"stablelm2", PreTokenizerKind::Qwen2},
    NamedKind{"starcoder", PreTokenizerKind::Starcoder},
    NamedKind{"refact", PreTokenizerKind::Starcoder},
    NamedKind{"command-r", PreTokenizerKind::Starcoder},
    NamedKind{"smollm", PreTokenizerKind::Starcoder},  // SmolLM / SmolLM2: StarCoder's split
    NamedKind{"falcon", PreTokenizerKind::Falcon},
    NamedKind{"deepseek-coder", PreTokenizerKind::DeepseekCoder},
    NamedKind{"deepseek-llm", PreTokenizerKind::DeepseekLlm},
};

}  // namespace

Expected<PreTokenizer> PreTokenizer::fromName(std::string_view name)
{
    const std::string_view key = name.empty() ? std::string_view("default") : name;
    for (const NamedKind& known : kKnownNames) {
        if (known.name != key) continue;
        PreTokenizer pre(known.kind, std::string(key));
        pre.m_nfc = key == "mpt" || key == "qwen2";
        pre.m_ignoreMerges = known.kind == PreTokenizerKind::Llama3;
        return pre;
    }
    return makeError(ErrorCode::Unsupported, msg("tokenizer.unsupported_pre", {{"name", name}}));
}

std::vector<std::string_view> PreTokenizer::split(std::string_view text) const
{
    std::vector<std::string_view> words;
    if (text.empty()) return words;

    const CodePoints cps = decodeAll(text);
    std::vector<Span> pieces{{0, cps.size()}};
    switch (m_kind) {
    case PreTokenizerKind::Gpt2: applyMatcher(cps, matchGpt2, pieces); break;
    case PreTokenizerKind::Llama3: applyMatcher(cps, matchLlama3, pieces); break;
    case PreTokenizerKind::Qwen2: applyMatcher(cps, matchQwen2, pieces); break;
    case PreTokenizerKind::Starcoder:
        applyMatcher(cps, matchOneNumber, pieces);
        applyMatcher(cps, matchGpt2, pieces);
        break;
    case PreTokenizerKind::Falcon:
        applyMatcher(cps, matchFalconPunctuation, pieces);
        applyMatcher(cps, matchGpt2, pieces);
        break;
    case PreTokenizerKind::DeepseekCoder:
        applyMatcher(cps, matchOneLineBreak, pieces);
        applyMatcher(cps, matchSpacedRun<isL>, pieces);
        applyMatcher(cps, matchSpacedRun<isP>, pieces);
        applyMatcher(cps, matchDeepseekCjk, pieces);
        applyMatcher(cps, matchOneNumber, pieces);
        break;
    case PreTokenizerKind::DeepseekLlm:
        applyMatcher(cps, matchOneLineBreak, pieces);
        applyMatcher(cps, matchSpacedRun<isDeepseekLetter>, pieces);
        applyMatcher(cps, matchSpacedRun<isDeepseekPunctuation>, pieces);
        isolateTrailingWhitespace(cps, pieces);
        applyMatcher(cps, matchDeepseekCjk, pieces);
        applyMatcher(cps, matchNumberRun, pieces);
        break;
    case PreTokenizerKind::Count: break;
    }

    // Code point spans to byte spans.
    const auto byteOffset = [&](size_t index) { return index < cps.size() ? cps[index].offset : text.size(); };
    std::vector<Span> bytePieces;
    bytePieces.reserve(pieces.size());
    for (const Span piece : pieces) bytePieces.push_back({byteOffset(piece.begin), byteOffset(piece.end)});
    if (m_kind == PreTokenizerKind::Falcon) falconDigitPasses(text, bytePieces);

    words.reserve(bytePieces.size());
    for (const Span piece : bytePieces) words.push_back(text.substr(piece.begin, piece.end - piece.begin));
    return words;
}

}  // namespace engine
