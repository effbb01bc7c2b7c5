// Faults with real processes: a server SIGKILLed while calls are in flight and restarted on the
// same URL, and a client SIGKILLed while the server holds its call. The peer that dies is a child
// process (tst_faults_server), so the kernel, not the library, closes its sockets.
#include "drstestutil.h"

#include <drsconnection.h>
#include <drsserver.h>
#include <drstransport.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QPointer>
#include <QtCore/QProcess>
#include <QtCore/QScopeGuard>
#include <QtNetwork/QLocalServer>
#include <QtNetwork/QTcpServer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

//! A child process running tst_faults_server; killed, if still running, when destroyed.
class Child {
public:
    Child() { m_process.setProcessChannelMode(QProcess::SeparateChannels); }
    ~Child() { stop(); }
    Child(const Child &) = delete;
    Child &operator=(const Child &) = delete;

    //! Starts it with \a arguments and waits until it prints a line starting with \a ready.
    bool start(const QStringList &arguments, const QByteArray &ready)
    {
        m_output.clear();
        m_process.start(QStringLiteral(FAULT_SERVER_PATH), arguments);
        if (!m_process.waitForStarted(10000))
            return false;
        return waitForLine(ready);
    }
    bool waitForLine(const QByteArray &prefix)
    {
        return QTest::qWaitFor(
                       [this, &prefix] {
                           m_output += m_process.readAllStandardOutput();
                           return line(prefix).size() > 0
                                   || m_process.state() == QProcess::NotRunning;
                       },
                       10000)
                && !line(prefix).isEmpty();
    }
    //! The first line printed that starts with \a prefix, without it.
    QByteArray line(const QByteArray &prefix) const
    {
        for (const QByteArray &l : m_output.split('\n')) {
            if (l.startsWith(prefix))
                return l.mid(prefix.size()).trimmed() + ' '; // not empty once found
        }
        return QByteArray();
    }
    //! SIGKILL, and reap it.
    void kill()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(10000);
    }
    void stop() { kill(); }
    QProcess &process() { return m_process; }
    QByteArray standardError() { return m_process.readAllStandardError(); }

private:
    QProcess m_process;
    QByteArray m_output;
};

//! A loopback port free right now (the child listens on it next, and again after a restart).
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

//! A URL the child can listen on twice: the same port or name each time.
QUrl fixedListenUrl(const QString &transport)
{
    if (transport == u"tcp"_s)
        return QUrl(u"tcp://127.0.0.1:%1"_s.arg(freePort()));
    if (transport == u"ws"_s)
        return QUrl(u"ws://127.0.0.1:%1/socket"_s.arg(freePort()));
    return DrsTest::listenUrl(transport);
}

bool finishedOk(DrsReply *reply, int timeout = 10000)
{
    return QTest::qWaitFor([reply] { return reply->isFinished(); }, timeout)
            && reply->error() == DrsReply::NoError;
}

} // namespace

class tst_Faults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void serverKilledMidCall_data();
    void serverKilledMidCall();
    void clientKilledMidCall_data();
    void clientKilledMidCall();
    void socketAbortedUnderConnection_data();
    void socketAbortedUnderConnection();
};

void tst_Faults::serverKilledMidCall_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_Faults::serverKilledMidCall()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);

    const QUrl url = fixedListenUrl(transport);
    QVERIFY(url.port() != 0 || transport == u"local"_s);
    // A killed server leaves its local socket file behind.
    const auto removeSocketFile = qScopeGuard([&] {
        if (transport == u"local"_s)
            QLocalServer::removeServer(url.path());
    });
    Child server;
    QVERIFY2(server.start({ u"serve"_s, url.toString() }, "listening"),
             server.standardError().constData());

    DrsConnection client;
    client.setEncoding(encoding);
    client.setAutoReconnect(true);
    client.setReconnectDelays(50, 200);
    QSignalSpy disconnected(&client, &DrsConnection::disconnected);
    QSignalSpy connected(&client, &DrsConnection::connected);
    QSignalSpy reconnecting(&client, &DrsConnection::reconnecting);
    client.open(url);
    QTRY_COMPARE(connected.count(), 1);

    // Slow calls the server holds for a minute, then an echo: once the echo is answered, the
    // server has read every slow call (it reads in order), so they are truly in flight.
    std::vector<DrsReply *> slow;
    for (int i = 0; i < 5; ++i)
        slow.push_back(client.call(u"slow"_s, QJsonObject { { u"ms"_s, 60000 }, { u"i"_s, i } }));
    QVERIFY(finishedOk(client.call(u"echo"_s, u"sync"_s)));
    QCOMPARE(client.pendingCallCount(), 5);
    for (DrsReply *reply : slow)
        QVERIFY(!reply->isFinished());

    QElapsedTimer sinceKill;
    sinceKill.start();
    server.kill();
    QCOMPARE(server.process().exitStatus(), QProcess::CrashExit);

    // Every pending call fails promptly with ConnectionClosed: not after the 30 s call timeout.
    QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(slow.cbegin(), slow.cend(), [](DrsReply *r) { return r->isFinished(); }),
            2000);
    QVERIFY2(sinceKill.elapsed() < 2000, QByteArray::number(sinceKill.elapsed()));
    for (DrsReply *reply : slow) {
        QCOMPARE(reply->error(), DrsReply::ConnectionClosed);
        QVERIFY(reply->result().isNull());
    }
    QCOMPARE(client.pendingCallCount(), 0);
    QCOMPARE(disconnected.count(), 1);
    QCOMPARE(client.state(), DrsConnection::ReconnectingState);
    // It keeps trying while nothing listens.
    QTRY_VERIFY(reconnecting.count() >= 2);
    QCOMPARE(client.state(), DrsConnection::ReconnectingState);

    // Fires made during the outage wait in the queue, in order.
    constexpr int Fires = 25;
    for (int n = 0; n < Fires; ++n)
        QVERIFY(client.fire(u"record"_s, QJsonObject { { u"n"_s, n } }));
    QCOMPARE(client.queuedFireCount(), Fires);
    // A call made during the outage waits too, behind the fires.
    DrsReply *queuedCall = client.call(u"recorded"_s);
    QVERIFY(!queuedCall->isFinished());

    // The same URL again (same port, same local name): the client comes back by itself.
    Child restarted;
    QVERIFY2(restarted.start({ u"serve"_s, url.toString() }, "listening"),
             restarted.standardError().constData());
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 10000);
    QCOMPARE(client.state(), DrsConnection::ConnectedState);
    QCOMPARE(client.queuedFireCount(), 0);

    // Each queued fire arrived exactly once, in order, before the queued call.
    QJsonArray expected;
    for (int n = 0; n < Fires; ++n)
        expected.append(n);
    QVERIFY(finishedOk(queuedCall));
    QCOMPARE(queuedCall->result(), QJsonValue(expected));
    DrsReply *again = client.call(u"recorded"_s);
    QVERIFY(finishedOk(again));
    QCOMPARE(again->result(), QJsonValue(expected));

    // New calls work, slow ones included.
    DrsReply *echo = client.call(u"echo"_s, u"back"_s);
    DrsReply *slowAfter = client.call(u"slow"_s, QJsonObject { { u"ms"_s, 20 } });
    QVERIFY(finishedOk(echo));
    QCOMPARE(echo->result(), QJsonValue(u"back"_s));
    QVERIFY(finishedOk(slowAfter));
    QCOMPARE(disconnected.count(), 1);

    client.close();
    restarted.stop();
}

void tst_Faults::clientKilledMidCall_data()
{
    DrsTest::addTransportRows();
}

void tst_Faults::clientKilledMidCall()
{
    QFETCH(QString, transport);

    DrsServer server;
    std::vector<DrsRequest> held;
    server.onAsync(u"hold"_s, [&held](DrsRequest request) { held.push_back(request); });
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));
    const QUrl url = server.serverUrls().first();
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);
    QSignalSpy clientDisconnected(&server, &DrsServer::clientDisconnected);

    // A well-behaved client in this process, calling all along.
    DrsConnection other;
    other.open(url);
    QTRY_COMPARE(server.connectionCount(), 1);
    QVERIFY(finishedOk(other.call(u"echo"_s, 1)));
    const int before = server.connectionCount();

    Child client;
    QVERIFY2(client.start({ u"call"_s, url.toString(), u"hold"_s }, "calling"),
             client.standardError().constData());
    QTRY_COMPARE(held.size(), size_t(1));
    QCOMPARE(server.connectionCount(), before + 1);
    QCOMPARE(clientConnected.count(), 2);
    QPointer<DrsConnection> victim = held.front().connection();
    QVERIFY(victim);
    QVERIFY(victim != &other);
    const auto victimId = quintptr(victim.data()); // compared after it is deleted
    QCOMPARE(quintptr(clientConnected.last().at(0).value<DrsConnection *>()),
             quintptr(victim.data()));
    QVERIFY(finishedOk(other.call(u"echo"_s, 2)));

    client.kill();
    QCOMPARE(client.process().exitStatus(), QProcess::CrashExit);
    QVERIFY(client.line("result").isEmpty()); // it never got an answer

    // The server notices, forgets the connection and deletes it.
    QTRY_COMPARE(clientDisconnected.count(), 1);
    QCOMPARE(quintptr(clientDisconnected.at(0).at(0).value<DrsConnection *>()), victimId);
    QTRY_COMPARE(server.connectionCount(), before);
    QTRY_VERIFY(victim.isNull());
    QCOMPARE(server.connections().size(), before);
    QVERIFY(held.front().connection() == nullptr);

    // The late answer goes nowhere, and says so in the log.
    QVERIFY(!held.front().isAnswered());
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u"hold: answer dropped"_s));
    held.front().respond(u"too late"_s);
    QVERIFY(held.front().isAnswered());
    held.clear();

    // The other client goes on, and a new call to hold is held and answered as usual.
    QVERIFY(other.isConnected());
    QVERIFY(finishedOk(other.call(u"echo"_s, 3)));
    DrsReply *holdCall = other.call(u"hold"_s);
    QTRY_COMPARE(held.size(), size_t(1));
    QCOMPARE(held.front().connection(), server.connections().first());
    held.front().respond(u"on time"_s);
    QVERIFY(finishedOk(holdCall));
    QCOMPARE(holdCall->result(), QJsonValue(u"on time"_s));
    QCOMPARE(clientDisconnected.count(), 1);
}

void tst_Faults::socketAbortedUnderConnection_data()
{
    DrsTest::addTransportRows();
}

// The client's own socket dies (as drs-soak's random disconnects do): what was in flight fails
// at once, and auto reconnect brings the link back.
void tst_Faults::socketAbortedUnderConnection()
{
    QFETCH(QString, transport);

    DrsServer server;
    std::vector<DrsRequest> held;
    server.onAsync(u"hold"_s, [&held](DrsRequest request) { held.push_back(request); });
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));

    DrsConnection client;
    client.setAutoReconnect(true);
    client.setReconnectDelays(50, 200);
    QSignalSpy connected(&client, &DrsConnection::connected);
    QSignalSpy disconnected(&client, &DrsConnection::disconnected);
    client.open(server.serverUrls().first());
    QTRY_COMPARE(connected.count(), 1);

    for (int round = 1; round <= 3; ++round) {
        DrsReply *pending = client.call(u"hold"_s, QJsonObject(), 0);
        QTRY_COMPARE(held.size(), size_t(round));
        QVERIFY(client.transport());
        client.transport()->abort();
        QTRY_VERIFY_WITH_TIMEOUT(pending->isFinished(), 2000);
        QCOMPARE(pending->error(), DrsReply::ConnectionClosed);
        QTRY_COMPARE(disconnected.count(), round);
        QTRY_COMPARE(connected.count(), round + 1);
        QVERIFY(finishedOk(client.call(u"echo"_s, round)));
    }
    QTRY_COMPARE(server.connectionCount(), 1);
    held.clear();
}

QTEST_GUILESS_MAIN(tst_Faults)

#include "tst_faults.moc"
