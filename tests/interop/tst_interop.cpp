// Interoperability with DRS peers written in other languages, with the libraries the original
// peers used: a Go peer (encoding/json streams, golang.org/x/net/websocket; go/drspeer/main.go)
// over TCP and WebSocket, and a Node peer (ws, JSON.parse/JSON.stringify; node/peer.js) over
// WebSocket. Each runs as a child process, once as the server a DrsConnection talks to and once as
// the client of a DrsServer, and prints every command it sends and receives as a JSON line, which
// the test checks field by field.
//
// CMake passes the peers through the environment: QTDRS_INTEROP_GO_PEER (the built Go peer),
// QTDRS_INTEROP_NODE (node) and QTDRS_INTEROP_NODE_PEER (peer.js). A peer not given has no rows.

#include <drscommand.h>
#include <drsconnection.h>
#include <drsreply.h>
#include <drsserver.h>

#include "drstestutil.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int PeerTimeout = 10000;

// Exact JSON text, so integers past 2^53 that differ by one do not compare equal as doubles.
QByteArray exactJson(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
}

QJsonObject message(const QString &text)
{
    return QJsonObject { { u"message"_s, text } };
}

// What each peer echoes back. The Go peer decodes with UseNumber: every int64 comes back exact.
// The Node peer uses JSON.parse, which rounds integers above 2^53 (9007199254740993 comes back
// as 9007199254740992), as the original Node peer did; its sample stays within 2^53.
QJsonObject sampleBody(const QString &peer)
{
    const bool go = peer == "go"_L1;
    return QJsonObject {
        { u"big"_s, go ? qint64(9007199254740993LL) : qint64(9007199254740991LL) },
        { u"max"_s, go ? std::numeric_limits<qint64>::max() : qint64(9007199254740991LL) },
        { u"min"_s, go ? std::numeric_limits<qint64>::min() : qint64(-9007199254740991LL) },
        { u"real"_s, 2.5 },
        { u"text"_s, u"héllo ✓ 日本 🎉 <tag> & \"q\" \\ \n"_s },
        { u"list"_s,
          QJsonArray { 1, true, QJsonValue(), u"x"_s,
                       QJsonObject { { u"deep"_s, QJsonArray { -1 } } } } },
        { u"empty"_s, QJsonObject() },
    };
}

// The literal digits of the sample's largest integer, looked for in the peer's raw output.
QByteArray bigDigits(const QString &peer)
{
    return peer == "go"_L1 ? "9223372036854775807" : "9007199254740991";
}

// A peer program run as a child process; its stdout is read as JSON lines.
struct PeerProcess {
    QProcess process;
    QByteArray output; // everything printed, for the log of a failed test
    QByteArray partial;
    QList<QJsonObject> lines;
    QList<QByteArray> rawLines;
    QList<QByteArray> badLines;

    void readOutput()
    {
        const QByteArray data = process.readAllStandardOutput();
        output += data;
        partial += data;
        qsizetype end;
        while ((end = partial.indexOf('\n')) >= 0) {
            const QByteArray line = partial.left(end).trimmed();
            partial.remove(0, end + 1);
            if (line.isEmpty())
                continue;
            const QJsonDocument document = QJsonDocument::fromJson(line);
            if (!document.isObject()) {
                badLines.append(line);
                continue;
            }
            lines.append(document.object());
            rawLines.append(line);
        }
    }

    //! The index of the first line for which \a matches holds, or -1.
    int indexOf(const std::function<bool(const QJsonObject &)> &matches) const
    {
        for (int i = 0; i < lines.size(); ++i) {
            if (matches(lines.at(i)))
                return i;
        }
        return -1;
    }

    bool waitFor(const std::function<bool(const QJsonObject &)> &matches)
    {
        return QTest::qWaitFor([&] { return indexOf(matches) >= 0; }, PeerTimeout);
    }
};

// Matchers for the peers' wire log: {"in": command} and {"out": command}.
std::function<bool(const QJsonObject &)> wire(const QString &direction, const QString &action,
                                              const QString &key = QString())
{
    return [=](const QJsonObject &line) {
        const QJsonObject command = line.value(direction).toObject();
        return command.value("action"_L1).toString() == action
                && (key.isNull() || command.value("key"_L1).toString() == key);
    };
}

std::function<bool(const QJsonObject &)> peerEvent(const QString &name)
{
    return [=](const QJsonObject &line) { return line.value("event"_L1).toString() == name; };
}

} // namespace

class tst_Interop : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void connectionToPeerServer_data();
    void connectionToPeerServer();
    void peerClientToServer_data();
    void peerClientToServer();

private:
    void addPeerRows();
    //! Why \a peer cannot run here (its packages are missing), or an empty string.
    static QString missingPeer(const QString &peer);
    //! Starts \a peer with \a modeArguments; null if it cannot be started.
    PeerProcess *startPeer(const QString &peer, const QStringList &modeArguments);

    std::vector<std::unique_ptr<PeerProcess>> m_peers;
};

void tst_Interop::addPeerRows()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QString>("throwMessage");
    if (!qEnvironmentVariableIsEmpty("QTDRS_INTEROP_GO_PEER")) {
        QTest::addRow("go/tcp") << u"go"_s << u"tcp"_s << u"throw always panics"_s;
        QTest::addRow("go/ws") << u"go"_s << u"ws"_s << u"throw always panics"_s;
    }
    if (!qEnvironmentVariableIsEmpty("QTDRS_INTEROP_NODE_PEER"))
        QTest::addRow("node/ws") << u"node"_s << u"ws"_s << u"throw always throws"_s;
}

QString tst_Interop::missingPeer(const QString &peer)
{
    if (peer != "node"_L1)
        return QString();
    const QString script = qEnvironmentVariable("QTDRS_INTEROP_NODE_PEER");
    const QString modules = QFileInfo(script).absoluteDir().filePath(u"node_modules/ws"_s);
    if (QFileInfo::exists(modules))
        return QString();
    return u"the Node peer's packages are not installed (%1 is missing): run "
           "`npm ci --prefix tests/interop/node` or scripts/setup.sh"_s.arg(modules);
}

PeerProcess *tst_Interop::startPeer(const QString &peer, const QStringList &modeArguments)
{
    QString program = qEnvironmentVariable("QTDRS_INTEROP_GO_PEER");
    QStringList arguments;
    if (peer == "node"_L1) {
        program = qEnvironmentVariable("QTDRS_INTEROP_NODE", u"node"_s);
        arguments << qEnvironmentVariable("QTDRS_INTEROP_NODE_PEER");
    }
    arguments << modeArguments;

    m_peers.push_back(std::make_unique<PeerProcess>());
    PeerProcess *p = m_peers.back().get();
    connect(&p->process, &QProcess::readyReadStandardOutput, this, [p] { p->readOutput(); });
    p->process.start(program, arguments);
    if (!p->process.waitForStarted(PeerTimeout)) {
        qWarning("cannot start %s: %s", qPrintable(program), qPrintable(p->process.errorString()));
        return nullptr;
    }
    return p;
}

void tst_Interop::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("QTDRS_INTEROP_GO_PEER")
        && qEnvironmentVariableIsEmpty("QTDRS_INTEROP_NODE_PEER"))
        QSKIP("no peer given: run through ctest, which sets QTDRS_INTEROP_GO_PEER, "
              "QTDRS_INTEROP_NODE and QTDRS_INTEROP_NODE_PEER");
}

void tst_Interop::cleanup()
{
    for (const std::unique_ptr<PeerProcess> &p : m_peers) {
        if (p->process.state() != QProcess::NotRunning) {
            p->process.kill();
            p->process.waitForFinished(PeerTimeout);
        }
        if (QTest::currentTestFailed()) {
            p->readOutput();
            qWarning("peer %s %s printed:\n%s\nand on stderr:\n%s",
                     qPrintable(p->process.program()),
                     qPrintable(p->process.arguments().join(' '_L1)), p->output.constData(),
                     p->process.readAllStandardError().constData());
        }
    }
    m_peers.clear();
}

void tst_Interop::connectionToPeerServer_data()
{
    addPeerRows();
}

// QtDrs as the client of a peer that serves echo, fail, throw and broadcast.
void tst_Interop::connectionToPeerServer()
{
    QFETCH(QString, peer);
    QFETCH(QString, transport);
    QFETCH(QString, throwMessage);

    if (const QString why = missingPeer(peer); !why.isEmpty())
        QSKIP(qPrintable(why));
    PeerProcess *p = startPeer(peer, { u"server"_s });
    QVERIFY(p);
    QVERIFY2(p->waitFor(peerEvent(u"listening"_s)), p->output.constData());
    const QUrl url(p->lines.at(p->indexOf(peerEvent(u"listening"_s))).value(transport).toString());
    QVERIFY2(url.isValid() && url.port() > 0, qPrintable(url.toString()));

    // Two clients, so the broadcast is seen reaching more than the one that asked for it.
    DrsConnection connection;
    DrsConnection other;
    connection.open(url);
    other.open(url);
    QTRY_VERIFY_WITH_TIMEOUT(connection.isConnected() && other.isConnected(), PeerTimeout);
    QCOMPARE(connection.error(), DrsConnection::NoError);

    // A keyless fire reaches the peer as {action, body} and nothing else.
    const QJsonObject fireBody { { u"n"_s, 42 }, { u"text"_s, u"fire ✓"_s } };
    QVERIFY(connection.fire(u"interop.fire"_s, fireBody));
    QVERIFY(p->waitFor(wire(u"in"_s, u"interop.fire"_s)));
    const QJsonObject fired
            = p->lines.at(p->indexOf(wire(u"in"_s, u"interop.fire"_s))).value("in"_L1).toObject();
    QCOMPARE(fired.keys(), QStringList({ u"action"_s, u"body"_s }));
    QCOMPARE(exactJson(fired.value("body"_L1)), exactJson(fireBody));

    // A call with a version: the body comes back exact, under the call's key; neither peer
    // mirrors the version (the original Go peer never put one on a reply).
    const QJsonObject sample = sampleBody(peer);
    DrsCommand request(u"echo"_s, sample);
    request.setVersion(1);
    DrsReply *echo = connection.call(request);
    QSignalSpy echoFinished(echo, &DrsReply::finished);
    QVERIFY(echoFinished.wait(PeerTimeout));
    QCOMPARE(echo->error(), DrsReply::NoError);
    QCOMPARE(exactJson(echo->result()), exactJson(sample));
    QCOMPARE(echo->result()["big"_L1].toInteger(), sample["big"_L1].toInteger());
    QCOMPARE(echo->result()["max"_L1].toInteger(), sample["max"_L1].toInteger());
    QCOMPARE(echo->result()["min"_L1].toInteger(), sample["min"_L1].toInteger());
    QCOMPARE(echo->response().action(), DrsCommand::responseAction());
    QCOMPARE(echo->response().key(), echo->key());
    QVERIFY(!echo->response().hasVersion());
    QVERIFY(echo->response().extraFields().isEmpty());
    // ... and the peer read what QtDrs wrote: the key, the version, the exact digits.
    const int echoIn = p->indexOf(wire(u"in"_s, u"echo"_s, echo->key()));
    QVERIFY(echoIn >= 0);
    const QJsonObject echoed = p->lines.at(echoIn).value("in"_L1).toObject();
    QCOMPARE(echoed.keys(), QStringList({ u"action"_s, u"body"_s, u"key"_s, u"version"_s }));
    QCOMPARE(echoed.value("version"_L1).toInteger(), qint64(1));
    QVERIFY(QRegularExpression(u"^[0-9A-Za-z_]{20}$"_s).match(echo->key()).hasMatch());
    QCOMPARE(exactJson(echoed.value("body"_L1)), exactJson(sample));
    QVERIFY(p->rawLines.at(echoIn).contains(bigDigits(peer)));

    // A refusal: drs.error with the peer's message.
    DrsReply *fail = connection.call(u"fail"_s);
    QSignalSpy failFinished(fail, &DrsReply::finished);
    QVERIFY(failFinished.wait(PeerTimeout));
    QCOMPARE(fail->error(), DrsReply::RemoteError);
    QCOMPARE(fail->errorString(), u"fail refuses every command"_s);
    QCOMPARE(fail->errorBody(), QJsonValue(message(u"fail refuses every command"_s)));
    QCOMPARE(fail->response().action(), DrsCommand::errorAction());
    QCOMPARE(fail->response().key(), fail->key());
    QVERIFY(fail->result().isNull());

    // A handler that crashed (a Go panic, a Node throw): drs.exception.
    DrsReply *thrown = connection.call(u"throw"_s);
    QSignalSpy thrownFinished(thrown, &DrsReply::finished);
    QVERIFY(thrownFinished.wait(PeerTimeout));
    QCOMPARE(thrown->error(), DrsReply::RemoteException);
    QCOMPARE(thrown->errorString(), throwMessage);
    QCOMPARE(thrown->errorBody(), QJsonValue(message(throwMessage)));
    QCOMPARE(thrown->response().action(), DrsCommand::exceptionAction());
    QCOMPARE(thrown->response().key(), thrown->key());

    // No handler: drs.error naming the action.
    DrsReply *missing = connection.call(u"interop.missing"_s);
    QSignalSpy missingFinished(missing, &DrsReply::finished);
    QVERIFY(missingFinished.wait(PeerTimeout));
    QCOMPARE(missing->error(), DrsReply::RemoteError);
    QCOMPARE(missing->errorString(), u"No handlers for interop.missing"_s);
    QCOMPARE(missing->response().key(), missing->key());

    // The peer broadcasts to both clients: each receives the keyless command as sent.
    QSignalSpy received(&connection, &DrsConnection::commandReceived);
    QSignalSpy otherReceived(&other, &DrsConnection::commandReceived);
    const QJsonObject news { { u"headline"_s, u"ünïcödé news"_s }, { u"id"_s, sample["big"_L1] } };
    DrsReply *broadcast = connection.call(
            u"broadcast"_s,
            QJsonObject { { u"action"_s, u"interop.news"_s }, { u"body"_s, news } });
    QSignalSpy broadcastFinished(broadcast, &DrsReply::finished);
    QVERIFY(broadcastFinished.wait(PeerTimeout));
    QCOMPARE(broadcast->error(), DrsReply::NoError);
    QCOMPARE(broadcast->result(), QJsonValue(QJsonObject { { u"sent"_s, 2 } }));
    QTRY_COMPARE_WITH_TIMEOUT(otherReceived.size(), 1, PeerTimeout);
    QCOMPARE(received.size(), 2); // the broadcast, then the reply
    for (const DrsCommand &command : { received.at(0).at(0).value<DrsCommand>(),
                                       otherReceived.at(0).at(0).value<DrsCommand>() }) {
        QCOMPARE(command.action(), u"interop.news"_s);
        QVERIFY(!command.hasKey());
        QVERIFY(!command.hasVersion());
        QVERIFY(command.extraFields().isEmpty());
        QCOMPARE(exactJson(command.body()), exactJson(news));
    }
    QCOMPARE(received.at(1).at(0).value<DrsCommand>().key(), broadcast->key());

    QVERIFY2(p->badLines.isEmpty(), p->badLines.join('\n').constData());
    QCOMPARE(p->indexOf([](const QJsonObject &line) { return line.contains("error"_L1); }), -1);
}

void tst_Interop::peerClientToServer_data()
{
    addPeerRows();
}

// A peer as the client of a DrsServer: it fires, calls echo, fail, throw and an unknown action,
// says it is ready; the server then broadcasts, calls the peer's handlers, and fires goodbye.
void tst_Interop::peerClientToServer()
{
    QFETCH(QString, peer);
    QFETCH(QString, transport);
    QFETCH(QString, throwMessage);
    if (const QString why = missingPeer(peer); !why.isEmpty())
        QSKIP(qPrintable(why));

    DrsServer server;
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    server.on(u"fail"_s, []() -> QJsonValue { throw DrsError(u"QtDrs refuses fail"_s); });
    server.on(u"throw"_s,
              []() -> QJsonValue { throw std::runtime_error("QtDrs's throw handler threw"); });
    server.on(u"interop.ready"_s, [] { return QJsonObject { { u"ready"_s, true } }; });
    QVERIFY2(server.listen({ DrsTest::listenUrl(u"tcp"_s), DrsTest::listenUrl(u"ws"_s) }),
             qPrintable(server.errorString()));
    QUrl url;
    for (const QUrl &served : server.serverUrls()) {
        if (served.scheme() == transport)
            url = served;
    }
    QCOMPARE(url.scheme(), transport);

    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);
    QSignalSpy received(&server, &DrsServer::commandReceived);
    auto receivedCommand = [&received](const QString &action) {
        for (const QList<QVariant> &arguments : std::as_const(received)) {
            const DrsCommand command = arguments.at(1).value<DrsCommand>();
            if (command.action() == action)
                return command;
        }
        return DrsCommand();
    };

    PeerProcess *p = startPeer(peer, { u"client"_s, u"--url"_s, url.toString() });
    QVERIFY(p);
    QTRY_COMPARE_WITH_TIMEOUT(clientConnected.size(), 1, PeerTimeout);
    DrsConnection *client = clientConnected.at(0).at(0).value<DrsConnection *>();
    QVERIFY(client);
    QTRY_VERIFY2_WITH_TIMEOUT(!receivedCommand(u"interop.ready"_s).isNull(), p->output.constData(),
                              PeerTimeout);

    // What the peer sent arrived whole: the keyless fire, the echo call with its version and
    // its exact integers, the call without a body.
    const DrsCommand fired = receivedCommand(u"interop.fire"_s);
    QVERIFY(!fired.hasKey());
    QVERIFY(!fired.hasVersion());
    QCOMPARE(exactJson(fired.body()),
             exactJson(QJsonObject { { u"from"_s, peer }, { u"n"_s, 1 } }));
    const QJsonObject sample = sampleBody(peer);
    const DrsCommand echoCall = receivedCommand(u"echo"_s);
    QVERIFY(QRegularExpression(u"^[0-9A-Za-z_]{20}$"_s).match(echoCall.key()).hasMatch());
    QVERIFY(echoCall.hasVersion());
    QCOMPARE(echoCall.version(), qint64(1));
    QCOMPARE(exactJson(echoCall.body()), exactJson(sample));
    QCOMPARE(echoCall.body()["max"_L1].toInteger(), sample["max"_L1].toInteger());
    QVERIFY(receivedCommand(u"interop.missing"_s).body().isNull());
    QVERIFY(receivedCommand(u"interop.missing"_s).hasKey());

    // The server's turn: a broadcast, then calls to the peer's handlers.
    const QJsonObject news { { u"headline"_s, u"ünïcödé news"_s }, { u"id"_s, sample["big"_L1] } };
    QCOMPARE(server.broadcast(u"interop.news"_s, news), 1);

    DrsCommand request(u"echo"_s, sample);
    request.setVersion(2);
    DrsReply *echo = client->call(request);
    DrsReply *fail = client->call(u"fail"_s);
    DrsReply *thrown = client->call(u"throw"_s);
    DrsReply *missing = client->call(u"interop.missing"_s, QJsonObject { { u"x"_s, 1 } });
    QTRY_VERIFY_WITH_TIMEOUT(echo->isFinished() && fail->isFinished() && thrown->isFinished()
                                     && missing->isFinished(),
                             PeerTimeout);
    QCOMPARE(echo->error(), DrsReply::NoError);
    QCOMPARE(exactJson(echo->result()), exactJson(sample));
    QCOMPARE(echo->result()["min"_L1].toInteger(), sample["min"_L1].toInteger());
    QCOMPARE(echo->response().key(), echo->key());
    QVERIFY(!echo->response().hasVersion());
    QCOMPARE(fail->error(), DrsReply::RemoteError);
    QCOMPARE(fail->errorBody(), QJsonValue(message(u"fail refuses every command"_s)));
    QCOMPARE(fail->response().key(), fail->key());
    QCOMPARE(thrown->error(), DrsReply::RemoteException);
    QCOMPARE(thrown->errorString(), throwMessage);
    QCOMPARE(thrown->response().key(), thrown->key());
    QCOMPARE(missing->error(), DrsReply::RemoteError);
    QCOMPARE(missing->errorString(), u"No handlers for interop.missing"_s);
    // The replies are the client connection's children: they go with it when the peer leaves.
    const QString echoKey = echo->key();
    const QList<DrsCommand> answers { echo->response(), fail->response(), thrown->response(),
                                      missing->response() };

    // Goodbye: the peer exits 0 once it has seen the broadcast and this fire.
    QVERIFY(client->fire(u"interop.bye"_s));
    QTRY_COMPARE_WITH_TIMEOUT(p->process.state(), QProcess::NotRunning, PeerTimeout);
    p->readOutput();
    QCOMPARE(p->process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p->process.exitCode() == 0, p->output.constData());
    QVERIFY2(p->badLines.isEmpty(), p->badLines.join('\n').constData());
    QVERIFY(p->indexOf(peerEvent(u"done"_s)) >= 0);

    // The peer's side, field by field: each call it made and the reply it read.
    auto exchange
            = [p](const QString &action, QJsonObject *sent, QJsonObject *reply, int *replyLine) {
                  const int out = p->indexOf(wire(u"out"_s, action));
                  *sent = out >= 0 ? p->lines.at(out).value("out"_L1).toObject() : QJsonObject();
                  const QString key = sent->value("key"_L1).toString();
                  *replyLine = p->indexOf([key](const QJsonObject &line) {
                      const QJsonObject in = line.value("in"_L1).toObject();
                      return in.value("action"_L1).toString().startsWith("drs."_L1)
                              && in.value("key"_L1).toString() == key;
                  });
                  *reply = *replyLine >= 0 ? p->lines.at(*replyLine).value("in"_L1).toObject()
                                           : QJsonObject();
                  return out >= 0 && !key.isEmpty() && *replyLine >= 0;
              };
    QJsonObject sent;
    QJsonObject reply;
    int line = -1;
    QVERIFY(exchange(u"echo"_s, &sent, &reply, &line));
    QCOMPARE(reply.keys(), QStringList({ u"action"_s, u"body"_s, u"key"_s, u"version"_s }));
    QCOMPARE(reply.value("action"_L1).toString(), DrsCommand::responseAction());
    QCOMPARE(reply.value("version"_L1).toInteger(),
             qint64(1)); // QtDrs mirrors the request's version
    QCOMPARE(exactJson(reply.value("body"_L1)), exactJson(sample));
    QVERIFY(p->rawLines.at(line).contains(bigDigits(peer)));

    QVERIFY(exchange(u"fail"_s, &sent, &reply, &line));
    QCOMPARE(reply.keys(), QStringList({ u"action"_s, u"body"_s, u"key"_s }));
    QCOMPARE(reply.value("action"_L1).toString(), DrsCommand::errorAction());
    QCOMPARE(reply.value("body"_L1), QJsonValue(message(u"QtDrs refuses fail"_s)));

    QVERIFY(exchange(u"throw"_s, &sent, &reply, &line));
    QCOMPARE(reply.keys(), QStringList({ u"action"_s, u"body"_s, u"key"_s }));
    QCOMPARE(reply.value("action"_L1).toString(), DrsCommand::exceptionAction());
    QCOMPARE(reply.value("body"_L1), QJsonValue(message(u"QtDrs's throw handler threw"_s)));

    QVERIFY(exchange(u"interop.missing"_s, &sent, &reply, &line));
    QVERIFY(!sent.contains("body"_L1));
    QCOMPARE(reply.value("action"_L1).toString(), DrsCommand::errorAction());
    QCOMPARE(reply.value("body"_L1), QJsonValue(message(u"No handlers for interop.missing"_s)));

    QVERIFY(exchange(u"interop.ready"_s, &sent, &reply, &line));
    QCOMPARE(reply.value("action"_L1).toString(), DrsCommand::responseAction());
    QCOMPARE(reply.value("body"_L1), QJsonValue(QJsonObject { { u"ready"_s, true } }));

    // The broadcast and the goodbye arrived keyless, the broadcast before the server's calls.
    const int newsLine = p->indexOf(wire(u"in"_s, u"interop.news"_s));
    QVERIFY(newsLine >= 0);
    const QJsonObject newsIn = p->lines.at(newsLine).value("in"_L1).toObject();
    QCOMPARE(newsIn.keys(), QStringList({ u"action"_s, u"body"_s }));
    QCOMPARE(exactJson(newsIn.value("body"_L1)), exactJson(news));
    QVERIFY(newsLine < p->indexOf(wire(u"in"_s, u"echo"_s, echoKey)));
    const int byeLine = p->indexOf(wire(u"in"_s, u"interop.bye"_s));
    QVERIFY(byeLine > newsLine);
    QVERIFY(!p->lines.at(byeLine).value("in"_L1).toObject().contains("key"_L1));

    // The peer answered each of the server's calls under its key, without a version.
    for (const DrsCommand &received : answers) {
        const int out = p->indexOf([&received](const QJsonObject &l) {
            const QJsonObject o = l.value("out"_L1).toObject();
            return o.value("key"_L1).toString() == received.key()
                    && o.value("action"_L1).toString().startsWith("drs."_L1);
        });
        QVERIFY2(out >= 0, qPrintable(received.key()));
        const QJsonObject answer = p->lines.at(out).value("out"_L1).toObject();
        QCOMPARE(answer.value("action"_L1).toString(), received.action());
        QCOMPARE(exactJson(answer.value("body"_L1)), exactJson(received.body()));
        QVERIFY(!answer.contains("version"_L1));
    }
    const QJsonObject echoIn
            = p->lines.at(p->indexOf(wire(u"in"_s, u"echo"_s, echoKey))).value("in"_L1).toObject();
    QCOMPARE(echoIn.value("version"_L1).toInteger(), qint64(2));
}

QTEST_GUILESS_MAIN(tst_Interop)
#include "tst_interop.moc"
