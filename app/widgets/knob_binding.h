#pragma once
// KnobBinding: one Optimise-page control tied to one profile key. The page
// keeps the profile as a ProfileValue; every binding reads its control into
// that value and shows the value's key in its control, so no page code writes
// profile keys by hand.
#include <QString>
#include <QVariant>

class QWidget;

struct KnobBinding {
    // How the control's value is written into the key.
    enum class As { Text, Integer, Boolean, Real };

    QWidget* widget = nullptr;  // a QComboBox (its item data), QSpinBox or QDoubleSpinBox
    QString path;               // "weights.group_size"
    As as = As::Text;
    // The control value that leaves the key out (a spin box's "default"); an
    // invalid QVariant: the key is always written. A combo box item whose data
    // is empty always leaves the key out.
    QVariant unset;
    // Profile value = control value / scale (a percent field has 100).
    double scale = 1.0;

    // The control's value for the profile; invalid: leave the key out.
    QVariant read() const;
    // Shows `value` (as ProfileValue::value gives it). An invalid value shows the
    // `unset` state, or leaves the control as it is when there is none (keys
    // the page shares with the Run page keep their current setting).
    void show(const QVariant& value) const;
};
