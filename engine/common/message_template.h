#pragma once
// One entry of the engine's message catalog (message_catalog.h): a stable id and
// its English template. ENGINE_MESSAGE marks the template for Qt's lupdate (see
// message_catalog.h); in the engine it is the English text itself.
#include <string_view>

#define ENGINE_MESSAGE(context, english) english

namespace engine {

struct MessageTemplate {
    std::string_view id;
    std::string_view english;
};

}  // namespace engine
