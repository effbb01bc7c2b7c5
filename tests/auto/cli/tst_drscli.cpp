// The drs command line, run as a real child process against a real DrsServer: output, exit codes.
#include <drsconnection.h>
#include <drsserver.h>

#include "drstestutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

class tst_DrsCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void call_data();
    void call();
    void callExitCodes_data();
    void callExitCodes();
    void callBodyFromStdin();
    void callCborAndPretty();
    void fire_data();
    void fire();
    void usageErrors_data();
    void usageErrors();
    void watchPrintsBroadcasts();
    void serveEcho();

private:
    struct Result {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    // Runs drs to completion (bounded), with \a input on its standard input.
    Result run(const QStringList &arguments, const QByteArray &input = QByteArray());
    QUrl serverUrl(const QString &transport) const;

    DrsServer *m_server = nullptr;
    QList<DrsRequest> m_parked;
};

tst_DrsCli::Result tst_DrsCli::run(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    process.start(QStringLiteral(DRS_CLI_PATH), arguments);
    if (!process.waitForStarted(5000))
        return {};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    // The server lives in this thread: keep its event loop turning while drs runs.
    if (process.state() != QProcess::NotRunning) {
        QEventLoop loop;
        connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (process.state() != QProcess::NotRunning) {
        qWarning("drs did not finish within 20 s: %s",
                 qPrintable(arguments.join(QLatin1Char(' '))));
        process.kill();
        process.waitForFinished(5000);
        return {};
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             process.readAllStandardOutput(), process.readAllStandardError() };
}

QUrl tst_DrsCli::serverUrl(const QString &transport) const
{
    const QList<QUrl> urls = m_server->serverUrls();
    for (const QUrl &url : urls) {
        if (url.scheme() == transport)
            return url;
    }
    return QUrl();
}

void tst_DrsCli::init()
{
    m_server = new DrsServer(this);
    m_server->on(QStringLiteral("echo"), [](const DrsCommand &c) { return c.body(); });
    m_server->on(QStringLiteral("fail"),
                 []() -> QJsonValue { throw DrsError(QStringLiteral("refused on purpose")); });
    m_server->on(QStringLiteral("crash"),
                 []() -> QJsonValue { throw std::runtime_error("went wrong"); });
    m_server->onAsync(QStringLiteral("never"), [this](DrsRequest request) {
        m_parked.append(request); // never answered while the test runs
    });
    QVERIFY(m_server->listen({ DrsTest::listenUrl(QStringLiteral("tcp")),
                               DrsTest::listenUrl(QStringLiteral("local")),
                               DrsTest::listenUrl(QStringLiteral("ws")) }));
}

void tst_DrsCli::cleanup()
{
    delete m_server;
    m_server = nullptr;
    m_parked.clear();
}

void tst_DrsCli::call_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QByteArray>("expected");
    for (const QString &transport : DrsTest::transports()) {
        QTest::addRow("%s/object", qPrintable(transport))
                << transport << QStringLiteral("{\"n\": 9007199254740993, \"s\": \"h\u00e9\"}")
                << QByteArray("{\"n\":9007199254740993,\"s\":\"h\xc3\xa9\"}\n");
        QTest::addRow("%s/string", qPrintable(transport))
                << transport << QStringLiteral("\"plain\"") << QByteArray("\"plain\"\n");
        QTest::addRow("%s/array", qPrintable(transport))
                << transport << QStringLiteral("[1, true, null]") << QByteArray("[1,true,null]\n");
    }
}

void tst_DrsCli::call()
{
    QFETCH(QString, transport);
    QFETCH(QString, body);
    QFETCH(QByteArray, expected);
    const Result result = run({ QStringLiteral("call"), serverUrl(transport).toString(),
                                QStringLiteral("echo"), body });
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, expected);
}

void tst_DrsCli::callExitCodes_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas");
    QTest::addRow("drs.error") << QStringLiteral("fail") << QStringList() << 4
                               << QStringLiteral("drs: drs.error: refused on purpose");
    QTest::addRow("no handler") << QStringLiteral("missing") << QStringList() << 4
                                << QStringLiteral("No handlers for missing");
    QTest::addRow("drs.exception") << QStringLiteral("crash") << QStringList() << 5
                                   << QStringLiteral("drs: drs.exception: went wrong");
    QTest::addRow("timeout") << QStringLiteral("never")
                             << QStringList { QStringLiteral("--timeout"), QStringLiteral("300") }
                             << 3 << QStringLiteral("within 300 ms");
}

void tst_DrsCli::callExitCodes()
{
    QFETCH(QString, action);
    QFETCH(QStringList, extra);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrHas);
    const Result result = run(QStringList { QStringLiteral("call"),
                                            serverUrl(QStringLiteral("tcp")).toString(), action }
                              + extra);
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(QString::fromUtf8(result.err).contains(stderrHas), result.err.constData());
    QCOMPARE(result.err.count('\n'), 1); // one clear line
}

void tst_DrsCli::callBodyFromStdin()
{
    const Result result
            = run({ QStringLiteral("call"), serverUrl(QStringLiteral("local")).toString(),
                    QStringLiteral("echo"), QStringLiteral("-") },
                  "{\n  \"from\": \"stdin\"\n}\n");
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("{\"from\":\"stdin\"}\n"));
}

void tst_DrsCli::callCborAndPretty()
{
    // The server's side of the connection must follow the client into CBOR.
    QList<DrsCommand::Encoding> seen;
    connect(m_server, &DrsServer::commandReceived, this,
            [&seen](DrsConnection *client, const DrsCommand &) {
                seen.append(client->encoding());
            });
    const Result result = run({ QStringLiteral("call"), serverUrl(QStringLiteral("ws")).toString(),
                                QStringLiteral("echo"), QStringLiteral("{\"a\":[1,2]}"),
                                QStringLiteral("--cbor"), QStringLiteral("--pretty") });
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("{\n    \"a\": [\n        1,\n        2\n    ]\n}\n"));
    QCOMPARE(seen, QList<DrsCommand::Encoding> { DrsCommand::CborEncoding });
}

void tst_DrsCli::fire_data()
{
    DrsTest::addTransportRows();
}

void tst_DrsCli::fire()
{
    QFETCH(QString, transport);
    QSignalSpy received(m_server, &DrsServer::commandReceived);
    const Result result = run({ QStringLiteral("fire"), serverUrl(transport).toString(),
                                QStringLiteral("note"), QStringLiteral("{\"n\":1}") });
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.isEmpty());
    QTRY_COMPARE(received.size(), 1);
    const auto command = received.at(0).at(1).value<DrsCommand>();
    QCOMPARE(command.action(), QStringLiteral("note"));
    QCOMPARE(command.body(), QJsonValue(QJsonObject { { QStringLiteral("n"), 1 } }));
    QVERIFY(!command.hasKey()); // a plain fire: no key, so no reply is owed
}

void tst_DrsCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas");
    QTest::addRow("no command") << QStringList() << 1 << QStringLiteral("no command given");
    QTest::addRow("unknown command") << QStringList { QStringLiteral("dance") } << 1
                                     << QStringLiteral("unknown command 'dance'");
    QTest::addRow("missing action")
            << QStringList { QStringLiteral("call"), QStringLiteral("tcp://127.0.0.1:1") } << 1
            << QStringLiteral("usage: drs call URL ACTION [BODY]");
    QTest::addRow("bad url") << QStringList { QStringLiteral("call"), QStringLiteral("nowhere"),
                                              QStringLiteral("x") }
                             << 1 << QStringLiteral("'nowhere' is not an endpoint URL");
    QTest::addRow("bad body") << QStringList { QStringLiteral("call"),
                                               QStringLiteral("tcp://127.0.0.1:1"),
                                               QStringLiteral("x"), QStringLiteral("{\"a\":") }
                              << 1 << QStringLiteral("the body is not valid JSON at offset");
    QTest::addRow("bad timeout") << QStringList {
        QStringLiteral("watch"), QStringLiteral("tcp://127.0.0.1:1"), QStringLiteral("--timeout"),
        QStringLiteral("soon")
    } << 1 << QStringLiteral("--timeout takes a positive number");
    QTest::addRow("unknown scheme")
            << QStringList { QStringLiteral("call"), QStringLiteral("gopher://x:1"),
                             QStringLiteral("x") }
            << 1 << QStringLiteral("is not an endpoint URL");
}

void tst_DrsCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrHas);
    const Result result = run(arguments);
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(result.err).contains(stderrHas), result.err.constData());
}

void tst_DrsCli::watchPrintsBroadcasts()
{
    // Nothing listens on a port we just closed: connection failure, exit 2, one line.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 closedPort = probe.serverPort();
    probe.close();
    const Result refused = run(
            { QStringLiteral("watch"), QStringLiteral("tcp://127.0.0.1:%1").arg(closedPort) });
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(refused.err.count('\n'), 1);

    QProcess watcher;
    watcher.start(QStringLiteral(DRS_CLI_PATH),
                  { QStringLiteral("watch"), serverUrl(QStringLiteral("tcp")).toString() });
    QVERIFY(watcher.waitForStarted(5000));
    QTRY_COMPARE(m_server->connectionCount(), 1);
    QCOMPARE(
            m_server->broadcast(QStringLiteral("news"), QJsonObject { { QStringLiteral("n"), 1 } }),
            1);
    QCOMPARE(
            m_server->broadcast(QStringLiteral("news"), QJsonObject { { QStringLiteral("n"), 2 } }),
            1);
    QByteArray out;
    QTRY_VERIFY((out += watcher.readAllStandardOutput()).count('\n') == 2);
    const QList<QByteArray> lines = out.trimmed().split('\n');
    for (int i = 0; i < 2; ++i) {
        const QJsonObject line = QJsonDocument::fromJson(lines.at(i)).object();
        QCOMPARE(line.value(QStringLiteral("action")).toString(), QStringLiteral("news"));
        QCOMPARE(line.value(QStringLiteral("body")).toObject().value(QStringLiteral("n")).toInt(),
                 i + 1);
    }
    // The server going away ends the watch with a connection failure.
    m_server->close();
    QTRY_VERIFY_WITH_TIMEOUT(watcher.state() == QProcess::NotRunning, 10000);
    QCOMPARE(watcher.exitCode(), 2);
}

void tst_DrsCli::serveEcho()
{
    QProcess server;
    const QUrl url = DrsTest::listenUrl(QStringLiteral("local"));
    server.start(QStringLiteral(DRS_CLI_PATH),
                 { QStringLiteral("serve"), url.toString(), QStringLiteral("--echo") });
    QVERIFY(server.waitForStarted(5000));
    auto stop = qScopeGuard([&server] {
        server.kill();
        server.waitForFinished(5000);
    });
    // "serving URL" on stderr means it listens.
    QByteArray err;
    QTRY_VERIFY(
            (err += server.readAllStandardError()).contains("serving " + url.toString().toUtf8()));

    DrsConnection client;
    client.open(url);
    DrsReply *reply = client.call(QStringLiteral("anything.at.all"),
                                  QJsonObject { { QStringLiteral("k"), 42 } });
    QSignalSpy finished(reply, &DrsReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(QJsonObject { { QStringLiteral("k"), 42 } }));

    QByteArray out;
    QTRY_VERIFY((out += server.readAllStandardOutput()).contains('\n'));
    const QJsonObject printed = QJsonDocument::fromJson(out.trimmed()).object();
    QCOMPARE(printed.value(QStringLiteral("action")).toString(), QStringLiteral("anything.at.all"));
    QCOMPARE(printed.value(QStringLiteral("key")).toString(), reply->key());
}

QTEST_GUILESS_MAIN(tst_DrsCli)
#include "tst_drscli.moc"
