#pragma once
// OptimisePage: every knob of the optimisation profile (weights, pruning, KV
// cache, batching, threads, sampling), each with a tooltip and a longer help
// text that follows the keyboard focus, a live estimate of what the profile
// costs in memory, and the engine validator's verdict next to the section it
// concerns. It produces the profile JSON the Run action sends.
//
// Threads and the Run page's sampling knobs are shared with the Run page
// through Settings; repeat penalty and the sections above live only here.
//
// The page edits one ProfileValue: each control is bound to its key
// (KnobBinding), a change writes the controls into the value, and the value is
// serialised once per change for the validator, the estimates and the run.
// Keys the page has no control for (name, description, devices.gpus, ...)
// stay in the value as the last imported profile set them.
#include <QHash>
#include <QList>
#include <QWidget>

#include "app/bridge/engine_types.h"
#include "app/bridge/profile_document.h"
#include "app/bridge/profile_estimate.h"
#include "app/bridge/profile_value.h"
#include "app/widgets/knob_binding.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;
class QTextBrowser;
class Settings;

class OptimisePage : public QWidget {
    Q_OBJECT
public:
    explicit OptimisePage(Settings* settings, QWidget* parent = nullptr);

    // The model the estimates are for.
    void setModel(const ModelInfo& info);

    // The profile the knobs describe, and its canonical JSON.
    const ProfileValue& profile() const { return m_profile; }
    QByteArray profileJson() const { return m_json; }
    bool isValid() const { return m_valid; }
    // Why the profile cannot run ("pruning.ratio: ..."); empty when it can.
    QString problem() const { return m_problem; }
    QList<ProfileIssueInfo> issues() const { return m_issues; }
    quint64 estimatedWeightBytes() const { return m_weightBytes; }
    quint64 estimatedKvBytes() const { return m_kvBytes; }
    QString helpText() const;

    // Puts a profile into the knobs. Invalid text changes nothing and returns
    // every error ("path: message").
    QStringList setProfileJson(const QByteArray& json);
    QStringList importProfile(const QString& path);
    // importProfile with the outcome shown: a line on the page, and a dialog
    // listing every problem when the file was not applied.
    void openProfileFile(const QString& path);
    // What the last run really did: its weight memory and where the passes
    // deviated from the profile (the effective-configuration record).
    void showRunResult(const RunResult& result);
    QString lastRunText() const;
    QString saveProfile(const QString& path) const;  // error message or empty

protected:
    void changeEvent(QEvent* event) override;

signals:
    void profileChanged(const QByteArray& json);
    void validityChanged(bool valid, const QString& problem);
    void importRejected(const QStringList& errors);

private:
    QGroupBox* buildWeights();
    QGroupBox* buildPruning();
    QGroupBox* buildKvCache();
    QGroupBox* buildBatching();
    QGroupBox* buildDevices();
    QGroupBox* buildSampling();
    QWidget* buildSidePanel();
    // Adds `widget` as a row with its tooltip and help paragraph.
    void addKnob(QFormLayout* form, const QString& label, QWidget* widget, const QString& tip, const QString& help);
    QLabel* sectionIssues(const QString& section);
    void connectSettings();

    // Ties every control to its profile key (one table, in optimise_page.cc).
    void bindKnobs();
    void bind(QWidget* widget, const QString& path, KnobBinding::As as = KnobBinding::As::Text,
              const QVariant& unset = {}, double scale = 1.0);
    // The controls into m_profile (and m_knobIssues: what a control holds that
    // the profile cannot, such as a typo among the layer shares).
    void storeKnobs();
    // m_profile into the controls.
    void showProfile();
    void recompute();
    void showDeviceEstimate(const DevicesEstimate& estimate);
    QString describeWeights(const WeightEstimate& weights) const;
    void countPrompt();
    void showIssues();
    void showEstimate();
    void showHelpFor(QWidget* widget);
    void updateEnabled();
    void addOverrideRow(const QString& pattern, const QString& dtype);
    void saveDialog();
    void importDialog();

    Settings* m_settings;
    ModelInfo m_model;
    ProfileValue m_profile;  // what the knobs describe, plus keys without a knob
    QList<KnobBinding> m_bindings;
    QList<ProfileIssueInfo> m_knobIssues;
    QByteArray m_json;  // m_profile serialised
    bool m_valid = true;
    bool m_filling = false;
    QString m_problem;
    QList<ProfileIssueInfo> m_issues;
    quint64 m_weightBytes = 0;
    quint64 m_kvBytes = 0;
    qint64 m_promptTokens = 1;  // the Run page's prompt, encoded with BOS
    QHash<QWidget*, QPair<QString, QString>> m_help;  // knob -> title, paragraph
    QHash<QString, QLabel*> m_sectionIssues;         // "weights" -> its inline issue label

    QComboBox* m_dtype = nullptr;
    QComboBox* m_groupSize = nullptr;
    QComboBox* m_symmetric = nullptr;
    QTableWidget* m_overrides = nullptr;
    QComboBox* m_pruneMethod = nullptr;
    QDoubleSpinBox* m_pruneRatio = nullptr;
    QSpinBox* m_pruneN = nullptr;
    QSpinBox* m_pruneM = nullptr;
    QComboBox* m_pruneScope = nullptr;
    QLineEdit* m_pruneExclude = nullptr;
    QComboBox* m_kvMode = nullptr;
    QSpinBox* m_kvCapacity = nullptr;
    QComboBox* m_kvBlock = nullptr;
    QComboBox* m_kvDType = nullptr;
    QComboBox* m_batchPolicy = nullptr;
    QSpinBox* m_maxBatch = nullptr;
    QSpinBox* m_maxSequences = nullptr;
    QSpinBox* m_threads = nullptr;
    QComboBox* m_split = nullptr;
    QSpinBox* m_virtualCpus = nullptr;
    QSpinBox* m_offloadLayers = nullptr;  // 0: every layer on the GPU (the key is left out)
    QLineEdit* m_layerWeights = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QSpinBox* m_topK = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QDoubleSpinBox* m_minP = nullptr;
    QDoubleSpinBox* m_repeatPenalty = nullptr;
    QSpinBox* m_repeatLastN = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_maxTokens = nullptr;

    QLabel* m_weightEstimate = nullptr;
    QLabel* m_kvEstimate = nullptr;
    QLabel* m_deviceEstimate = nullptr;
    QLabel* m_verdict = nullptr;
    QLabel* m_helpTitle = nullptr;
    QTextBrowser* m_helpText = nullptr;
    QLabel* m_fileResult = nullptr;
    QLabel* m_lastRun = nullptr;
};
