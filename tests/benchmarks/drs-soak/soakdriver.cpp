#include "soakdriver.h"

#include "procstats.h"

#include <drstransport.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QPointer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Soak {

namespace {

constexpr int ConnectBatch = 200;
constexpr int SampleIntervalMs = 1000;
constexpr int StallSecs = 60; // no call finished for this long: the rest count as lost
constexpr int BurstLimit = 5000; // operations issued before the event loop runs again

QString actionName(int action)
{
    static const QString names[] = { u"echo"_s, u"slow"_s, u"fail"_s, u"throw"_s };
    return names[action];
}

bool isReply(const QString &action)
{
    return action == DrsCommand::responseAction() || action == DrsCommand::errorAction()
            || action == DrsCommand::exceptionAction();
}

} // namespace

SoakDriver::SoakDriver(const Options &options, const QList<QUrl> &urls, qint64 serverPid,
                       QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_urls(urls)
    , m_serverPid(serverPid)
    , m_random(options.seed)
{
    m_window = options.window > 0 ? options.window : options.clients;
    m_sampler.setInterval(SampleIntervalMs);
    connect(&m_sampler, &QTimer::timeout, this, &SoakDriver::sample);
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, [this] { finish(true); });
}

qint64 SoakDriver::finishedCalls() const
{
    const Counters &c = m_counters;
    return c.callsOk + c.callsRemoteError + c.callsRemoteException + c.callsClosed
            + c.callsOtherError;
}

QHash<QString, int> SoakDriver::clientsPerTransport() const
{
    QHash<QString, int> counts;
    for (const Client &client : m_clients)
        ++counts[client.transport];
    return counts;
}

void SoakDriver::start()
{
    m_clock.start();
    m_watchdog.start(m_options.timeoutSecs * 1000);
    for (int i = 0; i < m_options.clients; ++i) {
        Client client;
        client.transport = m_options.transports.at(i % m_options.transports.size());
        for (const QUrl &url : std::as_const(m_urls)) {
            if (url.scheme() == client.transport)
                client.url = url;
        }
        auto *connection = new DrsConnection(this);
        connection->setAutoReconnect(true);
        connection->setReconnectDelays(100, 2000);
        connect(connection, &DrsConnection::commandReceived, this,
                [this](const DrsCommand &command) { onCommand(command); });
        const size_t index = m_clients.size();
        connect(connection, &DrsConnection::connected, this, [this, index] {
            ++m_clients[index].connects;
            m_clients[index].lastConnectMs = m_runClock.isValid() ? m_runClock.elapsed() : 0;
        });
        client.connection = connection;
        m_clients.push_back(client);
    }
    connectNextBatch();
}

void SoakDriver::connectNextBatch()
{
    // Open in batches so the listen backlogs do not overflow into SYN retries.
    const int opened = m_connectedTarget;
    m_connectedTarget = qMin(int(m_clients.size()), opened + ConnectBatch);
    for (int i = opened; i < m_connectedTarget; ++i)
        m_clients[size_t(i)].connection->open(m_clients[size_t(i)].url);
    auto *poll = new QTimer(this);
    poll->setInterval(20);
    connect(poll, &QTimer::timeout, this, [this, poll] {
        for (int i = 0; i < m_connectedTarget; ++i) {
            if (!m_clients[size_t(i)].connection->isConnected())
                return;
        }
        poll->deleteLater();
        if (m_connectedTarget < int(m_clients.size())) {
            connectNextBatch();
            return;
        }
        m_connectSeconds = m_clock.elapsed() / 1000.0;
        m_runClock.start();
        sample();
        m_sampler.start();
        topUp();
    });
    poll->start();
}

void SoakDriver::topUp()
{
    if (m_topping || m_opsDone || m_finished)
        return;
    m_topping = true;
    int burst = 0;
    while (m_inFlight < m_window && m_issued < m_options.ops) {
        issueOne();
        if (++burst >= BurstLimit) {
            QTimer::singleShot(0, this, &SoakDriver::topUp);
            break;
        }
    }
    m_topping = false;
    maybeDone();
}

void SoakDriver::issueOne()
{
    ++m_issued;
    if (m_random.generateDouble() < m_options.disconnectRate)
        disrupt();
    const int index = int(m_random.bounded(quint32(m_clients.size())));
    const quint32 kind = m_random.bounded(100u);
    if (kind < 40) {
        DrsConnection *connection = m_clients[size_t(index)].connection;
        const DrsConnection::State state = connection->state();
        ++m_counters.fires;
        if (!connection->fire(u"tick"_s, QJsonObject { { u"n"_s, m_issued } }))
            ++m_counters.firesRefused;
        else if (state == DrsConnection::ConnectedState)
            ++m_counters.firesSentConnected;
        else
            ++m_counters.firesQueued;
        return;
    }
    issueCall(index, kind < 65 ? Echo : kind < 80 ? Slow : kind < 90 ? Fail : Throw);
}

void SoakDriver::issueCall(int index, Action action)
{
    DrsConnection *connection = m_clients[size_t(index)].connection;
    QJsonObject body { { u"c"_s, index },
                       { u"i"_s, m_issued },
                       { u"pad"_s, QString(int(m_random.bounded(48u)), u'x') } };
    if (action == Slow)
        body.insert(u"ms"_s, int(1 + m_random.bounded(30u)));
    const DrsConnection::State state = connection->state();
    DrsReply *reply = connection->call(actionName(action), body, 0);
    m_unfinished.insert(reply, { index, action, state, m_runClock.elapsed() });
    ++m_counters.calls;
    ++m_inFlight;
    m_onWire.insert(reply->key(), connection);
    connect(reply, &DrsReply::finished, this,
            [this, reply, action, body] { onReply(reply, action, body); });
}

void SoakDriver::onReply(DrsReply *reply, Action action, const QJsonObject &body)
{
    if (reply->property("soakFinished").toBool()) {
        ++m_counters.duplicated;
        return;
    }
    reply->setProperty("soakFinished", true);
    m_onWire.remove(reply->key());
    m_unfinished.remove(reply);
    m_replySeen.remove(reply->key());
    reply->deleteLater();
    --m_inFlight;
    m_progress.start();

    switch (reply->error()) {
    case DrsReply::NoError:
        ++m_counters.callsOk;
        if ((action != Echo && action != Slow) || reply->result() != QJsonValue(body))
            ++m_counters.callsWrong;
        break;
    case DrsReply::RemoteError:
        ++m_counters.callsRemoteError;
        if (action != Fail)
            ++m_counters.callsWrong;
        break;
    case DrsReply::RemoteException:
        ++m_counters.callsRemoteException;
        if (action != Throw)
            ++m_counters.callsWrong;
        break;
    case DrsReply::ConnectionClosed:
        ++m_counters.callsClosed;
        break;
    default:
        ++m_counters.callsOtherError;
        break;
    }
    if (!m_opsDone)
        topUp();
}

void SoakDriver::onCommand(const DrsCommand &command)
{
    if (!command.hasKey() || !isReply(command.action()))
        return;
    auto *connection = qobject_cast<DrsConnection *>(sender());
    const auto it = m_onWire.constFind(command.key());
    // Keys are never reused, and a reply is announced before its call finishes: a reply whose
    // key waits for nothing is a second answer to one call.
    if (it == m_onWire.cend())
        ++m_counters.duplicated;
    else if (it.value() != connection)
        ++m_counters.strayReplies;
    else
        m_replySeen.insert(command.key(), command.action());
}

void SoakDriver::disrupt()
{
    const auto index = size_t(m_random.bounded(quint32(m_clients.size())));
    DrsConnection *connection = m_clients[index].connection;
    if (!connection->isConnected())
        return;
    if (m_random.bounded(2u) == 0) {
        // A deliberate close, and the client comes back a little later.
        ++m_counters.closes;
        m_clients[index].lastDropMs = m_runClock.elapsed();
        m_clients[index].lastDropWasClose = true;
        connection->close();
        const QUrl url = m_clients[index].url;
        QTimer::singleShot(int(10 + m_random.bounded(190u)), connection, [this, connection, url] {
            if (!m_opsDone)
                connection->open(url);
        });
    } else {
        // The socket dies under the connection; auto reconnect brings it back.
        ++m_counters.aborts;
        m_clients[index].lastDropMs = m_runClock.elapsed();
        m_clients[index].lastDropWasClose = false;
        connection->transport()->abort();
    }
}

void SoakDriver::maybeDone()
{
    if (!m_opsDone && m_issued >= m_options.ops && m_inFlight == 0)
        endOfOps();
}

void SoakDriver::endOfOps()
{
    if (m_opsDone)
        return;
    m_opsDone = true;
    m_runSeconds = m_runClock.elapsed() / 1000.0;
    m_lostAtEnd = m_counters.calls - finishedCalls();
    reportLost();
    sample();
    m_rssAtEnd = memoryUsage(m_serverPid).rssKiB;
    // A barrier: one echo per client. Once every one is back, every fire sent before it on a
    // live link has been handled, so the server's tick count is final.
    for (const Client &client : m_clients) {
        DrsReply *reply = client.connection->call(u"echo"_s, u"barrier"_s, 30000);
        m_onWire.insert(reply->key(), client.connection);
        ++m_barrierPending;
        connect(reply, &DrsReply::finished, this, [this, reply] {
            m_onWire.remove(reply->key());
            reply->deleteLater();
            if (--m_barrierPending == 0)
                queryStats();
        });
    }
}

void SoakDriver::reportLost()
{
    // Enough to start looking: what each unfinished call was, and where its client stands.
    int shown = 0;
    for (auto it = m_unfinished.cbegin(); it != m_unfinished.cend() && shown < 20; ++it, ++shown) {
        const Client &client = m_clients[size_t(it->client)];
        const DrsConnection *connection = client.connection;
        std::fprintf(stderr,
                     "drs-soak: unfinished call %s (%s) on client %d (%s): called at %.1f s in "
                     "state %d; the client is now in state %d with %d pending calls, %d queued "
                     "fires; reply received: %s; transport connected %d, %lld bytes to write; "
                     "last drop at %.3f s (%s), %d connects, the last at %.3f s\n",
                     qPrintable(it.key()->key()), qPrintable(actionName(it->action)), it->client,
                     qPrintable(m_clients[size_t(it->client)].transport), it->calledAtMs / 1000.0,
                     int(it->stateAtCall), int(connection->state()), connection->pendingCallCount(),
                     connection->queuedFireCount(),
                     qPrintable(m_replySeen.value(it.key()->key(), u"none"_s)),
                     connection->transport() ? int(connection->transport()->isConnected()) : -1,
                     connection->transport() ? connection->transport()->bytesToWrite() : -1LL,
                     client.lastDropMs / 1000.0, client.lastDropWasClose ? "close" : "abort",
                     client.connects, client.lastConnectMs / 1000.0);
    }
}

void SoakDriver::queryStats()
{
    m_control = new DrsConnection(this);
    m_control->open(m_urls.first());
    DrsReply *reply = m_control->call(u"stats"_s, QJsonObject(), 30000);
    connect(reply, &DrsReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_serverTicks = reply->result()[u"ticks"_s].toInteger(-1);
        m_serverPeak = memoryUsage(m_serverPid).peakKiB;
        closeClients();
    });
}

void SoakDriver::closeClients()
{
    for (const Client &client : m_clients)
        client.connection->close();
    // Wait until the server has let go of them all (only the control connection left).
    auto *poll = new QTimer(this);
    poll->setInterval(200);
    auto *deadline = new QElapsedTimer;
    deadline->start();
    connect(poll, &QTimer::timeout, this, [this, poll, deadline] {
        DrsReply *reply = m_control->call(u"stats"_s, QJsonObject(), 5000);
        connect(reply, &DrsReply::finished, this, [this, reply, poll, deadline] {
            reply->deleteLater();
            if (!poll->isActive())
                return;
            m_connectionsAfterClose = reply->result()[u"connections"_s].toInt(-1);
            if (m_connectionsAfterClose > 1 && deadline->elapsed() < 30000)
                return;
            poll->stop();
            poll->deleteLater();
            delete deadline;
            m_rssAfterClose = memoryUsage(m_serverPid).rssKiB;
            DrsReply *quit = m_control->call(u"soak.quit"_s, QJsonObject(), 5000);
            connect(quit, &DrsReply::finished, this, [this] { finish(false); });
        });
    });
    poll->start();
}

void SoakDriver::sample()
{
    if (m_runClock.isValid() && !m_opsDone) {
        const MemoryUsage usage = memoryUsage(m_serverPid);
        m_samples.append({ m_runClock.elapsed() / 1000.0, usage.rssKiB });
    }
    if (!m_opsDone && m_issued >= m_options.ops && m_progress.isValid()
        && m_progress.elapsed() > StallSecs * 1000)
        endOfOps(); // what is still in flight is lost
}

void SoakDriver::finish(bool timedOut)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timedOut = timedOut;
    if (!m_opsDone) {
        m_runSeconds = m_runClock.isValid() ? m_runClock.elapsed() / 1000.0 : 0;
        m_lostAtEnd = m_counters.calls - finishedCalls();
        m_opsDone = true;
    }
    if (m_serverPeak < 0)
        m_serverPeak = memoryUsage(m_serverPid).peakKiB;
    m_sampler.stop();
    m_watchdog.stop();
    Q_EMIT finished();
}

} // namespace Soak
