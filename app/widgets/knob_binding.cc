#include "app/widgets/knob_binding.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>

#include <algorithm>
#include <cmath>

namespace {

// A combo box item's data as the key's value ("64" -> 64, "true" -> true).
QVariant typed(const QString& data, KnobBinding::As as)
{
    switch (as) {
    case KnobBinding::As::Integer: return data.toInt();
    case KnobBinding::As::Boolean: return data == QLatin1String("true");
    case KnobBinding::As::Real: return data.toDouble();
    case KnobBinding::As::Text: break;
    }
    return data;
}

// The key's value as a combo box item's data (64 -> "64", true -> "true").
QString itemData(const QVariant& value)
{
    if (value.typeId() == QMetaType::Bool)
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return value.toString();
}

}  // namespace

QVariant KnobBinding::read() const
{
    if (const auto* combo = qobject_cast<const QComboBox*>(widget)) {
        const QString data = combo->currentData().toString();
        return data.isEmpty() ? QVariant() : typed(data, as);
    }
    if (const auto* spin = qobject_cast<const QSpinBox*>(widget)) {
        if (unset.isValid() && spin->value() == unset.toInt())
            return {};
        return spin->value();
    }
    if (const auto* real = qobject_cast<const QDoubleSpinBox*>(widget)) {
        if (unset.isValid() && real->value() == unset.toDouble())
            return {};
        // Rounded to the digits the control shows, so a percent field of 25.00
        // writes 0.25 rather than 0.25000000000000006.
        const double digits = std::pow(10.0, real->decimals());
        return double(qRound64(real->value() * digits)) / (digits * scale);
    }
    return {};
}

void KnobBinding::show(const QVariant& value) const
{
    if (auto* combo = qobject_cast<QComboBox*>(widget)) {
        // Anything the combo does not list (an unset key, "none") is its first, default item.
        const int index = value.isValid() ? combo->findData(itemData(value)) : -1;
        combo->setCurrentIndex(index >= 0 ? index : 0);
        return;
    }
    const QVariant shown = value.isValid() ? value : unset;
    if (!shown.isValid())
        return;
    if (auto* spin = qobject_cast<QSpinBox*>(widget))
        // A value past the control's range (a 64-bit seed) shows its nearest end.
        spin->setValue(int(std::clamp<qlonglong>(shown.toLongLong(), spin->minimum(), spin->maximum())));
    else if (auto* real = qobject_cast<QDoubleSpinBox*>(widget))
        real->setValue(value.isValid() ? shown.toDouble() * scale : shown.toDouble());
}
