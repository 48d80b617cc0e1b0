#pragma once
// The Sensitivity panel (a tab of the Compare page): which of the model's
// matrices (or layers) lose the most quality when converted alone to a target
// precision, ranked by mean KL divergence against the model as stored; and
// from that ranking a mixed-precision proposal under a weight-memory budget —
// the target everywhere, the most sensitive units kept at a higher precision
// while the budget allows — measured, and exported as a profile and as
// llama-quantize --tensor-type arguments. The measurement runs off the GUI
// thread (engine/sweep/sensitivity.h, as `inferscope-cli sensitivity`) with
// progress per unit and cancel.
#include <QWidget>
#include <atomic>
#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QThread;

class SensitivityPanel : public QWidget {
    Q_OBJECT
public:
    explicit SensitivityPanel(QWidget* parent = nullptr);
    ~SensitivityPanel() override;

    void setModelPath(const QString& path);
    // "int4", "int8", "f16" or "bf16"; the group size for int4 / int8.
    void setTarget(const QString& dtype, int groupSize = 32);
    void setLayerUnits(bool layers);
    // The weight-memory budget in MiB; 0: the all-target size plus a quarter.
    void setBudgetMiB(double mib);

    void start();
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }

    QTableWidget* ranking() const { return m_table; }
    // The proposal, once measured: its profile (canonical JSON), its
    // llama.cpp command line and the summary shown.
    QByteArray proposalProfile() const { return m_profile; }
    QString llamaCppArgs() const;
    QString summary() const;
    // Writes the proposal's profile to `path`; an error message, or empty.
    QString saveProfile(const QString& path) const;

signals:
    void finished(bool ok, const QString& message);
    void openProfileRequested(const QByteArray& profileJson);

private:
    struct Result;
    void onProgress(int done, int total, const QString& unit);
    void onResult(const std::shared_ptr<Result>& result);
    void onFinished(bool ok, const QString& message);

    QString m_modelPath;
    QComboBox* m_target;
    QComboBox* m_group;
    QComboBox* m_unit;
    QComboBox* m_keep;
    QDoubleSpinBox* m_budget;
    QPushButton* m_start;
    QPushButton* m_cancelButton;
    QProgressBar* m_progress;
    QLabel* m_status;
    QTableWidget* m_table;
    QLabel* m_summary;
    QPlainTextEdit* m_args;
    QPushButton* m_open;
    QPushButton* m_save;
    QPushButton* m_copy;

    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QByteArray m_profile;
};
