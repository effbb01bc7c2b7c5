#include "aboutdialog.h"

#include <QtGui/QIcon>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QVBoxLayout>

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About DRS Inspector"));
    m_icon->setObjectName(QStringLiteral("aboutIcon"));
    m_title->setObjectName(QStringLiteral("aboutTitle"));
    m_text->setObjectName(QStringLiteral("aboutText"));

    const QIcon icon(QStringLiteral(":/icons/drs-inspector.svg"));
    m_icon->setPixmap(icon.pixmap(64, 64));
    m_icon->setAlignment(Qt::AlignTop);

    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setText(tr("DRS Inspector %1").arg(version()));

    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setText(
            tr("Connects to a DRS endpoint or listens as one, and shows, fires and calls "
               "commands live: a traffic log with filters and details, a composer, statistics, "
               "and sessions saved to files.")
            + QStringLiteral("\n\n")
            + tr("Built on QtDrs %1 with Qt %2; running on Qt %3.")
                      .arg(version(), QStringLiteral(QT_VERSION_STR),
                           QString::fromLatin1(qVersion())));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);

    auto *columns = new QHBoxLayout;
    columns->addWidget(m_icon);
    auto *textColumn = new QVBoxLayout;
    textColumn->addWidget(m_title);
    textColumn->addWidget(m_text);
    textColumn->addStretch(1);
    columns->addLayout(textColumn, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::version()
{
#ifdef QTDRS_VERSION_STRING
    return QStringLiteral(QTDRS_VERSION_STRING);
#else
    return QStringLiteral("0.1.0");
#endif
}
