#include "detailpane.h"

#include "filterbar.h"
#include "jsontreemodel.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonDocument>
#include <QtGui/QClipboard>
#include <QtGui/QFontDatabase>
#include <QtGui/QGuiApplication>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

DetailPane::DetailPane(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("detailPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("detailSummary"));
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summaryLabel);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("detailSplitter"));
    m_treeModel = new JsonTreeModel(this);
    m_treeView = new QTreeView(m_splitter);
    m_treeView->setObjectName(QStringLiteral("jsonTree"));
    m_treeView->setModel(m_treeModel);
    m_treeView->setUniformRowHeights(true);
    m_treeView->setAlternatingRowColors(true);
    m_treeView->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_treeView->header()->setDefaultSectionSize(140);
    m_textView = new QPlainTextEdit(m_splitter);
    m_textView->setObjectName(QStringLiteral("jsonText"));
    m_textView->setReadOnly(true);
    m_textView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_textView->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_splitter->addWidget(m_treeView);
    m_splitter->addWidget(m_textView);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    layout->addWidget(m_splitter, 1);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_pairedButton = new QPushButton(tr("Go to Reply"), this);
    m_pairedButton->setObjectName(QStringLiteral("pairedButton"));
    m_pairedButton->setIcon(QIcon(QStringLiteral(":/icons/jump.svg")));
    m_pairedButton->setToolTip(
            tr("Select the request of this reply, or the reply to this request"));
    buttons->addWidget(m_pairedButton);
    m_copyButton = new QPushButton(tr("Copy as JSON"), this);
    m_copyButton->setObjectName(QStringLiteral("copyJsonButton"));
    m_copyButton->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    m_copyButton->setToolTip(tr("Copy the whole command to the clipboard as JSON"));
    buttons->addWidget(m_copyButton);
    layout->addLayout(buttons);

    connect(m_copyButton, &QPushButton::clicked, this, &DetailPane::copyJson);
    connect(m_pairedButton, &QPushButton::clicked, this, [this] {
        if (m_hasRecord && m_record.pairedId != 0)
            Q_EMIT goToPairedRequested(m_record.pairedId);
    });
    clearRecord();
}

DetailPane::~DetailPane() = default;

void DetailPane::setRecord(const TrafficRecord &record)
{
    m_record = record;
    m_hasRecord = true;
    m_treeModel->setJson(record.command.toJsonObject());
    m_treeView->expandToDepth(1);
    m_textView->setPlainText(json());
    m_summaryLabel->setText(summary());
    m_copyButton->setEnabled(true);
    m_pairedButton->setText(record.command.isReply() ? tr("Go to Request") : tr("Go to Reply"));
    m_pairedButton->setEnabled(record.pairedId != 0);
}

void DetailPane::clearRecord()
{
    m_record = TrafficRecord {};
    m_hasRecord = false;
    m_treeModel->setJson(QJsonValue(QJsonValue::Undefined));
    m_textView->clear();
    m_summaryLabel->setText(tr("Select a command in the log to see it here."));
    m_copyButton->setEnabled(false);
    m_pairedButton->setEnabled(false);
}

QString DetailPane::json() const
{
    if (!m_hasRecord)
        return QString();
    return QString::fromUtf8(
            QJsonDocument(m_record.command.toJsonObject()).toJson(QJsonDocument::Indented));
}

void DetailPane::copyJson()
{
    if (m_hasRecord)
        QGuiApplication::clipboard()->setText(json());
}

QString DetailPane::summary() const
{
    const QString time = QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_record.timeMs).time(),
                                            QStringLiteral("HH:mm:ss.zzz"));
    const QString status = m_record.latencyUs >= 0
            ? tr("%1 after %2 ms")
                      .arg(FilterBar::statusName(m_record.status),
                           QLocale().toString(m_record.latencyUs / 1000.0, 'f', 3))
            : FilterBar::statusName(m_record.status);
    const QString where = m_record.direction == TrafficRecord::Incoming
            ? tr("received from %1 at %2").arg(m_record.peer.toHtmlEscaped(), time)
            : tr("sent to %1 at %2").arg(m_record.peer.toHtmlEscaped(), time);
    return tr("<b>%1</b> · %2 · %3 bytes<br>%4")
            .arg(m_record.command.action().toHtmlEscaped(), status.toHtmlEscaped(),
                 QLocale().toString(m_record.size), where);
}
