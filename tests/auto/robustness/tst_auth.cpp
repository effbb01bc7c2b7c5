// Authentication and the WebSocket origin allow-list: with an authenticator set, a client must
// send auth.upgrade first; other calls are answered drs.error "unauthorized", fires are dropped,
// drs.ping still works; too many refusals close the connection. A client with
// setAuthentication() upgrades after every (re)connect before anything queued is sent. A server
// with allowed origins refuses a WebSocket handshake with another Origin. Real sockets over tcp,
// local and ws.
#include "drstestutil.h"

#include <drsconnection.h>
#include <drsserver.h>

#include <QtCore/QPointer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebSockets/QWebSocket>

using namespace Qt::StringLiterals;

namespace {
//! A server that accepts the token "secret" and records the actions its handlers ran.
struct AuthServer {
    AuthServer()
    {
        server.setAuthenticator(
                [this](DrsConnection *, const QJsonValue &credentials, QString *reason) {
                    ++attempts;
                    if (credentials[u"token"_s].toString() == u"secret"_s)
                        return true;
                    *reason = u"bad token"_s;
                    return false;
                });
        server.on(u"*"_s, [this](const DrsCommand &command) {
            handled.append(command.action());
            return command.body();
        });
    }
    DrsServer server;
    QStringList handled;
    int attempts = 0;
};

DrsReply *finishedCall(DrsConnection &connection, const QString &action,
                       const QJsonValue &body = QJsonObject())
{
    DrsReply *reply = connection.call(action, body);
    QSignalSpy spy(reply, &DrsReply::finished);
    if (!reply->isFinished())
        spy.wait(5000);
    return reply;
}
} // namespace

class tst_Auth : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unauthenticatedRefused_data() { DrsTest::addTransportRows(); }
    void unauthenticatedRefused();
    void upgradeAuthenticates_data() { DrsTest::addTransportRows(); }
    void upgradeAuthenticates();
    void tooManyFailures_data() { DrsTest::addTransportRows(); }
    void tooManyFailures();
    void clientAuthenticatesBeforeQueue_data() { DrsTest::addTransportRows(); }
    void clientAuthenticatesBeforeQueue();
    void clientRefused_data() { DrsTest::addTransportRows(); }
    void clientRefused();
    void noAuthenticatorNoGate();
    void originAllowList_data();
    void originAllowList();
};

void tst_Auth::unauthenticatedRefused()
{
    QFETCH(QString, transport);
    AuthServer s;
    QVERIFY(s.server.listen(DrsTest::listenUrl(transport)));
    DrsConnection client;
    client.open(s.server.serverUrls().constFirst());
    QTRY_VERIFY(client.isConnected());

    DrsReply *refused = finishedCall(client, u"user.get"_s, QJsonObject { { u"id"_s, 7 } });
    QVERIFY(refused->isFinished());
    QCOMPARE(refused->error(), DrsReply::RemoteError);
    QCOMPARE(refused->errorString(), u"unauthorized"_s);
    // A keyless fire gets no reply and reaches no handler.
    QVERIFY(client.fire(u"log.line"_s, QJsonObject { { u"text"_s, u"hi"_s } }));
    // drs.ping is allowed (the heartbeat must work before authentication); being answered after
    // the fire also shows the fire was taken and dropped.
    DrsReply *ping = finishedCall(client, u"drs.ping"_s);
    QCOMPARE(ping->error(), DrsReply::NoError);
    QVERIFY(ping->result().isDouble());
    QVERIFY2(s.handled.isEmpty(), qPrintable(s.handled.join(u',')));
    QCOMPARE(s.attempts, 0);
    QVERIFY(client.isConnected());
    QVERIFY(!s.server.connections().constFirst()->isAuthenticated());
}

void tst_Auth::upgradeAuthenticates()
{
    QFETCH(QString, transport);
    AuthServer s;
    QVERIFY(s.server.listen(DrsTest::listenUrl(transport)));
    QSignalSpy authenticatedSpy(&s.server, &DrsServer::clientAuthenticated);
    DrsConnection client;
    client.open(s.server.serverUrls().constFirst());
    QTRY_COMPARE(s.server.connectionCount(), 1);
    QTRY_VERIFY(client.isConnected());
    DrsConnection *onServer = s.server.connections().constFirst();
    QSignalSpy changedSpy(onServer, &DrsConnection::authenticatedChanged);

    DrsReply *wrong
            = finishedCall(client, u"auth.upgrade"_s, QJsonObject { { u"token"_s, u"nope"_s } });
    QCOMPARE(wrong->error(), DrsReply::RemoteError);
    QCOMPARE(wrong->errorString(), u"unauthorized: bad token"_s);
    QCOMPARE(authenticatedSpy.count(), 0);

    DrsReply *right
            = finishedCall(client, u"auth.upgrade"_s, QJsonObject { { u"token"_s, u"secret"_s } });
    QCOMPARE(right->error(), DrsReply::NoError);
    QCOMPARE(right->result(), QJsonValue(true));
    QCOMPARE(authenticatedSpy.count(), 1);
    QCOMPARE(authenticatedSpy.first().first().value<DrsConnection *>(), onServer);
    QVERIFY(onServer->isAuthenticated());
    QCOMPARE(changedSpy.count(), 1);

    DrsReply *allowed = finishedCall(client, u"user.get"_s, QJsonObject { { u"id"_s, 7 } });
    QCOMPARE(allowed->error(), DrsReply::NoError);
    QCOMPARE(allowed->result()[u"id"_s].toInt(), 7);
    QCOMPARE(s.handled, QStringList { u"user.get"_s }); // the upgrade itself is not a handler's
    QCOMPARE(s.attempts, 2);
}

void tst_Auth::tooManyFailures()
{
    QFETCH(QString, transport);
    AuthServer s;
    s.server.setMaxAuthenticationAttempts(2);
    QCOMPARE(s.server.maxAuthenticationAttempts(), 2);
    QVERIFY(s.server.listen(DrsTest::listenUrl(transport)));
    DrsConnection::Error serverSideError = DrsConnection::NoError;
    connect(&s.server, &DrsServer::clientDisconnected, this,
            [&serverSideError](DrsConnection *c) { serverSideError = c->error(); });
    DrsConnection client;
    QSignalSpy disconnectedSpy(&client, &DrsConnection::disconnected);
    client.open(s.server.serverUrls().constFirst());
    QTRY_VERIFY(client.isConnected());

    DrsReply *first = finishedCall(client, u"auth.upgrade"_s, QJsonObject { { u"token"_s, 1 } });
    QCOMPARE(first->error(), DrsReply::RemoteError);
    QVERIFY(client.isConnected());
    QVERIFY(!disconnectedSpy.wait(100));
    DrsReply *second = finishedCall(client, u"auth.upgrade"_s, QJsonObject { { u"token"_s, 2 } });
    // The refusal is written before the close.
    QCOMPARE(second->error(), DrsReply::RemoteError);
    QVERIFY2(second->errorString().startsWith(u"unauthorized"_s),
             qPrintable(second->errorString()));
    QTRY_COMPARE(disconnectedSpy.count(), 1);
    QTRY_COMPARE(s.server.connectionCount(), 0);
    QCOMPARE(serverSideError, DrsConnection::AuthenticationError);
}

// setAuthentication(): the upgrade goes first after each connect, what was queued meanwhile
// after its answer; connected() only then.
void tst_Auth::clientAuthenticatesBeforeQueue()
{
    QFETCH(QString, transport);
    AuthServer s;
    QVERIFY(s.server.listen(DrsTest::listenUrl(transport)));
    QStringList received;
    connect(&s.server, &DrsServer::commandReceived, this,
            [&received](DrsConnection *, const DrsCommand &c) { received.append(c.action()); });
    QSignalSpy authenticatedSpy(&s.server, &DrsServer::clientAuthenticated);

    DrsConnection client;
    client.setAuthentication(QJsonObject { { u"token"_s, u"secret"_s } });
    QCOMPARE(client.authentication()[u"token"_s].toString(), u"secret"_s);
    client.setAutoReconnect(true);
    client.setReconnectDelays(50, 100);
    QSignalSpy connectedSpy(&client, &DrsConnection::connected);
    QSignalSpy clientAuthSpy(&client, &DrsConnection::authenticatedChanged);
    client.open(s.server.serverUrls().constFirst());
    QVERIFY(client.fire(u"first.fire"_s));
    DrsReply *call = client.call(u"first.call"_s, QJsonObject { { u"n"_s, 1 } });
    QVERIFY(connectedSpy.wait(5000));
    QVERIFY(client.isAuthenticated());
    QCOMPARE(clientAuthSpy.count(), 1);
    QTRY_VERIFY(call->isFinished());
    QCOMPARE(call->error(), DrsReply::NoError);
    QCOMPARE(received, (QStringList { u"auth.upgrade"_s, u"first.fire"_s, u"first.call"_s }));
    QCOMPARE(s.handled, (QStringList { u"first.fire"_s, u"first.call"_s }));

    // The server drops us: after the reconnect the upgrade goes again before the queue.
    received.clear();
    QSignalSpy disconnectedSpy(&client, &DrsConnection::disconnected);
    s.server.connections().constFirst()->close();
    QVERIFY(disconnectedSpy.wait(5000));
    QVERIFY(!client.isAuthenticated());
    DrsReply *queued = client.call(u"second.call"_s);
    QVERIFY(connectedSpy.wait(5000));
    QTRY_VERIFY(queued->isFinished());
    QCOMPARE(queued->error(), DrsReply::NoError);
    QCOMPARE(received.value(0), u"auth.upgrade"_s);
    QVERIFY(received.contains(u"second.call"_s));
    QCOMPARE(authenticatedSpy.count(), 2);
    QVERIFY(client.isAuthenticated());
    client.close();
}

// Refused credentials: AuthenticationError, no reconnect, what waited fails.
void tst_Auth::clientRefused()
{
    QFETCH(QString, transport);
    AuthServer s;
    QVERIFY(s.server.listen(DrsTest::listenUrl(transport)));
    DrsConnection client;
    client.setAuthentication(QJsonObject { { u"token"_s, u"wrong"_s } });
    client.setAutoReconnect(true);
    client.setReconnectDelays(50, 100);
    QSignalSpy errorSpy(&client, &DrsConnection::errorOccurred);
    QSignalSpy connectedSpy(&client, &DrsConnection::connected);
    QSignalSpy reconnectingSpy(&client, &DrsConnection::reconnecting);
    client.open(s.server.serverUrls().constFirst());
    DrsReply *waiting = client.call(u"anything"_s);
    QVERIFY(errorSpy.wait(5000));
    QCOMPARE(errorSpy.first().first().value<DrsConnection::Error>(),
             DrsConnection::AuthenticationError);
    QVERIFY2(client.errorString().contains(u"bad token"_s), qPrintable(client.errorString()));
    QCOMPARE(client.state(), DrsConnection::UnconnectedState);
    QTRY_VERIFY(waiting->isFinished());
    QCOMPARE(waiting->error(), DrsReply::ConnectionClosed);
    QVERIFY(!reconnectingSpy.wait(300));
    QCOMPARE(connectedSpy.count(), 0);
    QVERIFY(s.handled.isEmpty());
    QCOMPARE(s.attempts, 1);
}

// Without an authenticator auth.upgrade is an ordinary action and nothing is gated.
void tst_Auth::noAuthenticatorNoGate()
{
    DrsServer server;
    server.on(u"user.get"_s, [](const DrsCommand &) { return QJsonValue(1); });
    QVERIFY(server.listen(DrsTest::listenUrl(u"tcp"_s)));
    DrsConnection client;
    client.open(server.serverUrls().constFirst());
    QTRY_VERIFY(client.isConnected());
    DrsReply *call = finishedCall(client, u"user.get"_s);
    QCOMPARE(call->error(), DrsReply::NoError);
    DrsReply *upgrade = finishedCall(client, u"auth.upgrade"_s);
    QCOMPARE(upgrade->error(), DrsReply::RemoteError);
    QCOMPARE(upgrade->errorString(), u"No handlers for auth.upgrade"_s);
}

void tst_Auth::originAllowList_data()
{
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QString>("origin");
    QTest::addColumn<bool>("accepted");
    const QStringList allowed { u"http://good.example"_s, u"https://app.example"_s };
    QTest::addRow("allowed") << allowed << u"http://good.example"_s << true;
    QTest::addRow("second allowed") << allowed << u"https://app.example"_s << true;
    QTest::addRow("wrong") << allowed << u"http://evil.example"_s << false;
    QTest::addRow("none") << allowed << QString() << false;
    QTest::addRow("empty list allows any") << QStringList() << u"http://evil.example"_s << true;
}

void tst_Auth::originAllowList()
{
    QFETCH(QStringList, allowed);
    QFETCH(QString, origin);
    QFETCH(bool, accepted);
    DrsServer server;
    server.setAllowedOrigins(allowed);
    QCOMPARE(server.allowedOrigins(), allowed);
    QVERIFY(server.listen(DrsTest::listenUrl(u"ws"_s)));
    QSignalSpy clientSpy(&server, &DrsServer::clientConnected);

    QWebSocket socket(origin);
    QSignalSpy connectedSpy(&socket, &QWebSocket::connected);
    QSignalSpy disconnectedSpy(&socket, &QWebSocket::disconnected);
    socket.open(server.serverUrls().constFirst());
    if (accepted) {
        QVERIFY(connectedSpy.wait(5000));
        QTRY_COMPARE(clientSpy.count(), 1);
    } else {
        QVERIFY(disconnectedSpy.wait(5000));
        QCOMPARE(connectedSpy.count(), 0);
        QVERIFY(!clientSpy.wait(250));
        QCOMPARE(server.connectionCount(), 0);
    }

    // A DrsConnection sends "Origin: http://127.0.0.1" by default.
    DrsConnection client;
    QSignalSpy errorSpy(&client, &DrsConnection::errorOccurred);
    server.setAllowedOrigins({ u"http://127.0.0.1"_s });
    client.open(server.serverUrls().constFirst());
    QTRY_VERIFY(client.isConnected());
    QVERIFY(errorSpy.isEmpty());
}

QTEST_MAIN(tst_Auth)
#include "tst_auth.moc"
