#include "urlbar.h"

#include <QtCore/QSettings>
#include <QtWidgets/QCompleter>
#include <QtWidgets/QLineEdit>

namespace {

const char HistoryKey[] = "urlHistory";

// What a newcomer most likely wants: the demo service's endpoints (scripts/run.sh starts it).
QStringList defaultUrls()
{
    return { QStringLiteral("tcp://127.0.0.1:12000"), QStringLiteral("ws://127.0.0.1:12001/socket"),
             QStringLiteral("local:drs-demo") };
}

} // namespace

UrlBar::UrlBar(QWidget *parent)
    : QComboBox(parent)
{
    setObjectName(QStringLiteral("urlBar"));
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(28);
    lineEdit()->setPlaceholderText(tr("tcp://host:port, ws://host:port/path or local:name"));
    lineEdit()->setClearButtonEnabled(true);
    setToolTip(tr("The endpoint to connect to; press Return to connect"));

    auto *completer = new QCompleter(model(), this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    setCompleter(completer);

    const QStringList stored = loadHistory();
    setItems(stored.isEmpty() ? defaultUrls() : stored);
    setEditText(QString());

    connect(lineEdit(), &QLineEdit::returnPressed, this, [this] { Q_EMIT urlEntered(text()); });
}

UrlBar::~UrlBar() = default;

QString UrlBar::text() const
{
    return currentText().trimmed();
}

void UrlBar::setText(const QString &text)
{
    setEditText(text);
}

void UrlBar::addToHistory(const QString &url)
{
    const QString trimmed = url.trimmed();
    if (trimmed.isEmpty())
        return;
    // Another session may have added URLs since this bar was made: start from the stored list.
    QStringList urls = loadHistory();
    urls.removeAll(trimmed);
    urls.prepend(trimmed);
    while (urls.size() > MaxHistory)
        urls.removeLast();
    QSettings().setValue(QLatin1String(HistoryKey), urls);
    const QString edited = currentText();
    setItems(urls);
    setEditText(edited);
}

QStringList UrlBar::history() const
{
    QStringList urls;
    urls.reserve(count());
    for (int i = 0; i < count(); ++i)
        urls.append(itemText(i));
    return urls;
}

QStringList UrlBar::loadHistory()
{
    return QSettings().value(QLatin1String(HistoryKey)).toStringList();
}

void UrlBar::setItems(const QStringList &urls)
{
    const QSignalBlocker blocker(this);
    clear();
    addItems(urls);
}
