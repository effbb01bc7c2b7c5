// ComposerWidget: writes a command (action + JSON body) and fires or calls it; shows the call's
// result beside the request; keeps a history of sent commands and saved templates.
#ifndef COMPOSERWIDGET_H
#define COMPOSERWIDGET_H

#include <drscommand.h>
#include <drsreply.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonValue>
#include <QtCore/QPointer>
#include <QtCore/QTimer>
#include <QtWidgets/QWidget>

class QComboBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QSplitter;
class QStringListModel;
class QToolButton;
class TemplateStore;

/*!
    The composer of a session. The user types an action (completed from the actions seen so
    far, see setActionCompletions()) and a JSON body of any type (highlighted and validated as
    they type: an invalid body shows "line L, column C: reason" and refuses Fire and Call), then
    fires it (fireRequested()) or calls it (callRequested(), Ctrl+Return) with the timeout of the
    spin box. The session sends it and hands the DrsReply to showCallResult(), which shows the
    result or the error and the latency beside the request.

    Every command sent goes into a history (the last 100, kept in QSettings under
    "composer/history", recalled with Up/Down in the action field or from the history list).
    Commands can be saved as named, grouped templates in a TemplateStore shared by the
    sessions, and loaded again from the Templates menu.
*/
class ComposerWidget : public QWidget {
    Q_OBJECT
public:
    static constexpr int HistoryLimit = 100;

    explicit ComposerWidget(QWidget *parent = nullptr);
    ~ComposerWidget() override;

    void setActionCompletions(const QStringList &actions);
    QStringList actionCompletions() const;

    //! The store whose templates the Templates menu offers; not owned, may be shared.
    void setTemplateStore(TemplateStore *store);
    TemplateStore *templateStore() const;

    //! The call timeout in ms (0: wait forever).
    int callTimeout() const;
    void setCallTimeout(int msecs);

    QString action() const;
    //! The body typed, parsed; an empty editor is the empty object.
    QJsonValue body() const;
    bool isBodyValid() const;
    //! "line L, column C: reason" for an invalid body, else empty.
    QString bodyError() const;
    //! The command as it would be sent (without a key).
    DrsCommand command() const;

    //! Sent commands, newest first.
    QList<DrsCommand> history() const;
    void clearHistory();

    //! Saves the current command as template \a name in \a group (replacing one of that name).
    bool saveAsTemplate(const QString &name, const QString &group = QString());
    //! Loads the template at \a index of the store.
    void loadTemplate(int index);
    //! The Templates menu (save, manage, then the templates by group).
    QMenu *templatesMenu() const { return m_templatesMenu; }

public Q_SLOTS:
    //! Loads the action and the body of \a command (from the log, a replay or a template).
    void setCommand(const DrsCommand &command);
    /*!
        Shows "pending…" for \a reply, then its result or error and the latency once it
        finishes. The reply is not owned: whoever called deletes it (after finished()).
    */
    void showCallResult(DrsReply *reply);
    //! Emits fireRequested() when the command is valid.
    bool fire();
    //! Emits callRequested() when the command is valid.
    bool call();
    //! Recalls the previous (older) command of the history.
    void historyBack();
    //! Recalls the next (newer) command of the history, then what was typed before.
    void historyForward();
    //! Asks for a name and group, then saves the command as a template.
    void saveAsTemplateInteractively();
    //! Opens the dialog that renames, regroups, reorders and deletes templates.
    void manageTemplates();

Q_SIGNALS:
    void fireRequested(const DrsCommand &command);
    void callRequested(const DrsCommand &command, int timeoutMs);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslateUi();
    void validateBody();
    void updateButtons();
    bool checkSendable();
    void addToHistory(const DrsCommand &command);
    void loadHistory();
    void rebuildHistoryList();
    void recallHistory(int position);
    void saveDraft();
    void historyActivated(int index);
    void rebuildTemplatesMenu();
    void replyFinished();
    void showReplyOutcome(DrsReply *reply);

    QLabel *m_actionLabel;
    QLineEdit *m_action;
    QStringListModel *m_completionModel;
    QCompleter *m_completer;
    QComboBox *m_history;
    QToolButton *m_templatesButton;
    QMenu *m_templatesMenu;
    QSplitter *m_splitter;
    QPlainTextEdit *m_body;
    QLabel *m_bodyError;
    QLabel *m_resultTitle;
    QLabel *m_resultStatus;
    QPlainTextEdit *m_result;
    QLabel *m_timeoutLabel;
    QSpinBox *m_timeout;
    QPushButton *m_fire;
    QPushButton *m_call;
    QTimer m_validateTimer;

    QPointer<TemplateStore> m_store;
    QList<DrsCommand> m_historyEntries;
    int m_historyPosition = -1; // -1: the draft, not a history entry
    QString m_draftAction; // what was typed before browsing the history
    QString m_draftBody;

    QPointer<DrsReply> m_reply;
    QElapsedTimer m_replyTimer;

    Q_DISABLE_COPY(ComposerWidget)
};

#endif // COMPOSERWIDGET_H
