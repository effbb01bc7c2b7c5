// The QML example drs-qml-dashboard, run as a real child process on the offscreen platform against
// a real drs-demo: it connects, shows the server's time, the ticks, and the counter this test
// increments through the demo service, and quits by itself at --quit-after-counter.
#include <drsconnection.h>

#include <QtCore/QProcess>
#include <QtCore/QUrl>
#include <QtTest/QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int StartTimeout = 20000; // a cold start of a Qt Quick app on a busy 2-core machine

// A child process, its output (stdout and stderr merged) collected line by line.
struct Child {
    QProcess process;
    QStringList lines;

    bool hasLineEndingWith(const QString &end) const
    {
        return std::any_of(lines.cbegin(), lines.cend(),
                           [&end](const QString &line) { return line.endsWith(end); });
    }
    bool hasLineStartingWith(const QString &start) const
    {
        return std::any_of(lines.cbegin(), lines.cend(),
                           [&start](const QString &line) { return line.startsWith(start); });
    }
    bool hasLineContaining(const QString &text) const
    {
        return std::any_of(lines.cbegin(), lines.cend(),
                           [&text](const QString &line) { return line.contains(text); });
    }
};

} // namespace

class tst_QmlDashboard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void followsTheDemoService();
    void refusesBadOptions_data();
    void refusesBadOptions();

private:
    Child *start(const QString &program, const QStringList &arguments);

    std::vector<std::unique_ptr<Child>> m_children;
};

Child *tst_QmlDashboard::start(const QString &program, const QStringList &arguments)
{
    auto child = std::make_unique<Child>();
    Child *c = child.get();
    c->process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&c->process, &QProcess::readyReadStandardOutput, &c->process, [c] {
        while (c->process.canReadLine())
            c->lines.append(QString::fromUtf8(c->process.readLine()).trimmed());
    });
    c->process.start(program, arguments);
    m_children.push_back(std::move(child));
    return c;
}

void tst_QmlDashboard::cleanup()
{
    for (const std::unique_ptr<Child> &child : m_children) {
        if (QTest::currentTestFailed()) {
            qWarning("%s said:\n%s", qPrintable(child->process.program()),
                     qPrintable(child->lines.join(u'\n')));
        }
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

void tst_QmlDashboard::followsTheDemoService()
{
    Child *demo = start(QStringLiteral(DRS_DEMO_PATH),
                        { u"--tcp-port"_s, u"0"_s, u"--ws-port"_s, u"0"_s, u"--local-name"_s,
                          u"qtdrs-tst-qmldashboard-%1"_s.arg(QCoreApplication::applicationPid()),
                          u"--tick-interval"_s, u"100"_s });
    // Its URLs on lines of their own (its logs, merged in, only mention them).
    QTRY_VERIFY_WITH_TIMEOUT(demo->hasLineStartingWith(u"tcp://"_s), StartTimeout);
    QUrl url;
    for (const QString &line : std::as_const(demo->lines)) {
        if (line.startsWith(u"tcp://"_s))
            url = QUrl(line);
    }
    QVERIFY(url.isValid());

    Child *dashboard = start(QStringLiteral(DRS_QML_DASHBOARD_PATH),
                             { u"--url"_s, url.toString(), u"--quit-after-counter"_s, u"2"_s });
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->hasLineEndingWith(u"dashboard: state: connected"_s),
                             StartTimeout);
    // Its first calls answered: counter.get (a call with a callback) and time.
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->hasLineEndingWith(u"dashboard: counter: 0"_s), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->hasLineContaining(u"dashboard: server time: 20"_s), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->hasLineContaining(u"dashboard: received demo.tick {"_s),
                             10000);

    // Another client increments the shared counter; the demo broadcasts counter.changed.
    DrsConnection connection;
    connection.open(url);
    for (int expected = 1; expected <= 2; ++expected) {
        DrsReply *reply = connection.call(u"counter.increment"_s);
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QCOMPARE(reply->error(), DrsReply::NoError);
        QCOMPARE(reply->result().toInteger(), expected);
        delete reply;
    }

    // The dashboard saw both broadcasts and quit by itself at 2.
    QTRY_COMPARE_WITH_TIMEOUT(dashboard->process.state(), QProcess::NotRunning, 10000);
    QCOMPARE(dashboard->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(dashboard->process.exitCode(), 0);
    QVERIFY(dashboard->hasLineEndingWith(u"dashboard: received counter.changed {\"value\":1}"_s));
    QVERIFY(dashboard->hasLineEndingWith(u"dashboard: received counter.changed {\"value\":2}"_s));
    QVERIFY(dashboard->hasLineEndingWith(u"dashboard: counter reached 2, quitting"_s));
    QVERIFY2(!dashboard->hasLineContaining(u"Error"_s), qPrintable(dashboard->lines.join(u'\n')));
}

void tst_QmlDashboard::refusesBadOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addRow("not a URL") << QStringList { u"--url"_s, u"no scheme here"_s };
    QTest::addRow("bad count") << QStringList { u"--quit-after-counter"_s, u"-3"_s };
}

void tst_QmlDashboard::refusesBadOptions()
{
    QFETCH(QStringList, arguments);
    Child *dashboard = start(QStringLiteral(DRS_QML_DASHBOARD_PATH), arguments);
    QTRY_COMPARE_WITH_TIMEOUT(dashboard->process.state(), QProcess::NotRunning, StartTimeout);
    QCOMPARE(dashboard->process.exitCode(), 2);
    QVERIFY(dashboard->hasLineContaining(u"drs-qml-dashboard: --"_s));
}

QTEST_MAIN(tst_QmlDashboard)

#include "tst_qmldashboard.moc"
