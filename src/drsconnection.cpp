#include "drsconnection.h"
#include "drscommand_p.h"
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
    connectTimer.setSingleShot(true);
    connectTimer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5% early
    heartbeatTimer.setSingleShot(true);
    idleTimer.setSingleShot(true);
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
    dropPending = false;
    aboveHighWaterMark = false;
    droppedBroadcasts = 0;
    noteReceived();
    QObject::connect(t, &DrsTransport::bytesWritten, q, [this] { onBytesWritten(); });
    QObject::connect(t, &DrsTransport::connected, q, [this] { onConnected(); });
    QObject::connect(t, &DrsTransport::disconnected, q, [this] { onDisconnected(); });
    QObject::connect(t, &DrsTransport::errorOccurred, q,
                     [this](QAbstractSocket::SocketError e, const QString &message) {
                         onTransportError(e, message);
                     });
    // Any bytes from the peer count as life for heartbeat and idle, noted before they are read.
    QObject::connect(t, &DrsTransport::readyRead, q, [this] {
        noteReceived();
        onReadyRead();
    });
    QObject::connect(t, &DrsTransport::messageReceived, q,
                     [this](const QByteArray &message, bool binary) {
                         noteReceived();
                         onMessage(message, binary);
                     });
    QObject::connect(t, &DrsTransport::sslErrors, q, &DrsConnection::sslErrors);
}

void DrsConnectionPrivate::detachTransport(bool graceful)
{
    Q_Q(DrsConnection);
    DrsTransport *t = transport.data();
    transport = nullptr;
    stopTimers();
    handlingCount = 0;
    authReply = nullptr;
    if (authenticated) {
        authenticated = false;
        Q_EMIT q->authenticatedChanged(false);
    }
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
    if (connectTimeout > 0)
        connectTimer.start(connectTimeout);
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
    reconnectAttempt = 0;
    error = DrsConnection::NoError;
    errorString.clear();
    if (!server && !credentials.isNull() && !credentials.isUndefined()) {
        sendAuthentication(); // connected once the server accepts it
        return;
    }
    becomeConnected();
}

void DrsConnectionPrivate::becomeConnected()
{
    Q_Q(DrsConnection);
    connectTimer.stop();
    startLiveness();
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
    case QAbstractSocket::DatagramTooLargeError: // WebSocket close code 1009
        e = DrsConnection::MessageTooLargeError;
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
    // The replies (and calls made from reply handlers) of this batch leave now, in one write.
    if (self && transport && transport == current)
        transport->flush();
}

void DrsConnectionPrivate::onMessage(const QByteArray &message, bool binary)
{
    Q_Q(DrsConnection);
    DrsCommand command;
    DecodeError decodeError;
    const bool ok = decodeMessage(message, binary, maxMessageSize, DefaultMaxNestingDepth, &command,
                                  &decodeError, decoder.actionCache());
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
    if (server && gate(command))
        return;
    // The connection's handlers, then the server's. Usually only one side has any: its list
    // is then shared, not copied (entries hold std::functions, costly to copy per command).
    auto join = [](QList<DrsHandlerEntry> &&own, QList<DrsHandlerEntry> &&shared) {
        if (own.isEmpty())
            return std::move(shared);
        own.append(shared);
        return std::move(own);
    };
    const QString &action = QtDrsPrivate::CommandAccess::get(command)->action;
    QList<DrsHandlerEntry> chain = q->d_registry->chain(action);
    if (server)
        chain = join(std::move(chain), server->d_registry->chain(action));
    if (chain.isEmpty()) {
        if (builtin(command))
            return;
        chain = q->d_registry->wildcardChain(action);
        if (server)
            chain = join(std::move(chain), server->d_registry->wildcardChain(action));
    }
    if (chain.isEmpty()) {
        if (command.hasKey()) {
            answer(command, DrsCommand::errorAction(),
                   messageBody(QStringLiteral("No handlers for %1").arg(command.action())));
        } else {
            qCDebug(lcDrsConnection, "no handlers for fire '%s'", qPrintable(command.action()));
        }
        return;
    }
    if (!command.hasKey()) {
        DrsRequestPrivate::start(q, command, std::move(chain));
        return;
    }
    if (handlingCount >= maxPendingCalls) {
        qCWarning(lcDrsConnection, "%s: call '%s' refused: %d calls already being handled",
                  qPrintable(q->peerName()), qPrintable(command.action()), maxPendingCalls);
        answer(command, DrsCommand::errorAction(),
               messageBody(QStringLiteral("too many pending calls")));
        return;
    }
    // Counted until the chain answers (sendReply()), so a peer cannot pile up calls that
    // asynchronous handlers have not answered yet.
    ++handlingCount;
    DrsRequestPrivate::start(q, command, std::move(chain));
}

bool DrsConnectionPrivate::builtin(const DrsCommand &command)
{
    if (command.action() == DrsCommand::pingAction()) {
        if (command.hasKey())
            answer(command, DrsCommand::responseAction(),
                   QJsonValue(QDateTime::currentMSecsSinceEpoch()));
        return true;
    }
    const bool listing = server ? server->isActionListingEnabled() && actionListing : actionListing;
    if (listing && command.action() == DrsCommand::actionsAction()) {
        if (command.hasKey())
            answer(command, DrsCommand::responseAction(),
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
    if (dropPending)
        return; // going down for not reading: queue nothing more
    transport->write(frame, encoding == DrsCommand::CborEncoding);
    lastSent = now();
    checkWriteQueue();
    Q_EMIT q->commandSent(command);
}

void DrsConnectionPrivate::sendReply(const DrsCommand &request, const QString &action,
                                     const QJsonValue &body)
{
    // A handler chain's answer: one fewer of the peer's calls being handled.
    if (handlingCount > 0)
        --handlingCount;
    answer(request, action, body);
}

void DrsConnectionPrivate::answer(const DrsCommand &request, const QString &action,
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

// ---- robustness: liveness, backpressure, authentication ----

void DrsConnectionPrivate::dropConnection(DrsConnection::Error e, const QString &message)
{
    Q_Q(DrsConnection);
    if (!transport)
        return;
    QPointer<DrsConnection> self(q);
    setError(e, message);
    if (self && transport)
        onDisconnected(); // drops the transport at once: its queue is not waited for
}

void DrsConnectionPrivate::dropConnectionLater(DrsConnection::Error e, const QString &message)
{
    Q_Q(DrsConnection);
    if (dropPending)
        return;
    dropPending = true;
    QPointer<DrsTransport> current = transport;
    QMetaObject::invokeMethod(
            q,
            [this, e, message, current] {
                if (current && transport == current)
                    dropConnection(e, message);
            },
            Qt::QueuedConnection);
}

void DrsConnectionPrivate::startLiveness()
{
    noteReceived();
    lastSent = now();
    pingSentAt = -1;
    if (heartbeatInterval > 0)
        heartbeatTimer.start(heartbeatInterval);
    else
        heartbeatTimer.stop();
    if (idleTimeout > 0)
        idleTimer.start(idleTimeout);
    else
        idleTimer.stop();
}

void DrsConnectionPrivate::stopTimers()
{
    connectTimer.stop();
    heartbeatTimer.stop();
    idleTimer.stop();
}

void DrsConnectionPrivate::onHeartbeatTimer()
{
    Q_Q(DrsConnection);
    if (!transport || !transport->isConnected() || heartbeatInterval <= 0)
        return;
    // One timer, no work per read: received bytes only move lastReceived, and each wake-up
    // (at most every heartbeatInterval) decides what is due.
    const qint64 t = now();
    if (pingSentAt >= 0) {
        if (lastReceived >= pingSentAt) {
            pingSentAt = -1; // the peer spoke since the ping: alive
        } else if (t - pingSentAt >= heartbeatTimeout) {
            qCWarning(lcDrsConnection, "%s did not answer the heartbeat: declared dead",
                      qPrintable(q->peerName()));
            dropConnection(DrsConnection::HeartbeatTimeoutError,
                           QStringLiteral("no answer from %1 to a heartbeat within %2 ms: the "
                                          "peer is gone or hung")
                                   .arg(q->peerName())
                                   .arg(heartbeatTimeout));
            return;
        } else {
            heartbeatTimer.start(
                    int(qMin<qint64>(heartbeatInterval, pingSentAt + heartbeatTimeout - t)));
            return;
        }
    }
    // Due when the peer was silent (is it alive?) or we were (its idle timeout must not fire).
    const qint64 quiet = t - qMin(lastReceived, lastSent);
    if (quiet < heartbeatInterval) {
        heartbeatTimer.start(int(heartbeatInterval - quiet));
        return;
    }
    pingSentAt = t;
    sendCommand(DrsCommand(DrsCommand::pingAction(), QJsonObject(), DrsCommand::generateKey()));
    heartbeatTimer.start(qMin(heartbeatInterval, heartbeatTimeout));
}

void DrsConnectionPrivate::onIdleTimer()
{
    Q_Q(DrsConnection);
    if (!transport || idleTimeout <= 0)
        return;
    const qint64 silent = now() - lastReceived;
    if (silent < idleTimeout) {
        idleTimer.start(int(idleTimeout - silent));
        return;
    }
    dropConnection(DrsConnection::IdleTimeoutError,
                   QStringLiteral("nothing received from %1 for %2 ms (idle timeout)")
                           .arg(q->peerName())
                           .arg(idleTimeout));
}

void DrsConnectionPrivate::onConnectTimer()
{
    if (!transport || state == DrsConnection::ConnectedState)
        return;
    dropConnection(DrsConnection::ConnectTimeoutError,
                   QStringLiteral("could not connect to %1 within %2 ms")
                           .arg(url.toString())
                           .arg(connectTimeout));
}

void DrsConnectionPrivate::checkWriteQueue()
{
    Q_Q(DrsConnection);
    const qint64 queued = transport->bytesToWrite();
    if (slowConsumerLimit > 0 && queued > slowConsumerLimit && server
        && server->slowConsumerPolicy() == DrsServer::DisconnectSlowConsumer) {
        qCWarning(lcDrsConnection, "%s does not read what it is sent: disconnecting it",
                  qPrintable(q->peerName()));
        dropConnectionLater(DrsConnection::SlowConsumerError,
                            QStringLiteral("%1 did not read what it was sent: %2 bytes queued, "
                                           "over the limit of %3")
                                    .arg(q->peerName())
                                    .arg(queued)
                                    .arg(slowConsumerLimit));
        return;
    }
    if (!aboveHighWaterMark && writeHighWaterMark > 0 && queued >= writeHighWaterMark) {
        aboveHighWaterMark = true;
        Q_EMIT q->writeHighWaterMarkReached(queued);
    }
}

void DrsConnectionPrivate::onBytesWritten()
{
    Q_Q(DrsConnection);
    if (!aboveHighWaterMark || !transport || transport->bytesToWrite() > 0)
        return;
    aboveHighWaterMark = false;
    droppedBroadcasts = 0;
    Q_EMIT q->writeDrained();
}

bool DrsConnectionPrivate::gate(const DrsCommand &command)
{
    Q_Q(DrsConnection);
    if (!server->d_func()->authenticator)
        return false;
    if (command.action() == DrsConnection::authenticationAction()) {
        authenticate(command);
        return true;
    }
    if (authenticated || command.action() == DrsCommand::pingAction())
        return false;
    if (command.hasKey()) {
        answer(command, DrsCommand::errorAction(), messageBody(QStringLiteral("unauthorized")));
    } else if (unauthorizedFires++ == 0) {
        // A fire gets no reply: say it once in the log, count the rest.
        qCInfo(lcDrsConnection, "%s: fire '%s' dropped: not authenticated",
               qPrintable(q->peerName()), qPrintable(command.action()));
    } else {
        qCDebug(lcDrsConnection, "%s: fire '%s' dropped: not authenticated (%lld so far)",
                qPrintable(q->peerName()), qPrintable(command.action()), unauthorizedFires);
    }
    return true;
}

void DrsConnectionPrivate::authenticate(const DrsCommand &command)
{
    Q_Q(DrsConnection);
    DrsServerPrivate *s = server->d_func();
    QPointer<DrsConnection> self(q);
    QString reason;
    bool accepted = false;
    try {
        accepted = s->authenticator(q, command.body(), &reason);
    } catch (const std::exception &e) {
        reason = QStringLiteral("the authenticator failed: %1").arg(QString::fromUtf8(e.what()));
    } catch (...) {
        reason = QStringLiteral("the authenticator failed");
    }
    if (!self || !transport)
        return;
    if (accepted) {
        failedAuthentications = 0;
        qCDebug(lcDrsConnection, "%s authenticated", qPrintable(q->peerName()));
        if (command.hasKey())
            answer(command, DrsCommand::responseAction(), QJsonValue(true));
        setAuthenticated(true);
        if (self && server)
            Q_EMIT server->clientAuthenticated(q);
        return;
    }
    ++failedAuthentications;
    setAuthenticated(false);
    if (!self)
        return;
    const QString message = reason.isEmpty() ? QStringLiteral("unauthorized")
                                             : QStringLiteral("unauthorized: %1").arg(reason);
    qCInfo(lcDrsConnection, "%s: authentication refused (attempt %d of %d): %s",
           qPrintable(q->peerName()), failedAuthentications, s->maxAuthenticationAttempts,
           qPrintable(message));
    if (command.hasKey())
        answer(command, DrsCommand::errorAction(), messageBody(message));
    if (failedAuthentications >= s->maxAuthenticationAttempts) {
        setError(DrsConnection::AuthenticationError,
                 QStringLiteral("%1 failed to authenticate %2 times")
                         .arg(q->peerName())
                         .arg(failedAuthentications));
        if (self)
            q->close(); // after the refusal is written
    }
}

void DrsConnectionPrivate::sendAuthentication()
{
    Q_Q(DrsConnection);
    auto *reply = new DrsReply(q);
    const DrsCommand request(DrsConnection::authenticationAction(), credentials,
                             DrsCommand::generateKey());
    reply->d->request = request;
    addPending(reply, 0); // connectTimeout covers it
    authReply = reply;
    QObject::connect(reply, &DrsReply::finished, q,
                     [this, reply] { onAuthenticationReply(reply); });
    sendCommand(request);
}

void DrsConnectionPrivate::onAuthenticationReply(DrsReply *reply)
{
    Q_Q(DrsConnection);
    reply->deleteLater();
    if (reply != authReply || !transport)
        return; // the connection went down meanwhile
    authReply = nullptr;
    if (reply->error() == DrsReply::NoError) {
        QPointer<DrsConnection> self(q);
        setAuthenticated(true);
        if (self)
            becomeConnected();
        return;
    }
    if (reply->error() != DrsReply::RemoteError && reply->error() != DrsReply::RemoteException)
        return;
    // Refused: the same credentials would be refused again, so no reconnect.
    QPointer<DrsConnection> self(q);
    setError(DrsConnection::AuthenticationError,
             QStringLiteral("%1 refused the authentication: %2")
                     .arg(q->peerName(), reply->errorString()));
    if (!self)
        return;
    closing = true;
    detachTransport(true);
    failAllPending(DrsReply::ConnectionClosed, errorString);
    failQueued(errorString);
    setState(DrsConnection::UnconnectedState);
}

void DrsConnectionPrivate::setAuthenticated(bool value)
{
    Q_Q(DrsConnection);
    if (authenticated == value)
        return;
    authenticated = value;
    Q_EMIT q->authenticatedChanged(value);
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
    connect(&d->connectTimer, &QTimer::timeout, this, [d] { d->onConnectTimer(); });
    connect(&d->heartbeatTimer, &QTimer::timeout, this, [d] { d->onHeartbeatTimer(); });
    connect(&d->idleTimer, &QTimer::timeout, this, [d] { d->onIdleTimer(); });
}

QString DrsConnection::authenticationAction()
{
    return QStringLiteral("auth.upgrade");
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
    if (d->transport) {
        d->detachTransport(false);
        // Calls on the wire of the old transport can no longer be answered there; queued ones
        // go on the new connection.
        d->failAllPending(DrsReply::ConnectionClosed,
                          QStringLiteral("the connection was reopened"));
    }
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
    if (d->pending.size() >= d->maxPendingCalls) {
        qCWarning(lcDrsConnection, "call '%s' refused: %d calls already await an answer",
                  qPrintable(request.action()), d->maxPendingCalls);
        failLater(DrsReply::Aborted,
                  QStringLiteral("too many pending calls: %1 already await an answer "
                                 "(see DrsConnection::setMaxPendingCalls())")
                          .arg(d->maxPendingCalls));
        return reply;
    }
    d->addPending(reply, timeoutMs < 0 ? d->callTimeout : timeoutMs);
    // Not sent while still "connected" means the transport is going down right now (e.g. a
    // finished() slot calls again while the calls of a dropped connection are being failed):
    // queue it like a call made while reconnecting, so it goes on the next connection or
    // fails with the queue, and never waits forever (found by drs-soak).
    if (d->state != ConnectedState || !d->sendCommand(request)) {
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

int DrsConnection::maxPendingCalls() const
{
    return d_func()->maxPendingCalls;
}
void DrsConnection::setMaxPendingCalls(int limit)
{
    d_func()->maxPendingCalls = qMax(1, limit);
}

int DrsConnection::connectTimeout() const
{
    return d_func()->connectTimeout;
}
void DrsConnection::setConnectTimeout(int msecs)
{
    d_func()->connectTimeout = qMax(0, msecs);
}

int DrsConnection::heartbeatInterval() const
{
    return d_func()->heartbeatInterval;
}
void DrsConnection::setHeartbeatInterval(int msecs)
{
    Q_D(DrsConnection);
    d->heartbeatInterval = qMax(0, msecs);
    if (d->heartbeatInterval == 0) {
        d->heartbeatTimer.stop();
        d->pingSentAt = -1;
    } else if (d->transport && d->transport->isConnected() && d->pingSentAt < 0) {
        d->heartbeatTimer.start(d->heartbeatInterval);
    }
}
int DrsConnection::heartbeatTimeout() const
{
    return d_func()->heartbeatTimeout;
}
void DrsConnection::setHeartbeatTimeout(int msecs)
{
    d_func()->heartbeatTimeout = qMax(1, msecs);
}

int DrsConnection::idleTimeout() const
{
    return d_func()->idleTimeout;
}
void DrsConnection::setIdleTimeout(int msecs)
{
    Q_D(DrsConnection);
    d->idleTimeout = qMax(0, msecs);
    if (d->idleTimeout == 0)
        d->idleTimer.stop();
    else if (d->transport && d->transport->isConnected())
        d->idleTimer.start(d->idleTimeout);
}

qint64 DrsConnection::bytesToWrite() const
{
    Q_D(const DrsConnection);
    return d->transport ? d->transport->bytesToWrite() : 0;
}
qint64 DrsConnection::writeHighWaterMark() const
{
    return d_func()->writeHighWaterMark;
}
void DrsConnection::setWriteHighWaterMark(qint64 bytes)
{
    d_func()->writeHighWaterMark = qMax<qint64>(0, bytes);
}

void DrsConnection::setAuthentication(const QJsonValue &credentials)
{
    d_func()->credentials = credentials;
}
QJsonValue DrsConnection::authentication() const
{
    return d_func()->credentials;
}
bool DrsConnection::isAuthenticated() const
{
    return d_func()->authenticated;
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
