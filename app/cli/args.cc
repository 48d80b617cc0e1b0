#include "app/cli/args.h"

#include <charconv>
#include <cstdlib>

namespace cli {

Args Args::parse(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
                 const std::set<std::string>& flagOptions, std::string& error)
{
    Args args;
    for (size_t i = 0; i < argv.size(); ++i) {
        std::string arg = argv[i];
        if (arg.size() < 2 || arg[0] != '-' || (arg[1] >= '0' && arg[1] <= '9')) {
            args.m_positional.push_back(arg);
            continue;
        }
        std::string inlineValue;
        bool hasInline = false;
        if (const auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
            inlineValue = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            hasInline = true;
        }
        if (flagOptions.count(arg)) {
            if (hasInline) {
                error = "option " + arg + " takes no value";
                return args;
            }
            args.m_flags.insert(arg);
        } else if (valueOptions.count(arg)) {
            if (hasInline) {
                args.m_values.emplace_back(arg, inlineValue);
            } else if (i + 1 < argv.size()) {
                args.m_values.emplace_back(arg, argv[++i]);
            } else {
                error = "option " + arg + " needs a value";
                return args;
            }
        } else {
            error = "unknown option " + arg;
            return args;
        }
    }
    return args;
}

bool Args::has(const std::string& name) const
{
    if (m_flags.count(name)) return true;
    for (const auto& [k, v] : m_values)
        if (k == name) return true;
    return false;
}

std::vector<std::string> Args::values(const std::string& name) const
{
    std::vector<std::string> out;
    for (const auto& [k, v] : m_values)
        if (k == name) out.push_back(v);
    return out;
}

std::optional<std::string> Args::value(const std::string& name) const
{
    std::optional<std::string> last;
    for (const auto& [k, v] : m_values)
        if (k == name) last = v;  // the last occurrence wins, as in most CLIs
    return last;
}

std::string Args::valueOr(const std::string& name, const std::string& fallback) const
{
    return value(name).value_or(fallback);
}

long long Args::intOr(const std::string& name, long long fallback, std::string& error) const
{
    const auto v = value(name);
    if (!v) return fallback;
    long long out = 0;
    const char* end = v->data() + v->size();
    auto [ptr, ec] = std::from_chars(v->data(), end, out);
    if (ec != std::errc() || ptr != end) {
        error = "option " + name + ": '" + *v + "' is not an integer";
        return fallback;
    }
    return out;
}

double Args::doubleOr(const std::string& name, double fallback, std::string& error) const
{
    const auto v = value(name);
    if (!v) return fallback;
    char* end = nullptr;
    const double out = std::strtod(v->c_str(), &end);
    if (v->empty() || end != v->c_str() + v->size()) {
        error = "option " + name + ": '" + *v + "' is not a number";
        return fallback;
    }
    return out;
}

}  // namespace cli
