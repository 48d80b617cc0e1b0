#pragma once
// Reading and validating profile documents. Every problem is reported, each with
// the JSON path of the offending value and a specific message, e.g.
//   weights.group_size: 48 is not one of 32, 64, 128
//   batching: unknown key "max_batchsize"
// so the GUI can show each one next to its field. Errors make a profile
// unusable; warnings flag keys that have no effect in context (a paged-only
// block size on a contiguous cache) and never block a run.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/expected.h"
#include "engine/config/profile.h"

namespace engine {

enum class IssueSeverity { Error, Warning, Count };

const char* issueSeverityName(IssueSeverity severity);  // "error" / "warning"

struct ProfileIssue {
    std::string path;  // "weights.group_size", "pruning.exclude[2]"; empty = the whole document
    std::string message;  // English
    IssueSeverity severity = IssueSeverity::Error;
    Message detail;  // the message as data, for the app to translate (empty id: uncatalogued)
    // Equal issues say the same thing in the same place (`detail` is `message` as data).
    bool operator==(const ProfileIssue& o) const
    {
        return path == o.path && message == o.message && severity == o.severity;
    }

    std::string toString() const;  // "path: message" (just the message when path is empty)
};

// The outcome of reading a document: the profile when there were no errors,
// and every issue (errors and warnings) in document-walk order.
struct ProfileCheck {
    std::optional<Profile> profile;
    std::vector<ProfileIssue> issues;

    bool hasErrors() const;
    std::vector<ProfileIssue> errors() const;
    std::vector<ProfileIssue> warnings() const;
};

// Text -> checked profile. Malformed JSON gives one issue with the parser's
// line and column; duplicate keys are errors (JSON parsers keep the last one
// silently).
ProfileCheck checkProfileText(std::string_view jsonText);
// An already-parsed document.
ProfileCheck checkProfileJson(const nlohmann::json& document);
// Just the issues of a parsed document (for inline display).
std::vector<ProfileIssue> validateProfile(const nlohmann::json& document);

// The profile, or an Error whose message lists every error-level issue,
// separated by "; ". Warnings do not fail; use checkProfileText to see them.
Expected<Profile> parseProfile(std::string_view jsonText);
Expected<Profile> profileFromJson(const nlohmann::json& document);
// Reads a file; messages are prefixed with its path.
Expected<Profile> loadProfileFile(const std::string& path);

// The effective-configuration record written beside each run.
Expected<EffectiveConfig> parseEffectiveConfig(std::string_view jsonText);

// "a; b; c" from the error-level issues.
std::string joinErrors(const std::vector<ProfileIssue>& issues);

}  // namespace engine
