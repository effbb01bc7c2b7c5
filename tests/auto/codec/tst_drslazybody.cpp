// Tests of the fast codec path: commands read straight from their bytes with the body kept raw
// until asked for. Every received command must be indistinguishable from one decoded by Qt's
// JSON and CBOR parsers (the general path), whatever is asked of it and in whatever order.
#include <drsenvelope_p.h>
#include <drsstreamdecoder_p.h>

#include <QtCore/QCborMap>
#include <QtCore/QCborValue>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

#include <thread>
#include <vector>

using QtDrsPrivate::DecodeError;
using QtDrsPrivate::RawBody;
using QtDrsPrivate::StreamDecoder;

namespace {

constexpr int kMaxNextCalls = 100000;

// Every command of \a data, fed in chunks of \a chunkSize bytes.
QList<DrsCommand> decodeAll(const QByteArray &data, qsizetype chunkSize, QString *error = nullptr)
{
    StreamDecoder decoder;
    QList<DrsCommand> commands;
    for (qsizetype pos = 0; pos < data.size(); pos += chunkSize) {
        decoder.append(data.mid(pos, chunkSize));
        for (int i = 0; i < kMaxNextCalls; ++i) {
            DrsCommand command;
            DecodeError decodeError;
            const StreamDecoder::Status status = decoder.next(&command, &decodeError);
            if (status == StreamDecoder::Decoded) {
                commands.append(command);
                continue;
            }
            if (status == StreamDecoder::Failed && error)
                *error = decodeError.message;
            break;
        }
    }
    return commands;
}

DrsCommand decodeOne(const QByteArray &data)
{
    const QList<DrsCommand> commands = decodeAll(data, data.size());
    return commands.size() == 1 ? commands.first() : DrsCommand();
}

// The command as Qt's parsers read it (the general path), for comparison.
DrsCommand viaQt(const QByteArray &data, bool cbor)
{
    return cbor ? DrsCommand::fromCbor(data) : DrsCommand::fromJson(data.trimmed());
}

QByteArray cborOf(const QJsonObject &object)
{
    return QCborValue(QCborMap::fromJsonObject(object)).toCbor();
}

} // namespace

char *toString(const DrsCommand &command)
{
    return qstrdup(command.toJson().constData());
}

class tst_DrsLazyBody : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fastPathTakesPlainCommands_data();
    void fastPathTakesPlainCommands();
    void sameAsQt_data();
    void sameAsQt();
    void bodyValue_data();
    void bodyValue();
    void bodyValueName();
    void receivedBodyIsWrittenCompact();
    void cborBodyRelayedByteForByte();
    void changingAReceivedCommand();
    void bodyFromManyThreads();
    void readsStraddlingCommands_data();
    void readsStraddlingCommands();
};

void tst_DrsLazyBody::fastPathTakesPlainCommands_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("cbor");
    QTest::addColumn<bool>("taken");
    QTest::addRow("json plain") << QByteArray(R"({"action":"a.b","body":{"i":1},"key":"k"})")
                                << false << true;
    QTest::addRow("json spaced") << QByteArray("{ \"action\" : \"a\" ,\n \"body\" : [ 1 , 2 ] }")
                                 << false << true;
    QTest::addRow("json version") << QByteArray(R"({"action":"a","body":1,"version":3})") << false
                                  << true;
    QTest::addRow("json no body") << QByteArray(R"({"action":"a"})") << false << true;
    QTest::addRow("json extra field declined")
            << QByteArray(R"({"action":"a","body":1,"x":2})") << false << false;
    QTest::addRow("json non-ASCII declined")
            << QByteArray(R"({"action":"a","body":"é"})") << false << false;
    QTest::addRow("json escaped name declined")
            << QByteArray(R"({"act\u0069on":"a","body":1})") << false << false;
    QTest::addRow("json huge exponent declined")
            << QByteArray(R"({"action":"a","body":1e400})") << false << false;
    QTest::addRow("json 19 digits declined")
            << QByteArray(R"({"action":"a","body":1234567890123456789})") << false << false;
    QTest::addRow("json lone surrogate declined")
            << QByteArray(R"({"action":"a","body":"\ud800"})") << false << false;
    QTest::addRow("json no action declined") << QByteArray(R"({"body":1})") << false << false;
    QTest::addRow("json bad syntax declined")
            << QByteArray(R"({"action":"a","body":[1,]})") << false << false;
    QTest::addRow("cbor plain") << cborOf(
            { { "action", "a" }, { "body", QJsonObject { { "i", 1 } } } })
                                << true << true;
    QTest::addRow("cbor extra declined")
            << cborOf({ { "action", "a" }, { "body", 1 }, { "x", 1 } }) << true << false;
    QCborMap tagged;
    tagged.insert(QStringLiteral("action"), QStringLiteral("a"));
    tagged.insert(QStringLiteral("body"), QCborValue(QDateTime::fromSecsSinceEpoch(0, Qt::UTC)));
    QTest::addRow("cbor tag declined") << QCborValue(tagged).toCbor() << true << false;
}

void tst_DrsLazyBody::fastPathTakesPlainCommands()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, cbor);
    QFETCH(bool, taken);
    DrsCommand command;
    const bool read = cbor
            ? QtDrsPrivate::readCborCommand(data.constData(), data.size(), 512, nullptr, &command)
            : QtDrsPrivate::readJsonCommand(data.constData(), data.size(), 512, nullptr, &command);
    QCOMPARE(read, taken);
    if (taken) {
        QCOMPARE(QtDrsPrivate::CommandAccess::get(command)->rawKind != RawBody::None,
                 data.contains("body"));
        QCOMPARE(command, viaQt(data, cbor));
    }
}

void tst_DrsLazyBody::sameAsQt_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("cbor");
    const QList<QByteArray> json = {
        R"({"action":"x","body":{"i":42,"payload":"xxxx"}})",
        R"({"action":"x","body":{"a":{"b":[1,2,{"c":null}]},"t":true,"f":false},"key":"k1"})",
        R"({"action":"x","body":[1,-2,3.5,-0.25,1e10,2E-5]})",
        R"({"action":"x","body":"a \"quoted\" \\ string\n\t\u00e9\u20ac"})",
        R"({"action":"x","body":null,"key":""})",
        R"({"action":"x","body":-9223372036854775})",
        R"({"action":"x","body":{"dup":1,"dup":2},"action":"y"})",
        "{\"action\" : \"x\" ,\r\n  \"body\" : { \"a\" : [ 1 , 2 ] , \"s\" : \" keep  spaces \" } "
        "}",
        R"({"body":{"i":1},"version":-7,"key":"k","action":"x"})",
        R"({"action":"x","body":{}})",
        R"({"action":"x","body":[]})",
    };
    for (const QByteArray &data : json)
        QTest::addRow("json %s", data.left(60).constData()) << data << false;
    const QList<QJsonObject> cbor = {
        { { "action", "x" }, { "body", QJsonObject { { "i", 42 }, { "p", "xxxx" } } } },
        { { "action", "x" }, { "body", QJsonArray { 1, -2, 3.5, "s", true, QJsonValue() } } },
        { { "action", "x" }, { "body", qint64(-123456789012345) }, { "key", "k" } },
        { { "action", "x" }, { "body", QJsonObject { { "n", QJsonObject { { "m", 1 } } } } } },
    };
    for (const QJsonObject &object : cbor) {
        QTest::addRow("cbor %s", QJsonDocument(object).toJson(QJsonDocument::Compact).constData())
                << cborOf(object) << true;
    }
}

void tst_DrsLazyBody::sameAsQt()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, cbor);
    const DrsCommand expected = viaQt(data, cbor);
    QVERIFY(!expected.isNull());

    // Asked in every order: the raw form and the decoded one must agree.
    const DrsCommand a = decodeOne(data);
    QCOMPARE(a.action(), expected.action());
    QCOMPARE(a.key(), expected.key());
    QCOMPARE(a.hasKey(), expected.hasKey());
    QCOMPARE(a.version(), expected.version());
    // Written before it is decoded, the body goes as it came (compact, members in their order,
    // numbers as written): the same value.
    QCOMPARE(DrsCommand::fromJson(a.toJson()), expected);
    QCOMPARE(a.body(), expected.body());

    const DrsCommand b = decodeOne(data);
    QCOMPARE(b.body(), expected.body());
    QCOMPARE(DrsCommand::fromJson(b.toJson()), expected);
    QCOMPARE(b, expected);
    QCOMPARE(DrsCommand::fromCbor(decodeOne(data).toCbor()), expected);
    QCOMPARE(DrsCommand::fromJson(decodeOne(data).toJson()), expected);

    // A WebSocket message goes the same way.
    DrsCommand message;
    DecodeError error;
    QVERIFY(QtDrsPrivate::decodeMessage(data, cbor, 1 << 20, 512, &message, &error));
    QCOMPARE(message, expected);
}

void tst_DrsLazyBody::bodyValue_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("name");
    QTest::newRow("int") << QByteArray(R"({"i":42,"p":"x"})") << "i";
    QTest::newRow("negative") << QByteArray(R"({"i":-42})") << "i";
    QTest::newRow("zero") << QByteArray(R"({"i":0})") << "i";
    QTest::newRow("big") << QByteArray(R"({"i":999999999999999999})") << "i";
    QTest::newRow("double") << QByteArray(R"({"d":2.5})") << "d";
    QTest::newRow("exponent") << QByteArray(R"({"d":1e3})") << "d";
    QTest::newRow("string") << QByteArray(R"({"s":"text"})") << "s";
    QTest::newRow("escaped string") << QByteArray(R"({"s":"a\"b\u00e9"})") << "s";
    QTest::newRow("object") << QByteArray(R"({"o":{"a":[1,{"b":"}"}]},"z":1})") << "o";
    QTest::newRow("array") << QByteArray(R"({"a":[1,"]",[2]],"z":1})") << "a";
    QTest::newRow("true") << QByteArray(R"({"t":true})") << "t";
    QTest::newRow("false") << QByteArray(R"({"t":false})") << "t";
    QTest::newRow("null") << QByteArray(R"({"n":null})") << "n";
    QTest::newRow("last of duplicates") << QByteArray(R"({"k":1,"k":2})") << "k";
    QTest::newRow("missing") << QByteArray(R"({"a":1})") << "b";
    QTest::newRow("after nested") << QByteArray(R"({"a":{"i":1},"i":2})") << "i";
    QTest::newRow("escaped name") << QByteArray(R"({"\u0069":7})") << "i";
    QTest::newRow("body not an object") << QByteArray(R"([1,2])") << "i";
    QTest::newRow("string body") << QByteArray(R"("i")") << "i";
    QTest::newRow("empty object") << QByteArray(R"({})") << "i";
    QTest::newRow("spaced") << QByteArray("{ \"a\" : 1 , \"i\" : [ 1 , 2 ] }") << "i";
}

void tst_DrsLazyBody::bodyValue()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, name);
    const QByteArray json = "{\"action\":\"x\",\"body\":" + body + "}";
    const DrsCommand general = DrsCommand::fromJson(json);
    QVERIFY(!general.isNull());
    const QJsonValue expected = general.body().isObject() ? general.body().toObject().value(name)
                                                          : QJsonValue(QJsonValue::Undefined);

    // JSON, raw then decoded.
    const DrsCommand command = decodeOne(json + '\n');
    QCOMPARE(command.bodyValue(name), expected);
    QCOMPARE(command.bodyValue(QLatin1StringView(name.toLatin1())), expected);
    QCOMPARE(command.bodyValue(QUtf8StringView(name.toUtf8())), expected);
    QCOMPARE(command.body(), general.body());
    QCOMPARE(command.bodyValue(name), expected);

    // The same through CBOR.
    const DrsCommand cbor = decodeOne(general.toCbor());
    QCOMPARE(cbor.bodyValue(name), expected);
    QCOMPARE(cbor.body(), general.body());

    // A command made by hand answers alike.
    QCOMPARE(DrsCommand(QStringLiteral("x"), general.body()).bodyValue(name), expected);
}

void tst_DrsLazyBody::bodyValueName()
{
    const DrsCommand command = decodeOne(R"({"action":"x","body":{"\u00e9":1,"i":2}})");
    QCOMPARE(command.bodyValue(u"é").toInt(), 1);
    QCOMPARE(command.bodyValue("i").toInt(), 2);
    QCOMPARE(command.bodyValue(u"ï"), QJsonValue(QJsonValue::Undefined));
    const DrsCommand plain = decodeOne(R"({"action":"x","body":{"i":2}})");
    QCOMPARE(plain.bodyValue(u"é"), QJsonValue(QJsonValue::Undefined));
    QCOMPARE(plain.bodyValue(u"ii"), QJsonValue(QJsonValue::Undefined));
    QCOMPARE(plain.bodyValue(QString()), QJsonValue(QJsonValue::Undefined));
}

void tst_DrsLazyBody::receivedBodyIsWrittenCompact()
{
    // Members keep the order they came in (Qt's own objects sort them) and numbers their text.
    QCOMPARE(decodeOne(R"({"action":"x","body":{"z":1.50,"a":1e3}})").toJson(),
             QByteArray(R"({"action":"x","body":{"z":1.50,"a":1e3}})"));
    const DrsCommand command = decodeOne(
            "{\"action\":\"x\",\"body\":{ \"a\" : [ 1 ,\n 2 ] , \"s\" : \"two  spaces\" }}");
    QCOMPARE(command.toJson(),
             QByteArray(R"({"action":"x","body":{"a":[1,2],"s":"two  spaces"}})"));
}

void tst_DrsLazyBody::cborBodyRelayedByteForByte()
{
    // A half-precision float stays one: the body goes on as it came, not re-encoded.
    const QByteArray body = QByteArray::fromHex("a1617ff93e00"); // {"\x7f": 1.5 as a half}
    QByteArray data = QByteArray::fromHex("a2") + QByteArray::fromHex("66") + "action"
            + QByteArray::fromHex("61") + "x" + QByteArray::fromHex("64") + "body" + body;
    const DrsCommand command = decodeOne(data);
    QVERIFY(!command.isNull());
    QVERIFY(command.toCbor().contains(body));
    QCOMPARE(command.bodyValue("\x7f").toDouble(), 1.5);
}

void tst_DrsLazyBody::changingAReceivedCommand()
{
    const DrsCommand received = decodeOne(R"({"action":"x","body":{"i":1},"key":"k"})");
    DrsCommand copy = received;
    copy.setKey(QStringLiteral("other"));
    QCOMPARE(copy.bodyValue("i").toInt(), 1);
    QCOMPARE(copy.toJson(), QByteArray(R"({"action":"x","body":{"i":1},"key":"other"})"));
    copy.setBody(QJsonObject { { "i", 2 } });
    QCOMPARE(copy.bodyValue("i").toInt(), 2);
    QCOMPARE(copy.toJson(), QByteArray(R"({"action":"x","body":{"i":2},"key":"other"})"));
    QCOMPARE(received.bodyValue("i").toInt(), 1);
    QCOMPARE(received.key(), QStringLiteral("k"));
    QVERIFY(copy != received);
}

void tst_DrsLazyBody::bodyFromManyThreads()
{
    // The first body() decodes; threads racing for it must all see the same, whole value.
    for (int round = 0; round < 50; ++round) {
        const DrsCommand command
                = decodeOne(R"({"action":"x","body":{"i":7,"list":[1,2,3,4,5,6,7,8],"s":"text"}})");
        std::vector<QJsonValue> seen(4);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&command, &seen, t] { seen[size_t(t)] = command.body(); });
        for (std::thread &thread : threads)
            thread.join();
        for (const QJsonValue &value : seen) {
            QCOMPARE(value.toObject().value("i").toInt(), 7);
            QCOMPARE(value.toObject().value("list").toArray().size(), 8);
        }
    }
}

void tst_DrsLazyBody::readsStraddlingCommands_data()
{
    QTest::addColumn<bool>("cbor");
    QTest::addColumn<int>("chunkSize");
    for (bool cbor : { false, true }) {
        for (int chunk : { 1, 7, 100, 4095, 4096, 4097, 5000, 20000, 65536 })
            QTest::addRow("%s/%d", cbor ? "cbor" : "json", chunk) << cbor << chunk;
    }
}

void tst_DrsLazyBody::readsStraddlingCommands()
{
    // Small commands with a few large ones (larger than the decoder's completion step) among
    // them, cut at many places: each comes out once, whole and in order.
    QFETCH(bool, cbor);
    QFETCH(int, chunkSize);
    QByteArray stream;
    QList<DrsCommand> sent;
    for (int i = 0; i < 400; ++i) {
        const qsizetype padding = i % 97 == 5 ? 9000 : i % 13;
        const DrsCommand command(
                QStringLiteral("bench.fire"),
                QJsonObject { { "i", i }, { "payload", QString(padding, QLatin1Char('x')) } },
                i % 3 ? QString() : QStringLiteral("k%1").arg(i));
        sent.append(command);
        stream += cbor ? command.toCbor() : command.toJson() + (i % 2 ? "\n" : " \r\n");
    }
    QString error;
    const QList<DrsCommand> received = decodeAll(stream, chunkSize, &error);
    QCOMPARE(error, QString());
    QCOMPARE(received.size(), sent.size());
    for (int i = 0; i < sent.size(); ++i) {
        QCOMPARE(received.at(i).bodyValue("i").toInt(), i);
        QCOMPARE(received.at(i), sent.at(i));
    }
}

QTEST_GUILESS_MAIN(tst_DrsLazyBody)
#include "tst_drslazybody.moc"
