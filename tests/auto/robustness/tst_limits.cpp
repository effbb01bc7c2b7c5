// Limits with clear errors: pending calls both ways, the message size cap (a server's value on
// every client, a client's own value), handshake timeouts on ws:// and tls:// servers against
// peers that say nothing or half a handshake, the client's connect timeout, and the server's
// idle timeout. Real sockets on loopback; the TLS certificate is made with the openssl command.
#include "drstestutil.h"
#include "stalledpeer.h"

#include <drsconnection.h>
#include <drsserver.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QPointer>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <vector>

using namespace Qt::StringLiterals;

class tst_Limits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void defaults();
    void clientPendingCallLimit_data() { DrsTest::addTransportRows(); }
    void clientPendingCallLimit();
    void serverPendingCallLimit_data() { DrsTest::addTransportRows(); }
    void serverPendingCallLimit();
    void serverMessageSizeAppliesToConnectedClients_data() { DrsTest::addTransportRows(); }
    void serverMessageSizeAppliesToConnectedClients();
    void clientMessageSize_data() { DrsTest::addTransportRows(); }
    void clientMessageSize();
    void serverHandshakeTimeout_data();
    void serverHandshakeTimeout();
    void clientConnectTimeout_data();
    void clientConnectTimeout();
    void idleTimeout_data() { DrsTest::addTransportRows(); }
    void idleTimeout();

private:
    bool makeCertificate();
    QTemporaryDir m_dir;
    QSslConfiguration m_serverTls;
    QSslCertificate m_certificate;
    QString m_tlsSkip;
};

void tst_Limits::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (!QSslSocket::supportsSsl())
        m_tlsSkip = u"no TLS backend"_s;
    else if (QStandardPaths::findExecutable(u"openssl"_s).isEmpty())
        m_tlsSkip = u"the openssl command is not installed: it makes the test certificate"_s;
    else
        QVERIFY(makeCertificate());
}

bool tst_Limits::makeCertificate()
{
    QProcess openssl;
    openssl.setWorkingDirectory(m_dir.path());
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStandardPaths::findExecutable(u"openssl"_s),
                  { u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                    u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-subj"_s, u"/CN=127.0.0.1"_s,
                    u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s, u"-days"_s, u"2"_s,
                    u"-keyout"_s, u"key.pem"_s, u"-out"_s, u"cert.pem"_s });
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0) {
        qWarning("openssl failed: %s", openssl.readAll().constData());
        return false;
    }
    QFile certFile(m_dir.filePath(u"cert.pem"_s));
    QFile keyFile(m_dir.filePath(u"key.pem"_s));
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return false;
    m_certificate = QSslCertificate(certFile.readAll(), QSsl::Pem);
    const QSslKey key(keyFile.readAll(), QSsl::Ec, QSsl::Pem);
    m_serverTls = QSslConfiguration::defaultConfiguration();
    m_serverTls.setLocalCertificate(m_certificate);
    m_serverTls.setPrivateKey(key);
    return !m_certificate.isNull() && !key.isNull();
}

void tst_Limits::defaults()
{
    DrsConnection connection;
    QCOMPARE(connection.maxPendingCalls(), 10000);
    QCOMPARE(connection.maxMessageSize(), 16 * 1024 * 1024);
    QCOMPARE(connection.connectTimeout(), 30000);
    QCOMPARE(connection.idleTimeout(), 0);
    DrsServer server;
    QCOMPARE(server.maxPendingCalls(), 10000);
    QCOMPARE(server.handshakeTimeout(), 10000);
    QCOMPARE(server.idleTimeout(), 0);
    QCOMPARE(server.maxMessageSize(), 16 * 1024 * 1024);
}

// Our own calls beyond maxPendingCalls() fail at once, with a clear error, and are not sent.
void tst_Limits::clientPendingCallLimit()
{
    QFETCH(QString, transport);
    DrsServer server;
    std::vector<DrsRequest> held;
    server.onAsync(u"hold"_s, [&held](const DrsRequest &request) { held.push_back(request); });
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));
    QSignalSpy serverReceived(&server, &DrsServer::commandReceived);

    DrsConnection client;
    client.setMaxPendingCalls(3);
    QCOMPARE(client.maxPendingCalls(), 3);
    client.open(server.serverUrls().constFirst());
    QTRY_VERIFY(client.isConnected());

    QList<DrsReply *> replies;
    for (int i = 0; i < 3; ++i)
        replies.append(client.call(u"hold"_s, QJsonObject { { u"i"_s, i } }));
    QTRY_COMPARE(int(held.size()), 3);
    DrsReply *refused = client.call(u"hold"_s, QJsonObject { { u"i"_s, 3 } });
    QSignalSpy refusedSpy(refused, &DrsReply::finished);
    QVERIFY(!refused->isFinished()); // never from inside call()
    QVERIFY(refusedSpy.wait(1000));
    QCOMPARE(refused->error(), DrsReply::Aborted);
    QVERIFY2(refused->errorString().contains(u"too many pending calls"_s),
             qPrintable(refused->errorString()));
    QCOMPARE(client.pendingCallCount(), 3);
    QVERIFY(!serverReceived.wait(250)); // the refused call was not sent
    QCOMPARE(serverReceived.count(), 3);

    for (DrsRequest &request : held)
        request.respond(request.command().body()[u"i"_s]);
    for (int i = 0; i < 3; ++i) {
        QTRY_VERIFY(replies.at(i)->isFinished());
        QCOMPARE(replies.at(i)->error(), DrsReply::NoError);
        QCOMPARE(replies.at(i)->result().toInt(), i);
    }
    // Room again.
    held.clear();
    DrsReply *again = client.call(u"hold"_s);
    QTRY_COMPARE(int(held.size()), 1);
    QVERIFY(!again->isFinished());
}

// A client's calls beyond the server's limit of calls being handled at once get drs.error.
void tst_Limits::serverPendingCallLimit()
{
    QFETCH(QString, transport);
    DrsServer server;
    server.setMaxPendingCalls(2);
    std::vector<DrsRequest> held;
    server.onAsync(u"hold"_s, [&held](const DrsRequest &request) { held.push_back(request); });
    server.on(u"quick"_s, [](const DrsCommand &) { return QJsonValue(u"done"_s); });
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));

    DrsConnection client;
    client.open(server.serverUrls().constFirst());
    QTRY_VERIFY(client.isConnected());
    DrsReply *first = client.call(u"hold"_s);
    DrsReply *second = client.call(u"hold"_s);
    QTRY_COMPARE(int(held.size()), 2);
    DrsReply *third = client.call(u"hold"_s);
    QTRY_VERIFY(third->isFinished());
    QCOMPARE(third->error(), DrsReply::RemoteError);
    QCOMPARE(third->errorString(), u"too many pending calls"_s);
    QCOMPARE(int(held.size()), 2); // the handler never saw it
    // A synchronous handler is refused too while the asynchronous ones hold the slots.
    DrsReply *quick = client.call(u"quick"_s);
    QTRY_VERIFY(quick->isFinished());
    QCOMPARE(quick->error(), DrsReply::RemoteError);

    held.front().respond(1);
    QTRY_VERIFY(first->isFinished());
    QCOMPARE(first->error(), DrsReply::NoError);
    DrsReply *fourth = client.call(u"quick"_s);
    QTRY_VERIFY(fourth->isFinished());
    QCOMPARE(fourth->error(), DrsReply::NoError);
    QCOMPARE(fourth->result().toString(), u"done"_s);
    QVERIFY(!second->isFinished());
    QVERIFY(client.isConnected());
}

// setMaxMessageSize() on a server reaches clients connected before the call.
void tst_Limits::serverMessageSizeAppliesToConnectedClients()
{
    QFETCH(QString, transport);
    DrsServer server;
    server.on(u"echo"_s, [](const DrsCommand &c) { return c.body(); });
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));
    DrsConnection client;
    QSignalSpy disconnectedSpy(&client, &DrsConnection::disconnected);
    client.open(server.serverUrls().constFirst());
    QTRY_COMPARE(server.connectionCount(), 1);
    QTRY_VERIFY(client.isConnected());
    QPointer<DrsConnection> onServer = server.connections().constFirst();
    const QJsonObject big { { u"data"_s, QString(4000, u'y') } };
    DrsReply *before = client.call(u"echo"_s, big);
    QTRY_VERIFY(before->isFinished());
    QCOMPARE(before->error(), DrsReply::NoError);

    server.setMaxMessageSize(1024);
    QCOMPARE(onServer->maxMessageSize(), 1024);
    DrsConnection::Error serverSideError = DrsConnection::NoError;
    connect(onServer, &DrsConnection::errorOccurred, this,
            [&serverSideError](DrsConnection::Error e) { serverSideError = e; });
    DrsReply *after = client.call(u"echo"_s, big);
    QTRY_VERIFY(after->isFinished());
    QVERIFY(after->error() != DrsReply::NoError);
    QTRY_COMPARE(disconnectedSpy.count(), 1);
    // Streams: drs.error "message too large", then the close; ws: close code 1009.
    QCOMPARE(serverSideError, DrsConnection::MessageTooLargeError);
    QTRY_COMPARE(server.connectionCount(), 0);
}

// A client's own cap: an answer too large for it is refused, never buffered without bound.
void tst_Limits::clientMessageSize()
{
    QFETCH(QString, transport);
    DrsServer server;
    server.on(u"big"_s, [](const DrsCommand &) { return QJsonValue(QString(8000, u'z')); });
    server.on(u"small"_s, [](const DrsCommand &) { return QJsonValue(u"ok"_s); });
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));
    DrsConnection client;
    client.setMaxMessageSize(2048);
    QSignalSpy errorSpy(&client, &DrsConnection::errorOccurred);
    client.open(server.serverUrls().constFirst());
    QTRY_VERIFY(client.isConnected());
    DrsReply *small = client.call(u"small"_s);
    QTRY_VERIFY(small->isFinished());
    QCOMPARE(small->error(), DrsReply::NoError);
    DrsReply *big = client.call(u"big"_s);
    QTRY_VERIFY(big->isFinished());
    QCOMPARE(big->error(), DrsReply::ConnectionClosed);
    QVERIFY(!errorSpy.isEmpty()); // never a silent drop: ws reports the 1009 close
    QCOMPARE(client.error(), DrsConnection::MessageTooLargeError);
    QVERIFY2(client.errorString().contains(u"message too large"_s),
             qPrintable(client.errorString()));
    QTRY_VERIFY(!client.isConnected());
}

void tst_Limits::serverHandshakeTimeout_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QByteArray>("sent");
    QTest::addRow("ws/nothing") << u"ws"_s << QByteArray();
    QTest::addRow("ws/half") << u"ws"_s
                             << QByteArray("GET /socket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgr");
    QTest::addRow("tls/nothing") << u"tls"_s << QByteArray();
    QTest::addRow("tls/half") << u"tls"_s << QByteArray::fromHex("160301");
    QTest::addRow("wss/nothing") << u"wss"_s << QByteArray();
}

// A peer that opens TCP and says nothing (slowloris), or half a handshake, is dropped after the
// handshake timeout; a real client served meanwhile is unaffected.
void tst_Limits::serverHandshakeTimeout()
{
    QFETCH(QString, scheme);
    QFETCH(QByteArray, sent);
    if (scheme != u"ws"_s && !m_tlsSkip.isEmpty())
        QSKIP(qPrintable(m_tlsSkip));
    DrsServer server;
    server.setHandshakeTimeout(300);
    QCOMPARE(server.handshakeTimeout(), 300);
    server.setSslConfiguration(m_serverTls);
    server.on(u"echo"_s, [](const DrsCommand &c) { return c.body(); });
    const QString path = scheme.startsWith(u"ws"_s) ? u"/socket"_s : QString();
    QVERIFY2(server.listen(QUrl(u"%1://127.0.0.1:0%2"_s.arg(scheme, path))),
             qPrintable(server.errorString()));
    const QUrl url = server.serverUrls().constFirst();

    QTcpSocket silent;
    QSignalSpy silentGone(&silent, &QTcpSocket::disconnected);
    silent.connectToHost(QHostAddress::LocalHost, quint16(url.port()));
    QVERIFY(silent.waitForConnected(5000));
    if (!sent.isEmpty())
        silent.write(sent);

    DrsConnection client;
    if (scheme != u"ws"_s) {
        QSslConfiguration trust = QSslConfiguration::defaultConfiguration();
        trust.setCaCertificates({ m_certificate });
        client.setSslConfiguration(trust);
    }
    client.open(url);
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 10000);

    QElapsedTimer timer;
    timer.start();
    QVERIFY(silentGone.wait(5000));
    QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(server.connectionCount(), 1); // the silent one was never a client

    DrsReply *reply = client.call(u"echo"_s, QJsonObject { { u"still"_s, u"here"_s } });
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result()[u"still"_s].toString(), u"here"_s);
}

void tst_Limits::clientConnectTimeout_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addRow("ws") << u"ws"_s;
    QTest::addRow("tls") << u"tls"_s;
}

// A server that accepts TCP and never finishes the handshake: the client gives up after
// connectTimeout() with ConnectTimeoutError, fails what waited, and reconnects if asked to.
void tst_Limits::clientConnectTimeout()
{
    QFETCH(QString, scheme);
    if (scheme == u"tls"_s && !QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QTcpServer mute; // accepts, never answers
    QVERIFY(mute.listen(QHostAddress::LocalHost));
    QList<QTcpSocket *> accepted;
    connect(&mute, &QTcpServer::newConnection, this,
            [&] { accepted.append(mute.nextPendingConnection()); });
    const QUrl url(u"%1://127.0.0.1:%2%3"_s.arg(scheme)
                           .arg(mute.serverPort())
                           .arg(scheme == u"ws"_s ? u"/socket"_s : QString()));

    DrsConnection client;
    client.setConnectTimeout(300);
    QCOMPARE(client.connectTimeout(), 300);
    QSignalSpy errorSpy(&client, &DrsConnection::errorOccurred);
    QSignalSpy connectedSpy(&client, &DrsConnection::connected);
    QElapsedTimer timer;
    timer.start();
    client.open(url);
    DrsReply *waiting = client.call(u"anything"_s);
    QVERIFY(errorSpy.wait(5000));
    QCOMPARE(errorSpy.first().first().value<DrsConnection::Error>(),
             DrsConnection::ConnectTimeoutError);
    QVERIFY(timer.elapsed() >= 290);
    QVERIFY2(client.errorString().contains(u"within 300 ms"_s), qPrintable(client.errorString()));
    QCOMPARE(client.state(), DrsConnection::UnconnectedState);
    QTRY_VERIFY(waiting->isFinished());
    QCOMPARE(waiting->error(), DrsReply::ConnectionClosed);
    QCOMPARE(connectedSpy.count(), 0);
    QTRY_COMPARE(accepted.size(), 1);

    // With autoReconnect a timed-out attempt is followed by another.
    client.setAutoReconnect(true);
    client.setReconnectDelays(50, 100);
    QSignalSpy reconnectingSpy(&client, &DrsConnection::reconnecting);
    client.open(url);
    QVERIFY(reconnectingSpy.wait(5000));
    QTRY_VERIFY(accepted.size() >= 2);
    client.close();
    qDeleteAll(accepted);
}

// A client that sends nothing is dropped after the idle timeout, though it receives broadcasts;
// one whose heartbeat keeps it talking stays.
void tst_Limits::idleTimeout()
{
    QFETCH(QString, transport);
    DrsServer server;
    server.setIdleTimeout(400);
    QCOMPARE(server.idleTimeout(), 400);
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));
    DrsConnection::Error droppedError = DrsConnection::NoError;
    QString droppedReason;
    connect(&server, &DrsServer::clientDisconnected, this, [&](DrsConnection *c) {
        droppedError = c->error();
        droppedReason = c->errorString();
    });

    DrsConnection quiet;
    DrsConnection talking;
    talking.setHeartbeatInterval(100);
    QSignalSpy quietDisconnected(&quiet, &DrsConnection::disconnected);
    QSignalSpy talkingDisconnected(&talking, &DrsConnection::disconnected);
    QElapsedTimer timer;
    timer.start();
    quiet.open(server.serverUrls().constFirst());
    talking.open(server.serverUrls().constFirst());
    QTRY_COMPARE(server.connectionCount(), 2);
    // Broadcasts keep both clients receiving: the talking one must still ping, as it sends
    // nothing else, or the server's idle timeout would drop it too.
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, &server, [&server] { server.broadcast(u"tick"_s); });
    ticker.start(50);
    QVERIFY(quietDisconnected.wait(5000));
    QVERIFY2(timer.elapsed() >= 350, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(droppedError, DrsConnection::IdleTimeoutError);
    QVERIFY2(droppedReason.contains(u"idle"_s), qPrintable(droppedReason));
    QVERIFY(!talkingDisconnected.wait(600));
    QVERIFY(talking.isConnected());
    QCOMPARE(server.connectionCount(), 1);
}

QTEST_MAIN(tst_Limits)
#include "tst_limits.moc"
