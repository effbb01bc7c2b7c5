// SessionFile: NDJSON export and import. Round trips (through memory and a real file), the exact
// line format, exact big integers, and damaged files: good lines in, bad ones reported by line.
#include <sessionfile.h>

#include <QtCore/QBuffer>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

namespace {
const QString kPeer = QStringLiteral("tcp://127.0.0.1:12000");

// A log as a session produces it: calls both ways, fires, errors, odd peers and bodies.
QList<TrafficRecord> sampleLog()
{
    TrafficLogModel model;
    qint64 time = 1700000000000;
    const auto add = [&](TrafficRecord::Direction direction, const QString &peer,
                         const DrsCommand &command) {
        model.append(direction, peer, command, time);
        time += 37;
    };
    DrsCommand versioned(QStringLiteral("user.get"),
                         QJsonObject { { QStringLiteral("id"), qint64(9007199254740993) },
                                       { QStringLiteral("max"), qint64(9223372036854775807) },
                                       { QStringLiteral("min"), qint64(-9223372036854775807 - 1) },
                                       { QStringLiteral("pi"), 3.14159 } },
                         QStringLiteral("0fNwB2xq9aXc7JkLmPqR"));
    versioned.setVersion(0);
    versioned.setExtraFields(QJsonObject { { QStringLiteral("trace"), QStringLiteral("t-1") } });
    add(TrafficRecord::Outgoing, kPeer, versioned);
    add(TrafficRecord::Incoming, kPeer,
        versioned.replyWith(
                DrsCommand::responseAction(),
                QJsonObject { { QStringLiteral("name"), QStringLiteral("Ada \"the\" first\n") } }));
    add(TrafficRecord::Incoming, QStringLiteral("peer \"quoted\" ü"),
        DrsCommand(QStringLiteral("chat.message"),
                   QJsonArray { 1, QStringLiteral("two"), QJsonValue() }));
    add(TrafficRecord::Incoming, kPeer,
        DrsCommand(QStringLiteral("user.set"), QJsonValue(QJsonValue::Null), QStringLiteral("K2")));
    add(TrafficRecord::Outgoing, kPeer,
        DrsCommand(DrsCommand::errorAction(),
                   QJsonObject { { QStringLiteral("message"), QStringLiteral("no") } },
                   QStringLiteral("K2")));
    add(TrafficRecord::Outgoing, kPeer,
        DrsCommand(QStringLiteral("slow"), QJsonObject(), QStringLiteral("K3")));
    add(TrafficRecord::Incoming, kPeer,
        DrsCommand(DrsCommand::errorAction(), QStringLiteral("bare string")));
    add(TrafficRecord::Outgoing, QString(), DrsCommand(QStringLiteral("empty.peer"), 5));
    return model.records();
}

void compareRecords(const QList<TrafficRecord> &actual, const QList<TrafficRecord> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        const TrafficRecord &a = actual.at(i);
        const TrafficRecord &e = expected.at(i);
        QCOMPARE(a.timeMs, e.timeMs);
        QCOMPARE(a.direction, e.direction);
        QCOMPARE(a.peer, e.peer);
        QCOMPARE(a.command, e.command);
        QCOMPARE(a.command.toJson(), e.command.toJson());
        QCOMPARE(a.size, e.size);
        QCOMPARE(a.status, e.status);
        // Pairing is computed again: same partners (ids are positions + 1 in both).
        QCOMPARE(a.pairedId, e.pairedId);
    }
}
} // namespace

class tst_SessionFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lineFormat();
    void roundTripInMemory();
    void roundTripThroughFile();
    void bigIntegersStayExact();
    void damagedFile();
    void emptyFile();
    void deviceErrors();
};

void tst_SessionFile::lineFormat()
{
    TrafficRecord record;
    record.timeMs = 1700000000123;
    record.direction = TrafficRecord::Incoming;
    record.peer = QStringLiteral("local:a\"b");
    record.command = DrsCommand(QStringLiteral("a"), QJsonObject { { QStringLiteral("x"), 1 } },
                                QStringLiteral("k"));
    QCOMPARE(SessionFile::recordToLine(record),
             QByteArray(R"({"time":1700000000123,"direction":"in","peer":"local:a\"b",)"
                        R"("command":{"action":"a","body":{"x":1},"key":"k"}})"));
    record.direction = TrafficRecord::Outgoing;
    QVERIFY(SessionFile::recordToLine(record).contains(R"("direction":"out")"));

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    QVERIFY(SessionFile::exportRecords({ record, record }, &buffer, &error));
    QCOMPARE(buffer.data().count('\n'), 2);
    QVERIFY(buffer.data().endsWith("}\n"));
}

void tst_SessionFile::roundTripInMemory()
{
    const QList<TrafficRecord> log = sampleLog();
    QCOMPARE(log.size(), 8);
    QCOMPARE(log.at(0).status, TrafficRecord::Answered);
    QCOMPARE(log.at(5).status, TrafficRecord::Pending);
    QCOMPARE(log.at(6).status, TrafficRecord::Malformed);

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    QVERIFY2(SessionFile::exportRecords(log, &buffer, &error), qPrintable(error));
    buffer.close();

    buffer.open(QIODevice::ReadOnly);
    const SessionFile::ImportResult result = SessionFile::importRecords(&buffer);
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.value(0).second));
    compareRecords(result.records, log);
    for (qsizetype i = 0; i < result.records.size(); ++i)
        QCOMPARE(result.records.at(i).id, quint64(i + 1));
    // Latency comes back from the recorded times.
    QCOMPARE(result.records.at(1).latencyUs, qint64(37000));
    QCOMPARE(result.records.at(0).latencyUs, qint64(37000));

    // Export of the import is the same file.
    QBuffer again;
    again.open(QIODevice::WriteOnly);
    QVERIFY(SessionFile::exportRecords(result.records, &again, &error));
    QCOMPARE(again.data(), buffer.data());
}

void tst_SessionFile::roundTripThroughFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("session.ndjson"));
    const QList<TrafficRecord> log = sampleLog();
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QString error;
        QVERIFY2(SessionFile::exportRecords(log, &file, &error), qPrintable(error));
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const SessionFile::ImportResult result = SessionFile::importRecords(&file);
    QVERIFY(result.errors.isEmpty());
    compareRecords(result.records, log);

    // Imported records go back into a model paired as they were.
    TrafficLogModel model;
    model.appendRecords(result.records);
    model.flush();
    QCOMPARE(model.rowCount(), log.size());
    QCOMPARE(model.record(0).status, TrafficRecord::Answered);
    QCOMPARE(model.record(1).latencyUs, qint64(37000));
    QCOMPARE(model.record(3).status, TrafficRecord::Failed);
}

void tst_SessionFile::bigIntegersStayExact()
{
    const QByteArray line
            = R"({"time":1700000000000,"direction":"out","peer":"p","command":)"
              R"({"action":"a","body":{"n":9007199254740993,"m":-9223372036854775808},)"
              R"("version":9223372036854775807}})";
    QBuffer buffer;
    buffer.setData(line + '\n');
    buffer.open(QIODevice::ReadOnly);
    const SessionFile::ImportResult result = SessionFile::importRecords(&buffer);
    QVERIFY(result.errors.isEmpty());
    QCOMPARE(result.records.size(), 1);
    const DrsCommand command = result.records.at(0).command;
    QCOMPARE(command.body().toObject().value(QStringLiteral("n")).toInteger(),
             Q_INT64_C(9007199254740993));
    QCOMPARE(command.body().toObject().value(QStringLiteral("m")).toInteger(),
             std::numeric_limits<qint64>::min());
    QCOMPARE(command.version(), std::numeric_limits<qint64>::max());
    const QByteArray written = SessionFile::recordToLine(result.records.at(0));
    QVERIFY2(written.contains("9007199254740993") && written.contains("-9223372036854775808")
                     && written.contains("9223372036854775807"),
             written.constData());
}

void tst_SessionFile::damagedFile()
{
    const QByteArray good1
            = R"({"time":1000,"direction":"out","peer":"p","command":{"action":"a","key":"K"}})";
    const QByteArray good2
            = R"({"time":1250,"direction":"in","peer":"p","command":{"action":"drs.response","body":1,"key":"K"}})";
    const QByteArray good3
            = R"({"time":2000,"direction":"in","peer":"q","command":{"action":"tail","body":{"big":9007199254740993}}})";
    const QList<QByteArray> lines = {
        good1, // 1
        R"({"time":1,"direction":"in","peer":"p","command":{"action":"a"})", // 2: truncated
        R"([1,2,3])", // 3
        R"({"direction":"in","peer":"p","command":{"action":"a"}})", // 4
        R"({"time":"yesterday","direction":"in","peer":"p","command":{"action":"a"}})", // 5
        R"({"time":1,"direction":"sideways","peer":"p","command":{"action":"a"}})", // 6
        R"({"time":1,"direction":"in","command":{"action":"a"}})", // 7
        R"({"time":1,"direction":"in","peer":"p","command":"a"})", // 8
        R"({"time":1,"direction":"in","peer":"p","command":{"body":{}}})", // 9
        R"({"time":1,"direction":"in","peer":"p","command":{"action":"a","key":5}})", // 10
        "   ", // 11: blank
        good2 + '\r', // 12: CRLF
        R"({"time":1.5,"direction":"in","peer":"p","command":{"action":"a"}})", // 13
        R"({"time":1,"direction":"in","peer":7,"command":{"action":"a"}})", // 14
        R"({"time":1,"direction":"in","peer":"p"})", // 15
        "\x01\x02garbage", // 16
        good3, // 17, no newline at the end
    };
    QBuffer buffer;
    buffer.setData(lines.join('\n'));
    buffer.open(QIODevice::ReadOnly);
    const SessionFile::ImportResult result = SessionFile::importRecords(&buffer);

    QCOMPARE(result.records.size(), 3);
    QCOMPARE(result.records.at(0).command.action(), QStringLiteral("a"));
    QCOMPARE(result.records.at(1).command.action(), QStringLiteral("drs.response"));
    QCOMPARE(result.records.at(1).timeMs, qint64(1250));
    QCOMPARE(result.records.at(2).peer, QStringLiteral("q"));
    QCOMPARE(
            result.records.at(2).command.body().toObject().value(QStringLiteral("big")).toInteger(),
            Q_INT64_C(9007199254740993));
    // The good lines pair with each other.
    QCOMPARE(result.records.at(0).status, TrafficRecord::Answered);
    QCOMPARE(result.records.at(1).latencyUs, qint64(250000));

    const QList<QPair<int, QString>> expected = {
        { 2, QStringLiteral("invalid JSON") },
        { 3, QStringLiteral("JSON object") },
        { 4, QStringLiteral("missing \"time\"") },
        { 5, QStringLiteral("\"time\"") },
        { 6, QStringLiteral("sideways") },
        { 7, QStringLiteral("missing \"peer\"") },
        { 8, QStringLiteral("\"command\" is not an object") },
        { 9, QStringLiteral("malformed command") },
        { 10, QStringLiteral("malformed command") },
        { 13, QStringLiteral("\"time\"") },
        { 14, QStringLiteral("\"peer\" is not a string") },
        { 15, QStringLiteral("missing \"command\"") },
        { 16, QStringLiteral("invalid JSON") },
    };
    QCOMPARE(result.errors.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(result.errors.at(i).first, expected.at(i).first);
        QVERIFY2(result.errors.at(i).second.contains(expected.at(i).second),
                 qPrintable(QStringLiteral("line %1: %2")
                                    .arg(result.errors.at(i).first)
                                    .arg(result.errors.at(i).second)));
    }
    // The reasons are specific: the bad key and the missing action are named.
    QVERIFY(result.errors.at(7).second.contains(QStringLiteral("action")));
    QVERIFY(result.errors.at(8).second.contains(QStringLiteral("key")));
}

void tst_SessionFile::emptyFile()
{
    QBuffer buffer;
    buffer.setData("\xEF\xBB\xBF\n\n");
    buffer.open(QIODevice::ReadOnly);
    const SessionFile::ImportResult result = SessionFile::importRecords(&buffer);
    QVERIFY(result.records.isEmpty());
    QVERIFY(result.errors.isEmpty());
}

void tst_SessionFile::deviceErrors()
{
    QBuffer closed;
    QString error;
    QVERIFY(!SessionFile::exportRecords(sampleLog(), &closed, &error));
    QVERIFY(!error.isEmpty());
    const SessionFile::ImportResult result = SessionFile::importRecords(&closed);
    QCOMPARE(result.errors.size(), 1);
    QVERIFY(result.records.isEmpty());
}

QTEST_MAIN(tst_SessionFile)

#include "tst_sessionfile.moc"
