// The `drs` command line: call, fire, watch and serve DRS endpoints from a shell.
#ifndef DRSCLI_H
#define DRSCLI_H

#include <drsconnection.h>
#include <drsserver.h>

#include <QJsonValue>
#include <QObject>
#include <QStringList>
#include <QUrl>

class DrsCli : public QObject {
    Q_OBJECT
public:
    // The exit codes scripts can rely on.
    enum ExitCode {
        Success = 0,
        UsageError = 1,
        ConnectionFailure = 2,
        TimedOut = 3,
        RemoteError = 4,
        RemoteException = 5
    };

    struct Options {
        int timeoutMs = 30000;
        bool cbor = false;
        bool pretty = false;
        bool echo = false;
    };

    explicit DrsCli(const Options &options, QObject *parent = nullptr);

    // Each starts the work and reports the outcome through finished(); they return at once.
    void call(const QUrl &url, const QString &action, const QJsonValue &body);
    void fire(const QUrl &url, const QString &action, const QJsonValue &body);
    void watch(const QUrl &url);
    bool serve(const QList<QUrl> &urls);

    //! Writes \a value to stdout as one line of JSON (indented over several with --pretty).
    void printJson(const QJsonValue &value) const;
    //! Writes "drs: message" to stderr.
    static void printError(const QString &message);

Q_SIGNALS:
    void finished(int exitCode);

private:
    DrsConnection *openConnection(const QUrl &url);
    void fail(int exitCode, const QString &message);

    Options m_options;
    DrsConnection *m_connection = nullptr;
    DrsServer *m_server = nullptr;
    bool m_done = false;
};

#endif // DRSCLI_H
