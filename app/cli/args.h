#pragma once
// Minimal argument parser for inferscope-cli subcommands:
//   positional arguments, --flag, --key value, --key=value, -k value.
// Every subcommand declares the options it accepts, so a typo is an error.
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cli {

class Args {
public:
    // `valueOptions` take a value (e.g. "--prompt", "-p"); `flagOptions` do not (e.g. "--json").
    // Returns an error message in `error` when an unknown option or a missing value is met.
    static Args parse(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
                      const std::set<std::string>& flagOptions, std::string& error);

    const std::vector<std::string>& positional() const { return m_positional; }
    bool has(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    // Every value of an option given more than once, in command-line order.
    std::vector<std::string> values(const std::string& name) const;
    std::string valueOr(const std::string& name, const std::string& fallback) const;

    // Typed getters: on a malformed number they set `error` (naming the option) and return the fallback.
    long long intOr(const std::string& name, long long fallback, std::string& error) const;
    // intOr for a T-sized target: a value T cannot hold is an error naming its
    // range, never a silent truncation (--max-tokens 4294967297 is not 1).
    template <typename T>
    T intAs(const std::string& name, T fallback, std::string& error) const
    {
        const long long v = intOr(name, static_cast<long long>(fallback), error);
        if (v < static_cast<long long>(std::numeric_limits<T>::min()) ||
            static_cast<unsigned long long>(v) > static_cast<unsigned long long>(std::numeric_limits<T>::max())) {
            if (error.empty())
                error = "option " + name + ": " + std::to_string(v) + " is out of range (" +
                        std::to_string(std::numeric_limits<T>::min()) + " to " +
                        std::to_string(std::numeric_limits<T>::max()) + ")";
            return fallback;
        }
        return static_cast<T>(v);
    }
    double doubleOr(const std::string& name, double fallback, std::string& error) const;

private:
    std::vector<std::string> m_positional;
    std::vector<std::pair<std::string, std::string>> m_values;
    std::set<std::string> m_flags;
};

}  // namespace cli
