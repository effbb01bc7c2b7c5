#include "drscli.h"

#include <drstransport.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>

#include <cstdio>

DrsCli::DrsCli(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
}

void DrsCli::printJson(const QJsonValue &value) const
{
    // QJsonDocument writes only objects and arrays: wrap scalars in an array and unwrap.
    QByteArray text
            = QJsonDocument(QJsonArray { value })
                      .toJson(m_options.pretty ? QJsonDocument::Indented : QJsonDocument::Compact);
    if (m_options.pretty) {
        // "[\n    value\n]\n": drop the brackets and one level of indentation.
        text = text.mid(2, text.size() - 5).replace("\n    ", "\n");
        text = text.trimmed();
    } else {
        text = text.mid(1, text.size() - 2);
    }
    text.append('\n');
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fflush(stdout);
}

void DrsCli::printError(const QString &message)
{
    std::fprintf(stderr, "drs: %s\n", qPrintable(message));
    std::fflush(stderr);
}

void DrsCli::fail(int exitCode, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    printError(message);
    Q_EMIT finished(exitCode);
}

DrsConnection *DrsCli::openConnection(const QUrl &url)
{
    m_connection = new DrsConnection(this);
    if (m_options.cbor)
        m_connection->setEncoding(DrsCommand::CborEncoding);
    m_connection->setCallTimeout(m_options.timeoutMs);
    m_connection->open(url);
    return m_connection;
}

void DrsCli::call(const QUrl &url, const QString &action, const QJsonValue &body)
{
    DrsReply *reply = openConnection(url)->call(action, body);
    connect(reply, &DrsReply::finished, this, [this, reply, url] {
        switch (reply->error()) {
        case DrsReply::NoError:
            printJson(reply->result());
            m_done = true;
            Q_EMIT finished(Success);
            return;
        case DrsReply::RemoteError:
            fail(RemoteError, QStringLiteral("drs.error: %1").arg(reply->errorString()));
            return;
        case DrsReply::RemoteException:
            fail(RemoteException, QStringLiteral("drs.exception: %1").arg(reply->errorString()));
            return;
        case DrsReply::Timeout:
            fail(TimedOut,
                 QStringLiteral("no answer from %1 within %2 ms")
                         .arg(url.toString())
                         .arg(m_options.timeoutMs));
            return;
        case DrsReply::ConnectionClosed:
        case DrsReply::Aborted:
            fail(ConnectionFailure,
                 QStringLiteral("%1: %2").arg(url.toString(), reply->errorString()));
            return;
        }
    });
}

void DrsCli::fire(const QUrl &url, const QString &action, const QJsonValue &body)
{
    DrsConnection *connection = openConnection(url);
    if (!connection->fire(action, body)) {
        fail(ConnectionFailure, QStringLiteral("%1: cannot send").arg(url.toString()));
        return;
    }
    connect(connection, &DrsConnection::errorOccurred, this, [this, connection, url] {
        if (connection->state() != DrsConnection::ConnectedState)
            fail(ConnectionFailure,
                 QStringLiteral("%1: %2").arg(url.toString(), connection->errorString()));
    });
    connect(connection, &DrsConnection::connected, this, [this, connection] {
        // The queued fire went out on connecting. Close gracefully and finish once the
        // transport has written everything and is gone.
        QPointer<DrsTransport> transport = connection->transport();
        connection->close();
        if (!transport) {
            m_done = true;
            Q_EMIT finished(Success);
            return;
        }
        connect(transport, &QObject::destroyed, this, [this] {
            if (!m_done) {
                m_done = true;
                Q_EMIT finished(Success);
            }
        });
        QTimer::singleShot(m_options.timeoutMs, this, [this] {
            fail(TimedOut, QStringLiteral("the command could not be delivered in time"));
        });
    });
}

void DrsCli::watch(const QUrl &url)
{
    DrsConnection *connection = openConnection(url);
    connect(connection, &DrsConnection::commandReceived, this,
            [this](const DrsCommand &command) { printJson(command.toJsonObject()); });
    connect(connection, &DrsConnection::errorOccurred, this, [this, connection, url] {
        if (connection->state() != DrsConnection::ConnectedState)
            fail(ConnectionFailure,
                 QStringLiteral("%1: %2").arg(url.toString(), connection->errorString()));
    });
    connect(connection, &DrsConnection::disconnected, this, [this, url] {
        fail(ConnectionFailure, QStringLiteral("%1: the connection closed").arg(url.toString()));
    });
}

bool DrsCli::serve(const QList<QUrl> &urls)
{
    m_server = new DrsServer(this);
    if (m_options.echo)
        m_server->on(QStringLiteral("*"), [](const DrsCommand &command) { return command.body(); });
    if (!m_server->listen(urls)) {
        fail(ConnectionFailure, m_server->errorString());
        return false;
    }
    connect(m_server, &DrsServer::commandReceived, this,
            [this](DrsConnection *, const DrsCommand &command) {
                printJson(command.toJsonObject());
            });
    connect(m_server, &DrsServer::clientConnected, this, [](DrsConnection *client) {
        printError(QStringLiteral("client %1 connected").arg(client->peerName()));
    });
    connect(m_server, &DrsServer::clientDisconnected, this, [](DrsConnection *client) {
        printError(QStringLiteral("client %1 disconnected").arg(client->peerName()));
    });
    for (const QUrl &url : m_server->serverUrls())
        printError(QStringLiteral("serving %1").arg(url.toString()));
    return true;
}
