#pragma once
// Expected<T>: the engine's error-return type. The engine never aborts on user
// input; every failure carries a code and a message naming what and where
// (file path, tensor name, byte offset, JSON path).
#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "engine/common/message.h"

namespace engine {

enum class ErrorCode {
    InvalidArgument,  // bad request or option value
    NotFound,         // file, tensor or key missing
    Io,               // open/read/write/mmap failed
    Format,           // malformed file contents
    Unsupported,      // valid but not supported (architecture, tensor type)
    OutOfRange,       // context, capacity or size limits exceeded
    Cancelled,        // the caller asked to stop
    Internal,         // a bug: should never reach a user
    Count
};

const char* errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;  // English, for the CLI and logs
    Message detail;       // the same as data, for the app to translate (empty id: uncatalogued)

    std::string toString() const { return message; }
};

inline Error makeError(ErrorCode code, std::string message)
{
    return Error{code, std::move(message), {}};
}

// An Error whose message is a catalogued Message (its English is `message`).
inline Error makeError(ErrorCode code, Message detail)
{
    std::string english = englishText(detail);
    return Error{code, std::move(english), std::move(detail)};
}

// The error's message as data: its detail, or its English as an uncatalogued message.
inline Message messageOf(const Error& error)
{
    return error.detail.id.empty() ? plainMessage(error.message) : error.detail;
}

// A value or an Error. Deliberately small: has_value / value / error / operator*.
template <typename T>
class [[nodiscard]] Expected {
public:
    Expected(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Expected(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool hasValue() const { return m_state.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    T& value() & { assert(hasValue()); return std::get<0>(m_state); }
    const T& value() const& { assert(hasValue()); return std::get<0>(m_state); }
    T&& value() && { assert(hasValue()); return std::get<0>(std::move(m_state)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { assert(!hasValue()); return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// Expected<void>: success or an Error.
struct Ok {};
using Status = Expected<Ok>;
inline Status okStatus() { return Ok{}; }

}  // namespace engine

// Propagates an error from an Expected-returning expression.
#define ENGINE_TRY(expr)                              \
    do {                                              \
        auto&& engineTryResult_ = (expr);             \
        if (!engineTryResult_) return engineTryResult_.error(); \
    } while (false)
