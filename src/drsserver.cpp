#include "drsserver.h"
#include "drsconnection.h"
#include "drsconnection_p.h"
#include "drsserver_p.h"
#include "drsstreamdecoder_p.h"

#include <QtCore/QPointer>

Q_LOGGING_CATEGORY(lcDrsServer, "qtdrs.server", QtInfoMsg)

void DrsServerPrivate::accept(DrsTransport *transport)
{
    Q_Q(DrsServer);
    auto *connection = new DrsConnection(q);
    DrsConnectionPrivate *c = connection->d_func();
    c->server = q;
    c->encodingFromPeer = true;
    c->maxMessageSize = maxMessageSize;
    c->maxPendingCalls = maxPendingCalls;
    c->idleTimeout = idleTimeout;
    c->heartbeatInterval = heartbeatInterval;
    c->heartbeatTimeout = heartbeatTimeout;
    c->slowConsumerLimit = slowConsumerLimit;
    c->attachTransport(transport);
    c->state = DrsConnection::ConnectedState;
    c->peerName = transport->peerName();
    c->startLiveness();

    if (acceptHook && !acceptHook(connection)) {
        qCInfo(lcDrsServer, "client %s refused by the accept hook",
               qPrintable(transport->peerName()));
        c->detachTransport(false);
        connection->deleteLater();
        return;
    }
    connections.append(connection);
    qCDebug(lcDrsServer, "client %s connected", qPrintable(transport->peerName()));
    QPointer<DrsConnection> guard(connection);
    Q_EMIT q->clientConnected(connection);
    Q_EMIT q->connectionCountChanged();
    // The client may have spoken (or gone) before we were listening to it.
    if (guard && c->transport) {
        if (!c->transport->isConnected())
            c->onDisconnected();
        else if (c->transport->framing() == DrsTransport::StreamFraming)
            c->onReadyRead();
    }
}

void DrsServerPrivate::removeConnection(DrsConnection *connection)
{
    Q_Q(DrsServer);
    if (!connections.removeOne(connection))
        return;
    qCDebug(lcDrsServer, "client %s disconnected", qPrintable(connection->peerName()));
    Q_EMIT q->clientDisconnected(connection);
    Q_EMIT q->connectionCountChanged();
    connection->deleteLater();
}

DrsServer::DrsServer(QObject *parent)
    : QObject(parent)
    , d_ptr(new DrsServerPrivate(this))
{
    Q_D(DrsServer);
    d->publications.setSink([d](const DrsCommand &command, DrsConnection *except) {
        d->broadcast(command, except);
    });
}

DrsServer::~DrsServer()
{
    Q_D(DrsServer);
    for (DrsListener *listener : std::as_const(d->listeners))
        listener->close();
    // Connections are children: they go with us, without reporting to a half-destroyed server.
    for (DrsConnection *connection : std::as_const(d->connections))
        connection->d_func()->server = nullptr;
}

bool DrsServer::listen(const QUrl &url)
{
    Q_D(DrsServer);
    QString error;
    DrsListener *listener = DrsListener::create(url, &error);
    if (!listener) {
        d->errorString = error;
        qCWarning(lcDrsServer, "%s", qPrintable(error));
        return false;
    }
    listener->setParent(this);
    if (d->sslConfiguration)
        listener->setSslConfiguration(*d->sslConfiguration);
    listener->setHandshakeTimeout(d->handshakeTimeout);
    listener->setAllowedOrigins(d->allowedOrigins);
    if (!listener->listen(url)) {
        d->errorString = listener->errorString();
        qCWarning(lcDrsServer, "%s", qPrintable(d->errorString));
        delete listener;
        return false;
    }
    connect(listener, &DrsListener::newTransport, this,
            [d](DrsTransport *transport) { d->accept(transport); });
    d->listeners.append(listener);
    qCInfo(lcDrsServer, "serving %s", qPrintable(listener->url().toString()));
    Q_EMIT listeningChanged();
    return true;
}

bool DrsServer::listen(const QList<QUrl> &urls)
{
    Q_D(DrsServer);
    const qsizetype before = d->listeners.size();
    for (const QUrl &url : urls) {
        if (!listen(url)) {
            const QString error = d->errorString;
            while (d->listeners.size() > before) {
                DrsListener *listener = d->listeners.takeLast();
                listener->close();
                delete listener;
            }
            d->errorString = error;
            Q_EMIT listeningChanged();
            return false;
        }
    }
    return true;
}

void DrsServer::close()
{
    Q_D(DrsServer);
    const bool wasListening = !d->listeners.isEmpty();
    for (DrsListener *listener : std::exchange(d->listeners, {})) {
        listener->close();
        listener->deleteLater();
    }
    const QList<DrsConnection *> connections = d->connections;
    for (DrsConnection *connection : connections)
        connection->close();
    if (wasListening)
        Q_EMIT listeningChanged();
}

bool DrsServer::isListening() const
{
    return !d_func()->listeners.isEmpty();
}

QList<QUrl> DrsServer::serverUrls() const
{
    QList<QUrl> urls;
    for (const DrsListener *listener : d_func()->listeners)
        urls.append(listener->url());
    return urls;
}

QString DrsServer::errorString() const
{
    return d_func()->errorString;
}
QList<DrsConnection *> DrsServer::connections() const
{
    return d_func()->connections;
}
int DrsServer::connectionCount() const
{
    return int(d_func()->connections.size());
}
void DrsServer::setAcceptHook(AcceptHook hook)
{
    d_func()->acceptHook = std::move(hook);
}

int DrsServer::broadcast(const QString &action, const QJsonValue &body)
{
    return broadcast(DrsCommand(action, body));
}

int DrsServer::broadcast(const DrsCommand &command)
{
    return d_func()->broadcast(command, nullptr);
}

bool DrsServer::publish(QObject *object, const QString &prefix, const QStringList &signalNames)
{
    return d_func()->publications.publish(object, prefix, signalNames);
}

void DrsServer::unpublish(QObject *object)
{
    d_func()->publications.unpublish(object);
}

bool DrsServer::isPublished(const QObject *object) const
{
    return d_func()->publications.isPublished(object);
}

int DrsServerPrivate::broadcast(const DrsCommand &command, DrsConnection *except)
{
    // One encoding per (encoding, framing) in use, the same bytes written to every client.
    QByteArray frames[2][2];
    int count = 0;
    const QList<DrsConnection *> clients = connections;
    for (DrsConnection *connection : clients) {
        if (connection == except)
            continue;
        DrsConnectionPrivate *c = connection->d_func();
        if (!c->transport || !c->transport->isConnected() || c->dropPending)
            continue;
        if (slowConsumerPolicy == DrsServer::DropBroadcasts && slowConsumerLimit > 0
            && c->transport->bytesToWrite() > slowConsumerLimit) {
            if (c->droppedBroadcasts++ % 1000 == 0)
                qCWarning(lcDrsServer, "%s does not read: broadcasts to it skipped (%lld so far)",
                          qPrintable(connection->peerName()), c->droppedBroadcasts);
            continue;
        }
        const bool stream = c->transport->framing() == DrsTransport::StreamFraming;
        QByteArray &frame = frames[c->encoding][stream];
        if (frame.isEmpty())
            frame = QtDrsPrivate::encodeFrame(command, c->encoding, stream);
        c->writeFrame(frame, command);
        ++count;
    }
    return count;
}

qint64 DrsServer::maxMessageSize() const
{
    return d_func()->maxMessageSize;
}
void DrsServer::setMaxMessageSize(qint64 bytes)
{
    Q_D(DrsServer);
    d->maxMessageSize = qMax<qint64>(1, bytes);
    for (DrsConnection *connection : std::as_const(d->connections))
        connection->setMaxMessageSize(d->maxMessageSize);
}

int DrsServer::maxPendingCalls() const
{
    return d_func()->maxPendingCalls;
}
void DrsServer::setMaxPendingCalls(int limit)
{
    Q_D(DrsServer);
    d->maxPendingCalls = qMax(1, limit);
    for (DrsConnection *connection : std::as_const(d->connections))
        connection->setMaxPendingCalls(d->maxPendingCalls);
}

int DrsServer::handshakeTimeout() const
{
    return d_func()->handshakeTimeout;
}
void DrsServer::setHandshakeTimeout(int msecs)
{
    Q_D(DrsServer);
    d->handshakeTimeout = qMax(1, msecs);
    for (DrsListener *listener : std::as_const(d->listeners))
        listener->setHandshakeTimeout(d->handshakeTimeout);
}

int DrsServer::idleTimeout() const
{
    return d_func()->idleTimeout;
}
void DrsServer::setIdleTimeout(int msecs)
{
    d_func()->idleTimeout = qMax(0, msecs);
}

int DrsServer::heartbeatInterval() const
{
    return d_func()->heartbeatInterval;
}
void DrsServer::setHeartbeatInterval(int msecs)
{
    d_func()->heartbeatInterval = qMax(0, msecs);
}
int DrsServer::heartbeatTimeout() const
{
    return d_func()->heartbeatTimeout;
}
void DrsServer::setHeartbeatTimeout(int msecs)
{
    d_func()->heartbeatTimeout = qMax(1, msecs);
}

qint64 DrsServer::slowConsumerLimit() const
{
    return d_func()->slowConsumerLimit;
}
void DrsServer::setSlowConsumerLimit(qint64 bytes)
{
    Q_D(DrsServer);
    d->slowConsumerLimit = qMax<qint64>(0, bytes);
    for (DrsConnection *connection : std::as_const(d->connections))
        connection->d_func()->slowConsumerLimit = d->slowConsumerLimit;
}
DrsServer::SlowConsumerPolicy DrsServer::slowConsumerPolicy() const
{
    return d_func()->slowConsumerPolicy;
}
void DrsServer::setSlowConsumerPolicy(SlowConsumerPolicy policy)
{
    d_func()->slowConsumerPolicy = policy;
}

QStringList DrsServer::allowedOrigins() const
{
    return d_func()->allowedOrigins;
}
void DrsServer::setAllowedOrigins(const QStringList &origins)
{
    Q_D(DrsServer);
    d->allowedOrigins = origins;
    for (DrsListener *listener : std::as_const(d->listeners))
        listener->setAllowedOrigins(origins);
}

void DrsServer::setAuthenticator(Authenticator authenticator)
{
    d_func()->authenticator = std::move(authenticator);
}
int DrsServer::maxAuthenticationAttempts() const
{
    return d_func()->maxAuthenticationAttempts;
}
void DrsServer::setMaxAuthenticationAttempts(int attempts)
{
    d_func()->maxAuthenticationAttempts = qMax(1, attempts);
}
bool DrsServer::isActionListingEnabled() const
{
    return d_func()->actionListing;
}
void DrsServer::setActionListingEnabled(bool enable)
{
    d_func()->actionListing = enable;
}

QSslConfiguration DrsServer::sslConfiguration() const
{
    Q_D(const DrsServer);
    return d->sslConfiguration ? *d->sslConfiguration : QSslConfiguration::defaultConfiguration();
}
void DrsServer::setSslConfiguration(const QSslConfiguration &configuration)
{
    Q_D(DrsServer);
    d->sslConfiguration = configuration;
    for (DrsListener *listener : std::as_const(d->listeners))
        listener->setSslConfiguration(configuration);
}
