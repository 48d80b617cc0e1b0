#pragma once
// ProfileValue: the optimisation profile as one value that pages edit and the
// bridge serialises once. It holds the engine's Profile; keys are read and
// written through the schema's field visitors (engine/config/profile.h), so a
// key the schema lacks or a value of the wrong type is refused, never written.
//
// Keys are the profile's dotted paths ("weights.dtype", "batching.max_sequences",
// "name"). Values as QVariant: enums as their profile spelling ("int8"),
// integers and reals as numbers, booleans, strings, lists of numbers or
// strings, and weights.overrides as a list of {"pattern", "dtype"} maps. An
// invalid QVariant means "not set" (the engine default).
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
#include <optional>

namespace engine {
struct Profile;
}

class ProfileValue {
public:
    ProfileValue();  // the empty profile: the model as stored, engine defaults
    explicit ProfileValue(const engine::Profile& profile);
    ProfileValue(const ProfileValue& other);
    ProfileValue& operator=(const ProfileValue& other);
    ~ProfileValue();

    // Checked with the engine's validator; nullopt with every error ("path:
    // message") in `errors` when it does not pass. Empty text is the empty profile.
    static std::optional<ProfileValue> fromJson(const QByteArray& text, QStringList* errors = nullptr);
    // Canonical JSON (engine serializeProfile).
    QByteArray toJson() const;

    QVariant value(const QString& path) const;
    bool has(const QString& path) const { return value(path).isValid(); }
    // Sets one key, or clears it with an invalid QVariant (an emptied section
    // goes too). False, and nothing changes, for an unknown path or a value of
    // the wrong type.
    bool setValue(const QString& path, const QVariant& value);
    // Clears a whole section ("pruning"); false when the schema has no such section.
    bool clearSection(const QString& section);
    // The sections the profile sets ("weights", "batching", ...), in schema order.
    QStringList sections() const;
    bool isEmpty() const;

    // For the bridge: the engine's value itself.
    const engine::Profile& profile() const { return *m_profile; }
    engine::Profile& profile() { return *m_profile; }

    bool operator==(const ProfileValue& other) const;

private:
    std::unique_ptr<engine::Profile> m_profile;
};
