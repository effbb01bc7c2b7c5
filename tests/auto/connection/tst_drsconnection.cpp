// DrsConnection, client side, against a real DrsServer in the same process: lifecycle, fire, call,
// handlers, services, built-ins, both directions, auto reconnect, encodings and large bodies, over
// tcp, local sockets and WebSockets.
#include <drsconnection.h>
#include <drshandler.h>
#include <drsreply.h>
#include <drsserver.h>
#include <drstransport.h>

#include "drstestutil.h"

#include <QtCore/QCborValue>
#include <QtCore/QDateTime>
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtCore/QTimer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebSockets/QWebSocket>

#include <limits>
#include <memory>
#include <stdexcept>

// A QObject service: its invokables become the actions "<prefix>.<method>".
class Calculator : public QObject {
    Q_OBJECT
public:
    Q_INVOKABLE int add(int a, int b) const { return a + b; }
    Q_INVOKABLE double scale(double value, double factor) const { return value * factor; }
    Q_INVOKABLE QString greet(const QString &name, bool shout) const
    {
        const QString text = QStringLiteral("hello, %1").arg(name);
        return shout ? text.toUpper() : text;
    }
    Q_INVOKABLE QJsonObject wrap(const QJsonObject &object) const
    {
        return QJsonObject { { QStringLiteral("wrapped"), object } };
    }
    Q_INVOKABLE QVariantMap count(const QVariantMap &map) const
    {
        QVariantMap result = map;
        result.insert(QStringLiteral("count"), map.size());
        return result;
    }
    Q_INVOKABLE QStringList sorted(const QStringList &items) const
    {
        QStringList result = items;
        result.sort();
        return result;
    }
    Q_INVOKABLE void reset() { ++resets; }
    Q_INVOKABLE int refuse(const QString &why) const { throw DrsError(why); }

    int resets = 0;
};

// Refused as a service: two invokables named alike.
class OverloadedService : public QObject {
    Q_OBJECT
public:
    Q_INVOKABLE int twice(int value) const { return 2 * value; }
    Q_INVOKABLE QString twice(const QString &value) const { return value + value; }
};

// Refused as a service: a parameter without a name cannot be taken from the body.
class UnnamedParameterService : public QObject {
    Q_OBJECT
public:
    Q_INVOKABLE int ok(int value) const { return value; }
    Q_INVOKABLE int unnamed(int) const { return 0; }
};

// Member functions as handlers.
class Greeter : public QObject {
    Q_OBJECT
public:
    QJsonObject hello(const DrsCommand &command)
    {
        ++calls;
        return QJsonObject { { QStringLiteral("hello"), command.body()[QLatin1String("name")] } };
    }
    QString whoAmI(DrsRequest &request)
    {
        ++calls;
        return request.connection() ? request.connection()->value(QStringLiteral("user")).toString()
                                    : QString();
    }

    int calls = 0;
};

// A server and a client connected to it, torn down client first.
struct Peers {
    std::unique_ptr<DrsServer> server;
    std::unique_ptr<DrsConnection> client;
    QPointer<DrsConnection> serverSide; // the server's connection to the client
    QUrl url; // where the server listens, with its real port
};

class tst_DrsConnection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // lifecycle
    void openAndClose_data();
    void openAndClose();
    void invalidUrl_data();
    void invalidUrl();
    void connectionRefused_data();
    void connectionRefused();
    void localNameWithoutServer();

    // fire
    void fireKeyless_data();
    void fireKeyless();
    void fireWithKey_data();
    void fireWithKey();
    void fireUnconnected();
    void fireOrdering_data();
    void fireOrdering();

    // call
    void callResult_data();
    void callResult();
    void callRemoteErrors_data();
    void callRemoteErrors();
    void callTimeout();
    void callTimeoutDefault();
    void callTimeoutZeroWaits();
    void callAbort_data();
    void callAbort();
    void callUnconnected();
    void disconnectMidCall_data();
    void disconnectMidCall();
    void closeWithPendingCalls_data();
    void closeWithPendingCalls();
    void reopenWithPendingCalls_data();
    void reopenWithPendingCalls();
    void callFromFinishedWhileDropping_data();
    void callFromFinishedWhileDropping();
    void callsWhileConnecting_data();
    void callsWhileConnecting();

    // handlers
    void handlerChain();
    void handlerChainStopsAtFirstFailure();
    void handlerSignatures();
    void handlerContextObject();
    void memberFunctionHandlers();
    void offAction();
    void offId();
    void asyncHandler();
    void asyncErrors();
    void asyncDropped();
    void asyncInMiddleOfChain();

    // services
    void serviceCall_data();
    void serviceCall();
    void serviceArgumentErrors_data();
    void serviceArgumentErrors();
    void serviceRefused_data();
    void serviceRefused();
    void serviceUnregisteredAndDestroyed();

    // built-ins and per-connection values
    void ping_data();
    void ping();
    void actionListing();
    void connectionValues();

    // the server calls the client
    void serverToClient_data();
    void serverToClient();

    // auto reconnect
    void autoReconnect_data();
    void autoReconnect();
    void fireQueueLimit();
    void autoReconnectOffFailsQueue();

    // encodings and bodies
    void encodingFollowsClient_data();
    void encodingFollowsClient();
    void cborOnTheWire_data();
    void cborOnTheWire();
    void largeBody_data();
    void largeBody();
    void unicodeAndHugeIntegers_data();
    void unicodeAndHugeIntegers();

private:
    void startServer(Peers &peers, const QString &transport);
    void connectClient(Peers &peers, DrsCommand::Encoding encoding = DrsCommand::JsonEncoding);
    void startPeers(Peers &peers, const QString &transport,
                    DrsCommand::Encoding encoding = DrsCommand::JsonEncoding);
    static QUrl refusedTcpUrl();
    static void expectUnanswered(int count, const QString &action);
};

#define START_PEERS(peers, ...) \
    startPeers(peers, __VA_ARGS__); \
    if (QTest::currentTestFailed()) \
        return;

void tst_DrsConnection::initTestCase()
{
    qRegisterMetaType<DrsCommand>();
    qRegisterMetaType<DrsConnection::State>();
    qRegisterMetaType<DrsConnection::Error>();
    qRegisterMetaType<DrsCommand::Encoding>();
}

void tst_DrsConnection::startServer(Peers &peers, const QString &transport)
{
    peers.server = std::make_unique<DrsServer>();
    peers.server->on(QStringLiteral("echo"),
                     [](const DrsCommand &command) { return command.body(); });
    QVERIFY2(peers.server->listen(DrsTest::listenUrl(transport)),
             qPrintable(peers.server->errorString()));
    peers.url = peers.server->serverUrls().value(0);
    QVERIFY(peers.url.isValid());
}

void tst_DrsConnection::connectClient(Peers &peers, DrsCommand::Encoding encoding)
{
    const int before = peers.server->connectionCount();
    peers.client = std::make_unique<DrsConnection>();
    peers.client->setEncoding(encoding);
    peers.client->open(peers.url);
    QTRY_VERIFY(peers.client->isConnected());
    QTRY_COMPARE(peers.server->connectionCount(), before + 1);
    peers.serverSide = peers.server->connections().constLast();
    QVERIFY(peers.serverSide);
}

void tst_DrsConnection::startPeers(Peers &peers, const QString &transport,
                                   DrsCommand::Encoding encoding)
{
    startServer(peers, transport);
    if (QTest::currentTestFailed())
        return;
    connectClient(peers, encoding);
}

QUrl tst_DrsConnection::refusedTcpUrl()
{
    // A port that was just free: listen on port 0, note the port, close.
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return QUrl();
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(QStringLiteral("tcp://127.0.0.1:%1").arg(port));
}

// Each request an async handler drops unanswered is answered drs.exception, with a warning.
void tst_DrsConnection::expectUnanswered(int count, const QString &action)
{
    const QByteArray message
            = QStringLiteral("the handler of %1 finished without answering").arg(action).toUtf8();
    for (int i = 0; i < count; ++i)
        QTest::ignoreMessage(QtWarningMsg, message.constData());
}

// ---- lifecycle ----

void tst_DrsConnection::openAndClose_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_DrsConnection::openAndClose()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);
    Peers peers;
    startServer(peers, transport);
    if (QTest::currentTestFailed())
        return;

    DrsConnection client;
    client.setEncoding(encoding);
    QCOMPARE(client.state(), DrsConnection::UnconnectedState);
    QVERIFY(!client.isConnected());
    QSignalSpy stateSpy(&client, &DrsConnection::stateChanged);
    QSignalSpy connectedSpy(&client, &DrsConnection::connected);
    QSignalSpy disconnectedSpy(&client, &DrsConnection::disconnected);
    QSignalSpy urlSpy(&client, &DrsConnection::urlChanged);
    QSignalSpy errorSpy(&client, &DrsConnection::errorOccurred);
    QSignalSpy serverConnectedSpy(peers.server.get(), &DrsServer::clientConnected);
    QSignalSpy serverDisconnectedSpy(peers.server.get(), &DrsServer::clientDisconnected);

    client.open(peers.url);
    QCOMPARE(client.url(), peers.url);
    QCOMPARE(urlSpy.count(), 1);
    QTRY_COMPARE(connectedSpy.count(), 1);
    QCOMPARE(client.state(), DrsConnection::ConnectedState);
    QVERIFY(client.isConnected());
    QCOMPARE(stateSpy.count(), 2);
    QCOMPARE(stateSpy.at(0).at(0).value<DrsConnection::State>(), DrsConnection::ConnectingState);
    QCOMPARE(stateSpy.at(1).at(0).value<DrsConnection::State>(), DrsConnection::ConnectedState);
    QVERIFY(client.transport());
    QCOMPARE(client.error(), DrsConnection::NoError);
    QVERIFY(!client.server());
    QTRY_COMPARE(serverConnectedSpy.count(), 1);
    QCOMPARE(peers.server->connectionCount(), 1);
    DrsConnection *serverSide = peers.server->connections().constFirst();
    QCOMPARE(serverSide->server(), peers.server.get());
    QCOMPARE(serverSide->state(), DrsConnection::ConnectedState);

    // A round trip proves the link works both ways.
    DrsReply *reply = client.call(QStringLiteral("echo"), QJsonObject { { "x", 1 } });
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(QJsonObject { { "x", 1 } }));

    client.close();
    QCOMPARE(client.state(), DrsConnection::UnconnectedState);
    QCOMPARE(disconnectedSpy.count(), 1);
    QCOMPARE(stateSpy.count(), 3);
    QCOMPARE(stateSpy.at(2).at(0).value<DrsConnection::State>(), DrsConnection::UnconnectedState);
    QVERIFY(!client.transport());
    QTRY_COMPARE(serverDisconnectedSpy.count(), 1);
    QCOMPARE(peers.server->connectionCount(), 0);
    QCOMPARE(errorSpy.count(), 0);

    // close() again is harmless and says nothing.
    client.close();
    QCOMPARE(disconnectedSpy.count(), 1);
    QCOMPARE(stateSpy.count(), 3);

    // The same connection object opens again.
    client.open(peers.url);
    QTRY_COMPARE(connectedSpy.count(), 2);
    QTRY_COMPARE(peers.server->connectionCount(), 1);
    reply = client.call(QStringLiteral("echo"), QJsonValue(QStringLiteral("again")));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(QStringLiteral("again")));
}

void tst_DrsConnection::invalidUrl_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addRow("unknown scheme") << QUrl(QStringLiteral("gopher://127.0.0.1:70"));
    QTest::addRow("no scheme") << QUrl(QStringLiteral("127.0.0.1"));
    QTest::addRow("empty") << QUrl();
    QTest::addRow("malformed") << QUrl(QStringLiteral("tcp://[::1"));
    QTest::addRow("tcp without port") << QUrl(QStringLiteral("tcp://127.0.0.1"));
    QTest::addRow("ws without host") << QUrl(QStringLiteral("ws:///socket"));
    QTest::addRow("local without name") << QUrl(QStringLiteral("local:"));
}

void tst_DrsConnection::invalidUrl()
{
    QFETCH(QUrl, url);
    DrsConnection client;
    QSignalSpy errorSpy(&client, &DrsConnection::errorOccurred);
    QSignalSpy connectedSpy(&client, &DrsConnection::connected);
    client.open(url);
    // Reported from the event loop, so a caller may connect after open().
    QCOMPARE(errorSpy.count(), 0);
    QVERIFY(errorSpy.wait(2000));
    QCOMPARE(errorSpy.count(), 1);
    QCOMPARE(errorSpy.at(0).at(0).value<DrsConnection::Error>(), DrsConnection::InvalidUrlError);
    QCOMPARE(client.error(), DrsConnection::InvalidUrlError);
    QVERIFY(!client.errorString().isEmpty());
    QCOMPARE(client.state(), DrsConnection::UnconnectedState);
    QCOMPARE(connectedSpy.count(), 0);
    QVERIFY(!client.fire(QStringLiteral("x")));
}

void tst_DrsConnection::connectionRefused_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addRow("tcp") << QStringLiteral("tcp");
    QTest::addRow("ws") << QStringLiteral("ws");
}

void tst_DrsConnection::connectionRefused()
{
    QFETCH(QString, transport);
    QUrl url = refusedTcpUrl();
    QVERIFY(url.isValid());
    if (transport == QLatin1String("ws")) {
        url.setScheme(QStringLiteral("ws"));
        url.setPath(QStringLiteral("/socket"));
    }
    DrsConnection client;
    QSignalSpy errorSpy(&client, &DrsConnection::errorOccurred);
    QSignalSpy connectedSpy(&client, &DrsConnection::connected);
    QSignalSpy disconnectedSpy(&client, &DrsConnection::disconnected);
    client.open(url);
    QCOMPARE(client.state(), DrsConnection::ConnectingState);
    QCOMPARE(errorSpy.count(), 0); // reported after open() returns
    DrsReply *call = client.call(QStringLiteral("echo"));
    QTRY_COMPARE(errorSpy.count(), 1);
    QCOMPARE(errorSpy.at(0).at(0).value<DrsConnection::Error>(),
             DrsConnection::ConnectionRefusedError);
    QCOMPARE(client.error(), DrsConnection::ConnectionRefusedError);
    QTRY_COMPARE(client.state(), DrsConnection::UnconnectedState);
    // A call made while connecting fails with the connection.
    QTRY_VERIFY(call->isFinished());
    QCOMPARE(call->error(), DrsReply::ConnectionClosed);
    QCOMPARE(connectedSpy.count(), 0);
    QCOMPARE(disconnectedSpy.count(), 0); // it never was connected
    QCOMPARE(client.pendingCallCount(), 0);
}

void tst_DrsConnection::localNameWithoutServer()
{
    const QUrl url = DrsTest::listenUrl(QStringLiteral("local")); // a fresh name nobody serves
    DrsConnection client;
    QSignalSpy errorSpy(&client, &DrsConnection::errorOccurred);
    client.open(url);
    QCOMPARE(client.state(), DrsConnection::ConnectingState);
    QCOMPARE(errorSpy.count(), 0); // reported after open() returns
    QTRY_COMPARE(errorSpy.count(), 1);
    QCOMPARE(client.error(), DrsConnection::HostNotFoundError);
    QVERIFY(!client.errorString().isEmpty());
    QTRY_COMPARE(client.state(), DrsConnection::UnconnectedState);
    QVERIFY(!client.fire(QStringLiteral("x")));
}

// ---- fire ----

void tst_DrsConnection::fireKeyless_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_DrsConnection::fireKeyless()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);
    Peers peers;
    START_PEERS(peers, transport, encoding);
    QList<QJsonValue> bodies;
    peers.server->on(QStringLiteral("log"), [&bodies](const DrsCommand &command) {
        bodies.append(command.body());
        return QJsonValue(QStringLiteral("ignored"));
    });
    QSignalSpy clientSent(peers.client.get(), &DrsConnection::commandSent);
    QSignalSpy clientReceived(peers.client.get(), &DrsConnection::commandReceived);
    QSignalSpy serverSent(peers.serverSide.data(), &DrsConnection::commandSent);
    QSignalSpy serverReceived(peers.serverSide.data(), &DrsConnection::commandReceived);

    QVERIFY(peers.client->fire(QStringLiteral("log"), QJsonObject { { "line", "one" } }));
    QCOMPARE(clientSent.count(), 1);
    const DrsCommand sent = clientSent.at(0).at(0).value<DrsCommand>();
    QCOMPARE(sent.action(), QStringLiteral("log"));
    QVERIFY(!sent.hasKey());
    QTRY_COMPARE(bodies.count(), 1);
    QCOMPARE(bodies.at(0), QJsonValue(QJsonObject { { "line", "one" } }));
    QCOMPARE(serverReceived.count(), 1);
    QCOMPARE(serverReceived.at(0).at(0).value<DrsCommand>().action(), QStringLiteral("log"));
    QVERIFY(!serverReceived.at(0).at(0).value<DrsCommand>().hasKey());

    // A call behind the fire on the same link: by its answer, a reply to the fire would have come.
    DrsReply *barrier = peers.client->call(DrsCommand::pingAction());
    QTRY_VERIFY(barrier->isFinished());
    QCOMPARE(barrier->error(), DrsReply::NoError);
    QCOMPARE(serverSent.count(), 1); // the ping's answer only
    QCOMPARE(serverSent.at(0).at(0).value<DrsCommand>().key(), barrier->key());
    QCOMPARE(clientReceived.count(), 1);
    QCOMPARE(clientReceived.at(0).at(0).value<DrsCommand>().key(), barrier->key());
    QCOMPARE(peers.client->pendingCallCount(), 0);
}

void tst_DrsConnection::fireWithKey_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_DrsConnection::fireWithKey()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);
    Peers peers;
    START_PEERS(peers, transport, encoding);
    QSignalSpy clientReceived(peers.client.get(), &DrsConnection::commandReceived);

    const QString key = DrsCommand::generateKey();
    QVERIFY(peers.client->fire(DrsCommand(QStringLiteral("echo"), QJsonValue(42), key)));
    QCOMPARE(peers.client->pendingCallCount(), 0); // no call waits for it
    QTRY_COMPARE(clientReceived.count(), 1);
    DrsCommand answer = clientReceived.at(0).at(0).value<DrsCommand>();
    QCOMPARE(answer.action(), DrsCommand::responseAction());
    QCOMPARE(answer.key(), key);
    QCOMPARE(answer.body(), QJsonValue(42));

    // A keyed fire to nothing learns that it failed.
    const QString key2 = DrsCommand::generateKey();
    QVERIFY(peers.client->fire(DrsCommand(QStringLiteral("nobody.home"), QJsonObject(), key2)));
    QTRY_COMPARE(clientReceived.count(), 2);
    answer = clientReceived.at(1).at(0).value<DrsCommand>();
    QCOMPARE(answer.action(), DrsCommand::errorAction());
    QCOMPARE(answer.key(), key2);
    QCOMPARE(answer.errorMessage(), QStringLiteral("No handlers for nobody.home"));
}

void tst_DrsConnection::fireUnconnected()
{
    DrsConnection client;
    QSignalSpy sentSpy(&client, &DrsConnection::commandSent);
    QVERIFY(!client.fire(QStringLiteral("x")));
    QVERIFY(!client.fire(
            DrsCommand(QStringLiteral("x"), QJsonObject(), DrsCommand::generateKey())));
    QCOMPARE(client.queuedFireCount(), 0);

    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    QVERIFY(peers.client->fire(QStringLiteral("x")));
    peers.client->close();
    QVERIFY(!peers.client->fire(QStringLiteral("x")));
    QCOMPARE(sentSpy.count(), 0);
}

void tst_DrsConnection::fireOrdering_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_DrsConnection::fireOrdering()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);
    Peers peers;
    START_PEERS(peers, transport, encoding);
    constexpr int Count = 1000;
    int received = 0;
    int outOfOrder = 0;
    peers.server->on(QStringLiteral("seq"), [&](const DrsCommand &command) {
        if (command.body()[QLatin1String("n")].toInt(-1) != received)
            ++outOfOrder;
        ++received;
    });
    for (int i = 0; i < Count; ++i)
        QVERIFY(peers.client->fire(QStringLiteral("seq"), QJsonObject { { "n", i } }));
    QTRY_COMPARE_WITH_TIMEOUT(received, Count, 20000);
    QCOMPARE(outOfOrder, 0);
}

// ---- call ----

void tst_DrsConnection::callResult_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_DrsConnection::callResult()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);
    Peers peers;
    START_PEERS(peers, transport, encoding);
    peers.server->on(QStringLiteral("sum"), [](const DrsCommand &command) {
        int sum = 0;
        const QJsonArray values = command.body()[QLatin1String("values")].toArray();
        for (const QJsonValue &value : values)
            sum += value.toInt();
        return sum;
    });
    QSignalSpy sentSpy(peers.client.get(), &DrsConnection::commandSent);
    DrsReply *reply = peers.client->call(QStringLiteral("sum"),
                                         QJsonObject { { "values", QJsonArray { 1, 2, 3, 4 } } });
    QVERIFY(reply);
    QVERIFY(!reply->isFinished());
    QCOMPARE(reply->connection(), peers.client.get());
    QCOMPARE(reply->request().action(), QStringLiteral("sum"));
    QCOMPARE(reply->key().size(), 20);
    QCOMPARE(reply->request().key(), reply->key());
    QCOMPARE(peers.client->pendingCallCount(), 1);
    QCOMPARE(sentSpy.count(), 1);
    QCOMPARE(sentSpy.at(0).at(0).value<DrsCommand>().key(), reply->key());
    QSignalSpy finishedSpy(reply, &DrsReply::finished);
    QVERIFY(finishedSpy.wait(5000));
    QCOMPARE(finishedSpy.count(), 1);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QVERIFY(reply->errorString().isEmpty());
    QCOMPARE(reply->result(), QJsonValue(10));
    QCOMPARE(reply->response().action(), DrsCommand::responseAction());
    QCOMPARE(reply->response().key(), reply->key());
    QCOMPARE(reply->errorBody(), QJsonValue());
    QCOMPARE(peers.client->pendingCallCount(), 0);

    // A call with its own key keeps it; the version is mirrored on the reply.
    DrsCommand request(QStringLiteral("echo"), QJsonValue(QStringLiteral("v")),
                       QStringLiteral("my-own-key"));
    request.setVersion(1);
    reply = peers.client->call(request);
    QCOMPARE(reply->key(), QStringLiteral("my-own-key"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(QStringLiteral("v")));
    QVERIFY(reply->response().hasVersion());
    QCOMPARE(reply->response().version(), 1);

    // Many calls at once, answered each to its own reply.
    QList<DrsReply *> replies;
    for (int i = 0; i < 50; ++i)
        replies.append(peers.client->call(QStringLiteral("echo"), QJsonValue(i)));
    QCOMPARE(peers.client->pendingCallCount(), 50);
    QTRY_COMPARE(peers.client->pendingCallCount(), 0);
    for (int i = 0; i < replies.size(); ++i) {
        QVERIFY(replies.at(i)->isFinished());
        QCOMPARE(replies.at(i)->result(), QJsonValue(i));
    }
}

void tst_DrsConnection::callRemoteErrors_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_DrsConnection::callRemoteErrors()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);
    Peers peers;
    START_PEERS(peers, transport, encoding);
    peers.server->on(QStringLiteral("refuse"), [](const DrsCommand &) -> QJsonValue {
        throw DrsError(QStringLiteral("not allowed: ünïcode"));
    });
    peers.server->on(QStringLiteral("crash"),
                     [](const DrsCommand &) -> QJsonValue { throw std::runtime_error("boom"); });
    peers.server->on(QStringLiteral("crash.other"), []() -> QJsonValue { throw 42; });
    QTest::ignoreMessage(QtWarningMsg, "crash failed: boom");
    QTest::ignoreMessage(QtWarningMsg, "crash.other failed: unknown exception");

    DrsReply *refused = peers.client->call(QStringLiteral("refuse"));
    DrsReply *crashed = peers.client->call(QStringLiteral("crash"));
    DrsReply *other = peers.client->call(QStringLiteral("crash.other"));
    DrsReply *missing = peers.client->call(QStringLiteral("no.such.action"));
    QTRY_COMPARE(peers.client->pendingCallCount(), 0);

    QVERIFY(refused->isFinished());
    QCOMPARE(refused->error(), DrsReply::RemoteError);
    QCOMPARE(refused->errorString(), QStringLiteral("not allowed: ünïcode"));
    QCOMPARE(refused->errorBody(),
             QJsonValue(QJsonObject { { "message", QStringLiteral("not allowed: ünïcode") } }));
    QCOMPARE(refused->response().action(), DrsCommand::errorAction());
    QCOMPARE(refused->result(), QJsonValue());

    QCOMPARE(crashed->error(), DrsReply::RemoteException);
    QCOMPARE(crashed->errorString(), QStringLiteral("boom"));
    QCOMPARE(crashed->errorBody(), QJsonValue(QJsonObject { { "message", "boom" } }));
    QCOMPARE(crashed->response().action(), DrsCommand::exceptionAction());

    QCOMPARE(other->error(), DrsReply::RemoteException);
    QVERIFY(!other->errorString().isEmpty());

    QCOMPARE(missing->error(), DrsReply::RemoteError);
    QCOMPARE(missing->errorString(), QStringLiteral("No handlers for no.such.action"));
    QCOMPARE(missing->errorBody(),
             QJsonValue(QJsonObject { { "message", "No handlers for no.such.action" } }));

    // The server is still there after its handlers threw.
    DrsReply *after = peers.client->call(QStringLiteral("echo"), QJsonValue(1));
    QTRY_VERIFY(after->isFinished());
    QCOMPARE(after->error(), DrsReply::NoError);
}

void tst_DrsConnection::callTimeout()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    QList<DrsRequest> held;
    peers.server->onAsync(QStringLiteral("later"),
                          [&held](DrsRequest request) { held.append(request); });
    QSignalSpy receivedSpy(peers.client.get(), &DrsConnection::commandReceived);

    QElapsedTimer elapsed;
    elapsed.start();
    DrsReply *reply = peers.client->call(QStringLiteral("later"), QJsonObject(), 100);
    QSignalSpy finishedSpy(reply, &DrsReply::finished);
    QVERIFY(finishedSpy.wait(5000));
    QVERIFY2(elapsed.elapsed() >= 90, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(reply->error(), DrsReply::Timeout);
    QVERIFY(!reply->errorString().isEmpty());
    QCOMPARE(peers.client->pendingCallCount(), 0);
    QCOMPARE(held.size(), 1);

    // The late answer is only a received command: the reply stays timed out.
    held.first().respond(QJsonValue(QStringLiteral("too late")));
    QTRY_COMPARE(receivedSpy.count(), 1);
    const DrsCommand late = receivedSpy.at(0).at(0).value<DrsCommand>();
    QCOMPARE(late.key(), reply->key());
    QCOMPARE(late.body(), QJsonValue(QStringLiteral("too late")));
    QCOMPARE(finishedSpy.count(), 1);
    QCOMPARE(reply->error(), DrsReply::Timeout);
    QCOMPARE(reply->result(), QJsonValue());
}

void tst_DrsConnection::callTimeoutDefault()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("local"));
    QList<DrsRequest> held;
    peers.server->onAsync(QStringLiteral("later"),
                          [&held](DrsRequest request) { held.append(request); });
    QCOMPARE(peers.client->callTimeout(), int(DrsConnection::DefaultCallTimeout));
    peers.client->setCallTimeout(80);
    QCOMPARE(peers.client->callTimeout(), 80);
    DrsReply *slow = peers.client->call(QStringLiteral("later"));
    DrsReply *fast = peers.client->call(QStringLiteral("echo"), QJsonValue(5));
    QTRY_VERIFY(slow->isFinished());
    QCOMPARE(slow->error(), DrsReply::Timeout);
    QVERIFY(fast->isFinished());
    QCOMPARE(fast->error(), DrsReply::NoError); // answered in time: not timed out
    QCOMPARE(fast->result(), QJsonValue(5));
    QCOMPARE(peers.client->pendingCallCount(), 0);
    expectUnanswered(1, QStringLiteral("later"));
    held.clear(); // answered drs.exception to a key nobody waits for
}

void tst_DrsConnection::callTimeoutZeroWaits()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    QList<DrsRequest> held;
    peers.server->onAsync(QStringLiteral("later"),
                          [&held](DrsRequest request) { held.append(request); });
    peers.client->setCallTimeout(30);
    DrsReply *reply = peers.client->call(QStringLiteral("later"), QJsonObject(), 0);
    QSignalSpy finishedSpy(reply, &DrsReply::finished);
    QVERIFY(!finishedSpy.wait(250)); // 0 = no timeout, whatever callTimeout() says
    QCOMPARE(peers.client->pendingCallCount(), 1);
    QTRY_COMPARE(held.size(), 1);
    held.first().respond(QJsonValue(true));
    QVERIFY(finishedSpy.wait(5000));
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(true));
}

void tst_DrsConnection::callAbort_data()
{
    DrsTest::addTransportRows();
}

void tst_DrsConnection::callAbort()
{
    QFETCH(QString, transport);
    Peers peers;
    START_PEERS(peers, transport);
    QList<DrsRequest> held;
    peers.server->onAsync(QStringLiteral("later"),
                          [&held](DrsRequest request) { held.append(request); });
    QSignalSpy receivedSpy(peers.client.get(), &DrsConnection::commandReceived);
    DrsReply *reply = peers.client->call(QStringLiteral("later"));
    QTRY_COMPARE(held.size(), 1);
    QSignalSpy finishedSpy(reply, &DrsReply::finished);
    reply->abort();
    QCOMPARE(finishedSpy.count(), 1);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::Aborted);
    QCOMPARE(peers.client->pendingCallCount(), 0);
    reply->abort(); // a second abort changes nothing
    QCOMPARE(finishedSpy.count(), 1);

    held.first().respond(QJsonValue(QStringLiteral("late")));
    QTRY_COMPARE(receivedSpy.count(), 1);
    QCOMPARE(receivedSpy.at(0).at(0).value<DrsCommand>().key(), reply->key());
    QCOMPARE(receivedSpy.at(0).at(0).value<DrsCommand>().action(), DrsCommand::responseAction());
    QCOMPARE(finishedSpy.count(), 1);
    QCOMPARE(reply->error(), DrsReply::Aborted);
    QCOMPARE(reply->result(), QJsonValue());

    // The connection is fine afterwards.
    DrsReply *next = peers.client->call(QStringLiteral("echo"), QJsonValue(3));
    QTRY_VERIFY(next->isFinished());
    QCOMPARE(next->result(), QJsonValue(3));
}

void tst_DrsConnection::callUnconnected()
{
    DrsConnection client;
    QSignalSpy sentSpy(&client, &DrsConnection::commandSent);
    DrsReply *reply = client.call(QStringLiteral("echo"));
    QVERIFY(reply);
    QSignalSpy finishedSpy(reply, &DrsReply::finished);
    // Never finished inside call(): a caller connects to finished() after it returns.
    QVERIFY(!reply->isFinished());
    QVERIFY(finishedSpy.wait(2000));
    QCOMPARE(finishedSpy.count(), 1);
    QCOMPARE(reply->error(), DrsReply::ConnectionClosed);
    QVERIFY(!reply->errorString().isEmpty());
    QCOMPARE(client.pendingCallCount(), 0);
    QCOMPARE(sentSpy.count(), 0);
    QCOMPARE(reply->parent(), &client);
}

void tst_DrsConnection::disconnectMidCall_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<bool>("destroyServer");
    for (const QString &transport : DrsTest::transports()) {
        QTest::addRow("%s/server closes the client", qPrintable(transport)) << transport << false;
        QTest::addRow("%s/server destroyed", qPrintable(transport)) << transport << true;
    }
}

void tst_DrsConnection::disconnectMidCall()
{
    QFETCH(QString, transport);
    QFETCH(bool, destroyServer);
    Peers peers;
    START_PEERS(peers, transport);
    QList<DrsRequest> held;
    peers.server->onAsync(QStringLiteral("later"),
                          [&held](DrsRequest request) { held.append(request); });
    QList<DrsReply *> replies;
    for (int i = 0; i < 3; ++i)
        replies.append(peers.client->call(QStringLiteral("later"), QJsonValue(i)));
    QTRY_COMPARE(held.size(), 3);
    QCOMPARE(peers.client->pendingCallCount(), 3);
    expectUnanswered(3, QStringLiteral("later"));

    // When disconnected() comes, every pending call has already finished.
    int finishedAtDisconnect = -1;
    connect(peers.client.get(), &DrsConnection::disconnected, this, [&] {
        finishedAtDisconnect = int(std::count_if(replies.cbegin(), replies.cend(),
                                                 [](DrsReply *r) { return r->isFinished(); }));
    });
    QElapsedTimer elapsed;
    elapsed.start();
    if (destroyServer) {
        held.clear();
        peers.server.reset();
    } else {
        peers.serverSide->close();
    }
    QTRY_COMPARE(peers.client->state(), DrsConnection::UnconnectedState);
    QCOMPARE(finishedAtDisconnect, 3);
    QVERIFY(elapsed.elapsed() < 5000); // at once, not by the 30 s call timeout
    for (DrsReply *reply : std::as_const(replies))
        QCOMPARE(reply->error(), DrsReply::ConnectionClosed);
    QCOMPARE(peers.client->pendingCallCount(), 0);
    QVERIFY(!peers.client->fire(QStringLiteral("x")));
}

void tst_DrsConnection::closeWithPendingCalls_data()
{
    DrsTest::addTransportRows();
}

void tst_DrsConnection::closeWithPendingCalls()
{
    QFETCH(QString, transport);
    Peers peers;
    START_PEERS(peers, transport);
    QList<DrsRequest> held;
    peers.server->onAsync(QStringLiteral("later"),
                          [&held](DrsRequest request) { held.append(request); });
    peers.client->setAutoReconnect(true); // close() means closed: no reconnect either
    QList<DrsReply *> replies;
    for (int i = 0; i < 4; ++i)
        replies.append(peers.client->call(QStringLiteral("later")));
    QTRY_COMPARE(held.size(), 4);
    QCOMPARE(peers.client->pendingCallCount(), 4);
    expectUnanswered(4, QStringLiteral("later"));
    QSignalSpy reconnectingSpy(peers.client.get(), &DrsConnection::reconnecting);
    QSignalSpy disconnectedSpy(peers.client.get(), &DrsConnection::disconnected);

    peers.client->close();
    QCOMPARE(peers.client->pendingCallCount(), 0);
    for (DrsReply *reply : std::as_const(replies)) {
        QVERIFY(reply->isFinished());
        QCOMPARE(reply->error(), DrsReply::ConnectionClosed);
    }
    QCOMPARE(peers.client->state(), DrsConnection::UnconnectedState);
    QCOMPARE(disconnectedSpy.count(), 1);
    QTRY_COMPARE(peers.server->connectionCount(), 0);
    QCOMPARE(reconnectingSpy.count(), 0);
    QCOMPARE(peers.client->state(), DrsConnection::UnconnectedState);
}

void tst_DrsConnection::reopenWithPendingCalls_data()
{
    DrsTest::addTransportRows();
}

void tst_DrsConnection::reopenWithPendingCalls()
{
    // open() while connected replaces the transport: the calls on the old one can never be
    // answered there, so they fail at once instead of waiting forever (found by drs-soak).
    QFETCH(QString, transport);
    Peers peers;
    START_PEERS(peers, transport);
    QList<DrsRequest> held;
    peers.server->onAsync(QStringLiteral("later"),
                          [&held](DrsRequest request) { held.append(request); });
    QList<DrsReply *> replies;
    for (int i = 0; i < 3; ++i)
        replies.append(peers.client->call(QStringLiteral("later"), QJsonObject(), 0));
    QTRY_COMPARE(held.size(), 3);
    expectUnanswered(3, QStringLiteral("later"));

    peers.client->open(peers.client->url());
    QCOMPARE(peers.client->pendingCallCount(), 0);
    for (DrsReply *reply : std::as_const(replies)) {
        QVERIFY(reply->isFinished());
        QCOMPARE(reply->error(), DrsReply::ConnectionClosed);
    }
    QTRY_COMPARE(peers.client->state(), DrsConnection::ConnectedState);
    DrsReply *next = peers.client->call(QStringLiteral("echo"), QJsonValue(7));
    QTRY_VERIFY(next->isFinished());
    QCOMPARE(next->result(), QJsonValue(7));
}

void tst_DrsConnection::callFromFinishedWhileDropping_data()
{
    DrsTest::addTransportRows();
}

void tst_DrsConnection::callFromFinishedWhileDropping()
{
    // A slot on finished() that calls again while the calls of a dropped connection are being
    // failed (the state still says connected, the transport is gone): that call must not wait
    // forever; it goes on the next connection (found by drs-soak, which lost such calls).
    QFETCH(QString, transport);
    Peers peers;
    START_PEERS(peers, transport);
    QList<DrsRequest> held;
    peers.server->onAsync(QStringLiteral("later"),
                          [&held](DrsRequest request) { held.append(request); });
    peers.client->setAutoReconnect(true);
    peers.client->setReconnectDelays(20, 50);
    DrsReply *first = peers.client->call(QStringLiteral("later"), QJsonObject(), 0);
    QTRY_COMPARE(held.size(), 1);
    expectUnanswered(1, QStringLiteral("later"));
    DrsReply *second = nullptr;
    connect(first, &DrsReply::finished, this,
            [&] { second = peers.client->call(QStringLiteral("echo"), QJsonValue(42), 0); });

    peers.client->transport()->abort();
    QTRY_VERIFY(first->isFinished());
    QCOMPARE(first->error(), DrsReply::ConnectionClosed);
    QVERIFY(second);
    QTRY_VERIFY_WITH_TIMEOUT(second->isFinished(), 10000);
    QCOMPARE(second->error(), DrsReply::NoError);
    QCOMPARE(second->result(), QJsonValue(42));
    QCOMPARE(peers.client->pendingCallCount(), 0);
}

void tst_DrsConnection::callsWhileConnecting_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_DrsConnection::callsWhileConnecting()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);
    Peers peers;
    startServer(peers, transport);
    if (QTest::currentTestFailed())
        return;
    QStringList order;
    peers.server->on(QStringLiteral("step"), [&order](const DrsCommand &command) {
        order.append(command.body().toString());
        return command.body();
    });

    DrsConnection client;
    client.setEncoding(encoding);
    QSignalSpy sentSpy(&client, &DrsConnection::commandSent);
    client.open(peers.url);
    QCOMPARE(client.state(), DrsConnection::ConnectingState);
    QVERIFY(client.fire(QStringLiteral("step"), QJsonValue(QStringLiteral("fire 1"))));
    DrsReply *call = client.call(QStringLiteral("step"), QJsonValue(QStringLiteral("call")));
    QVERIFY(client.fire(QStringLiteral("step"), QJsonValue(QStringLiteral("fire 2"))));
    QCOMPARE(sentSpy.count(), 0); // held until connected
    QCOMPARE(client.queuedFireCount(), 2);
    QCOMPARE(client.pendingCallCount(), 1);
    QTRY_VERIFY(call->isFinished());
    QCOMPARE(call->error(), DrsReply::NoError);
    QCOMPARE(call->result(), QJsonValue(QStringLiteral("call")));
    QTRY_COMPARE(order.size(), 3);
    QCOMPARE(order, QStringList({ "fire 1", "call", "fire 2" }));
    QCOMPARE(client.queuedFireCount(), 0);
    QCOMPARE(sentSpy.count(), 3);
}

// ---- handlers ----

void tst_DrsConnection::handlerChain()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    QStringList ran;
    peers.server->on(QStringLiteral("chain"), [&ran](DrsRequest &request) {
        ran.append(QStringLiteral("first"));
        request.context().insert(QStringLiteral("user"), QStringLiteral("alice"));
        return 1;
    });
    peers.server->on(QStringLiteral("chain"), [&ran](DrsRequest &request) {
        ran.append(QStringLiteral("second"));
        request.context().insert(QStringLiteral("seen"),
                                 request.context().value(QStringLiteral("user")));
        return 2;
    });
    peers.server->on(QStringLiteral("chain"), [&ran](DrsRequest &request) {
        ran.append(QStringLiteral("third"));
        return QJsonObject::fromVariantMap(request.context());
    });
    QCOMPARE(peers.server->actions(), QStringList({ "chain", "echo" }));
    DrsReply *reply = peers.client->call(QStringLiteral("chain"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(ran, QStringList({ "first", "second", "third" }));
    QCOMPARE(reply->result(), QJsonValue(QJsonObject { { "user", "alice" }, { "seen", "alice" } }));

    // The context belongs to one command: the next one starts empty.
    ran.clear();
    reply = peers.client->call(QStringLiteral("chain"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(QJsonObject { { "user", "alice" }, { "seen", "alice" } }));

    // Client handlers and server handlers of one action: the connection's run first.
    Peers more;
    START_PEERS(more, QStringLiteral("tcp"));
    more.server->on(QStringLiteral("both"), [](DrsRequest &request) {
        return request.context().value(QStringLiteral("by")).toString() + QStringLiteral("+server");
    });
    more.serverSide->on(QStringLiteral("both"), [](DrsRequest &request) {
        request.context().insert(QStringLiteral("by"), QStringLiteral("connection"));
        return 0;
    });
    reply = more.client->call(QStringLiteral("both"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(QStringLiteral("connection+server")));
}

void tst_DrsConnection::handlerChainStopsAtFirstFailure()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("local"));
    QStringList ran;
    peers.server->on(QStringLiteral("guarded"), [&ran](DrsRequest &request) {
        ran.append(QStringLiteral("auth"));
        if (request.body()[QLatin1String("token")].toString() != QLatin1String("secret"))
            throw DrsError(QStringLiteral("bad token"));
    });
    peers.server->on(QStringLiteral("guarded"), [&ran]() {
        ran.append(QStringLiteral("work"));
        return QStringLiteral("done");
    });
    DrsReply *refused
            = peers.client->call(QStringLiteral("guarded"), QJsonObject { { "token", "x" } });
    QTRY_VERIFY(refused->isFinished());
    QCOMPARE(refused->error(), DrsReply::RemoteError);
    QCOMPARE(refused->errorString(), QStringLiteral("bad token"));
    QCOMPARE(ran, QStringList({ "auth" }));

    ran.clear();
    DrsReply *allowed
            = peers.client->call(QStringLiteral("guarded"), QJsonObject { { "token", "secret" } });
    QTRY_VERIFY(allowed->isFinished());
    QCOMPARE(allowed->error(), DrsReply::NoError);
    QCOMPARE(allowed->result(), QJsonValue(QStringLiteral("done")));
    QCOMPARE(ran, QStringList({ "auth", "work" }));

    // A handler answering error() itself also stops the chain; so does an exception.
    ran.clear();
    peers.server->on(QStringLiteral("stop"), [&ran](DrsRequest &request) {
        ran.append(QStringLiteral("one"));
        request.exception(QStringLiteral("gave up"));
        return 1;
    });
    QTest::ignoreMessage(QtWarningMsg, "stop failed: gave up");
    peers.server->on(QStringLiteral("stop"), [&ran]() { ran.append(QStringLiteral("two")); });
    DrsReply *stopped = peers.client->call(QStringLiteral("stop"));
    QTRY_VERIFY(stopped->isFinished());
    QCOMPARE(stopped->error(), DrsReply::RemoteException);
    QCOMPARE(stopped->errorString(), QStringLiteral("gave up"));
    QCOMPARE(ran, QStringList({ "one" }));
}

void tst_DrsConnection::handlerSignatures()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    int voidRuns = 0;
    DrsServer &server = *peers.server;
    server.on(QStringLiteral("sig.request"),
              [](DrsRequest &request) { return request.body()[QLatin1String("v")]; });
    server.on(QStringLiteral("sig.command"),
              [](const DrsCommand &command) { return command.action() + QLatin1Char(':'); });
    server.on(QStringLiteral("sig.nothing"), []() { return 42; });
    server.on(QStringLiteral("sig.void"), [&voidRuns]() { ++voidRuns; });
    server.on(QStringLiteral("sig.void.request"), [&voidRuns](DrsRequest &) { ++voidRuns; });
    server.on(QStringLiteral("sig.void.command"), [&voidRuns](const DrsCommand &) { ++voidRuns; });
    server.on(QStringLiteral("sig.bool"), []() { return false; });
    server.on(QStringLiteral("sig.array"), []() { return QJsonArray { 1, "two", 3.5 }; });
    server.on(QStringLiteral("sig.respond"), [](DrsRequest &request) {
        request.respond(QJsonValue(QStringLiteral("explicit")));
        return QJsonValue(QStringLiteral("ignored: answered already"));
    });

    struct Case {
        const char *action;
        QJsonValue expected;
    };
    const QList<Case> cases = {
        { "sig.request", QJsonValue(7) },
        { "sig.command", QJsonValue(QStringLiteral("sig.command:")) },
        { "sig.nothing", QJsonValue(42) },
        { "sig.void", QJsonValue(QJsonValue::Null) },
        { "sig.void.request", QJsonValue(QJsonValue::Null) },
        { "sig.void.command", QJsonValue(QJsonValue::Null) },
        { "sig.bool", QJsonValue(false) },
        { "sig.array", QJsonValue(QJsonArray { 1, "two", 3.5 }) },
        { "sig.respond", QJsonValue(QStringLiteral("explicit")) },
    };
    for (const Case &c : cases) {
        DrsReply *reply
                = peers.client->call(QString::fromLatin1(c.action), QJsonObject { { "v", 7 } });
        QTRY_VERIFY(reply->isFinished());
        QVERIFY2(reply->error() == DrsReply::NoError, c.action);
        QVERIFY2(reply->result() == c.expected,
                 qPrintable(QStringLiteral("%1: %2").arg(
                         QString::fromLatin1(c.action),
                         QString::fromUtf8(QJsonDocument(QJsonArray { reply->result() })
                                                   .toJson(QJsonDocument::Compact)))));
    }
    QCOMPARE(voidRuns, 3);
}

void tst_DrsConnection::handlerContextObject()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    auto *context = new QObject;
    int runs = 0;
    peers.server->on(QStringLiteral("scoped"), context, [&runs]() { return ++runs; });
    QVERIFY(peers.server->hasHandlers(QStringLiteral("scoped")));
    DrsReply *reply = peers.client->call(QStringLiteral("scoped"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(1));

    delete context;
    QVERIFY(!peers.server->hasHandlers(QStringLiteral("scoped")));
    QVERIFY(!peers.server->actions().contains(QStringLiteral("scoped")));
    reply = peers.client->call(QStringLiteral("scoped"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::RemoteError);
    QCOMPARE(reply->errorString(), QStringLiteral("No handlers for scoped"));
    QCOMPARE(runs, 1);

    // An async handler with a context goes the same way.
    auto *asyncContext = new QObject;
    peers.server->onAsync(QStringLiteral("scoped.async"), asyncContext,
                          [](DrsRequest request) { request.respond(QJsonValue(1)); });
    reply = peers.client->call(QStringLiteral("scoped.async"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(1));
    delete asyncContext;
    reply = peers.client->call(QStringLiteral("scoped.async"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::RemoteError);
}

void tst_DrsConnection::memberFunctionHandlers()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("local"));
    auto *greeter = new Greeter;
    peers.server->on(QStringLiteral("greet"), greeter, &Greeter::hello);
    peers.server->on(QStringLiteral("whoami"), greeter, &Greeter::whoAmI);
    peers.serverSide->setValue(QStringLiteral("user"), QStringLiteral("bob"));

    DrsReply *hello
            = peers.client->call(QStringLiteral("greet"), QJsonObject { { "name", "ann" } });
    DrsReply *who = peers.client->call(QStringLiteral("whoami"));
    QTRY_VERIFY(who->isFinished());
    QVERIFY(hello->isFinished());
    QCOMPARE(hello->result(), QJsonValue(QJsonObject { { "hello", "ann" } }));
    QCOMPARE(who->result(), QJsonValue(QStringLiteral("bob")));
    QCOMPARE(greeter->calls, 2);

    delete greeter; // the handlers go with their object
    hello = peers.client->call(QStringLiteral("greet"), QJsonObject { { "name", "ann" } });
    QTRY_VERIFY(hello->isFinished());
    QCOMPARE(hello->error(), DrsReply::RemoteError);
    QCOMPARE(hello->errorString(), QStringLiteral("No handlers for greet"));
}

void tst_DrsConnection::offAction()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    peers.server->on(QStringLiteral("gone"), []() { return 1; });
    peers.server->on(QStringLiteral("gone"), []() { return 2; });
    DrsReply *reply = peers.client->call(QStringLiteral("gone"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(2));
    peers.server->off(QStringLiteral("gone"));
    QVERIFY(!peers.server->hasHandlers(QStringLiteral("gone")));
    reply = peers.client->call(QStringLiteral("gone"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::RemoteError);
    QCOMPARE(reply->errorString(), QStringLiteral("No handlers for gone"));
    peers.server->off(QStringLiteral("never.there")); // harmless
}

void tst_DrsConnection::offId()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    QStringList ran;
    const auto first = peers.server->on(QStringLiteral("two"), [&ran]() {
        ran.append(QStringLiteral("first"));
        return 1;
    });
    const auto second = peers.server->on(QStringLiteral("two"), [&ran]() {
        ran.append(QStringLiteral("second"));
        return 2;
    });
    QVERIFY(first != second);
    peers.server->off(first);
    DrsReply *reply = peers.client->call(QStringLiteral("two"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(2));
    QCOMPARE(ran, QStringList({ "second" }));
    peers.server->off(second);
    QVERIFY(!peers.server->hasHandlers(QStringLiteral("two")));
    reply = peers.client->call(QStringLiteral("two"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::RemoteError);
    peers.server->off(second); // an id already gone: harmless
}

void tst_DrsConnection::asyncHandler()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    int started = 0;
    peers.server->onAsync(QStringLiteral("slow.add"), [this, &started](DrsRequest request) {
        ++started;
        QTimer::singleShot(30, this, [request]() mutable {
            const QJsonValue body = request.body();
            request.respond(body[QLatin1String("a")].toInt() + body[QLatin1String("b")].toInt());
        });
    });
    DrsReply *reply = peers.client->call(QStringLiteral("slow.add"),
                                         QJsonObject { { "a", 2 }, { "b", 5 } });
    QTRY_COMPARE(started, 1);
    QVERIFY(!reply->isFinished());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(7));

    // Several in flight, answered out of order, each to its own call.
    QList<DrsRequest> held;
    peers.server->onAsync(QStringLiteral("held"),
                          [&held](DrsRequest request) { held.append(request); });
    QList<DrsReply *> replies;
    for (int i = 0; i < 3; ++i)
        replies.append(peers.client->call(QStringLiteral("held"), QJsonValue(i)));
    QTRY_COMPARE(held.size(), 3);
    for (int i = 2; i >= 0; --i) {
        QVERIFY(!held[i].isAnswered());
        held[i].respond(held[i].body().toInt() * 10);
        QVERIFY(held[i].isAnswered());
    }
    QTRY_COMPARE(peers.client->pendingCallCount(), 0);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(replies.at(i)->result(), QJsonValue(i * 10));

    // A second answer is ignored with a warning.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("held.*answered twice")));
    held[0].respond(QJsonValue(99));
}

void tst_DrsConnection::asyncErrors()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("ws"));
    peers.server->onAsync(QStringLiteral("async.error"), [this](DrsRequest request) {
        QTimer::singleShot(10, this,
                           [request]() mutable { request.error(QStringLiteral("no such user")); });
    });
    peers.server->onAsync(QStringLiteral("async.exception"), [this](DrsRequest request) {
        QTimer::singleShot(10, this,
                           [request]() mutable { request.exception(QStringLiteral("db down")); });
    });
    peers.server->onAsync(QStringLiteral("async.throws"),
                          [](DrsRequest) { throw DrsError(QStringLiteral("thrown at once")); });
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("async.exception.*db down")));
    DrsReply *error = peers.client->call(QStringLiteral("async.error"));
    DrsReply *exception = peers.client->call(QStringLiteral("async.exception"));
    DrsReply *thrown = peers.client->call(QStringLiteral("async.throws"));
    QTRY_COMPARE(peers.client->pendingCallCount(), 0);
    QCOMPARE(error->error(), DrsReply::RemoteError);
    QCOMPARE(error->errorString(), QStringLiteral("no such user"));
    QCOMPARE(exception->error(), DrsReply::RemoteException);
    QCOMPARE(exception->errorString(), QStringLiteral("db down"));
    QCOMPARE(thrown->error(), DrsReply::RemoteError);
    QCOMPARE(thrown->errorString(), QStringLiteral("thrown at once"));
}

void tst_DrsConnection::asyncDropped()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    peers.server->onAsync(QStringLiteral("forgetful"), [](DrsRequest) {});
    QList<DrsRequest> held;
    peers.server->onAsync(QStringLiteral("dropped.later"),
                          [&held](DrsRequest request) { held.append(request); });
    QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("forgetful finished without answering")));
    DrsReply *reply = peers.client->call(QStringLiteral("forgetful"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::RemoteException);
    QVERIFY(reply->errorString().contains(QStringLiteral("without answering")));

    DrsReply *later = peers.client->call(QStringLiteral("dropped.later"));
    QTRY_COMPARE(held.size(), 1);
    QSignalSpy finishedSpy(later, &DrsReply::finished);
    QVERIFY(!finishedSpy.wait(100));
    QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("dropped.later finished without answering")));
    held.clear(); // the last copy goes unanswered
    QVERIFY(finishedSpy.wait(5000));
    QCOMPARE(later->error(), DrsReply::RemoteException);
}

void tst_DrsConnection::asyncInMiddleOfChain()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("local"));
    QStringList ran;
    peers.server->on(QStringLiteral("mixed"), [&ran](DrsRequest &request) {
        ran.append(QStringLiteral("sync 1"));
        request.context().insert(QStringLiteral("n"), 1);
    });
    peers.server->onAsync(QStringLiteral("mixed"), [this, &ran](DrsRequest request) {
        ran.append(QStringLiteral("async"));
        QTimer::singleShot(20, this, [request, &ran]() mutable {
            ran.append(QStringLiteral("async answered"));
            request.context().insert(QStringLiteral("n"),
                                     request.context().value(QStringLiteral("n")).toInt() + 10);
            request.respond(QJsonValue(QStringLiteral("not the last")));
        });
    });
    peers.server->on(QStringLiteral("mixed"), [&ran](DrsRequest &request) {
        ran.append(QStringLiteral("sync 2"));
        return request.context().value(QStringLiteral("n")).toInt() + 100;
    });
    DrsReply *reply = peers.client->call(QStringLiteral("mixed"));
    QTRY_COMPARE(ran.size(), 2);
    QCOMPARE(ran, QStringList({ "sync 1", "async" })); // the chain waits for the async step
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(111));
    QCOMPARE(ran, QStringList({ "sync 1", "async", "async answered", "sync 2" }));

    // An async step that fails stops the chain there.
    ran.clear();
    peers.server->onAsync(QStringLiteral("mixed.fail"), [this, &ran](DrsRequest request) {
        ran.append(QStringLiteral("async"));
        QTimer::singleShot(10, this,
                           [request]() mutable { request.error(QStringLiteral("nope")); });
    });
    peers.server->on(QStringLiteral("mixed.fail"),
                     [&ran]() { ran.append(QStringLiteral("after")); });
    reply = peers.client->call(QStringLiteral("mixed.fail"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::RemoteError);
    QCOMPARE(reply->errorString(), QStringLiteral("nope"));
    QCOMPARE(ran, QStringList({ "async" }));
}

// ---- services ----

void tst_DrsConnection::serviceCall_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonValue>("body");
    QTest::addColumn<QJsonValue>("expected");
    QTest::addRow("int") << "calc.add" << QJsonValue(QJsonObject { { "a", 2 }, { "b", 40 } })
                         << QJsonValue(42);
    QTest::addRow("double") << "calc.scale"
                            << QJsonValue(QJsonObject { { "value", 1.5 }, { "factor", 3 } })
                            << QJsonValue(4.5);
    QTest::addRow("string and bool")
            << "calc.greet" << QJsonValue(QJsonObject { { "name", "eve" }, { "shout", true } })
            << QJsonValue(QStringLiteral("HELLO, EVE"));
    QTest::addRow("extra members ignored")
            << "calc.greet"
            << QJsonValue(QJsonObject { { "name", "eve" }, { "shout", false }, { "x", 1 } })
            << QJsonValue(QStringLiteral("hello, eve"));
    QTest::addRow("json object")
            << "calc.wrap" << QJsonValue(QJsonObject { { "object", QJsonObject { { "k", "v" } } } })
            << QJsonValue(QJsonObject { { "wrapped", QJsonObject { { "k", "v" } } } });
    QTest::addRow("variant map")
            << "calc.count"
            << QJsonValue(QJsonObject { { "map", QJsonObject { { "a", 1 }, { "b", "two" } } } })
            << QJsonValue(QJsonObject { { "a", 1 }, { "b", "two" }, { "count", 2 } });
    QTest::addRow("string list") << "calc.sorted"
                                 << QJsonValue(QJsonObject {
                                            { "items", QJsonArray { "pear", "apple", "fig" } } })
                                 << QJsonValue(QJsonArray { "apple", "fig", "pear" });
    QTest::addRow("void") << "calc.reset" << QJsonValue(QJsonObject())
                          << QJsonValue(QJsonValue::Null);
}

void tst_DrsConnection::serviceCall()
{
    QFETCH(QString, action);
    QFETCH(QJsonValue, body);
    QFETCH(QJsonValue, expected);
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    Calculator calculator;
    QVERIFY(peers.server->registerService(&calculator, QStringLiteral("calc")));
    QVERIFY(peers.server->hasHandlers(action));
    DrsReply *reply = peers.client->call(action, body);
    QTRY_VERIFY(reply->isFinished());
    QVERIFY2(reply->error() == DrsReply::NoError, qPrintable(reply->errorString()));
    QCOMPARE(reply->result(), expected);
    QCOMPARE(calculator.resets, action == QLatin1String("calc.reset") ? 1 : 0);
}

void tst_DrsConnection::serviceArgumentErrors_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonValue>("body");
    QTest::addColumn<QString>("messagePart");
    QTest::addRow("missing") << "calc.add" << QJsonValue(QJsonObject { { "a", 1 } }) << "'b'";
    QTest::addRow("no body object") << "calc.add" << QJsonValue(QStringLiteral("1, 2")) << "'a'";
    QTest::addRow("string for int")
            << "calc.add" << QJsonValue(QJsonObject { { "a", "x" }, { "b", 1 } }) << "'a'";
    QTest::addRow("number for string")
            << "calc.greet" << QJsonValue(QJsonObject { { "name", 5 }, { "shout", true } })
            << "'name'";
    QTest::addRow("string for bool")
            << "calc.greet" << QJsonValue(QJsonObject { { "name", "a" }, { "shout", "yes" } })
            << "'shout'";
    QTest::addRow("array for object")
            << "calc.wrap" << QJsonValue(QJsonObject { { "object", QJsonArray { 1 } } })
            << "'object'";
    QTest::addRow("null for double")
            << "calc.scale"
            << QJsonValue(QJsonObject { { "value", QJsonValue::Null }, { "factor", 1 } })
            << "'value'";
    QTest::addRow("thrown DrsError")
            << "calc.refuse" << QJsonValue(QJsonObject { { "why", "closed today" } })
            << "closed today";
}

void tst_DrsConnection::serviceArgumentErrors()
{
    QFETCH(QString, action);
    QFETCH(QJsonValue, body);
    QFETCH(QString, messagePart);
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    Calculator calculator;
    QVERIFY(peers.server->registerService(&calculator, QStringLiteral("calc")));
    DrsReply *reply = peers.client->call(action, body);
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::RemoteError);
    QVERIFY2(reply->errorString().contains(messagePart), qPrintable(reply->errorString()));
}

void tst_DrsConnection::serviceRefused_data()
{
    QTest::addColumn<bool>("overloaded");
    QTest::addRow("overloaded invokable") << true;
    QTest::addRow("unnamed parameter") << false;
}

void tst_DrsConnection::serviceRefused()
{
    QFETCH(bool, overloaded);
    DrsServer server;
    std::unique_ptr<QObject> service;
    if (overloaded) {
        service = std::make_unique<OverloadedService>();
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("twice.*overloaded")));
    } else {
        service = std::make_unique<UnnamedParameterService>();
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("unnamed\\(int\\).*no name")));
    }
    QVERIFY(!server.registerService(service.get(), QStringLiteral("bad")));
    QCOMPARE(server.actions(), QStringList()); // nothing of it was registered
    QVERIFY(!server.hasHandlers(QStringLiteral("bad.ok")));
}

void tst_DrsConnection::serviceUnregisteredAndDestroyed()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    auto *calculator = new Calculator;
    QVERIFY(peers.server->registerService(calculator, QStringLiteral("calc")));
    const QStringList calcActions = { "calc.add",   "calc.count", "calc.greet",  "calc.refuse",
                                      "calc.reset", "calc.scale", "calc.sorted", "calc.wrap" };
    QCOMPARE(peers.server->actions(), calcActions + QStringList { "echo" });

    peers.server->unregisterService(calculator);
    QCOMPARE(peers.server->actions(), QStringList({ "echo" }));
    DrsReply *reply = peers.client->call(QStringLiteral("calc.add"),
                                         QJsonObject { { "a", 1 }, { "b", 2 } });
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::RemoteError);
    QCOMPARE(reply->errorString(), QStringLiteral("No handlers for calc.add"));

    // Registered again (on the client side this time, called by the server), then destroyed.
    QVERIFY(peers.client->registerService(calculator, QStringLiteral("math")));
    reply = peers.serverSide->call(QStringLiteral("math.add"),
                                   QJsonObject { { "a", 1 }, { "b", 2 } });
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(3));
    delete calculator;
    QCOMPARE(peers.client->actions(), QStringList());
    reply = peers.serverSide->call(QStringLiteral("math.add"),
                                   QJsonObject { { "a", 1 }, { "b", 2 } });
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::RemoteError);
    QCOMPARE(reply->errorString(), QStringLiteral("No handlers for math.add"));
}

// ---- built-ins and values ----

void tst_DrsConnection::ping_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_DrsConnection::ping()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);
    Peers peers;
    START_PEERS(peers, transport, encoding);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    DrsReply *reply = peers.client->call(DrsCommand::pingAction());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QVERIFY(reply->result().isDouble());
    const qint64 serverTime = reply->result().toInteger();
    QVERIFY2(qAbs(serverTime - before) < 5000,
             qPrintable(QStringLiteral("%1 vs %2").arg(serverTime).arg(before)));
    QCOMPARE(double(serverTime), reply->result().toDouble()); // a whole number of ms

    // And the other way: the client answers the server's ping.
    reply = peers.serverSide->call(DrsCommand::pingAction());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QVERIFY(qAbs(reply->result().toInteger() - before) < 5000);
}

void tst_DrsConnection::actionListing()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    peers.server->on(QStringLiteral("zeta"), []() { return 1; });
    peers.server->on(QStringLiteral("alpha.beta"), []() { return 1; });
    peers.serverSide->on(QStringLiteral("only.this.client"), []() { return 1; });
    DrsReply *reply = peers.client->call(DrsCommand::actionsAction());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(),
             QJsonValue(QJsonArray { "alpha.beta", "drs.actions", "drs.ping", "echo",
                                     "only.this.client", "zeta" }));

    // The client lists its own handlers to the server.
    peers.client->on(QStringLiteral("client.side"), []() { return 1; });
    reply = peers.serverSide->call(DrsCommand::actionsAction());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(QJsonArray { "client.side", "drs.actions", "drs.ping" }));

    QVERIFY(peers.server->isActionListingEnabled());
    peers.server->setActionListingEnabled(false);
    QVERIFY(!peers.server->isActionListingEnabled());
    reply = peers.client->call(DrsCommand::actionsAction());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::RemoteError);
    QCOMPARE(reply->errorString(), QStringLiteral("No handlers for drs.actions"));

    peers.client->setActionListingEnabled(false);
    QVERIFY(!peers.client->isActionListingEnabled());
    reply = peers.serverSide->call(DrsCommand::actionsAction());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::RemoteError);
    QCOMPARE(reply->errorString(), QStringLiteral("No handlers for drs.actions"));
    // drs.ping still answers.
    reply = peers.serverSide->call(DrsCommand::pingAction());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
}

void tst_DrsConnection::connectionValues()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    peers.server->on(QStringLiteral("visit"), [](DrsRequest &request) {
        DrsConnection *connection = request.connection();
        const int visits = connection->value(QStringLiteral("visits"), 0).toInt() + 1;
        connection->setValue(QStringLiteral("visits"), visits);
        return visits;
    });
    peers.server->on(QStringLiteral("whoami"), [](DrsRequest &request) {
        DrsConnection *connection = request.connection();
        if (!connection->hasValue(QStringLiteral("user")))
            throw DrsError(QStringLiteral("not logged in"));
        return connection->value(QStringLiteral("user")).toString();
    });

    QVERIFY(!peers.serverSide->hasValue(QStringLiteral("user")));
    QCOMPARE(peers.serverSide->value(QStringLiteral("user"), QStringLiteral("nobody")).toString(),
             QStringLiteral("nobody"));
    DrsReply *who = peers.client->call(QStringLiteral("whoami"));
    QTRY_VERIFY(who->isFinished());
    QCOMPARE(who->error(), DrsReply::RemoteError);
    QCOMPARE(who->errorString(), QStringLiteral("not logged in"));

    peers.serverSide->setValue(QStringLiteral("user"), QStringLiteral("carol"));
    QVERIFY(peers.serverSide->hasValue(QStringLiteral("user")));
    who = peers.client->call(QStringLiteral("whoami"));
    QTRY_VERIFY(who->isFinished());
    QCOMPARE(who->result(), QJsonValue(QStringLiteral("carol")));

    for (int i = 1; i <= 3; ++i) {
        DrsReply *visit = peers.client->call(QStringLiteral("visit"));
        QTRY_VERIFY(visit->isFinished());
        QCOMPARE(visit->result(), QJsonValue(i));
    }
    QCOMPARE(peers.serverSide->value(QStringLiteral("visits")).toInt(), 3);

    // Values are per connection: a second client starts afresh.
    DrsConnection second;
    second.open(peers.url);
    QTRY_VERIFY(second.isConnected());
    DrsReply *visit = second.call(QStringLiteral("visit"));
    QTRY_VERIFY(visit->isFinished());
    QCOMPARE(visit->result(), QJsonValue(1));
    who = second.call(QStringLiteral("whoami"));
    QTRY_VERIFY(who->isFinished());
    QCOMPARE(who->error(), DrsReply::RemoteError);

    peers.serverSide->removeValue(QStringLiteral("user"));
    QVERIFY(!peers.serverSide->hasValue(QStringLiteral("user")));
    who = peers.client->call(QStringLiteral("whoami"));
    QTRY_VERIFY(who->isFinished());
    QCOMPARE(who->error(), DrsReply::RemoteError);

    // The client side has its own values too.
    peers.client->setValue(QStringLiteral("k"), 5);
    QCOMPARE(peers.client->value(QStringLiteral("k")).toInt(), 5);
    QVERIFY(!peers.serverSide->hasValue(QStringLiteral("k")));
}

// ---- the server calls the client ----

void tst_DrsConnection::serverToClient_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_DrsConnection::serverToClient()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);
    Peers peers;
    START_PEERS(peers, transport, encoding);
    DrsConnection &client = *peers.client;
    QList<QJsonValue> notices;
    client.on(QStringLiteral("client.double"), [](const DrsCommand &command) {
        return command.body()[QLatin1String("n")].toInt() * 2;
    });
    client.on(QStringLiteral("client.notice"),
              [&notices](const DrsCommand &command) { notices.append(command.body()); });
    client.on(QStringLiteral("client.refuse"),
              []() -> QJsonValue { throw DrsError(QStringLiteral("the client says no")); });
    QList<DrsRequest> held;
    client.onAsync(QStringLiteral("client.later"),
                   [&held](DrsRequest request) { held.append(request); });

    // The server speaks first, before the client has sent anything.
    DrsReply *reply
            = peers.serverSide->call(QStringLiteral("client.double"), QJsonObject { { "n", 21 } });
    QCOMPARE(reply->connection(), peers.serverSide.data());
    QTRY_VERIFY(reply->isFinished());
    QVERIFY2(reply->error() == DrsReply::NoError, qPrintable(reply->errorString()));
    QCOMPARE(reply->result(), QJsonValue(42));
    // The server spoke JSON first; from the client's first command on, it speaks the client's.
    QCOMPARE(peers.serverSide->encoding(), encoding);

    // Then more, both ways, on the same link.
    reply = peers.serverSide->call(QStringLiteral("client.double"), QJsonObject { { "n", 5 } });
    QVERIFY(peers.serverSide->fire(QStringLiteral("client.notice"),
                                   QJsonValue(QStringLiteral("hi"))));
    DrsReply *refused = peers.serverSide->call(QStringLiteral("client.refuse"));
    DrsReply *missing = peers.serverSide->call(QStringLiteral("server.only"));
    DrsReply *later = peers.serverSide->call(QStringLiteral("client.later"));
    DrsReply *fromClient = client.call(QStringLiteral("echo"), QJsonValue(QStringLiteral("up")));
    QTRY_VERIFY(fromClient->isFinished());
    QTRY_VERIFY(missing->isFinished());
    QVERIFY2(reply->error() == DrsReply::NoError, qPrintable(reply->errorString()));
    QCOMPARE(reply->result(), QJsonValue(10));
    QTRY_COMPARE(notices.size(), 1);
    QCOMPARE(notices.at(0), QJsonValue(QStringLiteral("hi")));
    QCOMPARE(refused->error(), DrsReply::RemoteError);
    QCOMPARE(refused->errorString(), QStringLiteral("the client says no"));
    QCOMPARE(missing->error(), DrsReply::RemoteError);
    QCOMPARE(missing->errorString(), QStringLiteral("No handlers for server.only"));
    QCOMPARE(fromClient->result(), QJsonValue(QStringLiteral("up")));
    QTRY_COMPARE(held.size(), 1);
    QVERIFY(!later->isFinished());
    QCOMPARE(held.first().connection(), &client);
    held.first().respond(QJsonValue(QStringLiteral("answered later")));
    QTRY_VERIFY(later->isFinished());
    QCOMPARE(later->result(), QJsonValue(QStringLiteral("answered later")));
    QCOMPARE(client.state(), DrsConnection::ConnectedState);
    QCOMPARE(peers.serverSide->state(), DrsConnection::ConnectedState);
}

// ---- auto reconnect ----

void tst_DrsConnection::autoReconnect_data()
{
    DrsTest::addTransportRows();
}

void tst_DrsConnection::autoReconnect()
{
    QFETCH(QString, transport);
    Peers peers;
    START_PEERS(peers, transport);
    DrsConnection &client = *peers.client;
    QSignalSpy autoReconnectSpy(&client, &DrsConnection::autoReconnectChanged);
    client.setAutoReconnect(true);
    QVERIFY(client.autoReconnect());
    QCOMPARE(autoReconnectSpy.count(), 1);
    client.setReconnectDelays(40, 2000);
    QCOMPARE(client.reconnectInitialDelay(), 40);
    QCOMPARE(client.reconnectMaximumDelay(), 2000);
    QSignalSpy reconnectingSpy(&client, &DrsConnection::reconnecting);
    QSignalSpy stateSpy(&client, &DrsConnection::stateChanged);
    QSignalSpy connectedSpy(&client, &DrsConnection::connected);
    QSignalSpy disconnectedSpy(&client, &DrsConnection::disconnected);

    const QUrl url = peers.url;
    peers.server.reset(); // the server goes away
    QTRY_COMPARE(client.state(), DrsConnection::ReconnectingState);
    QCOMPARE(disconnectedSpy.count(), 1);
    QCOMPARE(stateSpy.at(0).at(0).value<DrsConnection::State>(), DrsConnection::ReconnectingState);

    // Attempts every ~40, ~80, ~160 ms (+-20%): the delays grow.
    QTRY_VERIFY_WITH_TIMEOUT(reconnectingSpy.count() >= 3, 10000);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(reconnectingSpy.at(i).at(0).toInt(), i + 1);
    const int delay1 = reconnectingSpy.at(0).at(1).toInt();
    const int delay2 = reconnectingSpy.at(1).at(1).toInt();
    const int delay3 = reconnectingSpy.at(2).at(1).toInt();
    QVERIFY2(delay1 >= 32 && delay1 <= 48, qPrintable(QString::number(delay1)));
    QVERIFY2(delay2 > delay1 && delay3 > delay2,
             qPrintable(QStringLiteral("%1 %2 %3").arg(delay1).arg(delay2).arg(delay3)));
    QCOMPARE(client.state(), DrsConnection::ReconnectingState);
    QCOMPARE(connectedSpy.count(), 0);

    // Fires and calls wait for the connection to come back.
    for (int i = 0; i < 5; ++i)
        QVERIFY(client.fire(QStringLiteral("queued"), QJsonObject { { "n", i } }));
    QCOMPARE(client.queuedFireCount(), 5);
    DrsReply *queuedCall
            = client.call(QStringLiteral("echo"), QJsonValue(QStringLiteral("queued call")));
    QVERIFY(!queuedCall->isFinished());

    // A new server on the same URL.
    DrsServer server;
    QList<int> received;
    server.on(QStringLiteral("queued"), [&received](const DrsCommand &command) {
        received.append(command.body()[QLatin1String("n")].toInt());
    });
    server.on(QStringLiteral("echo"), [](const DrsCommand &command) { return command.body(); });
    QVERIFY2(server.listen(url), qPrintable(server.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(connectedSpy.count(), 1, 10000);
    QCOMPARE(client.state(), DrsConnection::ConnectedState);
    QTRY_VERIFY(queuedCall->isFinished());
    QCOMPARE(queuedCall->error(), DrsReply::NoError);
    QCOMPARE(queuedCall->result(), QJsonValue(QStringLiteral("queued call")));
    QCOMPARE(client.queuedFireCount(), 0);

    // A call sent after the queue: once it is answered, everything queued has arrived.
    DrsReply *barrier = client.call(QStringLiteral("echo"), QJsonValue(1));
    QTRY_VERIFY(barrier->isFinished());
    QCOMPARE(received, QList<int>({ 0, 1, 2, 3, 4 }));
    QCOMPARE(server.connectionCount(), 1);
}

void tst_DrsConnection::fireQueueLimit()
{
    const QUrl url = refusedTcpUrl();
    QVERIFY(url.isValid());
    DrsConnection client;
    client.setAutoReconnect(true);
    client.setReconnectDelays(20, 200);
    QCOMPARE(client.fireQueueLimit(), int(DrsConnection::DefaultFireQueueLimit));
    client.setFireQueueLimit(3);
    QCOMPARE(client.fireQueueLimit(), 3);
    QSignalSpy reconnectingSpy(&client, &DrsConnection::reconnecting);
    client.open(url);
    QTRY_COMPARE(client.state(), DrsConnection::ReconnectingState);
    QVERIFY(reconnectingSpy.count() > 0); // the next attempt is scheduled

    QVERIFY(client.fire(QStringLiteral("q"), QJsonValue(1)));
    QVERIFY(client.fire(QStringLiteral("q"), QJsonValue(2)));
    QVERIFY(client.fire(QStringLiteral("q"), QJsonValue(3)));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("fire 'q' refused")));
    QVERIFY(!client.fire(QStringLiteral("q"), QJsonValue(4)));
    QCOMPARE(client.queuedFireCount(), 3);
    // Calls do not count against the fire queue.
    DrsReply *call = client.call(QStringLiteral("echo"));
    QVERIFY(!call->isFinished());
    QCOMPARE(client.queuedFireCount(), 3);
    // Attempts go on failing: the queue is kept meanwhile.
    const int attempts = reconnectingSpy.count();
    QTRY_VERIFY(reconnectingSpy.count() > attempts);
    QCOMPARE(client.queuedFireCount(), 3);
    QVERIFY(!call->isFinished());

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("3 queued fire")));
    client.close();
    QCOMPARE(client.queuedFireCount(), 0);
    QVERIFY(call->isFinished());
    QCOMPARE(call->error(), DrsReply::ConnectionClosed);
}

void tst_DrsConnection::autoReconnectOffFailsQueue()
{
    Peers peers;
    START_PEERS(peers, QStringLiteral("tcp"));
    DrsConnection &client = *peers.client;
    client.setAutoReconnect(true);
    client.setReconnectDelays(30, 300);
    QSignalSpy reconnectingSpy(&client, &DrsConnection::reconnecting);
    const QUrl url = peers.url;
    peers.server.reset();
    QTRY_COMPARE(client.state(), DrsConnection::ReconnectingState);
    QVERIFY(client.fire(QStringLiteral("lost"), QJsonValue(1)));
    QVERIFY(client.fire(QStringLiteral("lost"), QJsonValue(2)));
    DrsReply *call = client.call(QStringLiteral("echo"));
    QCOMPARE(client.queuedFireCount(), 2);

    QSignalSpy stateSpy(&client, &DrsConnection::stateChanged);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("2 queued fire")));
    client.setAutoReconnect(false);
    QCOMPARE(client.state(), DrsConnection::UnconnectedState);
    QCOMPARE(stateSpy.count(), 1);
    QCOMPARE(client.queuedFireCount(), 0);
    QVERIFY(call->isFinished());
    QCOMPARE(call->error(), DrsReply::ConnectionClosed);
    QCOMPARE(client.pendingCallCount(), 0);
    QVERIFY(!client.fire(QStringLiteral("lost"), QJsonValue(3)));

    // No attempt follows, and a server on the URL gets nothing.
    const int attempts = reconnectingSpy.count();
    DrsServer server;
    int lost = 0;
    server.on(QStringLiteral("lost"), [&lost]() { ++lost; });
    QVERIFY2(server.listen(url), qPrintable(server.errorString()));
    QSignalSpy clientConnectedSpy(&server, &DrsServer::clientConnected);
    QVERIFY(!clientConnectedSpy.wait(400));
    QCOMPARE(reconnectingSpy.count(), attempts);
    QCOMPARE(lost, 0);
    QCOMPARE(client.state(), DrsConnection::UnconnectedState);
}

// ---- encodings and bodies ----

void tst_DrsConnection::encodingFollowsClient_data()
{
    DrsTest::addTransportRows();
}

void tst_DrsConnection::encodingFollowsClient()
{
    QFETCH(QString, transport);
    Peers peers;
    startServer(peers, transport);
    if (QTest::currentTestFailed())
        return;

    DrsConnection client;
    QCOMPARE(client.encoding(), DrsCommand::JsonEncoding);
    QSignalSpy clientEncodingSpy(&client, &DrsConnection::encodingChanged);
    client.setEncoding(DrsCommand::CborEncoding);
    QCOMPARE(client.encoding(), DrsCommand::CborEncoding);
    QCOMPARE(clientEncodingSpy.count(), 1);
    client.setEncoding(DrsCommand::CborEncoding);
    QCOMPARE(clientEncodingSpy.count(), 1);
    client.open(peers.url);
    QTRY_VERIFY(client.isConnected());
    QTRY_COMPARE(peers.server->connectionCount(), 1);
    DrsConnection *serverSide = peers.server->connections().constFirst();
    QCOMPARE(serverSide->encoding(), DrsCommand::JsonEncoding); // nothing heard yet
    QSignalSpy serverEncodingSpy(serverSide, &DrsConnection::encodingChanged);

    QSignalSpy receivedSpy(&client, &DrsConnection::commandReceived);
    DrsReply *reply = client.call(QStringLiteral("echo"), QJsonObject { { "cbor", true } });
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(QJsonObject { { "cbor", true } }));
    QCOMPARE(serverEncodingSpy.count(), 1);
    QCOMPARE(serverEncodingSpy.at(0).at(0).value<DrsCommand::Encoding>(), DrsCommand::CborEncoding);
    QCOMPARE(serverSide->encoding(), DrsCommand::CborEncoding);
    QCOMPARE(receivedSpy.count(), 1);
    QCOMPARE(receivedSpy.at(0).at(0).value<DrsCommand>().key(), reply->key());

    // The client changes its mind while connected: its commands are still understood; the
    // server keeps the encoding the first command fixed, which the client reads as well.
    client.setEncoding(DrsCommand::JsonEncoding);
    QCOMPARE(clientEncodingSpy.count(), 2);
    reply = client.call(QStringLiteral("echo"), QJsonValue(QStringLiteral("json now")));
    QTRY_VERIFY(reply->isFinished());
    QVERIFY2(reply->error() == DrsReply::NoError, qPrintable(reply->errorString()));
    QCOMPARE(reply->result(), QJsonValue(QStringLiteral("json now")));
    QCOMPARE(serverSide->encoding(), DrsCommand::CborEncoding);
    QCOMPARE(serverEncodingSpy.count(), 1);
    QCOMPARE(client.state(), DrsConnection::ConnectedState);

    // A JSON client on the same server keeps JSON.
    DrsConnection jsonClient;
    jsonClient.open(peers.url);
    QTRY_VERIFY(jsonClient.isConnected());
    reply = jsonClient.call(QStringLiteral("echo"), QJsonValue(1));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->result(), QJsonValue(1));
    QCOMPARE(peers.server->connectionCount(), 2);
    for (DrsConnection *connection : peers.server->connections()) {
        QCOMPARE(connection->encoding(),
                 connection == serverSide ? DrsCommand::CborEncoding : DrsCommand::JsonEncoding);
    }
}

void tst_DrsConnection::cborOnTheWire_data()
{
    DrsTest::addTransportRows();
}

// A raw socket speaks CBOR to the server and reads back bytes that are CBOR, not JSON.
void tst_DrsConnection::cborOnTheWire()
{
    QFETCH(QString, transport);
    Peers peers;
    startServer(peers, transport);
    if (QTest::currentTestFailed())
        return;
    const DrsCommand request(QStringLiteral("echo"), QJsonObject { { "n", 7 } },
                             QStringLiteral("raw-key"));
    const QByteArray cbor = request.toCbor();
    QVERIFY(cbor.size() > 0);
    QByteArray received;
    bool binaryMessage = false;

    std::unique_ptr<QIODevice> stream;
    std::unique_ptr<QWebSocket> webSocket;
    if (transport == QLatin1String("ws")) {
        webSocket = std::make_unique<QWebSocket>();
        connect(webSocket.get(), &QWebSocket::binaryMessageReceived, this,
                [&](const QByteArray &message) {
                    binaryMessage = true;
                    received += message;
                });
        connect(webSocket.get(), &QWebSocket::textMessageReceived, this,
                [&](const QString &message) { received += message.toUtf8(); });
        webSocket->open(peers.url);
        QTRY_COMPARE(webSocket->state(), QAbstractSocket::ConnectedState);
        webSocket->sendBinaryMessage(cbor);
    } else {
        if (transport == QLatin1String("tcp")) {
            auto *socket = new QTcpSocket;
            stream.reset(socket);
            socket->connectToHost(QHostAddress::LocalHost, quint16(peers.url.port()));
            QTRY_COMPARE(socket->state(), QAbstractSocket::ConnectedState);
        } else {
            auto *socket = new QLocalSocket;
            stream.reset(socket);
            socket->connectToServer(peers.url.path());
            QTRY_COMPARE(socket->state(), QLocalSocket::ConnectedState);
        }
        connect(stream.get(), &QIODevice::readyRead, this, [&] { received += stream->readAll(); });
        stream->write(cbor);
    }
    QTRY_VERIFY(!DrsCommand::fromCbor(received).isNull());
    const auto first = static_cast<unsigned char>(received.at(0));
    QVERIFY2(first >= 0xa0 && first <= 0xbf, qPrintable(QString::number(first, 16))); // a CBOR map
    if (webSocket)
        QVERIFY(binaryMessage);
    const DrsCommand answer = DrsCommand::fromCbor(received);
    QCOMPARE(answer.action(), DrsCommand::responseAction());
    QCOMPARE(answer.key(), QStringLiteral("raw-key"));
    QCOMPARE(answer.body(), QJsonValue(QJsonObject { { "n", 7 } }));
    QCOMPARE(peers.server->connections().value(0)->encoding(), DrsCommand::CborEncoding);
}

void tst_DrsConnection::largeBody_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_DrsConnection::largeBody()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);
    Peers peers;
    START_PEERS(peers, transport, encoding);
    QString big;
    big.reserve(2 * 1024 * 1024);
    for (int i = 0; big.size() < 2 * 1024 * 1024; ++i)
        big += QStringLiteral("line %1 of a large body, ").arg(i);
    big.truncate(2 * 1024 * 1024);
    int serverSawSize = -1;
    peers.server->on(QStringLiteral("size.and.echo"), [&serverSawSize](const DrsCommand &command) {
        serverSawSize = int(command.body()[QLatin1String("data")].toString().size());
        return command.body();
    });
    DrsReply *reply
            = peers.client->call(QStringLiteral("size.and.echo"), QJsonObject { { "data", big } });
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
    QVERIFY2(reply->error() == DrsReply::NoError, qPrintable(reply->errorString()));
    QCOMPARE(serverSawSize, big.size());
    const QString back = reply->result()[QLatin1String("data")].toString();
    QCOMPARE(back.size(), big.size());
    QVERIFY(back == big);
}

void tst_DrsConnection::unicodeAndHugeIntegers_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_DrsConnection::unicodeAndHugeIntegers()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);
    Peers peers;
    START_PEERS(peers, transport, encoding);
    const QString text = QStringLiteral(
            "grüße, 日本語, ελληνικά, עברית, emoji 😀🎉, nul-free \u2028 \"quoted\" \\ /");
    const qint64 aboveDouble = (qint64(1) << 53) + 1; // not a double
    const qint64 max = std::numeric_limits<qint64>::max();
    const qint64 min = std::numeric_limits<qint64>::min();
    const QJsonObject body { { "text", text },
                             { "above", aboveDouble },
                             { "below", -aboveDouble },
                             { "max", max },
                             { "min", min },
                             { QStringLiteral("ключ 🔑"), QStringLiteral("значение") } };
    qint64 serverSawAbove = 0;
    qint64 serverSawMax = 0;
    QString serverSawText;
    peers.server->on(QStringLiteral("inspect"), [&](const DrsCommand &command) {
        serverSawAbove = command.body()[QLatin1String("above")].toInteger();
        serverSawMax = command.body()[QLatin1String("max")].toInteger();
        serverSawText = command.body()[QLatin1String("text")].toString();
        return command.body();
    });
    DrsReply *reply = peers.client->call(QStringLiteral("inspect"), body);
    QTRY_VERIFY(reply->isFinished());
    QVERIFY2(reply->error() == DrsReply::NoError, qPrintable(reply->errorString()));
    QCOMPARE(serverSawAbove, aboveDouble);
    QCOMPARE(serverSawMax, max);
    QCOMPARE(serverSawText, text);
    const QJsonObject back = reply->result().toObject();
    QCOMPARE(back.value(QLatin1String("text")).toString(), text);
    QCOMPARE(back.value(QLatin1String("above")).toInteger(), aboveDouble);
    QCOMPARE(back.value(QLatin1String("below")).toInteger(), -aboveDouble);
    QCOMPARE(back.value(QLatin1String("max")).toInteger(), max);
    QCOMPARE(back.value(QLatin1String("min")).toInteger(), min);
    QCOMPARE(back.value(QStringLiteral("ключ 🔑")).toString(), QStringLiteral("значение"));
    QCOMPARE(back, body);
}

QTEST_GUILESS_MAIN(tst_DrsConnection)

#include "tst_drsconnection.moc"
