#pragma once
// What the JSON parser (nlohmann::json) says about a document it refuses, as a
// catalogued message: "parse error at line 3, column 5: syntax error while
// parsing object - unexpected end of input; expected '}'" keeps its position
// and wording in English and is translated in the app. The "[json.exception.*]"
// tag is dropped; a text of another shape stays as it is (uncatalogued).
#include <string_view>

#include "engine/common/message.h"

namespace engine {

// `what`: the exception's what().
Message jsonErrorMessage(std::string_view what);

}  // namespace engine
