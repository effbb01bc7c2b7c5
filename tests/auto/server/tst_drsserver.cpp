// DrsServer: listening on several URLs, listen failures, stale local sockets, WebSocket paths,
// the accept hook, connection bookkeeping and signals, shared handlers, broadcast.
#include "drsrawclient.h"
#include "drstestutil.h"

#include <drsconnection.h>
#include <drsserver.h>
#include <drstransport.h>

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QPointer>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QLocalServer>
#include <QtNetwork/QTcpServer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

DrsConnection *openClient(const QUrl &url, QObject *parent,
                          DrsCommand::Encoding encoding = DrsCommand::JsonEncoding)
{
    auto *client = new DrsConnection(parent);
    client->setEncoding(encoding);
    client->open(url);
    return client;
}

//! Calls \a action and waits for the answer; the reply belongs to the caller's connection.
DrsReply *callAndWait(DrsConnection *client, const QString &action,
                      const QJsonValue &body = QJsonObject())
{
    DrsReply *reply = client->call(action, body, 10000);
    const bool finished = QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
    Q_UNUSED(finished) // the callers check isFinished()
    return reply;
}

QUrl serverUrlFor(const DrsServer &server, const QString &scheme)
{
    const QList<QUrl> urls = server.serverUrls();
    for (const QUrl &url : urls) {
        if (url.scheme() == scheme)
            return url;
    }
    return QUrl();
}

} // namespace

class tst_DrsServer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listenOnSeveralUrls();
    void listenFailure_data();
    void listenFailure();
    void listenListIsAllOrNothing();
    void localNameServedByLiveServer();
    void staleLocalSocket_data();
    void staleLocalSocket();
    void localAbsolutePath();
    void closeStopsListeningAndDisconnects();
    void webSocketPath_data();
    void webSocketPath();
    void webSocketClientSendsOrigin();
    void acceptHookRefusesByCount_data();
    void acceptHookRefusesByCount();
    void acceptHookRefusesByHeader();
    void connectionsAndSignals_data();
    void connectionsAndSignals();
    void commandReceivedIncludesReplies_data();
    void commandReceivedIncludesReplies();
    void sharedAndConnectionHandlers_data();
    void sharedAndConnectionHandlers();
    void broadcastToManyClients();
    void abruptDisconnectDoesNotAffectOthers_data();
    void abruptDisconnectDoesNotAffectOthers();
};

void tst_DrsServer::listenOnSeveralUrls()
{
    DrsServer server;
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    QSignalSpy listeningChanged(&server, &DrsServer::listeningChanged);
    const QUrl local = DrsTest::listenUrl(u"local"_s);
    QVERIFY(!server.isListening());

    QVERIFY2(server.listen(QList<QUrl> { DrsTest::listenUrl(u"tcp"_s), local,
                                         DrsTest::listenUrl(u"ws"_s) }),
             qPrintable(server.errorString()));
    QVERIFY(server.isListening());
    QVERIFY(listeningChanged.count() >= 1);

    const QList<QUrl> urls = server.serverUrls();
    QCOMPARE(urls.size(), 3);
    QCOMPARE(urls.at(0).scheme(), u"tcp"_s);
    QCOMPARE(urls.at(0).host(), u"127.0.0.1"_s);
    QVERIFY(urls.at(0).port() > 0);
    QCOMPARE(urls.at(1), local);
    QCOMPARE(urls.at(2).scheme(), u"ws"_s);
    QCOMPARE(urls.at(2).host(), u"127.0.0.1"_s);
    QVERIFY(urls.at(2).port() > 0);
    QVERIFY(urls.at(2).port() != urls.at(0).port());
    QCOMPARE(urls.at(2).path(), u"/socket"_s);

    // The reported URLs are the real ones: a client reaches the server on each of them.
    QObject owner;
    for (const QUrl &url : urls) {
        DrsConnection *client = openClient(url, &owner);
        const QJsonObject body { { u"via"_s, url.toString() } };
        DrsReply *reply = callAndWait(client, u"echo"_s, body);
        QVERIFY2(reply->isFinished(), qPrintable(url.toString()));
        QCOMPARE(reply->error(), DrsReply::NoError);
        QCOMPARE(reply->result(), QJsonValue(body));
    }
    QCOMPARE(server.connectionCount(), 3);
}

void tst_DrsServer::listenFailure_data()
{
    QTest::addColumn<QString>("url"); // %1 is replaced by a port that is already taken
    QTest::addColumn<bool>("occupy");
    QTest::addColumn<QStringList>("expected"); // each must appear in errorString()

    QTest::addRow("tcp port in use")
            << u"tcp://127.0.0.1:%1"_s << true
            << QStringList { u"cannot listen on 'tcp://127.0.0.1:"_s, u"in use"_s };
    QTest::addRow("ws port in use")
            << u"ws://127.0.0.1:%1/socket"_s << true
            << QStringList { u"cannot listen on 'ws://127.0.0.1:"_s, u"in use"_s };
    QTest::addRow("tcp host name") << u"tcp://no-such-host.invalid:0"_s << false
                                   << QStringList { u"no-such-host.invalid"_s, u"IP address"_s };
    QTest::addRow("ws host name") << u"ws://no-such-host.invalid:0/socket"_s << false
                                  << QStringList { u"no-such-host.invalid"_s, u"IP address"_s };
    QTest::addRow("tcp address not ours")
            << u"tcp://192.0.2.1:0"_s << false
            << QStringList { u"cannot listen on 'tcp://192.0.2.1:0'"_s, u"not available"_s };
    QTest::addRow("unknown scheme") << u"foo://127.0.0.1:0"_s << false
                                    << QStringList { u"'foo'"_s, u"supported"_s, u"tcp"_s };
    QTest::addRow("tcp without port")
            << u"tcp://127.0.0.1"_s << false << QStringList { u"tcp://127.0.0.1"_s, u"no port"_s };
    QTest::addRow("local without name")
            << u"local:"_s << false << QStringList { u"'local:'"_s, u"needs a name"_s };
}

void tst_DrsServer::listenFailure()
{
    QFETCH(QString, url);
    QFETCH(bool, occupy);
    QFETCH(QStringList, expected);

    QTcpServer occupier;
    if (occupy) {
        QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
        url = url.arg(occupier.serverPort());
    }
    DrsServer server;
    QSignalSpy listeningChanged(&server, &DrsServer::listeningChanged);
    QVERIFY(!server.listen(QUrl(url)));
    QVERIFY(!server.isListening());
    QVERIFY(server.serverUrls().isEmpty());
    QCOMPARE(listeningChanged.count(), 0);
    for (const QString &part : std::as_const(expected))
        QVERIFY2(server.errorString().contains(part, Qt::CaseInsensitive),
                 qPrintable(server.errorString()));
}

void tst_DrsServer::listenListIsAllOrNothing()
{
    DrsServer server;
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    QVERIFY(server.listen(DrsTest::listenUrl(u"tcp"_s)));
    const QList<QUrl> before = server.serverUrls();
    QCOMPARE(before.size(), 1);

    // The local and ws listeners open fine; the third URL fails, so neither may stay.
    const QUrl local = DrsTest::listenUrl(u"local"_s);
    const QString socketFile = QDir::tempPath() + u'/' + local.path();
    QVERIFY(!server.listen(
            QList<QUrl> { local, DrsTest::listenUrl(u"ws"_s), QUrl(u"foo://127.0.0.1:0"_s) }));
    QVERIFY2(server.errorString().contains(u"'foo'"_s), qPrintable(server.errorString()));
    QCOMPARE(server.serverUrls(), before);
    QVERIFY(server.isListening());

    QVERIFY(!QFileInfo::exists(socketFile));
    QLocalSocket probe;
    QSignalSpy probeError(&probe, &QLocalSocket::errorOccurred);
    probe.connectToServer(local.path());
    QTRY_COMPARE(probeError.count(), 1);
    QCOMPARE(probe.error(), QLocalSocket::ServerNotFoundError);

    // The name is free again, and the listener from before the failed call still serves.
    DrsServer other;
    QVERIFY2(other.listen(local), qPrintable(other.errorString()));
    QObject owner;
    DrsReply *reply = callAndWait(openClient(before.first(), &owner), u"echo"_s, 42);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(42));
}

void tst_DrsServer::localNameServedByLiveServer()
{
    const QUrl url = DrsTest::listenUrl(u"local"_s);
    DrsServer first;
    first.on(u"who"_s, [] { return u"first"_s; });
    QVERIFY2(first.listen(url), qPrintable(first.errorString()));

    DrsServer second;
    QVERIFY(!second.listen(url));
    QVERIFY(!second.isListening());
    QVERIFY2(second.errorString().contains(url.toString()), qPrintable(second.errorString()));
    QVERIFY2(second.errorString().contains(u"in use"_s, Qt::CaseInsensitive),
             qPrintable(second.errorString()));

    // The live server keeps its socket and its clients.
    QVERIFY(QFileInfo::exists(QDir::tempPath() + u'/' + url.path()));
    QObject owner;
    DrsReply *reply = callAndWait(openClient(url, &owner), u"who"_s);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(u"first"_s));
}

void tst_DrsServer::staleLocalSocket_data()
{
    QTest::addColumn<bool>("absolute");
    QTest::addRow("name") << false;
    QTest::addRow("absolute path") << true;
}

void tst_DrsServer::staleLocalSocket()
{
    QFETCH(bool, absolute);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString name = absolute ? dir.filePath(u"drs.sock"_s)
                                  : DrsTest::listenUrl(u"local"_s).path() + u"-stale"_s;
    const QString socketFile = absolute ? name : QDir::tempPath() + u'/' + name;
    const QUrl url(u"local:"_s + name);
    QVERIFY(!QFileInfo::exists(socketFile));

    // Another process serves the name (this executable in its helper mode), then crashes.
    QProcess helper;
    QByteArray helperOutput;
    connect(&helper, &QProcess::readyReadStandardOutput, this,
            [&helper, &helperOutput] { helperOutput += helper.readAllStandardOutput(); });
    helper.start(QCoreApplication::applicationFilePath(), { u"--hold-local"_s, name });
    QTRY_VERIFY_WITH_TIMEOUT(helperOutput.contains("listening"), 10000);
    QVERIFY(QFileInfo::exists(socketFile));

    // While it lives, the name is taken: it answers, so its socket is not stale.
    DrsServer blocked;
    QVERIFY(!blocked.listen(url));
    QVERIFY2(blocked.errorString().contains(u"in use"_s, Qt::CaseInsensitive),
             qPrintable(blocked.errorString()));
    QVERIFY(QFileInfo::exists(socketFile));

    QSignalSpy helperFinished(&helper, &QProcess::finished);
    helper.kill();
    QTRY_COMPARE_WITH_TIMEOUT(helperFinished.count(), 1, 10000);
    QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
    QVERIFY(QFileInfo::exists(socketFile)); // left behind, nobody answers on it

    DrsServer server;
    server.on(u"who"_s, [] { return u"new"_s; });
    QVERIFY2(server.listen(url), qPrintable(server.errorString()));
    QCOMPARE(server.serverUrls(), QList<QUrl> { url });
    QObject owner;
    DrsReply *reply = callAndWait(openClient(url, &owner), u"who"_s);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(u"new"_s));

    server.close();
    QVERIFY(!QFileInfo::exists(socketFile));
}

void tst_DrsServer::localAbsolutePath()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"service.sock"_s);
    const QUrl url(u"local:"_s + path);

    DrsServer server;
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    QVERIFY2(server.listen(url), qPrintable(server.errorString()));
    QCOMPARE(server.serverUrls(), QList<QUrl> { url });
    QVERIFY(QFileInfo::exists(path));
    QVERIFY(!QFileInfo::exists(QDir::tempPath() + u'/' + QFileInfo(path).fileName()));

    QObject owner;
    DrsConnection *client = openClient(QUrl(u"local://"_s + path), &owner);
    DrsReply *reply = callAndWait(client, u"echo"_s, u"over a path"_s);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(u"over a path"_s));
    QCOMPARE(server.connectionCount(), 1);
    QVERIFY(server.connections().first()->peerName().startsWith(u"local:"_s));

    server.close();
    QVERIFY(!QFileInfo::exists(path));
}

void tst_DrsServer::closeStopsListeningAndDisconnects()
{
    DrsServer server;
    QVERIFY(server.listen(QList<QUrl> { DrsTest::listenUrl(u"tcp"_s),
                                        DrsTest::listenUrl(u"local"_s),
                                        DrsTest::listenUrl(u"ws"_s) }));
    const QList<QUrl> urls = server.serverUrls();
    QObject owner;
    QList<DrsConnection *> clients;
    for (const QUrl &url : urls)
        clients.append(openClient(url, &owner));
    QTRY_COMPARE(server.connectionCount(), 3);
    for (DrsConnection *client : std::as_const(clients))
        QTRY_VERIFY(client->isConnected());

    QSignalSpy listeningChanged(&server, &DrsServer::listeningChanged);
    QSignalSpy clientDisconnected(&server, &DrsServer::clientDisconnected);
    server.close();
    QVERIFY(!server.isListening());
    QVERIFY(server.serverUrls().isEmpty());
    QCOMPARE(listeningChanged.count(), 1);
    QTRY_COMPARE(clientDisconnected.count(), 3);
    QCOMPARE(server.connectionCount(), 0);
    QVERIFY(server.connections().isEmpty());

    for (DrsConnection *client : std::as_const(clients))
        QTRY_COMPARE(client->state(), DrsConnection::UnconnectedState);

    // Nothing listens there any more.
    for (const QUrl &url : urls) {
        DrsConnection *late = openClient(url, &owner);
        QSignalSpy lateError(late, &DrsConnection::errorOccurred);
        QTRY_COMPARE(late->state(), DrsConnection::UnconnectedState);
        QVERIFY2(lateError.count() >= 1, qPrintable(url.toString()));
        QVERIFY2(late->error() == DrsConnection::ConnectionRefusedError
                         || late->error() == DrsConnection::HostNotFoundError,
                 qPrintable(url.toString() + u": "_s + late->errorString()));
    }
    QCOMPARE(server.connectionCount(), 0);

    // close() twice is harmless, and the server can listen again.
    server.close();
    QCOMPARE(listeningChanged.count(), 1);
    QVERIFY(server.listen(DrsTest::listenUrl(u"tcp"_s)));
    DrsConnection *again = openClient(server.serverUrls().first(), &owner);
    QTRY_VERIFY(again->isConnected());
    QTRY_COMPARE(server.connectionCount(), 1);
}

void tst_DrsServer::webSocketPath_data()
{
    QTest::addColumn<QString>("listenPath");
    QTest::addColumn<QString>("clientPath");
    QTest::addColumn<bool>("accepted");

    QTest::addRow("/socket served, /socket asked") << u"/socket"_s << u"/socket"_s << true;
    QTest::addRow("/socket served, /other asked") << u"/socket"_s << u"/other"_s << false;
    QTest::addRow("/socket served, /socket/x asked") << u"/socket"_s << u"/socket/x"_s << false;
    QTest::addRow("/socket served, / asked") << u"/socket"_s << u"/"_s << false;
    QTest::addRow("no path served, /other asked") << QString() << u"/other"_s << true;
    QTest::addRow("no path served, /socket asked") << QString() << u"/socket"_s << true;
    QTest::addRow("/ served, /any/thing asked") << u"/"_s << u"/any/thing"_s << true;
}

void tst_DrsServer::webSocketPath()
{
    QFETCH(QString, listenPath);
    QFETCH(QString, clientPath);
    QFETCH(bool, accepted);

    DrsServer server;
    QVERIFY(server.listen(QUrl(u"ws://127.0.0.1:0"_s + listenPath)));
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);

    QUrl url = server.serverUrls().first();
    url.setPath(clientPath);
    DrsRawClient client(u"ws"_s, u"http://127.0.0.1"_s);
    QSignalSpy wsConnected(client.webSocket(), &QWebSocket::connected);
    client.connectTo(url);
    QTRY_COMPARE(wsConnected.count(), 1); // the handshake itself succeeds either way

    if (!accepted) {
        QTRY_VERIFY(client.hasDisconnected());
        QCOMPARE(client.webSocket()->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QVERIFY2(client.webSocket()->closeReason().contains(clientPath),
                 qPrintable(client.webSocket()->closeReason()));
        QCOMPARE(clientConnected.count(), 0);
        QCOMPARE(server.connectionCount(), 0);
        return;
    }
    QTRY_COMPARE(clientConnected.count(), 1);
    auto *connection = clientConnected.at(0).at(0).value<DrsConnection *>();
    QVERIFY(connection);
    QCOMPARE(connection->transport()->handshakeRequest().url().path(), clientPath);
    QCOMPARE(connection->transport()->handshakeRequest().rawHeader("Origin"),
             QByteArray("http://127.0.0.1"));

    client.send(DrsCommand(u"drs.ping"_s, QJsonObject(), u"p1"_s), DrsCommand::JsonEncoding);
    QTRY_COMPARE(client.commands().size(), 1);
    QCOMPARE(client.commands().first().action(), DrsCommand::responseAction());
    QCOMPARE(client.commands().first().key(), u"p1"_s);
    QVERIFY(client.isConnected());
}

void tst_DrsServer::webSocketClientSendsOrigin()
{
    DrsServer server;
    QVERIFY(server.listen(DrsTest::listenUrl(u"ws"_s)));
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);

    // A DrsConnection given no path asks for /socket, with an Origin header as the Go client did.
    QUrl url = server.serverUrls().first();
    url.setPath(QString());
    QObject owner;
    DrsConnection *client = openClient(url, &owner);
    QTRY_VERIFY(client->isConnected());
    QTRY_COMPARE(clientConnected.count(), 1);
    auto *connection = clientConnected.at(0).at(0).value<DrsConnection *>();
    const QNetworkRequest request = connection->transport()->handshakeRequest();
    QCOMPARE(request.url().path(), u"/socket"_s);
    QCOMPARE(request.rawHeader("Origin"), QByteArray("http://127.0.0.1"));
    QCOMPARE(client->transport()->framing(), DrsTransport::MessageFraming);
    QCOMPARE(connection->transport()->framing(), DrsTransport::MessageFraming);
}

void tst_DrsServer::acceptHookRefusesByCount_data()
{
    DrsTest::addTransportRows();
}

void tst_DrsServer::acceptHookRefusesByCount()
{
    QFETCH(QString, transport);

    DrsServer server;
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    QList<QPointer<DrsConnection>> seenByHook;
    server.setAcceptHook([&server, &seenByHook](DrsConnection *connection) {
        seenByHook.append(connection);
        // The hook sees a connection that is set up but not yet counted.
        return connection->transport() && connection->server() == &server
                && server.connectionCount() < 2;
    });
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));
    const QUrl url = server.serverUrls().first();
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);
    QSignalSpy clientDisconnected(&server, &DrsServer::clientDisconnected);

    QObject owner;
    DrsConnection *first = openClient(url, &owner);
    QTRY_COMPARE(server.connectionCount(), 1);
    DrsConnection *second = openClient(url, &owner);
    QTRY_COMPARE(server.connectionCount(), 2);
    DrsConnection *third = openClient(url, &owner);
    QSignalSpy thirdDisconnected(third, &DrsConnection::disconnected);
    QTRY_COMPARE(seenByHook.size(), 3);

    // The refused client is dropped: it never counts, is never announced, and is deleted.
    QTRY_COMPARE(third->state(), DrsConnection::UnconnectedState);
    QCOMPARE(clientConnected.count(), 2);
    QCOMPARE(clientDisconnected.count(), 0);
    QCOMPARE(server.connectionCount(), 2);
    QTRY_VERIFY(seenByHook.at(2).isNull());
    const QList<DrsConnection *> connections = server.connections();
    QCOMPARE(connections.size(), 2);
    QCOMPARE(clientConnected.at(0).at(0).value<DrsConnection *>(), seenByHook.at(0).data());
    QCOMPARE(clientConnected.at(1).at(0).value<DrsConnection *>(), seenByHook.at(1).data());
    QVERIFY(connections.contains(seenByHook.at(0).data()));
    QVERIFY(connections.contains(seenByHook.at(1).data()));

    // The accepted ones are served.
    for (DrsConnection *client : { first, second }) {
        DrsReply *reply = callAndWait(client, u"echo"_s, u"accepted"_s);
        QVERIFY(reply->isFinished());
        QCOMPARE(reply->result(), QJsonValue(u"accepted"_s));
    }
    // A refused client's call gets no answer but the connection's end.
    DrsReply *refused = third->call(u"echo"_s, u"refused"_s);
    QTRY_VERIFY(refused->isFinished());
    QCOMPARE(refused->error(), DrsReply::ConnectionClosed);
}

void tst_DrsServer::acceptHookRefusesByHeader()
{
    DrsServer server;
    server.setAcceptHook([](DrsConnection *connection) {
        return connection->transport()->handshakeRequest().rawHeader("X-Drs-Token") == "let-me-in";
    });
    QVERIFY(server.listen(DrsTest::listenUrl(u"ws"_s)));
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);
    const QUrl url = server.serverUrls().first();

    QNetworkRequest bad(url);
    bad.setRawHeader("X-Drs-Token", "wrong");
    DrsRawClient refused(u"ws"_s);
    refused.connectTo(bad);
    QTRY_VERIFY(refused.hasDisconnected());

    QNetworkRequest good(url);
    good.setRawHeader("X-Drs-Token", "let-me-in");
    DrsRawClient accepted(u"ws"_s);
    accepted.connectTo(good);
    QTRY_COMPARE(clientConnected.count(), 1);
    QCOMPARE(server.connectionCount(), 1);
    // The server accepts before the client has read the handshake's answer: a message sent
    // before then is dropped by QWebSocket.
    QTRY_VERIFY(accepted.isConnected());
    accepted.send(DrsCommand(u"drs.ping"_s, QJsonObject(), u"k"_s), DrsCommand::JsonEncoding);
    QTRY_COMPARE(accepted.commands().size(), 1);
    QCOMPARE(accepted.commands().first().action(), DrsCommand::responseAction());
    QVERIFY(refused.commands().isEmpty());
}

void tst_DrsServer::connectionsAndSignals_data()
{
    DrsTest::addTransportRows();
}

void tst_DrsServer::connectionsAndSignals()
{
    QFETCH(QString, transport);

    DrsServer server;
    // Tells each client which server-side connection serves it.
    server.on(u"whoami"_s,
              [](DrsRequest &request) { return QString::number(quintptr(request.connection())); });
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));
    const QUrl url = server.serverUrls().first();
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);
    QSignalSpy clientDisconnected(&server, &DrsServer::clientDisconnected);
    QSignalSpy countChanged(&server, &DrsServer::connectionCountChanged);

    QObject owner;
    QList<DrsConnection *> clients;
    for (int i = 0; i < 3; ++i)
        clients.append(openClient(url, &owner));
    QTRY_COMPARE(clientConnected.count(), 3);
    QCOMPARE(server.connectionCount(), 3);
    QCOMPARE(countChanged.count(), 3);

    QList<DrsConnection *> announced;
    for (const QList<QVariant> &arguments : std::as_const(clientConnected))
        announced.append(arguments.at(0).value<DrsConnection *>());
    QList<DrsConnection *> connections = server.connections();
    QCOMPARE(connections, announced);
    for (DrsConnection *connection : std::as_const(connections)) {
        QCOMPARE(connection->server(), &server);
        QVERIFY(connection->isConnected());
        QVERIFY(!connection->peerName().isEmpty());
        QCOMPARE(connection->parent(), &server);
    }

    // Pair each client with its server-side connection.
    QList<DrsConnection *> serving;
    for (DrsConnection *client : std::as_const(clients)) {
        DrsReply *reply = callAndWait(client, u"whoami"_s);
        QVERIFY(reply->isFinished());
        DrsConnection *match = nullptr;
        for (DrsConnection *connection : std::as_const(connections)) {
            if (QString::number(quintptr(connection)) == reply->result().toString())
                match = connection;
        }
        QVERIFY(match);
        serving.append(match);
    }
    QVERIFY(serving.at(0) != serving.at(1) && serving.at(1) != serving.at(2)
            && serving.at(0) != serving.at(2));

    // The middle client leaves: exactly its connection is reported gone, then deleted.
    QPointer<DrsConnection> leaving = serving.at(1);
    QSignalSpy leavingDisconnected(leaving.data(), &DrsConnection::disconnected);
    clients.at(1)->close();
    QTRY_COMPARE(clientDisconnected.count(), 1);
    QCOMPARE(clientDisconnected.at(0).at(0).value<DrsConnection *>(), serving.at(1));
    QCOMPARE(leavingDisconnected.count(), 1);
    QCOMPARE(server.connectionCount(), 2);
    QCOMPARE(countChanged.count(), 4);
    QCOMPARE(server.connections(), (QList<DrsConnection *> { serving.at(0), serving.at(2) }));
    QTRY_VERIFY(leaving.isNull());

    // The others are untouched.
    for (int i : { 0, 2 }) {
        DrsReply *reply = callAndWait(clients.at(i), u"whoami"_s);
        QVERIFY(reply->isFinished());
        QCOMPARE(reply->result().toString(), QString::number(quintptr(serving.at(i))));
    }
}

void tst_DrsServer::commandReceivedIncludesReplies_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_DrsServer::commandReceivedIncludesReplies()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);

    DrsServer server;
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);
    QSignalSpy received(&server, &DrsServer::commandReceived);

    QObject owner;
    DrsConnection *client = openClient(server.serverUrls().first(), &owner, encoding);
    client->on(u"client.hello"_s, [](const DrsCommand &command) {
        return QJsonObject { { u"hello"_s, command.body() } };
    });
    QTRY_COMPARE(clientConnected.count(), 1);
    auto *connection = clientConnected.at(0).at(0).value<DrsConnection *>();

    QVERIFY(client->fire(u"note"_s, QJsonObject { { u"n"_s, 1 } }));
    DrsReply *echo = callAndWait(client, u"echo"_s, u"e"_s);
    QVERIFY(echo->isFinished());
    QTRY_COMPARE(received.count(), 2);
    QCOMPARE(received.at(0).at(0).value<DrsConnection *>(), connection);
    QCOMPARE(received.at(0).at(1).value<DrsCommand>().action(), u"note"_s);
    QVERIFY(!received.at(0).at(1).value<DrsCommand>().hasKey());
    QCOMPARE(received.at(1).at(0).value<DrsConnection *>(), connection);
    QCOMPARE(received.at(1).at(1).value<DrsCommand>().action(), u"echo"_s);
    QCOMPARE(received.at(1).at(1).value<DrsCommand>().key(), echo->key());
    QCOMPARE(connection->encoding(), encoding);

    // The server calls the client: the client's answer is a received command too.
    DrsReply *hello = callAndWait(connection, u"client.hello"_s, u"server"_s);
    QVERIFY(hello->isFinished());
    QCOMPARE(hello->error(), DrsReply::NoError);
    QCOMPARE(hello->result(), QJsonValue(QJsonObject { { u"hello"_s, u"server"_s } }));
    QCOMPARE(received.count(), 3);
    QCOMPARE(received.at(2).at(0).value<DrsConnection *>(), connection);
    const DrsCommand reply = received.at(2).at(1).value<DrsCommand>();
    QCOMPARE(reply.action(), DrsCommand::responseAction());
    QCOMPARE(reply.key(), hello->key());

    // So is an error reply to a keyed fire nobody waits for.
    QVERIFY(connection->fire(DrsCommand(u"client.unknown"_s, QJsonObject(), u"fire-1"_s)));
    QTRY_COMPARE(received.count(), 4);
    QCOMPARE(received.at(3).at(1).value<DrsCommand>().action(), DrsCommand::errorAction());
    QCOMPARE(received.at(3).at(1).value<DrsCommand>().key(), u"fire-1"_s);
}

void tst_DrsServer::sharedAndConnectionHandlers_data()
{
    DrsTest::addTransportRows();
}

void tst_DrsServer::sharedAndConnectionHandlers()
{
    QFETCH(QString, transport);

    DrsServer server;
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    // Runs after the connection's own handler of the same action, sharing its context.
    server.on(u"chain"_s, [](DrsRequest &request) {
        return QJsonObject { { u"client"_s, request.context().value(u"client"_s).toInt() },
                             { u"server"_s, true } };
    });
    int clientNumber = 0;
    connect(&server, &DrsServer::clientConnected, this, [&clientNumber](DrsConnection *connection) {
        const int number = ++clientNumber;
        connection->on(u"whoami"_s, [number] { return number; });
        connection->on(u"chain"_s, [number](DrsRequest &request) {
            request.context().insert(u"client"_s, number);
        });
    });
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));

    QObject owner;
    DrsConnection *a = openClient(server.serverUrls().first(), &owner);
    QTRY_COMPARE(server.connectionCount(), 1);
    DrsConnection *b = openClient(server.serverUrls().first(), &owner);
    QTRY_COMPARE(server.connectionCount(), 2);

    int expected = 0;
    for (DrsConnection *client : { a, b }) {
        ++expected;
        DrsReply *echo = callAndWait(client, u"echo"_s, expected);
        QVERIFY(echo->isFinished());
        QCOMPARE(echo->result(), QJsonValue(expected));
        DrsReply *whoami = callAndWait(client, u"whoami"_s);
        QVERIFY(whoami->isFinished());
        QCOMPARE(whoami->result(), QJsonValue(expected));
        DrsReply *chain = callAndWait(client, u"chain"_s);
        QVERIFY(chain->isFinished());
        QCOMPARE(chain->result(),
                 QJsonValue(QJsonObject { { u"client"_s, expected }, { u"server"_s, true } }));
        DrsReply *actions = callAndWait(client, DrsCommand::actionsAction());
        QVERIFY(actions->isFinished());
        const QJsonArray list = actions->result().toArray();
        for (const QString &action : { u"echo"_s, u"whoami"_s, u"chain"_s })
            QVERIFY2(list.contains(action), qPrintable(action));
    }

    // A handler added on one connection is that connection's only; the server's stay shared.
    server.connections().first()->off(u"whoami"_s);
    DrsReply *gone = callAndWait(a, u"whoami"_s);
    QVERIFY(gone->isFinished());
    QCOMPARE(gone->error(), DrsReply::RemoteError);
    QCOMPARE(gone->errorString(), u"No handlers for whoami"_s);
    DrsReply *still = callAndWait(b, u"whoami"_s);
    QVERIFY(still->isFinished());
    QCOMPARE(still->result(), QJsonValue(2));
}

void tst_DrsServer::broadcastToManyClients()
{
    DrsServer server;
    QVERIFY(server.listen(QList<QUrl> { DrsTest::listenUrl(u"tcp"_s),
                                        DrsTest::listenUrl(u"local"_s),
                                        DrsTest::listenUrl(u"ws"_s) }));
    const QStringList transports = DrsTest::transports();
    const DrsCommand::Encoding encodings[] = { DrsCommand::JsonEncoding, DrsCommand::CborEncoding };

    // 48 library clients, 8 per (transport, encoding), and 12 raw ones, 2 per pair.
    constexpr int LibraryClients = 48;
    QObject owner;
    QList<DrsConnection *> clients;
    std::vector<QList<DrsCommand>> received(LibraryClients);
    for (int i = 0; i < LibraryClients; ++i) {
        const QString &transport = transports.at(i % 3);
        DrsConnection *client
                = openClient(serverUrlFor(server, transport), &owner, encodings[(i / 3) % 2]);
        connect(client, &DrsConnection::commandReceived, this,
                [&received, i](const DrsCommand &command) {
                    if (!command.isReply())
                        received[i].append(command);
                });
        clients.append(client);
    }
    struct Raw {
        DrsRawClient *client;
        DrsCommand::Encoding encoding;
    };
    QList<Raw> raws;
    for (const QString &transport : transports) {
        for (DrsCommand::Encoding encoding : encodings) {
            for (int n = 0; n < 2; ++n) {
                auto *raw = new DrsRawClient(transport, QString(), &owner);
                raw->connectTo(serverUrlFor(server, transport));
                raws.append({ raw, encoding });
            }
        }
    }
    const int total = LibraryClients + int(raws.size());
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), total, 20000);

    // Everyone speaks first, so the server knows each client's encoding.
    QList<DrsReply *> pings;
    for (DrsConnection *client : std::as_const(clients))
        pings.append(client->call(DrsCommand::pingAction()));
    for (int i = 0; i < raws.size(); ++i) {
        QTRY_VERIFY(raws.at(i).client->isConnected());
        raws.at(i).client->send(
                DrsCommand(DrsCommand::pingAction(), QJsonObject(), u"ping-%1"_s.arg(i)),
                raws.at(i).encoding);
    }
    for (DrsReply *ping : std::as_const(pings))
        QTRY_VERIFY_WITH_TIMEOUT(ping->isFinished(), 10000);
    for (const Raw &raw : std::as_const(raws)) {
        QTRY_COMPARE(raw.client->commands().size(), 1);
        raw.client->clearReceived();
    }

    int sent = 0;
    const QList<DrsConnection *> connections = server.connections();
    for (DrsConnection *connection : connections) {
        connect(connection, &DrsConnection::commandSent, this, [&sent](const DrsCommand &command) {
            if (command.action() == u"news"_s)
                ++sent;
        });
    }

    const QJsonObject body { { u"text"_s, u"hello, everyone"_s },
                             { u"unicode"_s, u"grüße, 世界"_s },
                             { u"big"_s, qint64(1) << 60 },
                             { u"list"_s, QJsonArray { 1, u"two"_s, QJsonValue() } } };
    QCOMPARE(server.broadcast(u"news"_s, body), total);
    QCOMPARE(sent, total);
    QCOMPARE(server.broadcast(DrsCommand(u"end"_s)), total);

    // Every library client gets it exactly once: "end" comes right after it, nothing between.
    for (int i = 0; i < LibraryClients; ++i) {
        QTRY_VERIFY_WITH_TIMEOUT(!received[i].isEmpty() && received[i].last().action() == u"end"_s,
                                 10000);
        QCOMPARE(received[i].size(), 2);
        const DrsCommand &news = received[i].first();
        QCOMPARE(news.action(), u"news"_s);
        QVERIFY(!news.hasKey());
        QCOMPARE(news.body(), QJsonValue(body));
        QCOMPARE(news.body()[u"big"_s].toInteger(), qint64(1) << 60);
    }

    // The raw clients see the bytes: the same frame for every client of one encoding and framing.
    QByteArray streamFrame[2];
    QByteArray messageFrame[2];
    for (const Raw &raw : std::as_const(raws)) {
        QTRY_COMPARE(raw.client->commands().size(), 2);
        QCOMPARE(raw.client->commands().at(0).action(), u"news"_s);
        QCOMPARE(raw.client->commands().at(0).body(), QJsonValue(body));
        QCOMPARE(raw.client->commands().at(1).action(), u"end"_s);
        QByteArray frame;
        if (raw.client->isStream()) {
            const QByteArray bytes = raw.client->bytes();
            if (raw.encoding == DrsCommand::JsonEncoding) {
                frame = bytes.left(bytes.indexOf('\n') + 1);
            } else {
                QString error;
                frame = bytes.left(QtDrsPrivate::cborItemLength(bytes.constData(), bytes.size(),
                                                                1 << 20, 64, &error));
            }
        } else {
            frame = raw.client->messages().first();
            QCOMPARE(raw.client->messageIsBinary().first(),
                     raw.encoding == DrsCommand::CborEncoding);
        }
        QVERIFY(!frame.isEmpty());
        QByteArray &expected = (raw.client->isStream() ? streamFrame : messageFrame)[raw.encoding];
        if (expected.isEmpty())
            expected = frame;
        QCOMPARE(frame, expected);
    }
    QVERIFY(streamFrame[DrsCommand::JsonEncoding].endsWith('\n'));
    QCOMPARE(streamFrame[DrsCommand::JsonEncoding], messageFrame[DrsCommand::JsonEncoding] + '\n');
    QCOMPARE(static_cast<unsigned char>(streamFrame[DrsCommand::CborEncoding].at(0)) >> 5, 5);
    QCOMPARE(streamFrame[DrsCommand::CborEncoding], messageFrame[DrsCommand::CborEncoding]);
    QCOMPARE(DrsCommand::fromCbor(streamFrame[DrsCommand::CborEncoding]),
             DrsCommand(u"news"_s, body));
}

void tst_DrsServer::abruptDisconnectDoesNotAffectOthers_data()
{
    DrsTest::addTransportRows();
}

void tst_DrsServer::abruptDisconnectDoesNotAffectOthers()
{
    QFETCH(QString, transport);

    DrsServer server;
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    QVERIFY(server.listen(DrsTest::listenUrl(transport)));
    const QUrl url = server.serverUrls().first();
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);
    QSignalSpy clientDisconnected(&server, &DrsServer::clientDisconnected);

    QObject owner;
    QList<DrsConnection *> others;
    QList<int> newsCount { 0, 0 };
    for (int i = 0; i < 2; ++i) {
        DrsConnection *client = openClient(url, &owner);
        connect(client, &DrsConnection::commandReceived, this,
                [&newsCount, i](const DrsCommand &command) {
                    if (command.action() == u"news"_s)
                        ++newsCount[i];
                });
        others.append(client);
        QTRY_COMPARE(clientConnected.count(), i + 1);
    }
    DrsRawClient victim(transport);
    victim.connectTo(url);
    QTRY_COMPARE(clientConnected.count(), 3);
    auto *victimConnection = clientConnected.at(2).at(0).value<DrsConnection *>();

    // Gone in the middle of a command, without a goodbye.
    if (victim.isStream()) {
        victim.send(R"({"action":"echo","key":"half","body":{"te)");
        victim.flush();
    }
    victim.abort();
    QTRY_COMPARE(clientDisconnected.count(), 1);
    QCOMPARE(clientDisconnected.at(0).at(0).value<DrsConnection *>(), victimConnection);
    QCOMPARE(server.connectionCount(), 2);

    QCOMPARE(server.broadcast(u"news"_s), 2);
    for (int i = 0; i < 2; ++i) {
        QTRY_COMPARE(newsCount[i], 1);
        DrsReply *reply = callAndWait(others.at(i), u"echo"_s, i);
        QVERIFY(reply->isFinished());
        QCOMPARE(reply->result(), QJsonValue(i));
        QVERIFY(others.at(i)->isConnected());
    }
}

// Helper mode: serve a local socket name until killed, for staleLocalSocket().
static int holdLocalName(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLocalServer server;
    if (!server.listen(QString::fromLocal8Bit(argv[2])))
        return 1;
    std::fputs("listening\n", stdout);
    std::fflush(stdout);
    return app.exec();
}

int main(int argc, char **argv)
{
    if (argc == 3 && qstrcmp(argv[1], "--hold-local") == 0)
        return holdLocalName(argc, argv);
    QCoreApplication app(argc, argv);
    tst_DrsServer test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_drsserver.moc"
