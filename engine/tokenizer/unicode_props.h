#pragma once
// Code point handling shared by the tokenizers: a UTF-8 decoder that never
// fails (a malformed byte becomes a one-byte pseudo code point), the general
// categories the pre-tokenizers test (\p{L}, \p{N}, \p{P}, \s) taken from ICU,
// the GPT-2 byte <-> printable code point alphabet, and NFC normalization.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace engine::unicode {

// Marks a byte that does not start a well-formed UTF-8 sequence.
inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFFu;

struct DecodedCodePoint {
    char32_t value = kInvalidCodePoint;
    uint32_t length = 1;  // bytes consumed, >= 1
};

// Decodes the code point starting at byte `pos` (< text.size()). Overlong
// forms, surrogates, values above U+10FFFF and truncated sequences yield
// kInvalidCodePoint with length 1.
DecodedCodePoint decodeUtf8(std::string_view text, size_t pos);

void appendUtf8(std::string& out, char32_t cp);

// Category bits, as the pre-tokenizer rules test them.
enum CharFlag : uint8_t {
    kFlagLetter = 1 << 0,       // \p{L}: Lu Ll Lt Lm Lo
    kFlagNumber = 1 << 1,       // \p{N}: Nd Nl No
    kFlagPunctuation = 1 << 2,  // \p{P}: Pc Pd Ps Pe Pi Pf Po
    kFlagWhitespace = 1 << 3,   // \s: the Unicode White_Space property
    kFlagMark = 1 << 4,         // \p{M}
    kFlagSymbol = 1 << 5,       // \p{S}
};

uint8_t charFlags(char32_t cp);
inline bool isLetter(char32_t cp) { return charFlags(cp) & kFlagLetter; }
inline bool isNumber(char32_t cp) { return charFlags(cp) & kFlagNumber; }
inline bool isPunctuation(char32_t cp) { return charFlags(cp) & kFlagPunctuation; }
inline bool isWhitespace(char32_t cp) { return charFlags(cp) & kFlagWhitespace; }

// GPT-2 byte-level alphabet: every byte maps to one printable code point
// (printable Latin-1 bytes map to themselves, the rest to U+0100 onwards).
char32_t byteToCodePoint(uint8_t byte);
const std::string& byteToUtf8(uint8_t byte);  // the same, UTF-8 encoded
int codePointToByte(char32_t cp);              // inverse, or -1 when outside the alphabet

// Unicode NFC of `text`; returns the input unchanged when it is already NFC
// or is not valid UTF-8.
std::string normalizeNfc(std::string_view text);

}  // namespace engine::unicode
