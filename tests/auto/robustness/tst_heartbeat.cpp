// Heartbeat and dead peers: a client pinging a peer that accepted the connection and then stopped
// answering declares it dead within interval + timeout, fails its calls with ConnectionClosed
// and reconnects; a live peer is never declared dead; a server drops a client that stopped
// answering while the live ones stay; and a real server process frozen with SIGSTOP (the kernel
// keeps its sockets open, nobody answers) is detected, then found again after SIGCONT.
#include "drstestutil.h"
#include "stalledpeer.h"

#include <drsconnection.h>
#include <drsserver.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QProcess>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <signal.h>

using namespace Qt::StringLiterals;

namespace {
constexpr int Interval = 200;
constexpr int Timeout = 300;
} // namespace

class tst_Heartbeat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaults();
    void silentPeerDeclaredDead_data() { DrsTest::addTransportRows(); }
    void silentPeerDeclaredDead();
    void livePeerStaysUp_data() { DrsTest::addTransportRows(); }
    void livePeerStaysUp();
    void serverDropsDeadClient_data() { DrsTest::addTransportRows(); }
    void serverDropsDeadClient();
    void frozenServerProcess_data() { DrsTest::addTransportRows(); }
    void frozenServerProcess();
};

void tst_Heartbeat::defaults()
{
    DrsConnection connection;
    QCOMPARE(connection.heartbeatInterval(), 0); // off on a plain connection
    QCOMPARE(connection.heartbeatTimeout(), 10000);
    DrsServer server;
    QCOMPARE(server.heartbeatInterval(), 0);
    QCOMPARE(server.heartbeatTimeout(), 10000);
}

// The peer accepted us (ws: answered the handshake) and then went silent: it never answers
// drs.ping. That is what a half-open connection looks like from our side.
void tst_Heartbeat::silentPeerDeclaredDead()
{
    QFETCH(QString, transport);
    StalledServer peer(transport);
    QVERIFY(peer.listen());

    DrsConnection client;
    client.setHeartbeatInterval(Interval);
    client.setHeartbeatTimeout(Timeout);
    client.setAutoReconnect(true);
    client.setReconnectDelays(50, 100);
    QSignalSpy connectedSpy(&client, &DrsConnection::connected);
    QSignalSpy errorSpy(&client, &DrsConnection::errorOccurred);
    QSignalSpy disconnectedSpy(&client, &DrsConnection::disconnected);
    QSignalSpy reconnectingSpy(&client, &DrsConnection::reconnecting);
    QSignalSpy sentSpy(&client, &DrsConnection::commandSent);
    client.open(peer.url());
    QVERIFY(connectedSpy.wait(5000));
    QElapsedTimer timer;
    timer.start();
    DrsReply *call = client.call(u"never.answered"_s, QJsonObject(), 0); // no call timeout
    QSignalSpy callSpy(call, &DrsReply::finished);

    QVERIFY(disconnectedSpy.wait(5000));
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed >= Interval + Timeout - 20, qPrintable(QString::number(elapsed)));
    QVERIFY2(elapsed < Interval + Timeout + 1500, qPrintable(QString::number(elapsed)));
    QCOMPARE(errorSpy.count(), 1);
    QCOMPARE(errorSpy.first().first().value<DrsConnection::Error>(),
             DrsConnection::HeartbeatTimeoutError);
    QVERIFY2(client.errorString().contains(u"heartbeat"_s), qPrintable(client.errorString()));
    QVERIFY(call->isFinished());
    QCOMPARE(call->error(), DrsReply::ConnectionClosed);
    QVERIFY2(call->errorString().contains(u"heartbeat"_s), qPrintable(call->errorString()));
    // A ping went out before the verdict.
    bool pinged = false;
    for (const QList<QVariant> &args : std::as_const(sentSpy))
        pinged = pinged || args.first().value<DrsCommand>().action() == u"drs.ping"_s;
    QVERIFY(pinged);
    // Reconnecting follows: the peer sees a second connection attempt.
    QVERIFY(reconnectingSpy.count() >= 1 || reconnectingSpy.wait(2000));
    peer.dropClient();
    QTRY_VERIFY_WITH_TIMEOUT(peer.acceptedCount() >= 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(connectedSpy.count(), 2, 5000);
    client.close();
}

// A peer that answers is never declared dead, however long the quiet lasts.
void tst_Heartbeat::livePeerStaysUp()
{
    QFETCH(QString, transport);
    DrsServer server;
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));
    QSignalSpy serverReceived(&server, &DrsServer::commandReceived);
    DrsConnection client;
    client.setHeartbeatInterval(100);
    client.setHeartbeatTimeout(150);
    QSignalSpy errorSpy(&client, &DrsConnection::errorOccurred);
    client.open(server.serverUrls().constFirst());
    QTRY_VERIFY(client.isConnected());
    QVERIFY(!errorSpy.wait(1200));
    QVERIFY(client.isConnected());
    int pings = 0;
    for (const QList<QVariant> &args : std::as_const(serverReceived))
        pings += args.at(1).value<DrsCommand>().action() == u"drs.ping"_s;
    QVERIFY2(pings >= 4, qPrintable(QString::number(pings)));
    // Turning it off stops the pings.
    client.setHeartbeatInterval(0);
    // A ping already on its way arrives before this call's answer (one ordered stream).
    DrsReply *roundTrip = client.call(u"drs.actions"_s);
    QTRY_VERIFY(roundTrip->isFinished());
    serverReceived.clear();
    QVERIFY(!serverReceived.wait(400));
}

// The server pings its clients: one that stopped answering is dropped with the reason, the one
// that answers (a DrsConnection answers drs.ping by itself) stays.
void tst_Heartbeat::serverDropsDeadClient()
{
    QFETCH(QString, transport);
    DrsServer server;
    server.setHeartbeatInterval(Interval);
    server.setHeartbeatTimeout(Timeout);
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));
    DrsConnection::Error droppedError = DrsConnection::NoError;
    connect(&server, &DrsServer::clientDisconnected, this,
            [&droppedError](DrsConnection *c) { droppedError = c->error(); });
    QSignalSpy disconnectedSpy(&server, &DrsServer::clientDisconnected);

    DrsConnection live;
    QSignalSpy liveDisconnected(&live, &DrsConnection::disconnected);
    live.open(server.serverUrls().constFirst());
    QTRY_COMPARE(server.connectionCount(), 1);
    StalledClient dead(transport);
    dead.connectTo(server.serverUrls().constFirst());
    QTRY_COMPARE(server.connectionCount(), 2);

    QVERIFY(disconnectedSpy.wait(5000));
    QCOMPARE(droppedError, DrsConnection::HeartbeatTimeoutError);
    QCOMPARE(server.connectionCount(), 1);
    QVERIFY(!liveDisconnected.wait(600));
    QVERIFY(live.isConnected());
    QCOMPARE(disconnectedSpy.count(), 1);
}

// A real server process, frozen: its kernel still accepts and buffers, nobody answers.
void tst_Heartbeat::frozenServerProcess()
{
    QFETCH(QString, transport);
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QStringLiteral(DRS_ROBUST_PEER), { DrsTest::listenUrl(transport).toString() });
    QVERIFY2(process.waitForStarted(5000), qPrintable(process.errorString()));
    auto stop = qScopeGuard([&process] {
        ::kill(pid_t(process.processId()), SIGCONT);
        process.kill();
        process.waitForFinished(5000);
    });
    QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 10000);
    const QUrl url(QString::fromUtf8(process.readLine().trimmed()));
    QVERIFY2(url.isValid() && !url.scheme().isEmpty(), qPrintable(url.toString()));

    DrsConnection client;
    client.setHeartbeatInterval(Interval);
    client.setHeartbeatTimeout(Timeout);
    client.setConnectTimeout(1000); // ws: a frozen server never answers the handshake
    client.setAutoReconnect(true);
    client.setReconnectDelays(50, 200);
    QSignalSpy connectedSpy(&client, &DrsConnection::connected);
    QSignalSpy errorSpy(&client, &DrsConnection::errorOccurred);
    QSignalSpy reconnectingSpy(&client, &DrsConnection::reconnecting);
    client.open(url);
    QVERIFY(connectedSpy.wait(10000));
    DrsReply *before = client.call(u"echo"_s, QJsonObject { { u"n"_s, 1 } });
    QTRY_VERIFY(before->isFinished());
    QCOMPARE(before->error(), DrsReply::NoError);

    QCOMPARE(::kill(pid_t(process.processId()), SIGSTOP), 0);
    DrsReply *during = client.call(u"echo"_s, QJsonObject { { u"n"_s, 2 } }, 0);
    QElapsedTimer timer;
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(during->isFinished(), 5000);
    QCOMPARE(during->error(), DrsReply::ConnectionClosed);
    QVERIFY2(timer.elapsed() < Interval + Timeout + 1500,
             qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!errorSpy.isEmpty());
    QCOMPARE(errorSpy.first().first().value<DrsConnection::Error>(),
             DrsConnection::HeartbeatTimeoutError);
    QTRY_VERIFY(reconnectingSpy.count() >= 1);

    // Thawed, the server answers again: the client is back and calls go through.
    QCOMPARE(::kill(pid_t(process.processId()), SIGCONT), 0);
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected() && connectedSpy.count() >= 2, 15000);
    DrsReply *after = client.call(u"echo"_s, QJsonObject { { u"n"_s, 3 } });
    QTRY_VERIFY_WITH_TIMEOUT(after->isFinished(), 5000);
    QCOMPARE(after->error(), DrsReply::NoError);
    QCOMPARE(after->result()[u"n"_s].toInt(), 3);
    client.close();
}

QTEST_MAIN(tst_Heartbeat)
#include "tst_heartbeat.moc"
