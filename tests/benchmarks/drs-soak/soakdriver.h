// The client side of drs-soak: many DrsConnections driving a random mix of fires and calls, with
// random disconnects, and the accounting that tells whether any call was lost or answered twice.
#ifndef SOAKDRIVER_H
#define SOAKDRIVER_H

#include <drsconnection.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>
#include <QtCore/QUrl>

#include <vector>

namespace Soak {

struct Options {
    int clients = 2000;
    qint64 ops = 1000000;
    QStringList transports { QStringLiteral("tcp"), QStringLiteral("local"), QStringLiteral("ws") };
    double disconnectRate = 0.001; //!< chance, per operation, that some client drops
    int window = 0; //!< calls in flight at once; 0: one per client
    int timeoutSecs = 1800;
    quint32 seed = 0;
    bool json = false;
};

struct RssSample {
    double seconds;
    qint64 rssKiB;
};

//! What happened, for the report.
struct Counters {
    qint64 fires = 0;
    qint64 firesSentConnected = 0;
    qint64 firesQueued = 0; //!< accepted while (re)connecting, sent later unless the link closed
    qint64 firesRefused = 0; //!< fire() returned false
    qint64 calls = 0;
    qint64 callsOk = 0;
    qint64 callsRemoteError = 0;
    qint64 callsRemoteException = 0;
    qint64 callsClosed = 0; //!< ConnectionClosed: the link dropped under them
    qint64 callsOtherError = 0; //!< Timeout or Aborted: never expected here
    qint64 callsWrong = 0; //!< an outcome the action cannot have (echo answered drs.error, ...)
    qint64 duplicated = 0; //!< a second reply for one key, or finished() twice
    qint64 strayReplies = 0; //!< a reply for a key no call waits for on that link
    qint64 closes = 0;
    qint64 aborts = 0;
};

class SoakDriver : public QObject {
    Q_OBJECT
public:
    SoakDriver(const Options &options, const QList<QUrl> &urls, qint64 serverPid,
               QObject *parent = nullptr);

    //! Connects every client, then runs the operations; finished() follows.
    void start();

    const Counters &counters() const { return m_counters; }
    //! Calls not finished when the operations ended (or stalled, or the time ran out).
    qint64 lost() const { return m_lostAtEnd; }
    qint64 finishedCalls() const;
    double connectSeconds() const { return m_connectSeconds; }
    double runSeconds() const { return m_runSeconds; }
    bool timedOut() const { return m_timedOut; }
    QList<RssSample> samples() const { return m_samples; }
    qint64 rssAtEndOfOps() const { return m_rssAtEnd; }
    qint64 serverPeakKiB() const { return m_serverPeak; }
    qint64 serverTicks() const { return m_serverTicks; }
    qint64 rssAfterClose() const { return m_rssAfterClose; }
    int connectionsAfterClose() const { return m_connectionsAfterClose; }
    QHash<QString, int> clientsPerTransport() const;

Q_SIGNALS:
    void finished();

private:
    struct Client {
        DrsConnection *connection = nullptr;
        QUrl url;
        QString transport;
        qint64 lastDropMs = -1; // for the report of lost calls
        bool lastDropWasClose = false;
        int connects = 0;
        qint64 lastConnectMs = -1;
    };
    enum Action { Echo, Slow, Fail, Throw };

    void connectNextBatch();
    void topUp();
    void issueOne();
    void issueCall(int index, Action action);
    void onReply(DrsReply *reply, Action action, const QJsonObject &body);
    void onCommand(const DrsCommand &command);
    void disrupt();
    void maybeDone();
    void endOfOps();
    void barrierDone();
    void queryStats();
    void closeClients();
    void sample();
    void finish(bool timedOut);

    Options m_options;
    QList<QUrl> m_urls;
    qint64 m_serverPid;
    QRandomGenerator m_random;
    std::vector<Client> m_clients;
    int m_window = 0;
    int m_inFlight = 0;
    qint64 m_issued = 0;
    bool m_topping = false;
    bool m_opsDone = false;
    bool m_finished = false;
    bool m_timedOut = false;
    Counters m_counters;
    QHash<QString, DrsConnection *> m_onWire; // key -> the connection it was called on
    struct Unfinished {
        int client;
        Action action;
        DrsConnection::State stateAtCall;
        qint64 calledAtMs;
    };
    QHash<DrsReply *, Unfinished> m_unfinished; // for the report of lost calls
    QHash<QString, QString> m_replySeen; // key -> reply action, while its call is unfinished
    void reportLost();
    int m_barrierPending = 0;
    DrsConnection *m_control = nullptr;

    QElapsedTimer m_clock;
    QElapsedTimer m_runClock;
    QElapsedTimer m_progress; // since the last call finished
    qint64 m_lostAtEnd = 0;
    double m_connectSeconds = 0;
    double m_runSeconds = 0;
    QTimer m_sampler;
    QTimer m_watchdog;
    QList<RssSample> m_samples;
    qint64 m_rssAtEnd = -1;
    qint64 m_serverPeak = -1;
    qint64 m_serverTicks = -1;
    qint64 m_rssAfterClose = -1;
    int m_connectionsAfterClose = -1;
    int m_connectedTarget = 0;
};

} // namespace Soak

#endif // SOAKDRIVER_H
