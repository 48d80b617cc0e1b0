#include "app/widgets/about_dialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

#include "app/bridge/build_info.h"

namespace {

QString row(const QString& name, const QString& value)
{
    return QStringLiteral("<tr><td style=\"padding-right:12px\"><b>%1</b></td><td>%2</td></tr>").arg(name, value);
}

}  // namespace

AboutDialog::AboutDialog(const BuildInfo& info, QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About InferScope"));
    auto* icon = new QLabel;
    icon->setPixmap(QApplication::windowIcon().pixmap(96, 96));
    icon->setAlignment(Qt::AlignTop);
    auto* label = new QLabel(text(info));
    label->setObjectName(QStringLiteral("aboutText"));
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setOpenExternalLinks(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    label->setMinimumWidth(460);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* body = new QHBoxLayout;
    body->addWidget(icon);
    body->addWidget(label, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(body);
    layout->addWidget(buttons);
}

QString AboutDialog::text(const BuildInfo& info)
{
    const QString cuda = info.cudaLoaded
        ? tr("loaded from %1<br>%2").arg(info.cudaModule.toHtmlEscaped(), info.cudaStatus.toHtmlEscaped())
        : tr("not loaded: %1").arg(info.cudaStatus.toHtmlEscaped());
    QString rows;
    rows += row(tr("Version"), info.version.toHtmlEscaped());
    rows += row(tr("Revision"), info.revision.toHtmlEscaped());
    rows += row(tr("Build type"), info.buildType.toHtmlEscaped());
    rows += row(tr("Qt"), tr("%1 (built with %2)").arg(info.qtRunning, info.qtBuilt));
    rows += row(tr("CPU kernels"), tr("%1 (the SIMD target chosen for this processor)").arg(info.simdTarget));
    rows += row(tr("CUDA backend"), cuda);
    const QString readme = info.homepage + QStringLiteral("#readme");
    return tr("<h3>InferScope %1</h3>"
              "<p>A workbench for profiling and tuning LLM inference.</p>")
               .arg(info.version.toHtmlEscaped()) +
           QStringLiteral("<table>%1</table>").arg(rows) +
           tr("<p>License: %1</p>").arg(info.license.toHtmlEscaped()) +
           tr("<p>Documentation: <a href=\"%1\">README</a></p>").arg(readme.toHtmlEscaped());
}
