#include "drsconnection.h"
#include "drsconnection_p.h"
#include "drshandler_p.h"
#include "drsserver.h"
#include "drsserver_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QEventLoop>
#include <QtCore/QJsonArray>
#include <QtCore/QRandomGenerator>

Q_LOGGING_CATEGORY(lcDrsConnection, "qtdrs.connection", QtInfoMsg)

using namespace QtDrsPrivate;

namespace {
QJsonObject messageBody(const QString &message)
{
    return QJsonObject { { QStringLiteral("message"), message } };
}
} // namespace

DrsConnectionPrivate::DrsConnectionPrivate(DrsConnection *q)
    : q_ptr(q)
{
    clock.start();
    timeoutTimer.setSingleShot(true);
    reconnectTimer.setSingleShot(true);
}

// ---- set-up and state ----

void DrsConnectionPrivate::attachTransport(DrsTransport *t)
{
    Q_Q(DrsConnection);
    transport = t;
    t->setParent(q);
    t->setMaxMessageSize(maxMessageSize);
    decoder = StreamDecoder();
    decoder.setMaxMessageSize(maxMessageSize);
    peerEncodingKnown = false;
    malformed = false;
    QObject::connect(t, &DrsTransport::connected, q, [this] { onConnected(); });
    QObject::connect(t, &DrsTransport::disconnected, q, [this] { onDisconnected(); });
    QObject::connect(t, &DrsTransport::errorOccurred, q,
                     [this](QAbstractSocket::SocketError e, const QString &message) {
                         onTransportError(e, message);
                     });
    QObject::connect(t, &DrsTransport::readyRead, q, [this] { onReadyRead(); });
    QObject::connect(
            t, &DrsTransport::messageReceived, q,
            [this](const QByteArray &message, bool binary) { onMessage(message, binary); });
    QObject::connect(t, &DrsTransport::sslErrors, q, &DrsConnection::sslErrors);
}

void DrsConnectionPrivate::detachTransport(bool graceful)
{
    Q_Q(DrsConnection);
    DrsTransport *t = transport.data();
    transport = nullptr;
    if (!t)
        return;
    QObject::disconnect(t, nullptr, q, nullptr);
    if (graceful && t->isConnected()) {
        // Let the queued bytes go out; the transport deletes itself once closed. Not as our
        // child: a server deletes its connection at once, which would drop them (and, on TLS,
        // the close_notify that tells the peer the close is deliberate).
        t->setParent(nullptr);
        QObject::connect(t, &DrsTransport::disconnected, t, &QObject::deleteLater);
        QTimer::singleShot(GracefulCloseTimeout, t, &QObject::deleteLater); // a peer that stalls
        t->disconnectFromPeer();
    } else {
        t->abort();
        t->deleteLater();
    }
}

void DrsConnectionPrivate::startConnecting()
{
    Q_Q(DrsConnection);
    QString message;
    DrsTransport *t = DrsTransport::create(url, &message);
    if (!t) {
        setState(DrsConnection::UnconnectedState);
        failAllPending(DrsReply::ConnectionClosed, message);
        failQueued(message);
        // Reported from the event loop, so a caller can connect to errorOccurred after open().
        QMetaObject::invokeMethod(
                q, [this, message] { setError(DrsConnection::InvalidUrlError, message); },
                Qt::QueuedConnection);
        return;
    }
    attachTransport(t);
    if (sslConfiguration)
        t->setSslConfiguration(*sslConfiguration);
    if (!ignoredSslErrors.isEmpty())
        t->ignoreSslErrors(ignoredSslErrors);
    qCDebug(lcDrsConnection, "connecting to %s", qPrintable(url.toString()));
    t->connectToPeer(url);
}

void DrsConnectionPrivate::setState(DrsConnection::State newState)
{
    Q_Q(DrsConnection);
    if (state == newState)
        return;
    state = newState;
    Q_EMIT q->stateChanged(newState);
}

void DrsConnectionPrivate::setError(DrsConnection::Error newError, const QString &message)
{
    Q_Q(DrsConnection);
    error = newError;
    errorString = message;
    if (newError == DrsConnection::RemoteHostClosedError)
        qCDebug(lcDrsConnection, "%s: %s", qPrintable(q->peerName()), qPrintable(message));
    else
        qCInfo(lcDrsConnection, "%s: %s", qPrintable(q->peerName()), qPrintable(message));
    Q_EMIT q->errorOccurred(newError);
}

// ---- transport events ----

void DrsConnectionPrivate::onConnected()
{
    Q_Q(DrsConnection);
    reconnectAttempt = 0;
    error = DrsConnection::NoError;
    errorString.clear();
    setState(DrsConnection::ConnectedState);
    qCDebug(lcDrsConnection, "connected to %s", qPrintable(q->peerName()));
    // What waited for the connection goes first, before anything a connected() slot sends.
    flushQueue();
    Q_EMIT q->connected();
}

void DrsConnectionPrivate::onDisconnected()
{
    Q_Q(DrsConnection);
    const bool wasConnected = state == DrsConnection::ConnectedState;
    detachTransport(false);
    failAllPending(DrsReply::ConnectionClosed,
                   errorString.isEmpty() ? QStringLiteral("the connection closed") : errorString);
    QPointer<DrsConnection> self(q);
    if (autoReconnect && !closing && !server) {
        setState(DrsConnection::ReconnectingState);
        if (wasConnected && self)
            Q_EMIT q->disconnected();
        if (self && state == DrsConnection::ReconnectingState)
            scheduleReconnect();
        return;
    }
    failQueued(errorString.isEmpty() ? QStringLiteral("the connection closed") : errorString);
    setState(DrsConnection::UnconnectedState);
    if (wasConnected && self)
        Q_EMIT q->disconnected();
    if (self && server)
        server->d_func()->removeConnection(q);
}

void DrsConnectionPrivate::onTransportError(QAbstractSocket::SocketError socketError,
                                            const QString &message)
{
    DrsConnection::Error e = DrsConnection::TransportError;
    switch (socketError) {
    case QAbstractSocket::ConnectionRefusedError:
        e = DrsConnection::ConnectionRefusedError;
        break;
    case QAbstractSocket::HostNotFoundError:
        e = DrsConnection::HostNotFoundError;
        break;
    case QAbstractSocket::RemoteHostClosedError:
        e = DrsConnection::RemoteHostClosedError;
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        e = DrsConnection::SslError;
        break;
    default:
        break;
    }
    if (error == DrsConnection::ProtocolError || error == DrsConnection::MessageTooLargeError)
        return; // the real cause was already reported
    setError(e, message);
}

void DrsConnectionPrivate::onReadyRead()
{
    Q_Q(DrsConnection);
    if (!transport)
        return;
    const QByteArray data = transport->readAll();
    if (malformed)
        return;
    decoder.append(data);
    QPointer<DrsConnection> self(q);
    QPointer<DrsTransport> current = transport;
    DrsCommand command;
    // Everything that arrived in this read is decoded and handled in one go.
    while (self && transport == current && !malformed) {
        // Fresh for each command: decoding a good one records its key, which must not end up
        // on the error reply to a bad one after it.
        DecodeError decodeError;
        const StreamDecoder::Status status = decoder.next(&command, &decodeError);
        if (status == StreamDecoder::NeedMore)
            break;
        // The first command the client sends fixes the encoding of the answers.
        if (encodingFromPeer && !peerEncodingKnown && decoder.hasEncoding()) {
            peerEncodingKnown = true;
            if (decoder.encoding() != encoding) {
                encoding = decoder.encoding();
                Q_EMIT q->encodingChanged(encoding);
            }
        }
        if (status == StreamDecoder::Failed) {
            onMalformed(decodeError);
            break;
        }
        handleCommand(command);
    }
}

void DrsConnectionPrivate::onMessage(const QByteArray &message, bool binary)
{
    Q_Q(DrsConnection);
    DrsCommand command;
    DecodeError decodeError;
    const bool ok = decodeMessage(message, binary, maxMessageSize, DefaultMaxNestingDepth, &command,
                                  &decodeError);
    if (encodingFromPeer && !peerEncodingKnown && ok) {
        // The first message fixes the encoding of the answers, as the first command does on a
        // stream.
        peerEncodingKnown = true;
        const bool cbor = binary && !message.trimmed().startsWith('{');
        const DrsCommand::Encoding peerEncoding
                = cbor ? DrsCommand::CborEncoding : DrsCommand::JsonEncoding;
        if (peerEncoding != encoding) {
            encoding = peerEncoding;
            Q_EMIT q->encodingChanged(encoding);
        }
    }
    if (!ok) {
        onMalformed(decodeError);
        return;
    }
    handleCommand(command);
}

void DrsConnectionPrivate::onMalformed(const DecodeError &decodeError)
{
    Q_Q(DrsConnection);
    const bool stream = transport && transport->framing() == DrsTransport::StreamFraming;
    qCWarning(lcDrsConnection, "%s sent a bad command: %s", qPrintable(q->peerName()),
              qPrintable(decodeError.message));
    DrsCommand reply(DrsCommand::errorAction(), messageBody(decodeError.message), decodeError.key);
    sendCommand(reply);
    if (!stream)
        return; // a WebSocket message stands alone: the connection goes on
    // A stream cannot be resynchronised after a bad value: say why, then close.
    malformed = true;
    QPointer<DrsConnection> self(q);
    setError(decodeError.tooLarge ? DrsConnection::MessageTooLargeError
                                  : DrsConnection::ProtocolError,
             decodeError.message);
    if (self && transport)
        transport->disconnectFromPeer();
}

// ---- commands ----

void DrsConnectionPrivate::handleCommand(const DrsCommand &command)
{
    Q_Q(DrsConnection);
    QPointer<DrsConnection> self(q);
    Q_EMIT q->commandReceived(command);
    if (!self)
        return;
    if (server) {
        Q_EMIT server->commandReceived(q, command);
        if (!self)
            return;
    }
    if (command.isReply()) {
        DrsReply *reply = command.hasKey() ? pending.value(command.key()) : nullptr;
        if (!reply) {
            qCDebug(lcDrsConnection, "%s for unknown key '%s'", qPrintable(command.action()),
                    qPrintable(command.key()));
            return;
        }
        if (command.action() == DrsCommand::responseAction()) {
            finishReply(reply, DrsReply::NoError, QString(), command);
        } else {
            const DrsReply::Error e = command.action() == DrsCommand::errorAction()
                    ? DrsReply::RemoteError
                    : DrsReply::RemoteException;
            finishReply(reply, e, command.errorMessage(), command);
        }
        return;
    }
    dispatch(command);
}

void DrsConnectionPrivate::dispatch(const DrsCommand &command)
{
    Q_Q(DrsConnection);
    QList<DrsHandlerEntry> chain = q->d_registry->chain(command.action());
    if (server)
        chain.append(server->d_registry->chain(command.action()));
    if (chain.isEmpty()) {
        if (builtin(command))
            return;
        chain = q->d_registry->wildcardChain(command.action());
        if (server)
            chain.append(server->d_registry->wildcardChain(command.action()));
    }
    if (chain.isEmpty()) {
        if (command.hasKey()) {
            sendReply(command, DrsCommand::errorAction(),
                      messageBody(QStringLiteral("No handlers for %1").arg(command.action())));
        } else {
            qCDebug(lcDrsConnection, "no handlers for fire '%s'", qPrintable(command.action()));
        }
        return;
    }
    DrsRequestPrivate::start(q, command, std::move(chain));
}

bool DrsConnectionPrivate::builtin(const DrsCommand &command)
{
    if (command.action() == DrsCommand::pingAction()) {
        if (command.hasKey())
            sendReply(command, DrsCommand::responseAction(),
                      QJsonValue(QDateTime::currentMSecsSinceEpoch()));
        return true;
    }
    const bool listing = server ? server->isActionListingEnabled() && actionListing : actionListing;
    if (listing && command.action() == DrsCommand::actionsAction()) {
        if (command.hasKey())
            sendReply(command, DrsCommand::responseAction(),
                      QJsonArray::fromStringList(handledActions()));
        return true;
    }
    return false;
}

QStringList DrsConnectionPrivate::handledActions() const
{
    Q_Q(const DrsConnection);
    QStringList actions = q->actions();
    if (server)
        actions += server->actions();
    actions.append(DrsCommand::pingAction());
    if (server ? server->isActionListingEnabled() && actionListing : actionListing)
        actions.append(DrsCommand::actionsAction());
    actions.sort();
    actions.removeDuplicates();
    return actions;
}

bool DrsConnectionPrivate::sendCommand(const DrsCommand &command)
{
    if (!transport || !transport->isConnected())
        return false;
    writeFrame(encodeFrame(command, encoding, transport->framing() == DrsTransport::StreamFraming),
               command);
    return true;
}

void DrsConnectionPrivate::writeFrame(const QByteArray &frame, const DrsCommand &command)
{
    Q_Q(DrsConnection);
    transport->write(frame, encoding == DrsCommand::CborEncoding);
    Q_EMIT q->commandSent(command);
}

void DrsConnectionPrivate::sendReply(const DrsCommand &request, const QString &action,
                                     const QJsonValue &body)
{
    if (!sendCommand(request.replyWith(action, body)))
        qCDebug(lcDrsConnection, "reply to '%s' dropped: the connection is gone",
                qPrintable(request.action()));
}

void DrsConnectionPrivate::flushQueue()
{
    while (!queue.isEmpty() && state == DrsConnection::ConnectedState) {
        const Queued item = queue.dequeue();
        if (!item.isCall) {
            --queuedFires;
            sendCommand(item.command);
        } else if (item.reply && !item.reply->isFinished()) {
            item.reply->d->queued = false;
            sendCommand(item.command); // a call aborted or timed out while queued is not sent
        }
    }
}

// ---- calls ----

void DrsConnectionPrivate::addPending(DrsReply *reply, int timeoutMs)
{
    DrsReplyPrivate *r = reply->d.get();
    pending.insert(r->request.key(), reply);
    r->pending = true;
    if (timeoutMs > 0) {
        const qint64 due = now() + timeoutMs;
        const bool earliest = deadlines.empty() || due < deadlines.begin()->first;
        r->deadline = deadlines.emplace(due, reply);
        r->hasDeadline = true;
        if (earliest || !timeoutTimer.isActive())
            armTimeoutTimer();
    }
}

void DrsConnectionPrivate::armTimeoutTimer()
{
    if (deadlines.empty()) {
        timeoutTimer.stop();
        return;
    }
    timeoutTimer.start(int(qMax<qint64>(0, deadlines.begin()->first - now())));
}

void DrsConnectionPrivate::onTimeoutTimer()
{
    const qint64 t = now();
    while (!deadlines.empty() && deadlines.begin()->first <= t) {
        DrsReply *reply = deadlines.begin()->second;
        finishReply(reply, DrsReply::Timeout,
                    QStringLiteral("no answer to %1 within the timeout")
                            .arg(reply->d->request.action()));
    }
    armTimeoutTimer();
}

void DrsConnectionPrivate::finishReply(DrsReply *reply, DrsReply::Error e, const QString &message,
                                       const DrsCommand &response)
{
    DrsReplyPrivate *r = reply->d.get();
    if (r->finished)
        return;
    r->finished = true;
    if (r->pending) {
        pending.remove(r->request.key());
        r->pending = false;
    }
    if (r->hasDeadline) {
        deadlines.erase(r->deadline);
        r->hasDeadline = false;
    }
    r->error = e;
    r->errorString = message;
    r->response = response;
    if (e == DrsReply::NoError)
        r->result = response.body();
    Q_EMIT reply->finished();
}

void DrsConnectionPrivate::failAllPending(DrsReply::Error e, const QString &message)
{
    // Only the calls on the wire: queued ones wait for the next connection.
    const QList<DrsReply *> replies = pending.values();
    for (DrsReply *reply : replies) {
        if (!reply->d->queued)
            finishReply(reply, e, message);
    }
}

void DrsConnectionPrivate::failQueued(const QString &why)
{
    if (queuedFires > 0)
        qCWarning(lcDrsConnection, "%d queued fire(s) to %s discarded: %s", queuedFires,
                  qPrintable(url.toString()), qPrintable(why));
    const QQueue<Queued> items = std::exchange(queue, {});
    queuedFires = 0;
    for (const Queued &item : items) {
        if (item.reply)
            finishReply(item.reply, DrsReply::ConnectionClosed, why);
    }
}

void DrsConnectionPrivate::scheduleReconnect()
{
    Q_Q(DrsConnection);
    // Exponential backoff, +-20% jitter so a crowd of clients does not come back in step.
    const double base
            = qMin<double>(reconnectMaximumDelay,
                           reconnectInitialDelay * double(1ull << qMin(reconnectAttempt, 20)));
    const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    const int delay = int(qMin<double>(reconnectMaximumDelay, base * jitter));
    ++reconnectAttempt;
    qCDebug(lcDrsConnection, "reconnecting to %s in %d ms (attempt %d)", qPrintable(url.toString()),
            delay, reconnectAttempt);
    reconnectTimer.start(delay);
    Q_EMIT q->reconnecting(reconnectAttempt, delay);
}

// ---- DrsConnection ----

DrsConnection::DrsConnection(QObject *parent)
    : QObject(parent)
    , d_ptr(new DrsConnectionPrivate(this))
{
    Q_D(DrsConnection);
    connect(&d->timeoutTimer, &QTimer::timeout, this, [d] { d->onTimeoutTimer(); });
    d->publications.setSink([this](const DrsCommand &command, DrsConnection *except) {
        if (except != this)
            fire(command);
    });
    connect(&d->reconnectTimer, &QTimer::timeout, this, [d] {
        if (d->state == ReconnectingState)
            d->startConnecting();
    });
}

DrsConnection::~DrsConnection()
{
    Q_D(DrsConnection);
    if (d->transport)
        QObject::disconnect(d->transport, nullptr, this, nullptr);
    for (DrsReply *reply : std::as_const(d->pending))
        reply->d->pending = false;
}

void DrsConnection::open(const QUrl &url)
{
    Q_D(DrsConnection);
    if (d->server) {
        qCWarning(lcDrsConnection, "open(): a server's client connection cannot be reopened");
        return;
    }
    if (d->transport)
        d->detachTransport(false);
    d->reconnectTimer.stop();
    d->closing = false;
    d->reconnectAttempt = 0;
    d->error = NoError;
    d->errorString.clear();
    d->peerName = url.toString();
    if (d->url != url) {
        d->url = url;
        Q_EMIT urlChanged(url);
    }
    d->setState(ConnectingState);
    d->startConnecting();
}

void DrsConnection::close()
{
    Q_D(DrsConnection);
    d->closing = true;
    d->reconnectTimer.stop();
    const bool wasConnected = d->state == ConnectedState;
    d->detachTransport(true);
    const QString why = QStringLiteral("the connection was closed");
    d->failAllPending(DrsReply::ConnectionClosed, why);
    d->failQueued(why);
    QPointer<DrsConnection> self(this);
    d->setState(UnconnectedState);
    if (wasConnected && self)
        Q_EMIT disconnected();
    if (self && d->server)
        d->server->d_func()->removeConnection(this);
}

QUrl DrsConnection::url() const
{
    return d_func()->url;
}
DrsConnection::State DrsConnection::state() const
{
    return d_func()->state;
}
bool DrsConnection::isConnected() const
{
    return d_func()->state == ConnectedState;
}
DrsConnection::Error DrsConnection::error() const
{
    return d_func()->error;
}
QString DrsConnection::errorString() const
{
    return d_func()->errorString;
}
DrsServer *DrsConnection::server() const
{
    return d_func()->server;
}
DrsTransport *DrsConnection::transport() const
{
    return d_func()->transport.data();
}

QString DrsConnection::peerName() const
{
    return d_func()->peerName;
}

DrsCommand::Encoding DrsConnection::encoding() const
{
    return d_func()->encoding;
}
void DrsConnection::setEncoding(DrsCommand::Encoding encoding)
{
    Q_D(DrsConnection);
    d->encodingFromPeer = false;
    if (d->encoding == encoding)
        return;
    d->encoding = encoding;
    Q_EMIT encodingChanged(encoding);
}

bool DrsConnection::fire(const QString &action, const QJsonValue &body)
{
    return fire(DrsCommand(action, body));
}

bool DrsConnection::fire(const DrsCommand &command)
{
    Q_D(DrsConnection);
    if (d->state == ConnectedState)
        return d->sendCommand(command);
    if (d->state == ConnectingState || d->state == ReconnectingState) {
        if (d->queuedFires >= d->fireQueueLimit) {
            qCWarning(lcDrsConnection, "fire '%s' refused: %d fires already wait for %s",
                      qPrintable(command.action()), d->queuedFires, qPrintable(d->url.toString()));
            return false;
        }
        d->queue.enqueue({ command, nullptr, false });
        ++d->queuedFires;
        return true;
    }
    qCDebug(lcDrsConnection, "fire '%s' refused: not connected", qPrintable(command.action()));
    return false;
}

bool DrsConnection::publish(QObject *object, const QString &prefix, const QStringList &signalNames)
{
    return d_func()->publications.publish(object, prefix, signalNames);
}

void DrsConnection::unpublish(QObject *object)
{
    d_func()->publications.unpublish(object);
}

bool DrsConnection::isPublished(const QObject *object) const
{
    return d_func()->publications.isPublished(object);
}

DrsReply *DrsConnection::call(const QString &action, const QJsonValue &body, int timeoutMs)
{
    return call(DrsCommand(action, body), timeoutMs);
}

DrsReply *DrsConnection::call(const DrsCommand &command, int timeoutMs)
{
    Q_D(DrsConnection);
    auto *reply = new DrsReply(this);
    DrsCommand request = command;
    if (!request.hasKey())
        request.setKey(DrsCommand::generateKey());
    reply->d->request = request;

    auto failLater = [d, reply](DrsReply::Error e, const QString &why) {
        QMetaObject::invokeMethod(
                reply, [d, reply, e, why] { d->finishReply(reply, e, why); }, Qt::QueuedConnection);
    };
    if (d->pending.contains(request.key())) {
        failLater(DrsReply::Aborted,
                  QStringLiteral("a call with key %1 is already pending").arg(request.key()));
        return reply;
    }
    if (d->state == UnconnectedState) {
        failLater(DrsReply::ConnectionClosed, QStringLiteral("not connected"));
        return reply;
    }
    d->addPending(reply, timeoutMs < 0 ? d->callTimeout : timeoutMs);
    if (d->state == ConnectedState)
        d->sendCommand(request);
    else {
        reply->d->queued = true;
        d->queue.enqueue({ request, reply, true });
    }
    return reply;
}

int DrsConnection::callTimeout() const
{
    return d_func()->callTimeout;
}
void DrsConnection::setCallTimeout(int msecs)
{
    d_func()->callTimeout = msecs;
}
int DrsConnection::pendingCallCount() const
{
    return int(d_func()->pending.size());
}

bool DrsConnection::autoReconnect() const
{
    return d_func()->autoReconnect;
}
void DrsConnection::setAutoReconnect(bool enable)
{
    Q_D(DrsConnection);
    if (d->autoReconnect == enable)
        return;
    d->autoReconnect = enable;
    if (!enable && d->state == ReconnectingState) {
        d->reconnectTimer.stop();
        d->failQueued(QStringLiteral("reconnecting was turned off"));
        d->setState(UnconnectedState);
    }
    Q_EMIT autoReconnectChanged(enable);
}

void DrsConnection::setReconnectDelays(int initialMsecs, int maximumMsecs)
{
    Q_D(DrsConnection);
    d->reconnectInitialDelay = qMax(1, initialMsecs);
    d->reconnectMaximumDelay = qMax(d->reconnectInitialDelay, maximumMsecs);
}
int DrsConnection::reconnectInitialDelay() const
{
    return d_func()->reconnectInitialDelay;
}
int DrsConnection::reconnectMaximumDelay() const
{
    return d_func()->reconnectMaximumDelay;
}
int DrsConnection::fireQueueLimit() const
{
    return d_func()->fireQueueLimit;
}
void DrsConnection::setFireQueueLimit(int limit)
{
    d_func()->fireQueueLimit = qMax(0, limit);
}
int DrsConnection::queuedFireCount() const
{
    return d_func()->queuedFires;
}

qint64 DrsConnection::maxMessageSize() const
{
    return d_func()->maxMessageSize;
}
void DrsConnection::setMaxMessageSize(qint64 bytes)
{
    Q_D(DrsConnection);
    d->maxMessageSize = qMax<qint64>(1, bytes);
    d->decoder.setMaxMessageSize(d->maxMessageSize);
    if (d->transport)
        d->transport->setMaxMessageSize(d->maxMessageSize);
}

QSslConfiguration DrsConnection::sslConfiguration() const
{
    Q_D(const DrsConnection);
    return d->sslConfiguration ? *d->sslConfiguration : QSslConfiguration::defaultConfiguration();
}
void DrsConnection::setSslConfiguration(const QSslConfiguration &configuration)
{
    d_func()->sslConfiguration = configuration;
}
void DrsConnection::ignoreSslErrors(const QList<QSslError> &errors)
{
    Q_D(DrsConnection);
    d->ignoredSslErrors = errors;
    if (d->transport)
        d->transport->ignoreSslErrors(errors);
}

bool DrsConnection::isActionListingEnabled() const
{
    return d_func()->actionListing;
}
void DrsConnection::setActionListingEnabled(bool enable)
{
    d_func()->actionListing = enable;
}

QVariant DrsConnection::value(const QString &name, const QVariant &defaultValue) const
{
    return d_func()->values.value(name, defaultValue);
}
void DrsConnection::setValue(const QString &name, const QVariant &value)
{
    d_func()->values.insert(name, value);
}
void DrsConnection::removeValue(const QString &name)
{
    d_func()->values.remove(name);
}
bool DrsConnection::hasValue(const QString &name) const
{
    return d_func()->values.contains(name);
}

// ---- DrsReply ----

DrsReply::DrsReply(DrsConnection *connection)
    : QObject(connection)
    , d(new DrsReplyPrivate)
{
    d->connection = connection;
}

DrsReply::~DrsReply()
{
    // Deleted while still pending: take it out of the connection's tables.
    if (d->connection && (d->pending || d->hasDeadline)) {
        DrsConnectionPrivate *c = d->connection->d_func();
        if (d->pending)
            c->pending.remove(d->request.key());
        if (d->hasDeadline)
            c->deadlines.erase(d->deadline);
    }
}

bool DrsReply::isFinished() const
{
    return d->finished;
}
DrsReply::Error DrsReply::error() const
{
    return d->error;
}
QString DrsReply::errorString() const
{
    return d->errorString;
}
QJsonValue DrsReply::result() const
{
    return d->result;
}
QJsonValue DrsReply::errorBody() const
{
    return d->error == RemoteError || d->error == RemoteException ? d->response.body()
                                                                  : QJsonValue();
}
DrsCommand DrsReply::request() const
{
    return d->request;
}
DrsCommand DrsReply::response() const
{
    return d->response;
}
QString DrsReply::key() const
{
    return d->request.key();
}
DrsConnection *DrsReply::connection() const
{
    return d->connection.data();
}

bool DrsReply::waitForFinished(int msecs)
{
    if (d->finished)
        return true;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(this, &DrsReply::finished, &loop, &QEventLoop::quit);
    timer.start(msecs);
    loop.exec();
    return d->finished;
}

void DrsReply::abort()
{
    if (d->finished)
        return;
    if (d->connection)
        d->connection->d_func()->finishReply(this, Aborted, QStringLiteral("the call was aborted"));
}
