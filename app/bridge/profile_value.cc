#include "app/bridge/profile_value.h"

#include "app/bridge/engine_text.h"

#include <string>
#include <type_traits>
#include <vector>

#include "engine/config/profile.h"
#include "engine/config/profile_validator.h"

namespace {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

// Visits the one field called `key` of a section (or of the profile) with `fn`.
template <typename Fn>
struct FieldFinder {
    std::string_view key;
    Fn& fn;
    bool found = false;

    template <typename T, typename C>
    void field(const char* name, T& member, const C&)
    {
        if (found || key != name)
            return;
        found = true;
        fn(member);
    }
};

template <typename S, typename Fn>
bool visitField(S& section, std::string_view key, Fn&& fn)
{
    FieldFinder<std::remove_reference_t<Fn>> finder{key, fn};
    engine::visitFields(finder, section);
    return finder.found;
}

// A section type: one the schema has a field visitor for.
struct ProbeVisitor {
    template <typename T, typename C>
    void field(const char*, T&, const C&)
    {
    }
};
template <typename T>
concept Section = requires(ProbeVisitor& v, T& t) { engine::visitFields(v, t); };

bool isNumber(const QVariant& v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
        return true;
    default:
        return false;
    }
}

// ---- value -> QVariant ----------------------------------------------------------

QVariant toVariant(bool v) { return v; }
QVariant toVariant(int32_t v) { return v; }
QVariant toVariant(int64_t v) { return qlonglong(v); }
QVariant toVariant(uint64_t v) { return qulonglong(v); }
QVariant toVariant(double v) { return v; }
QVariant toVariant(const std::string& v) { return QString::fromStdString(v); }

template <typename E>
    requires std::is_enum_v<E>
QVariant toVariant(E v)
{
    return QString::fromLatin1(engine::enumName(v));
}

QVariant toVariant(const std::vector<int32_t>& v)
{
    QVariantList out;
    for (int32_t x : v)
        out << x;
    return out;
}

QVariant toVariant(const std::vector<std::string>& v)
{
    QStringList out;
    for (const std::string& x : v)
        out << QString::fromStdString(x);
    return out;
}

QVariant toVariant(const std::vector<engine::WeightOverride>& v)
{
    QVariantList out;
    for (const engine::WeightOverride& o : v)
        out << QVariantMap{{QStringLiteral("pattern"), QString::fromStdString(o.pattern)},
                           {QStringLiteral("dtype"), QString::fromLatin1(engine::enumName(o.dtype))}};
    return out;
}

// ---- QVariant -> value (false: wrong type) ---------------------------------------

bool fromVariant(const QVariant& v, bool& out)
{
    if (v.typeId() != QMetaType::Bool)
        return false;
    out = v.toBool();
    return true;
}

template <typename I>
    requires std::is_integral_v<I> && (!std::is_same_v<I, bool>)
bool fromVariant(const QVariant& v, I& out)
{
    if (!isNumber(v))
        return false;
    const double d = v.toDouble();
    if (d != double(qint64(d)))
        return false;  // 2.5 is not an integer key's value
    if constexpr (std::is_unsigned_v<I>) {
        if (d < 0)
            return false;
        out = I(v.toULongLong());
    } else {
        out = I(v.toLongLong());
    }
    return true;
}

bool fromVariant(const QVariant& v, double& out)
{
    if (!isNumber(v))
        return false;
    out = v.toDouble();
    return true;
}

bool fromVariant(const QVariant& v, std::string& out)
{
    if (v.typeId() != QMetaType::QString)
        return false;
    out = v.toString().toStdString();
    return true;
}

template <typename E>
    requires std::is_enum_v<E>
bool fromVariant(const QVariant& v, E& out)
{
    if (v.typeId() != QMetaType::QString)
        return false;
    const auto e = engine::enumFromName<E>(v.toString().toStdString());
    if (!e)
        return false;
    out = *e;
    return true;
}

bool fromVariant(const QVariant& v, std::vector<int32_t>& out)
{
    if (v.typeId() != QMetaType::QVariantList)
        return false;
    std::vector<int32_t> values;
    for (const QVariant& x : v.toList()) {
        int32_t i = 0;
        if (!fromVariant(x, i))
            return false;
        values.push_back(i);
    }
    out = std::move(values);
    return true;
}

bool fromVariant(const QVariant& v, std::vector<std::string>& out)
{
    if (v.typeId() != QMetaType::QStringList && v.typeId() != QMetaType::QVariantList)
        return false;
    std::vector<std::string> values;
    for (const QVariant& x : v.toList()) {
        std::string s;
        if (!fromVariant(x, s))
            return false;
        values.push_back(std::move(s));
    }
    out = std::move(values);
    return true;
}

bool fromVariant(const QVariant& v, std::vector<engine::WeightOverride>& out)
{
    if (v.typeId() != QMetaType::QVariantList)
        return false;
    std::vector<engine::WeightOverride> values;
    for (const QVariant& x : v.toList()) {
        const QVariantMap m = x.toMap();
        engine::WeightOverride o;
        if (!fromVariant(m.value(QStringLiteral("pattern")), o.pattern) ||
            !fromVariant(m.value(QStringLiteral("dtype")), o.dtype))
            return false;
        values.push_back(std::move(o));
    }
    out = std::move(values);
    return true;
}

// The profile's sections that are set, in visitor order.
struct SectionLister {
    QStringList out;
    template <typename T, typename C>
    void field(const char* name, const T& member, const C&)
    {
        if constexpr (IsOptional<T>::value && Section<const typename T::value_type>)
            if (member)
                out << QString::fromLatin1(name);
    }
};

// "weights.dtype" -> ("weights", "dtype"); "name" -> ("name", "").
std::pair<std::string, std::string> splitPath(const QString& path)
{
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (dot < 0)
        return {path.toStdString(), {}};
    return {path.left(dot).toStdString(), path.mid(dot + 1).toStdString()};
}

}  // namespace

ProfileValue::ProfileValue() : m_profile(std::make_unique<engine::Profile>()) {}

ProfileValue::ProfileValue(const engine::Profile& profile) : m_profile(std::make_unique<engine::Profile>(profile)) {}

ProfileValue::ProfileValue(const ProfileValue& other) : m_profile(std::make_unique<engine::Profile>(*other.m_profile)) {}

ProfileValue& ProfileValue::operator=(const ProfileValue& other)
{
    *m_profile = *other.m_profile;
    return *this;
}

ProfileValue::~ProfileValue() = default;

bool ProfileValue::operator==(const ProfileValue& other) const
{
    return *m_profile == *other.m_profile;
}

std::optional<ProfileValue> ProfileValue::fromJson(const QByteArray& text, QStringList* errors)
{
    if (text.trimmed().isEmpty())
        return ProfileValue();
    const engine::ProfileCheck check = engine::checkProfileText(std::string_view(text.constData(), size_t(text.size())));
    if (check.hasErrors() || !check.profile) {
        if (errors)
            for (const engine::ProfileIssue& issue : check.errors()) {
                // "key: problem", the problem in the interface language.
                const QString text = issue.detail.id.empty() ? engineText(QString::fromStdString(issue.message))
                                                             : engineMessageText(issue.detail);
                *errors << (issue.path.empty() ? text : QString::fromStdString(issue.path) + QStringLiteral(": ") + text);
            }
        return std::nullopt;
    }
    return ProfileValue(*check.profile);
}

QByteArray ProfileValue::toJson() const
{
    return QByteArray::fromStdString(engine::serializeProfile(*m_profile));
}

QVariant ProfileValue::value(const QString& path) const
{
    const auto [first, rest] = splitPath(path);
    QVariant out;
    const engine::Profile& profile = *m_profile;
    visitField(profile, first, [&, rest = rest](const auto& member) {
        using T = typename std::remove_cvref_t<decltype(member)>::value_type;
        if (!member)
            return;
        if constexpr (Section<const T>) {
            visitField(*member, rest, [&](const auto& leaf) {
                using L = typename std::remove_cvref_t<decltype(leaf)>::value_type;
                if constexpr (!Section<const L>)
                    if (leaf)
                        out = toVariant(*leaf);
            });
        } else if (rest.empty()) {
            out = toVariant(*member);
        }
    });
    return out;
}

bool ProfileValue::setValue(const QString& path, const QVariant& value)
{
    const auto [first, rest] = splitPath(path);
    bool ok = false;
    engine::Profile& profile = *m_profile;
    // Assigns `value` to an optional member (or clears it); false for a wrong type.
    const auto assign = [&value](auto& member) {
        using T = typename std::remove_cvref_t<decltype(member)>::value_type;
        if (!value.isValid()) {
            member.reset();
            return true;
        }
        T converted{};
        if (!fromVariant(value, converted))
            return false;
        member = std::move(converted);
        return true;
    };
    visitField(profile, first, [&, rest = rest](auto& member) {
        using T = typename std::remove_cvref_t<decltype(member)>::value_type;
        if constexpr (Section<T>) {
            if (rest.empty())
                return;
            std::optional<T> section = member.value_or(T{});
            const bool found = visitField(*section, rest, [&](auto& leaf) {
                using L = typename std::remove_cvref_t<decltype(leaf)>::value_type;
                if constexpr (!Section<L>)
                    ok = assign(leaf);
            });
            if (!found || !ok)
                return;
            // A section left with nothing set is no section: the profile stays minimal.
            if (*section == T{})
                section.reset();
            member = std::move(section);
        } else if (rest.empty()) {
            ok = assign(member);
        }
    });
    return ok;
}

bool ProfileValue::clearSection(const QString& section)
{
    bool cleared = false;
    visitField(*m_profile, section.toStdString(), [&](auto& member) {
        using T = typename std::remove_cvref_t<decltype(member)>::value_type;
        if constexpr (Section<T>) {
            member.reset();
            cleared = true;
        }
    });
    return cleared;
}

QStringList ProfileValue::sections() const
{
    SectionLister lister;
    engine::visitFields(lister, static_cast<const engine::Profile&>(*m_profile));
    return lister.out;
}

bool ProfileValue::isEmpty() const
{
    return *m_profile == engine::Profile{};
}
