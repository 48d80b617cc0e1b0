#include "engine/tokenizer/unicode_props.h"

#include <array>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

namespace engine::unicode {

namespace {

bool isContinuation(uint8_t byte) { return (byte & 0xC0) == 0x80; }

uint8_t computeFlags(char32_t cp)
{
    if (cp > 0x10FFFF) return 0;
    const auto c = static_cast<UChar32>(cp);
    uint8_t flags = u_isUWhiteSpace(c) ? kFlagWhitespace : 0;
    switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER: return flags | kFlagLetter;
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER: return flags | kFlagNumber;
    case U_CONNECTOR_PUNCTUATION:
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
    case U_OTHER_PUNCTUATION: return flags | kFlagPunctuation;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK: return flags | kFlagMark;
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL: return flags | kFlagSymbol;
    default: return flags;
    }
}

// The Basic Multilingual Plane is looked up in a table built once; the rest
// goes to ICU each time.
constexpr char32_t kTableSize = 0x10000;

const std::vector<uint8_t>& bmpFlags()
{
    static const std::vector<uint8_t> table = [] {
        std::vector<uint8_t> t(kTableSize);
        for (char32_t cp = 0; cp < kTableSize; ++cp) t[cp] = computeFlags(cp);
        return t;
    }();
    return table;
}

struct ByteAlphabet {
    std::array<char32_t, 256> toCodePoint{};
    std::array<std::string, 256> toUtf8;
};

bool mapsToItself(int byte)
{
    return (byte >= 0x21 && byte <= 0x7E) || (byte >= 0xA1 && byte <= 0xAC) || (byte >= 0xAE && byte <= 0xFF);
}

const ByteAlphabet& byteAlphabet()
{
    static const ByteAlphabet alphabet = [] {
        ByteAlphabet a;
        char32_t next = 256;
        for (int byte = 0; byte < 256; ++byte) {
            a.toCodePoint[byte] = mapsToItself(byte) ? char32_t(byte) : next++;
            appendUtf8(a.toUtf8[byte], a.toCodePoint[byte]);
        }
        return a;
    }();
    return alphabet;
}

}  // namespace

DecodedCodePoint decodeUtf8(std::string_view text, size_t pos)
{
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const size_t n = text.size();
    const uint8_t lead = s[pos];
    if (lead < 0x80) return {lead, 1};
    uint32_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, value = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, value = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, value = lead & 0x07, minimum = 0x10000;
    } else {
        return {};
    }
    if (pos + length > n) return {};
    for (uint32_t i = 1; i < length; ++i) {
        if (!isContinuation(s[pos + i])) return {};
        value = (value << 6) | (s[pos + i] & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
    return {value, length};
}

void appendUtf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp <= 0x10FFFF) {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

uint8_t charFlags(char32_t cp)
{
    if (cp < kTableSize) return bmpFlags()[cp];
    return computeFlags(cp);
}

char32_t byteToCodePoint(uint8_t byte) { return byteAlphabet().toCodePoint[byte]; }

const std::string& byteToUtf8(uint8_t byte) { return byteAlphabet().toUtf8[byte]; }

int codePointToByte(char32_t cp)
{
    if (cp < 256 && mapsToItself(int(cp))) return int(cp);
    if (cp < 256 || cp >= 256 + 68) return -1;
    // The 68 remapped bytes were assigned U+0100.. in increasing byte order.
    int rank = int(cp - 256);
    for (int byte = 0; byte < 256; ++byte) {
        if (mapsToItself(byte)) continue;
        if (rank-- == 0) return byte;
    }
    return -1;
}

std::string normalizeNfc(std::string_view text)
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status) || text.empty()) return std::string(text);

    std::vector<UChar> utf16(text.size() + 1);
    int32_t utf16Length = 0;
    u_strFromUTF8(utf16.data(), int32_t(utf16.size()), &utf16Length, text.data(), int32_t(text.size()), &status);
    if (U_FAILURE(status)) return std::string(text);
    if (unorm2_quickCheck(nfc, utf16.data(), utf16Length, &status) == UNORM_YES && U_SUCCESS(status))
        return std::string(text);

    status = U_ZERO_ERROR;
    std::vector<UChar> normalized(size_t(utf16Length) * 3 + 16);
    const int32_t normalizedLength =
        unorm2_normalize(nfc, utf16.data(), utf16Length, normalized.data(), int32_t(normalized.size()), &status);
    if (U_FAILURE(status)) return std::string(text);

    std::string out(size_t(normalizedLength) * 3 + 4, '\0');
    int32_t outLength = 0;
    u_strToUTF8(out.data(), int32_t(out.size()), &outLength, normalized.data(), normalizedLength, &status);
    if (U_FAILURE(status)) return std::string(text);
    out.resize(size_t(outLength));
    return out;
}

}  // namespace engine::unicode
