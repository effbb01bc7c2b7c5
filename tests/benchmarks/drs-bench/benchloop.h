// Event-loop helpers of drs-bench: a bounded local loop for one run, and a pacer that writes a
// long sequence in chunks while the event loop keeps the sockets moving.
#ifndef BENCHLOOP_H
#define BENCHLOOP_H

#include <QtCore/QEventLoop>
#include <QtCore/QObject>
#include <QtCore/QSocketNotifier>
#include <QtCore/QString>
#include <QtCore/QTimer>

#include <functional>

namespace Bench {

/*!
    Runs a local event loop until finish() or fail() is called, or \a timeoutMs pass. exec()
    throws BenchError on failure or timeout, so every wait of the bench is bounded.
*/
class RunLoop {
public:
    RunLoop(int timeoutMs, const QString &what);
    void finish();
    void fail(const QString &message);
    bool isOver() const { return m_over; }
    void exec();

private:
    QEventLoop m_loop;
    QString m_what;
    QString m_error;
    int m_timeoutMs;
    bool m_over = false;
};

/*!
    Calls \a step (which writes one chunk and returns false once everything is written) from the
    event loop, one call per turn, holding back while \a backlog (bytes queued, not yet handed to
    the kernel) is above \a highWater. The same pacing serves qtdrs and raw writers.
*/
class Pacer : public QObject {
public:
    Pacer(std::function<bool()> step, std::function<qint64()> backlog, qint64 highWater,
          QObject *parent = nullptr);
    void start();

private:
    void next();

    std::function<bool()> m_step;
    std::function<qint64()> m_backlog;
    qint64 m_highWater;
    QTimer m_timer;
};

/*!
    Reads the controller's command lines from stdin without blocking; emits closed() at end of
    file (the controller stopped us, or died), which is the server process's cue to exit.
*/
class StdinReader : public QObject {
    Q_OBJECT
public:
    explicit StdinReader(QObject *parent = nullptr);

Q_SIGNALS:
    void lineReceived(const QByteArray &line);
    void closed();

private:
    void readInput();

    QSocketNotifier *m_notifier;
    QByteArray m_pending;
};

} // namespace Bench

#endif // BENCHLOOP_H
