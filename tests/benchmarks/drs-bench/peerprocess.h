// PeerProcess: the server half of a run, drs-bench itself re-run with --role server in a child
// process. It reports on its stdout ("listening <url>", "connected <n>", "done <count> <sum>")
// and takes commands on its stdin ("go"); closing its stdin makes it exit.
#ifndef PEERPROCESS_H
#define PEERPROCESS_H

#include "benchcommon.h"

#include <QtCore/QObject>
#include <QtCore/QProcess>
#include <QtCore/QStringList>

namespace Bench {

class PeerProcess : public QObject {
    Q_OBJECT
public:
    explicit PeerProcess(const RunSpec &spec, QObject *parent = nullptr);
    //! Stops the child if it still runs.
    ~PeerProcess() override;

    //! Starts the child and waits (bounded) until it listens; throws BenchError otherwise.
    void start();
    //! Asks the child to exit (stdin closed), then terminates and kills it if it lingers.
    void stop();

    QUrl url() const { return m_url; }
    qint64 pid() const { return m_process.processId(); }
    //! The latest "connected <n>" figure the child reported.
    int connectedCount() const { return m_connected; }
    //! Sends one command line to the child's stdin.
    void send(const QByteArray &line);

    //! The arguments that make drs-bench serve \a spec.
    static QStringList arguments(const RunSpec &spec);

Q_SIGNALS:
    //! A report line from the child, split at spaces ("done", "200000", "19999900000").
    void reported(const QList<QByteArray> &fields);
    //! The child exited or crashed before stop().
    void failed(const QString &error);

private:
    void readReports();

    RunSpec m_spec;
    QProcess m_process;
    QByteArray m_pending;
    QUrl m_url;
    int m_connected = 0;
    bool m_stopping = false;
};

} // namespace Bench

#endif // PEERPROCESS_H
