// The example programs, run as real child processes: drs-demo (the URLs it prints, every action
// over each transport and encoding, broadcasts, ticks, options, clean shutdown on SIGTERM) and the
// chat (drs-chat-server with drs-chat clients talking through stdin and stdout).
#include "drstestutil.h"

#include <drsconnection.h>

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtNetwork/QTcpServer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int StartTimeout = 15000; // a cold start on a busy 2-core machine
constexpr int CallTimeout = 10000;

// A child process started by a test, its stdout collected line by line as it arrives.
struct Child {
    QProcess process;
    QStringList lines;
    QByteArray errors;

    bool hasLine(const QString &line) const { return lines.contains(line); }
    bool hasLineEndingWith(const QString &end) const
    {
        return std::any_of(lines.cbegin(), lines.cend(),
                           [&end](const QString &line) { return line.endsWith(end); });
    }
};

struct Demo {
    Child *child = nullptr;
    QUrl tcp;
    QUrl ws;
    QUrl local;
    QString localName;

    QUrl url(const QString &transport) const
    {
        if (transport == u"tcp"_s)
            return tcp;
        if (transport == u"ws"_s)
            return ws;
        return local;
    }
};

QString uniqueLocalName()
{
    static int counter = 0;
    return u"qtdrs-tst-examples-%1-%2"_s.arg(QCoreApplication::applicationPid()).arg(counter++);
}

int countCommands(const QSignalSpy &spy, const QString &action)
{
    int count = 0;
    for (const QList<QVariant> &arguments : spy) {
        if (arguments.at(0).value<DrsCommand>().action() == action)
            ++count;
    }
    return count;
}

QList<DrsCommand> commands(const QSignalSpy &spy, const QString &action)
{
    QList<DrsCommand> result;
    for (const QList<QVariant> &arguments : spy) {
        const DrsCommand command = arguments.at(0).value<DrsCommand>();
        if (command.action() == action)
            result.append(command);
    }
    return result;
}

} // namespace

class tst_Examples : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup();

    void demoPrintsUrls();
    void demoActions_data();
    void demoActions();
    void demoCounterIsSharedAcrossTransports();
    void demoTicks();
    void demoNoTick();
    void demoStopsCleanlyOnSigterm();
    void demoBusyPort();
    void demoCommandLine_data();
    void demoCommandLine();

    void chat();
    void chatSayOnce();
    void chatNickTaken();

private:
    Child *start(const QString &program, const QStringList &arguments);
    bool startDemo(Demo *demo, const QStringList &extraArguments = {});
    DrsConnection *connectTo(const QUrl &url,
                             DrsCommand::Encoding encoding = DrsCommand::JsonEncoding);

    std::vector<std::unique_ptr<Child>> m_children;
    std::vector<std::unique_ptr<DrsConnection>> m_connections;
};

Child *tst_Examples::start(const QString &program, const QStringList &arguments)
{
    auto child = std::make_unique<Child>();
    Child *c = child.get();
    connect(&c->process, &QProcess::readyReadStandardOutput, &c->process, [c] {
        while (c->process.canReadLine())
            c->lines.append(QString::fromUtf8(c->process.readLine()).trimmed());
    });
    connect(&c->process, &QProcess::readyReadStandardError, &c->process,
            [c] { c->errors += c->process.readAllStandardError(); });
    c->process.start(program, arguments);
    m_children.push_back(std::move(child));
    return c;
}

// Starts drs-demo on free ports and a unique local name; reads the three URLs it prints.
bool tst_Examples::startDemo(Demo *demo, const QStringList &extraArguments)
{
    demo->localName = uniqueLocalName();
    demo->child = start(QStringLiteral(DRS_DEMO_PATH),
                        QStringList { u"--tcp-port"_s, u"0"_s, u"--ws-port"_s, u"0"_s,
                                      u"--local-name"_s, demo->localName }
                                + extraArguments);
    Child *c = demo->child;
    if (!QTest::qWaitFor(
                [c] { return c->lines.size() >= 3 || c->process.state() == QProcess::NotRunning; },
                StartTimeout)
        || c->lines.size() < 3) {
        qWarning("drs-demo did not start: %s", c->errors.constData());
        return false;
    }
    for (const QString &line : std::as_const(c->lines)) {
        const QUrl url(line);
        if (url.scheme() == u"tcp"_s)
            demo->tcp = url;
        else if (url.scheme() == u"ws"_s)
            demo->ws = url;
        else if (url.scheme() == u"local"_s)
            demo->local = url;
    }
    return demo->tcp.isValid() && demo->ws.isValid() && demo->local.isValid();
}

DrsConnection *tst_Examples::connectTo(const QUrl &url, DrsCommand::Encoding encoding)
{
    auto connection = std::make_unique<DrsConnection>();
    connection->setEncoding(encoding);
    connection->open(url);
    m_connections.push_back(std::move(connection));
    return m_connections.back().get();
}

void tst_Examples::cleanup()
{
    m_connections.clear();
    for (const std::unique_ptr<Child> &child : m_children) {
        if (QTest::currentTestFailed())
            qWarning("%s wrote to stderr:\n%s", qPrintable(child->process.program()),
                     child->errors.constData());
        if (child->process.state() == QProcess::NotRunning)
            continue;
        child->process.terminate();
        if (!child->process.waitForFinished(5000)) {
            child->process.kill();
            child->process.waitForFinished(5000);
        }
    }
    m_children.clear();
}

void tst_Examples::demoPrintsUrls()
{
    const QString localName = uniqueLocalName();
    Child *demo = start(QStringLiteral(DRS_DEMO_PATH),
                        { u"--tcp-port"_s, u"0"_s, u"--ws-port"_s, u"0"_s, u"--local-name"_s,
                          localName, u"--no-tick"_s });
    QTRY_COMPARE_WITH_TIMEOUT(demo->lines.size(), 3, StartTimeout);

    // Exactly these lines, in this order, with the ports the system chose.
    const QRegularExpression tcpLine(u"^tcp://127\\.0\\.0\\.1:([1-9][0-9]*)$"_s);
    const QRegularExpression wsLine(u"^ws://127\\.0\\.0\\.1:([1-9][0-9]*)/socket$"_s);
    const QRegularExpressionMatch tcp = tcpLine.match(demo->lines.at(0));
    const QRegularExpressionMatch ws = wsLine.match(demo->lines.at(1));
    QVERIFY2(tcp.hasMatch(), qPrintable(demo->lines.at(0)));
    QVERIFY2(ws.hasMatch(), qPrintable(demo->lines.at(1)));
    QCOMPARE(demo->lines.at(2), u"local:"_s + localName);
    QVERIFY(tcp.captured(1).toInt() <= 65535);
    QVERIFY(ws.captured(1).toInt() <= 65535);
    QVERIFY(tcp.captured(1) != ws.captured(1));

    // Nothing else goes to stdout: the logs go to stderr.
    QSignalSpy moreOutput(&demo->process, &QProcess::readyReadStandardOutput);
    QVERIFY(!moreOutput.wait(250));
    QCOMPARE(demo->lines.size(), 3);
    QTRY_VERIFY(demo->errors.contains("serving tcp://127.0.0.1:" + tcp.captured(1).toLatin1()));
}

void tst_Examples::demoActions_data()
{
    DrsTest::addTransportEncodingRows();
}

void tst_Examples::demoActions()
{
    QFETCH(QString, transport);
    QFETCH(DrsCommand::Encoding, encoding);

    Demo demo;
    QVERIFY(startDemo(&demo, { u"--no-tick"_s }));
    DrsConnection *client = connectTo(demo.url(transport), encoding);
    QTRY_VERIFY_WITH_TIMEOUT(client->isConnected(), CallTimeout);

    // echo: the body comes back as sent, a 64-bit integer beyond 2^53 included.
    const QJsonObject body { { u"text"_s, u"héllo"_s },
                             { u"big"_s, qint64(9007199254740993LL) },
                             { u"list"_s, QJsonArray { 1, u"two"_s, true } } };
    DrsReply *echo = client->call(u"echo"_s, body);
    QVERIFY(echo->waitForFinished(CallTimeout));
    QCOMPARE(echo->error(), DrsReply::NoError);
    QCOMPARE(echo->result(), QJsonValue(body));
    QCOMPARE(echo->result()[u"big"_s].toInteger(), 9007199254740993LL);

    // time: epoch milliseconds and the same instant in ISO 8601.
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    DrsReply *time = client->call(u"time"_s);
    QVERIFY(time->waitForFinished(CallTimeout));
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(time->error(), DrsReply::NoError);
    const qint64 ms = time->result()[u"ms"_s].toInteger();
    QVERIFY2(ms >= before && ms <= after,
             qPrintable(u"%1 not in [%2, %3]"_s.arg(ms).arg(before).arg(after)));
    const QDateTime iso
            = QDateTime::fromString(time->result()[u"iso"_s].toString(), Qt::ISODateWithMs);
    QVERIFY(iso.isValid());
    QCOMPARE(iso.toMSecsSinceEpoch(), ms);

    // counter: get, then increment returns the next value and broadcasts it to the caller too.
    QSignalSpy received(client, &DrsConnection::commandReceived);
    DrsReply *get = client->call(u"counter.get"_s);
    QVERIFY(get->waitForFinished(CallTimeout));
    QCOMPARE(get->error(), DrsReply::NoError);
    const qint64 start = get->result().toInteger(-1);
    QVERIFY(start >= 0);
    DrsReply *increment = client->call(u"counter.increment"_s);
    QVERIFY(increment->waitForFinished(CallTimeout));
    QCOMPARE(increment->error(), DrsReply::NoError);
    QCOMPARE(increment->result().toInteger(), start + 1);
    QTRY_COMPARE(countCommands(received, u"counter.changed"_s), 1);
    const DrsCommand changed = commands(received, u"counter.changed"_s).constFirst();
    QCOMPARE(changed.body()[u"value"_s].toInteger(), start + 1);
    QVERIFY(!changed.hasKey()); // a broadcast asks for no reply

    // fail: drs.error with the default message, or the one asked for.
    DrsReply *fail = client->call(u"fail"_s);
    QVERIFY(fail->waitForFinished(CallTimeout));
    QCOMPARE(fail->error(), DrsReply::RemoteError);
    QVERIFY2(fail->errorString().contains(u"drs.error"_s), qPrintable(fail->errorString()));
    QCOMPARE(fail->response().action(), DrsCommand::errorAction());
    DrsReply *failWith = client->call(u"fail"_s, QJsonObject { { u"message"_s, u"no way"_s } });
    QVERIFY(failWith->waitForFinished(CallTimeout));
    QCOMPARE(failWith->error(), DrsReply::RemoteError);
    QCOMPARE(failWith->errorString(), u"no way"_s);

    // crash: the handler throws std::runtime_error; drs.exception, and the service lives on.
    DrsReply *crash = client->call(u"crash"_s);
    QVERIFY(crash->waitForFinished(CallTimeout));
    QCOMPARE(crash->error(), DrsReply::RemoteException);
    QCOMPARE(crash->response().action(), DrsCommand::exceptionAction());
    QVERIFY2(crash->errorString().contains(u"crash always throws"_s),
             qPrintable(crash->errorString()));
    QCOMPARE(demo.child->process.state(), QProcess::Running);

    // math: a QObject service; arguments by name, refusals as drs.error.
    DrsReply *add = client->call(u"math.add"_s, QJsonObject { { u"a"_s, 2 }, { u"b"_s, 3.5 } });
    QVERIFY(add->waitForFinished(CallTimeout));
    QCOMPARE(add->error(), DrsReply::NoError);
    QCOMPARE(add->result().toDouble(), 5.5);
    DrsReply *sum = client->call(u"math.sum"_s,
                                 QJsonObject { { u"values"_s, QJsonArray { 1, 2, 3, 4 } } });
    QVERIFY(sum->waitForFinished(CallTimeout));
    QCOMPARE(sum->error(), DrsReply::NoError);
    QCOMPARE(sum->result().toDouble(), 10.0);
    DrsReply *divide = client->call(u"math.divide"_s, QJsonObject { { u"a"_s, 1 }, { u"b"_s, 0 } });
    QVERIFY(divide->waitForFinished(CallTimeout));
    QCOMPARE(divide->error(), DrsReply::RemoteError);
    QCOMPARE(divide->errorString(), u"division by zero"_s);
    DrsReply *missing = client->call(u"math.add"_s, QJsonObject { { u"a"_s, 1 } });
    QVERIFY(missing->waitForFinished(CallTimeout));
    QCOMPARE(missing->error(), DrsReply::RemoteError);
    QVERIFY2(missing->errorString().contains(u"'b'"_s), qPrintable(missing->errorString()));

    // delay: an asynchronous handler; the service goes on meanwhile, so a later call with a
    // shorter delay is answered first.
    QStringList order;
    QElapsedTimer elapsed;
    elapsed.start();
    DrsReply *slow = client->call(u"delay"_s, QJsonObject { { u"ms"_s, 300 } });
    DrsReply *quick = client->call(u"delay"_s, QJsonObject { { u"ms"_s, 0 } });
    connect(slow, &DrsReply::finished, this, [&order] { order.append(u"slow"_s); });
    connect(quick, &DrsReply::finished, this, [&order] { order.append(u"quick"_s); });
    QVERIFY(slow->waitForFinished(CallTimeout));
    QVERIFY(elapsed.elapsed() >= 300);
    QCOMPARE(order, QStringList({ u"quick"_s, u"slow"_s }));
    QCOMPARE(quick->result(), QJsonValue(QJsonObject { { u"waited"_s, 0 } }));
    QCOMPARE(slow->result(), QJsonValue(QJsonObject { { u"waited"_s, 300 } }));

    // drs.actions lists what the demo offers (the inspector relies on it).
    DrsReply *actions = client->call(DrsCommand::actionsAction());
    QVERIFY(actions->waitForFinished(CallTimeout));
    const QJsonArray list = actions->result().toArray();
    for (const QString &action :
         { u"echo"_s, u"time"_s, u"counter.get"_s, u"counter.increment"_s, u"fail"_s, u"crash"_s,
           u"delay"_s, u"math.add"_s, u"math.divide"_s })
        QVERIFY2(list.contains(action), qPrintable(action));
}

void tst_Examples::demoCounterIsSharedAcrossTransports()
{
    Demo demo;
    QVERIFY(startDemo(&demo, { u"--no-tick"_s }));
    QList<DrsConnection *> clients;
    std::vector<std::unique_ptr<QSignalSpy>> spies;
    for (const QString &transport : DrsTest::transports()) {
        DrsConnection *client = connectTo(demo.url(transport));
        spies.push_back(std::make_unique<QSignalSpy>(client, &DrsConnection::commandReceived));
        clients.append(client);
    }
    for (DrsConnection *client : std::as_const(clients))
        QTRY_VERIFY_WITH_TIMEOUT(client->isConnected(), CallTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(demo.child->errors.count("connected (3 connected)"), 1, CallTimeout);

    // Each client increments once: one counter, and every client hears of every change.
    for (int i = 0; i < clients.size(); ++i) {
        DrsReply *reply = clients.at(i)->call(u"counter.increment"_s);
        QVERIFY(reply->waitForFinished(CallTimeout));
        QCOMPARE(reply->error(), DrsReply::NoError);
        QCOMPARE(reply->result().toInteger(), i + 1);
    }
    for (const std::unique_ptr<QSignalSpy> &spy : spies) {
        QTRY_COMPARE(countCommands(*spy, u"counter.changed"_s), 3);
        const QList<DrsCommand> changes = commands(*spy, u"counter.changed"_s);
        for (int i = 0; i < changes.size(); ++i)
            QCOMPARE(changes.at(i).body()[u"value"_s].toInteger(), i + 1);
    }
    DrsReply *get = clients.constLast()->call(u"counter.get"_s);
    QVERIFY(get->waitForFinished(CallTimeout));
    QCOMPARE(get->result().toInteger(), 3);

    // The demo logs each client leaving.
    m_connections.clear();
    QTRY_VERIFY_WITH_TIMEOUT(demo.child->errors.contains("disconnected (0 connected)"),
                             CallTimeout);
}

void tst_Examples::demoTicks()
{
    Demo demo;
    QVERIFY(startDemo(&demo, { u"--tick-interval"_s, u"50"_s }));
    DrsConnection *watcher = connectTo(demo.ws);
    QSignalSpy received(watcher, &DrsConnection::commandReceived);
    QTRY_VERIFY_WITH_TIMEOUT(countCommands(received, u"demo.tick"_s) >= 3, CallTimeout);
    const QList<DrsCommand> ticks = commands(received, u"demo.tick"_s);
    for (int i = 1; i < ticks.size(); ++i) {
        QCOMPARE(ticks.at(i).body()[u"n"_s].toInteger(),
                 ticks.at(i - 1).body()[u"n"_s].toInteger() + 1);
        QVERIFY(ticks.at(i).body()[u"ms"_s].toInteger()
                >= ticks.at(i - 1).body()[u"ms"_s].toInteger());
        QVERIFY(!ticks.at(i).hasKey());
    }
}

void tst_Examples::demoNoTick()
{
    Demo demo;
    QVERIFY(startDemo(&demo, { u"--tick-interval"_s, u"50"_s, u"--no-tick"_s }));
    DrsConnection *watcher = connectTo(demo.tcp);
    DrsReply *echo = watcher->call(u"echo"_s); // proves the watcher is served
    QVERIFY(echo->waitForFinished(CallTimeout));
    QCOMPARE(echo->error(), DrsReply::NoError);
    QSignalSpy received(watcher, &DrsConnection::commandReceived);
    QVERIFY(!received.wait(500)); // ten ticks' worth of silence
}

void tst_Examples::demoStopsCleanlyOnSigterm()
{
    Demo demo;
    QVERIFY(startDemo(&demo));
    DrsConnection *client = connectTo(demo.local);
    QTRY_VERIFY_WITH_TIMEOUT(client->isConnected(), CallTimeout);
    QSignalSpy disconnected(client, &DrsConnection::disconnected);
    const QString socketFile = QDir(QDir::tempPath()).filePath(demo.localName);
    QVERIFY(QFile::exists(socketFile));

    demo.child->process.terminate(); // SIGTERM
    QVERIFY(demo.child->process.waitForFinished(CallTimeout));
    // Without a handler SIGTERM would kill it (CrashExit); it quits its event loop instead, so
    // destructors run: the local socket file is removed and clients see the connection close.
    QCOMPARE(demo.child->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(demo.child->process.exitCode(), 0);
    QVERIFY(!QFile::exists(socketFile));
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, CallTimeout);
}

void tst_Examples::demoBusyPort()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost));
    const QString localName = uniqueLocalName();
    Child *demo = start(QStringLiteral(DRS_DEMO_PATH),
                        { u"--tcp-port"_s, QString::number(occupant.serverPort()), u"--ws-port"_s,
                          u"0"_s, u"--local-name"_s, localName });
    QVERIFY(demo->process.waitForFinished(StartTimeout));
    QCOMPARE(demo->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(demo->process.exitCode(), 1);
    QVERIFY2(demo->errors.contains("drs-demo: cannot listen on 'tcp://127.0.0.1:"),
             demo->errors.constData());
    // All or nothing: no URL was printed and the local name was given back.
    QVERIFY(demo->lines.isEmpty());
    QVERIFY(!QFile::exists(QDir(QDir::tempPath()).filePath(localName)));
}

void tst_Examples::demoCommandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("output"); // expected in stdout
    QTest::addColumn<QByteArray>("errorText"); // expected in stderr

    QTest::addRow("version") << QStringList { u"--version"_s } << 0
                             << u"drs-demo %1"_s.arg(QStringLiteral(DRS_PROJECT_VERSION))
                             << QByteArray();
    QTest::addRow("help") << QStringList { u"--help"_s } << 0 << u"(default: 12000)"_s
                          << QByteArray();
    QTest::addRow("bad tcp port") << QStringList { u"--tcp-port"_s, u"70000"_s } << 2 << QString()
                                  << QByteArray("--tcp-port: not a port: 70000");
    QTest::addRow("bad ws port") << QStringList { u"--ws-port"_s, u"x"_s } << 2 << QString()
                                 << QByteArray("--ws-port: not a port: x");
    QTest::addRow("bad tick interval")
            << QStringList { u"--tick-interval"_s, u"0"_s } << 2 << QString()
            << QByteArray("--tick-interval: not a positive number: 0");
    QTest::addRow("unknown option") << QStringList { u"--frobnicate"_s } << 1 << QString()
                                    << QByteArray("Unknown option 'frobnicate'");
}

void tst_Examples::demoCommandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, output);
    QFETCH(QByteArray, errorText);

    Child *demo = start(QStringLiteral(DRS_DEMO_PATH), arguments);
    QVERIFY(demo->process.waitForFinished(StartTimeout));
    QCOMPARE(demo->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(demo->process.exitCode(), exitCode);
    if (!output.isEmpty())
        QVERIFY2(demo->lines.join(u'\n').contains(output), qPrintable(demo->lines.join(u'\n')));
    else
        QVERIFY(demo->lines.isEmpty()); // never a URL: it did not serve
    QVERIFY2(demo->errors.contains(errorText), demo->errors.constData());
}

void tst_Examples::chat()
{
    const QString localName = uniqueLocalName();
    Child *server = start(
            QStringLiteral(DRS_CHAT_SERVER_PATH),
            { u"--listen"_s, u"tcp://127.0.0.1:0"_s, u"--listen"_s, u"local:"_s + localName });
    QTRY_COMPARE_WITH_TIMEOUT(server->lines.size(), 2, StartTimeout);
    QVERIFY(server->lines.at(0).startsWith(u"tcp://127.0.0.1:"_s));
    QCOMPARE(server->lines.at(1), u"local:"_s + localName);
    const QString tcpUrl = server->lines.at(0);
    const QString localUrl = server->lines.at(1);

    // alice on TCP, bob on the local socket: one room whatever the transport.
    Child *alice = start(QStringLiteral(DRS_CHAT_PATH), { tcpUrl, u"alice"_s });
    QTRY_VERIFY_WITH_TIMEOUT(alice->hasLine(u"* you are alice; online: alice"_s), StartTimeout);
    QVERIFY(alice->hasLine(u"* alice joined"_s));
    Child *bob = start(QStringLiteral(DRS_CHAT_PATH), { localUrl, u"bob"_s });
    QTRY_VERIFY_WITH_TIMEOUT(bob->hasLine(u"* you are bob; online: alice, bob"_s), StartTimeout);
    QTRY_VERIFY(alice->hasLine(u"* bob joined"_s));

    // A line alice types reaches bob, and comes back to alice the same way.
    alice->process.write("hello from alice\n");
    QTRY_VERIFY(bob->hasLineEndingWith(u"] <alice> hello from alice"_s));
    QTRY_VERIFY(alice->hasLineEndingWith(u"] <alice> hello from alice"_s));
    const QRegularExpression messageLine(
            u"^\\[\\d\\d:\\d\\d:\\d\\d\\] <alice> hello from alice$"_s);
    QVERIFY(std::any_of(bob->lines.cbegin(), bob->lines.cend(),
                        [&](const QString &line) { return messageLine.match(line).hasMatch(); }));

    // /who lists both.
    bob->process.write("/who\n");
    QTRY_VERIFY(bob->hasLine(u"* online: alice, bob"_s));
    QVERIFY(!alice->hasLine(u"* online: alice, bob"_s)); // an answer to bob only

    // The end of bob's stdin makes him leave: he exits normally and alice hears of it.
    bob->process.closeWriteChannel();
    QVERIFY(bob->process.waitForFinished(CallTimeout));
    QCOMPARE(bob->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(bob->process.exitCode(), 0);
    QTRY_VERIFY(alice->hasLine(u"* bob left"_s));
    QVERIFY(!bob->hasLine(u"* bob left"_s));
    QTRY_VERIFY(server->errors.contains("bob left"));

    // A last line before the end of stdin is still said before the client goes.
    alice->process.write("goodbye");
    alice->process.closeWriteChannel();
    QVERIFY(alice->process.waitForFinished(CallTimeout));
    QCOMPARE(alice->process.exitCode(), 0);
    QVERIFY2(alice->hasLineEndingWith(u"] <alice> goodbye"_s),
             qPrintable(alice->lines.join(u'\n')));

    // SIGTERM stops the server cleanly: its local socket file goes with it.
    server->process.terminate();
    QVERIFY(server->process.waitForFinished(CallTimeout));
    QCOMPARE(server->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server->process.exitCode(), 0);
    QVERIFY(!QFile::exists(QDir(QDir::tempPath()).filePath(localName)));
}

void tst_Examples::chatSayOnce()
{
    Child *server = start(QStringLiteral(DRS_CHAT_SERVER_PATH),
                          { u"--listen"_s, u"ws://127.0.0.1:0/socket"_s });
    QTRY_COMPARE_WITH_TIMEOUT(server->lines.size(), 1, StartTimeout);
    const QString wsUrl = server->lines.at(0);
    QVERIFY2(QRegularExpression(u"^ws://127\\.0\\.0\\.1:[1-9]\\d*/socket$"_s)
                     .match(wsUrl)
                     .hasMatch(),
             qPrintable(wsUrl));

    Child *listener = start(QStringLiteral(DRS_CHAT_PATH), { wsUrl, u"dave"_s });
    QTRY_VERIFY_WITH_TIMEOUT(listener->hasLine(u"* you are dave; online: dave"_s), StartTimeout);

    Child *carol = start(QStringLiteral(DRS_CHAT_PATH),
                         { wsUrl, u"carol"_s, u"--say"_s, u"one shot"_s });
    QVERIFY(carol->process.waitForFinished(StartTimeout));
    QCOMPARE(carol->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(carol->process.exitCode(), 0);
    // carol exits only once her own message came back through the server.
    QVERIFY2(carol->hasLineEndingWith(u"] <carol> one shot"_s),
             qPrintable(carol->lines.join(u'\n')));
    QTRY_VERIFY(listener->hasLineEndingWith(u"] <carol> one shot"_s));
    QTRY_VERIFY(listener->hasLine(u"* carol left"_s));
}

void tst_Examples::chatNickTaken()
{
    Child *server = start(QStringLiteral(DRS_CHAT_SERVER_PATH),
                          { u"--listen"_s, u"tcp://127.0.0.1:0"_s });
    QTRY_COMPARE_WITH_TIMEOUT(server->lines.size(), 1, StartTimeout);
    const QString url = server->lines.at(0);
    Child *first = start(QStringLiteral(DRS_CHAT_PATH), { url, u"erin"_s });
    QTRY_VERIFY_WITH_TIMEOUT(first->hasLine(u"* you are erin; online: erin"_s), StartTimeout);

    Child *second = start(QStringLiteral(DRS_CHAT_PATH), { url, u"Erin"_s, u"--say"_s, u"hi"_s });
    QVERIFY(second->process.waitForFinished(StartTimeout));
    QCOMPARE(second->process.exitCode(), 1);
    QVERIFY2(second->errors.contains("chat.join: the nick Erin is taken"),
             second->errors.constData());
    QVERIFY(!first->hasLineEndingWith(u"<Erin> hi"_s));

    // A client that cannot reach a server says so and gives up at once (no call timeout).
    Child *lost
            = start(QStringLiteral(DRS_CHAT_PATH), { u"local:"_s + uniqueLocalName(), u"frank"_s });
    QVERIFY(lost->process.waitForFinished(StartTimeout));
    QCOMPARE(lost->process.exitCode(), 1);
    QVERIFY2(lost->errors.contains("drs-chat: chat.join:"), lost->errors.constData());
    QVERIFY2(!lost->errors.contains("timeout"), lost->errors.constData());
}

QTEST_GUILESS_MAIN(tst_Examples)
#include "tst_examples.moc"
