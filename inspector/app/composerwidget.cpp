#include "composerwidget.h"

#include <drsconnection.h>

#include "jsonhighlighter.h"
#include "templatesdialog.h"
#include "templatestore.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QEvent>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonParseError>
#include <QtCore/QLocale>
#include <QtCore/QMap>
#include <QtCore/QSettings>
#include <QtCore/QStringListModel>
#include <QtGui/QFontDatabase>
#include <QtGui/QKeyEvent>
#include <QtGui/QShortcut>
#include <QtWidgets/QAbstractItemView>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QCompleter>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

namespace {
const QString historyKey = QStringLiteral("composer/history");
constexpr int validationDelayMs = 150;

// Compact or indented JSON text of any value; QJsonDocument only holds objects and arrays.
QString jsonText(const QJsonValue &value, bool indented)
{
    if (value.isObject())
        return QString::fromUtf8(
                       QJsonDocument(value.toObject())
                               .toJson(indented ? QJsonDocument::Indented : QJsonDocument::Compact))
                .trimmed();
    if (value.isArray())
        return QString::fromUtf8(
                       QJsonDocument(value.toArray())
                               .toJson(indented ? QJsonDocument::Indented : QJsonDocument::Compact))
                .trimmed();
    const QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QString positionText(const QByteArray &utf8, qsizetype offset, const QString &reason)
{
    const QString before = QString::fromUtf8(utf8.left(offset));
    const qsizetype line = before.count(u'\n') + 1;
    const qsizetype column = before.size() - (before.lastIndexOf(u'\n') + 1) + 1;
    return QCoreApplication::translate("ComposerWidget", "line %1, column %2: %3")
            .arg(line)
            .arg(column)
            .arg(reason);
}

// The first comma outside strings, objects and arrays: where a second top-level value starts.
qsizetype firstTopLevelComma(const QByteArray &utf8)
{
    int depth = 0;
    bool inString = false;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 0) {
            return i;
        }
    }
    return utf8.size();
}

struct ParsedBody {
    bool valid = false;
    QJsonValue value;
    QString error;
};

// Parses a body of any JSON type: the text is wrapped in an array, which QJsonDocument accepts,
// and the error offset is mapped back into the text.
ParsedBody parseBody(const QString &text)
{
    if (text.trimmed().isEmpty())
        return { true, QJsonObject(), QString() };
    const QByteArray utf8 = text.toUtf8();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson('[' + utf8 + ']', &error);
    if (error.error != QJsonParseError::NoError) {
        const qsizetype offset = qBound(qsizetype(0), qsizetype(error.offset - 1), utf8.size());
        return { false, QJsonValue(), positionText(utf8, offset, error.errorString()) };
    }
    const QJsonArray values = doc.array();
    if (values.size() != 1) {
        return { false, QJsonValue(),
                 positionText(utf8, firstTopLevelComma(utf8),
                              QCoreApplication::translate("ComposerWidget",
                                                          "only one JSON value is allowed")) };
    }
    return { true, values.first(), QString() };
}

QString historyLabel(const DrsCommand &command)
{
    const QString text
            = QStringLiteral("%1  %2").arg(command.action(), jsonText(command.body(), false));
    constexpr int maxLength = 80;
    return text.size() > maxLength ? text.left(maxLength - 1) + QChar(0x2026) : text;
}

void setTextColor(QWidget *widget, const QColor &color)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText, color);
    widget->setPalette(palette);
}
} // namespace

ComposerWidget::ComposerWidget(QWidget *parent)
    : QWidget(parent)
    , m_actionLabel(new QLabel(this))
    , m_action(new QLineEdit(this))
    , m_completionModel(new QStringListModel(this))
    , m_completer(new QCompleter(m_completionModel, this))
    , m_history(new QComboBox(this))
    , m_templatesButton(new QToolButton(this))
    , m_templatesMenu(new QMenu(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_body(new QPlainTextEdit)
    , m_bodyError(new QLabel)
    , m_resultTitle(new QLabel)
    , m_resultStatus(new QLabel)
    , m_result(new QPlainTextEdit)
    , m_timeoutLabel(new QLabel(this))
    , m_timeout(new QSpinBox(this))
    , m_fire(new QPushButton(this))
    , m_call(new QPushButton(this))
{
    setObjectName(QStringLiteral("composer"));
    m_action->setObjectName(QStringLiteral("composerAction"));
    m_history->setObjectName(QStringLiteral("composerHistory"));
    m_templatesButton->setObjectName(QStringLiteral("composerTemplates"));
    m_templatesMenu->setObjectName(QStringLiteral("composerTemplatesMenu"));
    m_splitter->setObjectName(QStringLiteral("composerSplitter"));
    m_body->setObjectName(QStringLiteral("composerBody"));
    m_bodyError->setObjectName(QStringLiteral("composerBodyError"));
    m_resultTitle->setObjectName(QStringLiteral("composerResultTitle"));
    m_resultStatus->setObjectName(QStringLiteral("composerResultStatus"));
    m_result->setObjectName(QStringLiteral("composerResult"));
    m_timeout->setObjectName(QStringLiteral("composerTimeout"));
    m_fire->setObjectName(QStringLiteral("composerFire"));
    m_call->setObjectName(QStringLiteral("composerCall"));

    m_actionLabel->setBuddy(m_action);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_action->setCompleter(m_completer);
    m_action->setClearButtonEnabled(true);
    m_action->installEventFilter(this);

    m_history->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_history->setMinimumContentsLength(12);
    m_templatesButton->setMenu(m_templatesMenu);
    m_templatesButton->setPopupMode(QToolButton::InstantPopup);
    m_templatesButton->setEnabled(false);

    new JsonHighlighter(m_body->document());
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_body->setFont(fixed);
    m_body->setTabStopDistance(QFontMetricsF(fixed).horizontalAdvance(u' ') * 4);
    m_body->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_result->setFont(fixed);
    m_result->setReadOnly(true);
    new JsonHighlighter(m_result->document());
    m_result->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_bodyError->setWordWrap(true);
    m_bodyError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setTextColor(m_bodyError, QColor(0xc6, 0x28, 0x28));
    m_bodyError->hide();
    m_resultTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_resultStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_resultTitle->hide(); // until a call is shown
    m_resultStatus->hide();

    m_timeout->setRange(0, 3600000);
    m_timeout->setSingleStep(1000);
    m_timeout->setValue(DrsConnection::DefaultCallTimeout);
    m_timeout->setAccelerated(true);
    m_timeoutLabel->setBuddy(m_timeout);

    auto *requestPane = new QWidget;
    auto *requestLayout = new QVBoxLayout(requestPane);
    requestLayout->setContentsMargins(0, 0, 0, 0);
    requestLayout->addWidget(m_body, 1);
    requestLayout->addWidget(m_bodyError);
    auto *resultPane = new QWidget;
    auto *resultLayout = new QVBoxLayout(resultPane);
    resultLayout->setContentsMargins(0, 0, 0, 0);
    resultLayout->addWidget(m_resultTitle);
    resultLayout->addWidget(m_resultStatus);
    resultLayout->addWidget(m_result, 1);
    m_splitter->addWidget(requestPane);
    m_splitter->addWidget(resultPane);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    auto *top = new QHBoxLayout;
    top->addWidget(m_actionLabel);
    top->addWidget(m_action, 1);
    top->addWidget(m_history);
    top->addWidget(m_templatesButton);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_timeoutLabel);
    bottom->addWidget(m_timeout);
    bottom->addStretch(1);
    bottom->addWidget(m_fire);
    bottom->addWidget(m_call);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_splitter, 1);
    layout->addLayout(bottom);

    m_validateTimer.setSingleShot(true);
    m_validateTimer.setInterval(validationDelayMs);
    connect(&m_validateTimer, &QTimer::timeout, this, &ComposerWidget::validateBody);
    connect(m_body, &QPlainTextEdit::textChanged, &m_validateTimer, qOverload<>(&QTimer::start));
    connect(m_action, &QLineEdit::textChanged, this, &ComposerWidget::updateButtons);
    connect(m_fire, &QPushButton::clicked, this, &ComposerWidget::fire);
    connect(m_call, &QPushButton::clicked, this, &ComposerWidget::call);
    connect(m_history, &QComboBox::activated, this, &ComposerWidget::historyActivated);

    const QKeySequence callKeys[]
            = { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) };
    for (const QKeySequence &keys : callKeys) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &ComposerWidget::call);
    }
    const QKeySequence fireKeys[] = { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return),
                                      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Enter) };
    for (const QKeySequence &keys : fireKeys) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &ComposerWidget::fire);
    }

    retranslateUi();
    loadHistory();
    validateBody();
}

ComposerWidget::~ComposerWidget() = default;

void ComposerWidget::setActionCompletions(const QStringList &actions)
{
    QStringList sorted = actions;
    sorted.removeDuplicates();
    sorted.sort(Qt::CaseInsensitive);
    if (sorted != m_completionModel->stringList())
        m_completionModel->setStringList(sorted);
}

QStringList ComposerWidget::actionCompletions() const
{
    return m_completionModel->stringList();
}

void ComposerWidget::setTemplateStore(TemplateStore *store)
{
    if (m_store == store)
        return;
    if (m_store)
        disconnect(m_store, nullptr, this, nullptr);
    m_store = store;
    if (m_store)
        connect(m_store, &TemplateStore::changed, this, &ComposerWidget::rebuildTemplatesMenu);
    m_templatesButton->setEnabled(m_store != nullptr);
    rebuildTemplatesMenu();
}

TemplateStore *ComposerWidget::templateStore() const
{
    return m_store;
}

int ComposerWidget::callTimeout() const
{
    return m_timeout->value();
}

void ComposerWidget::setCallTimeout(int msecs)
{
    m_timeout->setValue(msecs);
}

QString ComposerWidget::action() const
{
    return m_action->text().trimmed();
}

QJsonValue ComposerWidget::body() const
{
    return parseBody(m_body->toPlainText()).value;
}

bool ComposerWidget::isBodyValid() const
{
    return parseBody(m_body->toPlainText()).valid;
}

QString ComposerWidget::bodyError() const
{
    return parseBody(m_body->toPlainText()).error;
}

DrsCommand ComposerWidget::command() const
{
    return DrsCommand(action(), body());
}

QList<DrsCommand> ComposerWidget::history() const
{
    return m_historyEntries;
}

void ComposerWidget::clearHistory()
{
    m_historyEntries.clear();
    m_historyPosition = -1;
    QSettings().remove(historyKey);
    rebuildHistoryList();
}

bool ComposerWidget::saveAsTemplate(const QString &name, const QString &group)
{
    if (!m_store || name.trimmed().isEmpty() || !checkSendable())
        return false;
    const TemplateStore::Template t { name.trimmed(), group.trimmed(), action(), body() };
    const int existing = m_store->indexOf(t.name, t.group);
    if (existing >= 0)
        return m_store->update(existing, t);
    m_store->add(t);
    return true;
}

void ComposerWidget::loadTemplate(int index)
{
    if (!m_store || index < 0 || index >= m_store->count())
        return;
    const TemplateStore::Template t = m_store->at(index);
    setCommand(DrsCommand(t.action, t.body));
}

void ComposerWidget::setCommand(const DrsCommand &command)
{
    m_historyPosition = -1;
    m_action->setText(command.action());
    m_body->setPlainText(jsonText(command.body(), true));
    validateBody();
}

void ComposerWidget::showCallResult(DrsReply *reply)
{
    if (m_reply)
        disconnect(m_reply, nullptr, this, nullptr);
    m_reply = reply;
    setTextColor(m_resultStatus, palette().color(QPalette::WindowText));
    m_resultTitle->setVisible(reply != nullptr);
    m_resultStatus->setVisible(reply != nullptr);
    if (!reply) {
        m_resultTitle->clear();
        m_resultStatus->clear();
        m_result->clear();
        return;
    }
    const DrsCommand request = reply->request();
    m_resultTitle->setText(tr("%1 (key %2)").arg(request.action(), request.key()));
    if (reply->isFinished()) {
        m_replyTimer.invalidate(); // finished before we saw it: the latency is unknown
        showReplyOutcome(reply);
        m_reply = nullptr;
        return;
    }
    m_replyTimer.start();
    m_resultStatus->setText(tr("pending…"));
    m_result->setPlainText(tr("pending…"));
    connect(reply, &DrsReply::finished, this, &ComposerWidget::replyFinished);
}

bool ComposerWidget::fire()
{
    if (!checkSendable())
        return false;
    const DrsCommand command = this->command();
    addToHistory(command);
    Q_EMIT fireRequested(command);
    return true;
}

bool ComposerWidget::call()
{
    if (!checkSendable())
        return false;
    const DrsCommand command = this->command();
    addToHistory(command);
    Q_EMIT callRequested(command, callTimeout());
    return true;
}

void ComposerWidget::historyBack()
{
    if (m_historyEntries.isEmpty() || m_historyPosition + 1 >= m_historyEntries.size())
        return;
    if (m_historyPosition < 0)
        saveDraft();
    recallHistory(m_historyPosition + 1);
}

void ComposerWidget::historyForward()
{
    if (m_historyPosition < 0)
        return;
    if (m_historyPosition == 0) {
        // Back to what was typed before browsing, exactly as typed (even if invalid).
        m_historyPosition = -1;
        m_action->setText(m_draftAction);
        m_body->setPlainText(m_draftBody);
        m_history->setCurrentIndex(-1);
        validateBody();
        return;
    }
    recallHistory(m_historyPosition - 1);
}

void ComposerWidget::saveAsTemplateInteractively()
{
    if (!m_store || !checkSendable())
        return;
    auto *dialog = new SaveTemplateDialog(m_store, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setName(action());
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { saveAsTemplate(dialog->name(), dialog->group()); });
    dialog->open();
}

void ComposerWidget::manageTemplates()
{
    if (!m_store)
        return;
    auto *dialog = new TemplatesDialog(m_store, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ComposerWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

bool ComposerWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_action && event->type() == QEvent::KeyPress
        && !m_completer->popup()->isVisible()) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() == Qt::NoModifier && key->key() == Qt::Key_Up) {
            historyBack();
            return true;
        }
        if (key->modifiers() == Qt::NoModifier && key->key() == Qt::Key_Down) {
            historyForward();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ComposerWidget::retranslateUi()
{
    m_actionLabel->setText(tr("&Action:"));
    m_action->setPlaceholderText(tr("action, e.g. user.get"));
    m_action->setToolTip(tr("The action to send; Up and Down recall earlier commands."));
    m_history->setPlaceholderText(tr("History"));
    m_history->setToolTip(tr("Commands sent before"));
    m_templatesButton->setText(tr("Te&mplates"));
    m_templatesButton->setToolTip(tr("Saved commands"));
    m_body->setPlaceholderText(tr("JSON body, e.g. {\"id\": 7} (empty: {})"));
    m_timeoutLabel->setText(tr("Call time&out:"));
    m_timeout->setSuffix(tr(" ms"));
    m_timeout->setSpecialValueText(tr("none"));
    m_timeout->setToolTip(tr("How long a call waits for its reply (0: forever)"));
    m_fire->setText(tr("&Fire"));
    m_fire->setToolTip(tr("Send the command one way, without a reply (Ctrl+Shift+Return)"));
    m_call->setText(tr("Ca&ll"));
    m_call->setToolTip(tr("Send the command and wait for its reply (Ctrl+Return)"));
    m_result->setPlaceholderText(tr("The result of a call appears here."));
    rebuildTemplatesMenu();
    validateBody();
}

void ComposerWidget::validateBody()
{
    m_validateTimer.stop();
    const ParsedBody parsed = parseBody(m_body->toPlainText());
    m_bodyError->setText(parsed.error);
    m_bodyError->setVisible(!parsed.valid);
    updateButtons();
}

void ComposerWidget::updateButtons()
{
    const bool haveAction = !action().isEmpty();
    const bool bodyValid = m_bodyError->isHidden();
    m_fire->setEnabled(haveAction && bodyValid);
    m_call->setEnabled(haveAction && bodyValid);
}

bool ComposerWidget::checkSendable()
{
    validateBody();
    if (!isBodyValid()) {
        m_body->setFocus();
        return false;
    }
    if (action().isEmpty()) {
        m_action->setFocus();
        return false;
    }
    return true;
}

void ComposerWidget::addToHistory(const DrsCommand &command)
{
    loadHistory(); // another session may have added commands meanwhile
    const DrsCommand entry(command.action(), command.body());
    m_historyEntries.removeAll(entry);
    m_historyEntries.prepend(entry);
    while (m_historyEntries.size() > HistoryLimit)
        m_historyEntries.removeLast();
    QStringList saved;
    saved.reserve(m_historyEntries.size());
    for (const DrsCommand &c : std::as_const(m_historyEntries))
        saved.append(QString::fromUtf8(c.toJson()));
    QSettings().setValue(historyKey, saved);
    m_historyPosition = -1;
    rebuildHistoryList();
}

void ComposerWidget::loadHistory()
{
    m_historyEntries.clear();
    const QStringList saved = QSettings().value(historyKey).toStringList();
    for (const QString &json : saved) {
        const DrsCommand command = DrsCommand::fromJson(json.toUtf8());
        if (!command.isNull() && m_historyEntries.size() < HistoryLimit)
            m_historyEntries.append(DrsCommand(command.action(), command.body()));
    }
    rebuildHistoryList();
}

void ComposerWidget::rebuildHistoryList()
{
    const QSignalBlocker blocker(m_history);
    m_history->clear();
    for (const DrsCommand &command : std::as_const(m_historyEntries))
        m_history->addItem(historyLabel(command));
    m_history->setCurrentIndex(m_historyPosition < m_historyEntries.size() ? m_historyPosition
                                                                           : -1);
    m_history->setEnabled(!m_historyEntries.isEmpty());
}

void ComposerWidget::recallHistory(int position)
{
    const DrsCommand command = m_historyEntries.value(position);
    m_action->setText(command.action());
    m_body->setPlainText(jsonText(command.body(), true));
    m_historyPosition = position;
    m_history->setCurrentIndex(position);
    validateBody();
}

void ComposerWidget::saveDraft()
{
    m_draftAction = m_action->text();
    m_draftBody = m_body->toPlainText();
}

void ComposerWidget::historyActivated(int index)
{
    if (index < 0 || index >= m_historyEntries.size())
        return;
    if (m_historyPosition < 0)
        saveDraft();
    recallHistory(index);
}

void ComposerWidget::rebuildTemplatesMenu()
{
    m_templatesMenu->clear();
    QAction *save = m_templatesMenu->addAction(tr("&Save as Template…"));
    save->setObjectName(QStringLiteral("composerSaveTemplate"));
    connect(save, &QAction::triggered, this, &ComposerWidget::saveAsTemplateInteractively);
    QAction *manage = m_templatesMenu->addAction(tr("&Manage Templates…"));
    manage->setObjectName(QStringLiteral("composerManageTemplates"));
    connect(manage, &QAction::triggered, this, &ComposerWidget::manageTemplates);
    m_templatesMenu->addSeparator();
    if (!m_store || m_store->count() == 0) {
        m_templatesMenu->addAction(tr("No templates"))->setEnabled(false);
        return;
    }
    QMap<QString, QMenu *> groupMenus;
    for (const QString &group : m_store->groups())
        groupMenus.insert(group, m_templatesMenu->addMenu(group));
    const QList<TemplateStore::Template> templates = m_store->templates();
    for (int i = 0; i < templates.size(); ++i) {
        const TemplateStore::Template &t = templates.at(i);
        QMenu *menu = t.group.isEmpty() ? m_templatesMenu : groupMenus.value(t.group);
        QAction *load = menu->addAction(t.name);
        load->setToolTip(t.action);
        load->setData(i);
        connect(load, &QAction::triggered, this, [this, i] { loadTemplate(i); });
    }
}

void ComposerWidget::replyFinished()
{
    if (!m_reply)
        return;
    DrsReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    showReplyOutcome(reply);
}

void ComposerWidget::showReplyOutcome(DrsReply *reply)
{
    QString status;
    QString detail;
    bool success = false;
    switch (reply->error()) {
    case DrsReply::NoError:
        status = DrsCommand::responseAction();
        detail = jsonText(reply->result(), true);
        success = true;
        break;
    case DrsReply::RemoteError:
        status = QStringLiteral("%1: %2").arg(DrsCommand::errorAction(), reply->errorString());
        detail = jsonText(reply->errorBody(), true);
        break;
    case DrsReply::RemoteException:
        status = QStringLiteral("%1: %2").arg(DrsCommand::exceptionAction(), reply->errorString());
        detail = jsonText(reply->errorBody(), true);
        break;
    case DrsReply::Timeout:
        status = tr("timeout");
        break;
    case DrsReply::ConnectionClosed:
        status = tr("connection closed");
        detail = reply->errorString();
        break;
    case DrsReply::Aborted:
        status = tr("aborted");
        break;
    }
    QString latency;
    if (m_replyTimer.isValid()) {
        latency = tr("%1 ms").arg(
                QLocale().toString(double(m_replyTimer.nsecsElapsed()) / 1e6, 'f', 1));
    }
    m_resultStatus->setText(latency.isEmpty() ? status : tr("%1 · %2").arg(status, latency));
    setTextColor(m_resultStatus, success ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
    QString text = status;
    if (!latency.isEmpty())
        text += u'\n' + latency;
    if (!detail.isEmpty())
        text += QStringLiteral("\n\n") + detail;
    m_result->setPlainText(text);
}
