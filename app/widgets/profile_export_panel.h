#pragma once
// ProfileExportPanel: the current optimisation profile (the Run page's settings
// plus any imported sections the workbench keeps but does not apply yet) as
// canonical profile JSON, a llama.cpp command line, vLLM arguments and the
// nearest TensorRT-LLM, Triton (vLLM backend) and ONNX Runtime GenAI settings,
// each with a Copy button and the knobs it could not express. Save writes the canonical
// JSON; Import validates a file and applies its run settings.
#include <QWidget>

#include <vector>

#include "app/bridge/profile_document.h"

class QLabel;
class QPushButton;
class QPlainTextEdit;
class QVBoxLayout;
class Settings;

class ProfileExportPanel : public QWidget {
    Q_OBJECT
public:
    explicit ProfileExportPanel(Settings* settings, QWidget* parent = nullptr);

    QByteArray profileJson() const { return m_profile; }
    QString llamaCppText() const;
    QString vllmText() const;
    // The framework exports in tab order (app/bridge/framework_export_text.h).
    QString frameworkText(int index) const;
    QString frameworkNotes(int index) const;
    // Writes framework `index`'s files and commands.sh into `folder`; an error message or empty.
    QString writeFrameworkFiles(int index, const QString& folder) const;
    QStringList keptKeys() const { return profileKeptKeys(m_profile); }

    // Returns an error message, or an empty string on success.
    QString saveProfile(const QString& path) const;
    // Applies a valid file; otherwise leaves everything as it was and returns
    // every issue ("path: message").
    QStringList importProfile(const QString& path);

public slots:
    void refresh();
    // The profile the panel exports (canonical JSON, e.g. the Optimise page's);
    // the run settings are written over it as before.
    void setBaseProfile(const QByteArray& canonicalJson);

signals:
    // After a valid file was imported (its canonical JSON).
    void profileImported(const QByteArray& canonicalJson);
    // After an import was refused (tests watch this instead of the dialog).
    void importRejected(const QStringList& errors);

private:
    struct CommandView {
        QPlainTextEdit* text = nullptr;
        QLabel* notes = nullptr;
    };

    QWidget* buildView(const QString& title, CommandView* view, QPushButton* extra = nullptr);
    QWidget* buildFrameworkView(int index, CommandView* view);
    void writeFrameworkDialog(int index);
    void setCommand(const CommandView& view, const ProfileCommandText& command);
    RunRequest runSettings() const;
    void applyKnobs(const ProfileRunKnobs& knobs);
    void saveDialog();
    void importDialog();

    Settings* m_settings;
    QByteArray m_profile;  // canonical JSON: imported sections + the run settings
    QByteArray m_imported;  // the last imported profile (empty: none)
    CommandView m_json;
    CommandView m_llama;
    CommandView m_vllm;
    std::vector<CommandView> m_frameworks;
    QLabel* m_kept;
    QLabel* m_result;
};
