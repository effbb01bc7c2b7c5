// SessionWidget: one tab of the inspector. A session is a client (one DrsConnection that
// reconnects by itself), a server (a DrsServer listening on one or more URLs, with its clients
// listed), or a read-only log imported from a file. It feeds every command in and out into its
// TrafficLogModel and shows it: the log with its filter bar, the selected command in detail, the
// composer, and (listening) the clients and the chooser of whom to send to.
#ifndef SESSIONWIDGET_H
#define SESSIONWIDGET_H

#include "trafficlogmodel.h"

#include <drsconnection.h>

#include <QtCore/QHash>
#include <QtWidgets/QWidget>

class ClientListWidget;
class ComposerWidget;
class DetailPane;
class DrsServer;
class FilterBar;
class QComboBox;
class QLabel;
class QPushButton;
class QSettings;
class QSplitter;
class QTableView;
class TrafficFilterModel;
class TrafficStats;
class UrlBar;

class SessionWidget : public QWidget {
    Q_OBJECT
public:
    enum Mode { ClientMode, ListenMode, ImportedMode };
    Q_ENUM(Mode)
    enum State {
        UnconnectedState,
        ConnectingState,
        ConnectedState,
        ReconnectingState,
        ListeningState,
        ImportedState
    };
    Q_ENUM(State)

    explicit SessionWidget(Mode mode, QWidget *parent = nullptr);
    ~SessionWidget() override;

    Mode mode() const { return m_mode; }
    bool isReadOnly() const { return m_mode == ImportedMode; }
    State state() const;
    //! "Connected", "Listening, 2 clients", ... for the status bar.
    QString stateText() const;
    //! The colour of the state's dot: green up, amber on the way, red after an error.
    QColor stateColor() const;
    //! The tab's title.
    QString title() const;
    //! The message shown above the log (the last error), empty when none.
    QString message() const;

    // ---- client mode ----
    /*!
        Connects to the endpoint \a text names (see DrsTransport::urlFromUserInput()). A text that
        names none is refused at once with a message; an unreachable endpoint reports its error
        and is retried with backoff until Disconnect.
    */
    bool connectTo(const QString &text);
    void disconnectFromPeer();
    //! Drops the connection and opens it again now.
    void reconnect();
    DrsConnection *connection() const { return m_connection; }
    UrlBar *urlBar() const { return m_urlBar; }

    // ---- listen mode ----
    //! Serves \a urls (all or none); false with a message when one cannot be served.
    bool listen(const QList<QUrl> &urls);
    void stopListening();
    DrsServer *server() const { return m_server; }
    //! The URLs served, with the ports the system chose.
    QList<QUrl> serverUrls() const;
    //! The URLs given to listen().
    QList<QUrl> listenUrls() const { return m_listenUrls; }
    QList<DrsConnection *> clients() const;
    //! The name a client's rows show as their peer.
    QString peerName(DrsConnection *client) const;
    //! Whom fire and call go to: one client, or null for every client.
    DrsConnection *target() const;
    void setTarget(DrsConnection *client);
    ClientListWidget *clientList() const { return m_clientList; }
    QComboBox *targetCombo() const { return m_targetCombo; }

    // ---- sending (client and listen mode) ----
    //! Sends \a command one way to the peer, the target client or every client; false if it
    //! reached nobody.
    bool fire(const DrsCommand &command);
    /*!
        Calls \a command on the peer, the target client, or each client; returns the replies
        (deleted after they finish). A timeout marks the request TimedOut in the log.
    */
    QList<DrsReply *> call(const DrsCommand &command, int timeoutMs);
    //! Sends \a commands again in order: keyed ones as new calls, keyless ones as fires.
    int replay(const QList<DrsCommand> &commands);
    bool canSend() const;

    // ---- the log ----
    TrafficLogModel *model() const { return m_model; }
    TrafficFilterModel *filterModel() const { return m_filterModel; }
    TrafficStats *stats() const { return m_stats; }
    QTableView *logView() const { return m_logView; }
    FilterBar *filterBar() const { return m_filterBar; }
    DetailPane *detailPane() const { return m_detailPane; }
    ComposerWidget *composer() const { return m_composer; }

    //! The selected rows' records, in log order.
    QList<TrafficRecord> selectedRecords() const;
    //! The selected commands as indented JSON: one object, or an array for several.
    QString selectionAsJson() const;
    //! Selects the row of record \a id (clearing the filter if it hides it); false if evicted.
    bool selectRecord(quint64 id);
    //! Adds records read from a file to this log (they are paired again).
    void importRecords(const QList<TrafficRecord> &records);
    //! Names an imported session after its file.
    void setSourceFile(const QString &fileName);
    void clearLog();

    void setAutoscrollPaused(bool paused);
    bool isAutoscrollPaused() const { return m_autoscrollPaused; }
    //! Whether new rows scroll into view: not paused, and the user has not scrolled up.
    bool isFollowingTail() const { return m_followTail && !m_autoscrollPaused; }

    //! Splitter and header state, kept per mode in \a settings.
    void saveLayout(QSettings *settings) const;
    void restoreLayout(QSettings *settings);

Q_SIGNALS:
    void stateChanged(SessionWidget::State state);
    void titleChanged(const QString &title);
    void messageChanged(const QString &message);
    void countsChanged(int shown, int total);
    void selectionChanged();

private:
    void buildClientBar(QWidget *bar);
    void buildListenBar(QWidget *bar);
    void buildLog();
    void setupClientConnection();
    void setupServer();
    void addClient(DrsConnection *client);
    void removeClient(DrsConnection *client);
    void trackReply(DrsReply *reply, const QString &peer);
    void onCurrentRowChanged();
    void onConnectionError(DrsConnection::Error error);
    void showMessage(const QString &text, bool error = true);
    void updateState();
    void updateButtons();
    void scrollToTailIfFollowing();
    void showContextMenu(const QPoint &pos);
    QString modeKey() const;

    const Mode m_mode;
    QString m_sourceFile;
    QString m_peer; // client mode: the URL, as the rows show it
    QString m_message;
    bool m_messageIsError = false;

    DrsConnection *m_connection = nullptr;
    DrsServer *m_server = nullptr;
    QList<QUrl> m_listenUrls;
    QHash<DrsConnection *, QString> m_peers; // listen mode: each client's name in the log

    TrafficLogModel *m_model = nullptr;
    TrafficFilterModel *m_filterModel = nullptr;
    TrafficStats *m_stats = nullptr;

    UrlBar *m_urlBar = nullptr;
    QComboBox *m_encodingCombo = nullptr;
    QPushButton *m_connectButton = nullptr;
    QPushButton *m_disconnectButton = nullptr;
    QPushButton *m_reconnectButton = nullptr;
    QLabel *m_listenLabel = nullptr;
    QPushButton *m_listenButton = nullptr;
    QLabel *m_messageLabel = nullptr;
    FilterBar *m_filterBar = nullptr;
    QTableView *m_logView = nullptr;
    DetailPane *m_detailPane = nullptr;
    ComposerWidget *m_composer = nullptr;
    QWidget *m_composerBox = nullptr;
    QComboBox *m_targetCombo = nullptr;
    ClientListWidget *m_clientList = nullptr;
    QWidget *m_clientsBox = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_logSplitter = nullptr;
    QSplitter *m_sideSplitter = nullptr;

    bool m_autoscrollPaused = false;
    bool m_followTail = true;
};

#endif // SESSIONWIDGET_H
