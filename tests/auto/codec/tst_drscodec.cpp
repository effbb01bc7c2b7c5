// Unit tests of the codec seam: the stream decoder (JSON values and CBOR sequences), the CBOR
// item scanner, one-message decoding for WebSocket, and outgoing frames.
#include <drsstreamdecoder_p.h>

#include <QtCore/QCborArray>
#include <QtCore/QCborMap>
#include <QtCore/QCborValue>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using QtDrsPrivate::DecodeError;
using QtDrsPrivate::StreamDecoder;

Q_DECLARE_METATYPE(StreamDecoder::Status)

namespace {

constexpr int kMaxNextCalls = 100000;

struct Drained {
    QList<DrsCommand> commands;
    StreamDecoder::Status status = StreamDecoder::NeedMore;
    DecodeError error;
};

// Takes every command out of \a decoder until it needs more bytes or fails.
Drained drain(StreamDecoder &decoder)
{
    Drained result;
    for (int i = 0; i < kMaxNextCalls; ++i) {
        DrsCommand command;
        DecodeError error;
        result.status = decoder.next(&command, &error);
        if (result.status != StreamDecoder::Decoded) {
            result.error = error;
            return result;
        }
        result.commands.append(command);
    }
    qFatal("the decoder returned Decoded %d times in a row", kMaxNextCalls);
    return result;
}

// Feeds \a data in chunks of \a chunkSize bytes (all at once when 0), draining after each.
Drained feed(StreamDecoder &decoder, const QByteArray &data, qsizetype chunkSize)
{
    Drained total;
    if (chunkSize <= 0)
        chunkSize = qMax<qsizetype>(data.size(), 1);
    for (qsizetype pos = 0; pos < data.size(); pos += chunkSize) {
        decoder.append(data.mid(pos, chunkSize));
        const Drained part = drain(decoder);
        total.commands += part.commands;
        total.status = part.status;
        total.error = part.error;
        if (part.status == StreamDecoder::Failed)
            break;
    }
    return total;
}

QByteArrayList toJsonList(const QList<DrsCommand> &commands)
{
    QByteArrayList list;
    for (const DrsCommand &command : commands)
        list.append(command.toJson());
    return list;
}

DrsCommand makeCommand(const char *action, const QJsonValue &body = QJsonObject(),
                       const char *key = nullptr)
{
    return DrsCommand(QString::fromUtf8(action), body, key ? QString::fromUtf8(key) : QString());
}

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}

} // namespace

// Failure messages show commands as JSON.
char *toString(const DrsCommand &command)
{
    return qstrdup(command.toJson().constData());
}

class tst_DrsCodec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jsonStream_data();
    void jsonStream();
    void jsonStreamEverySplit_data();
    void jsonStreamEverySplit();
    void jsonManyValuesInOneAppend();
    void jsonFrameSizeAndBuffer();
    void encodingDetection_data();
    void encodingDetection();
    void mixedEncodings_data();
    void mixedEncodings();
    void badFirstByte_data();
    void badFirstByte();
    void jsonErrors_data();
    void jsonErrors();
    void jsonFailureSticks();
    void jsonTooLargeComplete_data();
    void jsonTooLargeComplete();
    void jsonTooLargeIncomplete_data();
    void jsonTooLargeIncomplete();
    void jsonNesting_data();
    void jsonNesting();

    void cborStream_data();
    void cborStream();
    void cborIndefiniteLengths();
    void cborLengthClaimOverCap_data();
    void cborLengthClaimOverCap();
    void cborTruncatedWaits();
    void cborErrors_data();
    void cborErrors();
    void cborTooLarge();

    void cborItemLength_data();
    void cborItemLength();
    void cborItemLengthErrors_data();
    void cborItemLengthErrors();

    void decodeMessage_data();
    void decodeMessage();
    void decodeMessageErrors_data();
    void decodeMessageErrors();

    void encodeFrame_data();
    void encodeFrame();
};

void tst_DrsCodec::jsonStream_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QByteArrayList>("expected");

    const QByteArray a = R"({"action":"a","body":{},"key":"1"})";
    const QByteArray b = R"({"action":"b","body":[1,2]})";
    const QByteArray c = R"({"action":"c","body":null,"version":0})";
    const QByteArrayList abc { a, b, c };

    QTest::addRow("newline") << a + '\n' + b + '\n' + c + '\n' << abc;
    QTest::addRow("crlf") << a + "\r\n" + b + "\r\n" + c + "\r\n" << abc;
    QTest::addRow("spaces") << a + ' ' + b + "   " + c << abc;
    QTest::addRow("tabs and blank lines") << "\n\n\t " + a + "\t\n\r\n" + b + "\n\n" + c << abc;
    QTest::addRow("concatenated") << a + b + c << abc;

    QByteArray pretty;
    for (const QByteArray &json : abc)
        pretty += QJsonDocument::fromJson(json).toJson(QJsonDocument::Indented);
    QVERIFY(pretty.count('\n') > 6);
    QTest::addRow("pretty-printed") << pretty << abc;

    QTest::addRow("braces and brackets in strings")
            << QByteArray(R"({"action":"x{y}[z]","body":{"s":"}}]]{{[","t":["]",{"}":"{"}]}})")
            << QByteArrayList {
                   R"({"action":"x{y}[z]","body":{"s":"}}]]{{[","t":["]",{"}":"{"}]}})"
               };
    QTest::addRow("escaped quotes")
            << QByteArray(R"({"action":"q","body":"say \"}\" and \"{\""}{"action":"r"})")
            << QByteArrayList { R"({"action":"q","body":"say \"}\" and \"{\""})",
                                R"({"action":"r","body":null})" };
    // A string ending in a backslash: the quote after \\ closes it.
    QTest::addRow("trailing backslash")
            << QByteArray(R"({"action":"p","body":"c:\\"}{"action":"q","body":"\\\\\"}"})")
            << QByteArrayList { R"({"action":"p","body":"c:\\"})",
                                R"({"action":"q","body":"\\\\\"}"})" };
    QTest::addRow("unicode")
            << QByteArray("{\"action\":\"\xc3\xbcn\xc3\xaf\",\"body\":\"\xf0\x9f\x98\x80 "
                          "\\u00e9 \\ud83d\\ude00 }\"}\n")
            << QByteArrayList { "{\"action\":\"\xc3\xbcn\xc3\xaf\",\"body\":\"\xf0\x9f\x98\x80 "
                                "\xc3\xa9 \xf0\x9f\x98\x80 }\"}" };
    QTest::addRow("nested objects")
            << QByteArray(R"({"action":"n","body":{"a":{"b":{"c":[{}]}}}})")
            << QByteArrayList { R"({"action":"n","body":{"a":{"b":{"c":[{}]}}}})" };
}

void tst_DrsCodec::jsonStream()
{
    QFETCH(QByteArray, stream);
    QFETCH(QByteArrayList, expected);

    for (const qsizetype chunk :
         { qsizetype(0), qsizetype(1), qsizetype(2), qsizetype(7), qsizetype(64) }) {
        StreamDecoder decoder;
        const Drained result = feed(decoder, stream, chunk);
        QVERIFY2(result.status == StreamDecoder::NeedMore, qPrintable(result.error.message));
        QCOMPARE(toJsonList(result.commands), expected);
        QVERIFY(decoder.hasEncoding());
        QCOMPARE(decoder.encoding(), DrsCommand::JsonEncoding);
        QCOMPARE(decoder.bufferedBytes(), 0);
    }
}

void tst_DrsCodec::jsonStreamEverySplit_data()
{
    jsonStream_data();
}

void tst_DrsCodec::jsonStreamEverySplit()
{
    QFETCH(QByteArray, stream);
    QFETCH(QByteArrayList, expected);

    // Two appends, split at every byte: escapes, quotes and braces all meet a chunk boundary.
    for (qsizetype split = 1; split < stream.size(); ++split) {
        StreamDecoder decoder;
        decoder.append(stream.left(split));
        Drained first = drain(decoder);
        QVERIFY2(first.status == StreamDecoder::NeedMore, qPrintable(first.error.message));
        decoder.append(stream.mid(split));
        const Drained second = drain(decoder);
        QVERIFY2(second.status == StreamDecoder::NeedMore, qPrintable(second.error.message));
        QCOMPARE(toJsonList(first.commands + second.commands), expected);
    }
}

void tst_DrsCodec::jsonManyValuesInOneAppend()
{
    constexpr int count = 2000;
    QByteArray stream;
    QByteArrayList expected;
    for (int i = 0; i < count; ++i) {
        const DrsCommand c(QStringLiteral("n"), QJsonObject { { QStringLiteral("i"), i } },
                           QString::number(i));
        expected.append(c.toJson());
        stream += c.toJson();
        stream += (i % 3 == 0) ? "\n" : (i % 3 == 1 ? " " : "");
    }
    StreamDecoder decoder;
    decoder.append(stream);
    const Drained result = drain(decoder);
    QCOMPARE(result.status, StreamDecoder::NeedMore);
    QCOMPARE(result.commands.size(), count);
    QCOMPARE(toJsonList(result.commands), expected);
}

void tst_DrsCodec::jsonFrameSizeAndBuffer()
{
    const QByteArray first = R"({"action":"first","body":{}})";
    const QByteArray second = R"({"action":"second","body":{"x":"abc"}})";
    StreamDecoder decoder;
    decoder.append(first + "\r\n" + second.left(10));
    DrsCommand command;
    DecodeError error;
    QCOMPARE(decoder.next(&command, &error), StreamDecoder::Decoded);
    QCOMPARE(command.action(), QStringLiteral("first"));
    QCOMPARE(decoder.lastFrameSize(), first.size());
    QCOMPARE(decoder.next(&command, &error), StreamDecoder::NeedMore);
    // Only the pending value stays buffered.
    QCOMPARE(decoder.bufferedBytes(), 10);
    decoder.append(second.mid(10));
    QCOMPARE(decoder.next(&command, &error), StreamDecoder::Decoded);
    QCOMPARE(command.action(), QStringLiteral("second"));
    QCOMPARE(decoder.lastFrameSize(), second.size());
    QCOMPARE(decoder.next(&command, &error), StreamDecoder::NeedMore);
    QCOMPARE(decoder.bufferedBytes(), 0);
}

void tst_DrsCodec::encodingDetection_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<DrsCommand::Encoding>("encoding");

    const DrsCommand c = makeCommand("a", 1, "k");
    QTest::addRow("json") << c.toJson() << DrsCommand::JsonEncoding;
    QTest::addRow("json after whitespace") << " \r\n\t" + c.toJson() << DrsCommand::JsonEncoding;
    QTest::addRow("cbor") << c.toCbor() << DrsCommand::CborEncoding;
    QTest::addRow("cbor indefinite map")
            << hex("bf66616374696f6e6161ff") << DrsCommand::CborEncoding;
    QTest::addRow("cbor 24-entry map head")
            << hex("b818") + QByteArray(1, '\0') << DrsCommand::CborEncoding;
}

void tst_DrsCodec::encodingDetection()
{
    QFETCH(QByteArray, data);
    QFETCH(DrsCommand::Encoding, encoding);

    StreamDecoder decoder;
    QVERIFY(!decoder.hasEncoding());
    DrsCommand c;
    DecodeError error;
    QCOMPARE(decoder.next(&c, &error), StreamDecoder::NeedMore);
    // Whitespace alone decides nothing yet.
    decoder.append(" ");
    QCOMPARE(decoder.next(&c, &error), StreamDecoder::NeedMore);
    QVERIFY(!decoder.hasEncoding());

    // The first byte that is not whitespace decides, before the value is complete.
    decoder.append(data.chopped(1));
    QCOMPARE(decoder.next(&c, &error), StreamDecoder::NeedMore);
    QVERIFY(decoder.hasEncoding());
    QCOMPARE(decoder.encoding(), encoding);
}

void tst_DrsCodec::mixedEncodings_data()
{
    QTest::addColumn<qsizetype>("chunk");
    QTest::addRow("whole") << qsizetype(0);
    QTest::addRow("byte by byte") << qsizetype(1);
    QTest::addRow("chunks of 9") << qsizetype(9);
}

void tst_DrsCodec::mixedEncodings()
{
    QFETCH(qsizetype, chunk);

    // A client that speaks CBOR hears JSON until the server has heard from it: each command's
    // first byte tells its encoding.
    const QList<DrsCommand> commands { makeCommand("j1", 1, "a"), makeCommand("c1", 2, "b"),
                                       makeCommand("c2", QJsonArray { 3 }),
                                       makeCommand("j2", QStringLiteral("{"), "d") };
    const QList<DrsCommand::Encoding> encodings { DrsCommand::JsonEncoding,
                                                  DrsCommand::CborEncoding,
                                                  DrsCommand::CborEncoding,
                                                  DrsCommand::JsonEncoding };
    const QByteArray stream = commands[0].toJson() + "\n" + commands[1].toCbor()
            + commands[2].toCbor() + commands[3].toJson() + "\r\n";

    StreamDecoder decoder;
    QList<DrsCommand> decoded;
    QList<DrsCommand::Encoding> seen;
    const qsizetype step = chunk > 0 ? chunk : stream.size();
    for (qsizetype pos = 0; pos < stream.size(); pos += step) {
        decoder.append(stream.mid(pos, step));
        for (int i = 0; i < 10; ++i) {
            DrsCommand c;
            DecodeError error;
            const StreamDecoder::Status status = decoder.next(&c, &error);
            QVERIFY2(status != StreamDecoder::Failed, qPrintable(error.message));
            if (status == StreamDecoder::NeedMore)
                break;
            decoded.append(c);
            seen.append(decoder.encoding());
        }
    }
    QCOMPARE(decoded, commands);
    QCOMPARE(seen, encodings);
    QCOMPARE(decoder.bufferedBytes(), 0);
}

void tst_DrsCodec::badFirstByte_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addRow("array") << QByteArray(R"([{"action":"a"}])");
    QTest::addRow("string") << QByteArray(R"("action")");
    QTest::addRow("number") << QByteArray("12");
    QTest::addRow("letter") << QByteArray("hello");
    QTest::addRow("http") << QByteArray("GET / HTTP/1.1\r\n");
    QTest::addRow("cbor array") << QCborValue(QCborArray { 1 }).toCbor();
    QTest::addRow("cbor text") << QCborValue(QStringLiteral("a")).toCbor();
    QTest::addRow("nul") << QByteArray(1, '\0');
    QTest::addRow("cbor break") << QByteArray("\xff", 1);
}

void tst_DrsCodec::badFirstByte()
{
    QFETCH(QByteArray, data);
    StreamDecoder decoder;
    decoder.append(data);
    DrsCommand c;
    DecodeError error;
    QCOMPARE(decoder.next(&c, &error), StreamDecoder::Failed);
    QVERIFY(c.isNull());
    QVERIFY2(error.message.contains(QStringLiteral("expected a JSON object or a CBOR map")),
             qPrintable(error.message));
    QVERIFY(!error.tooLarge);
    QCOMPARE(decoder.bufferedBytes(), 0);
}

void tst_DrsCodec::jsonErrors_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("decodedFirst");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("key");

    const QByteArray good = R"({"action":"ok"})";
    QTest::addRow("array after a command")
            << good + "\n[1]\n"
            << 1 << QStringLiteral("must be a JSON object") << QString();
    QTest::addRow("string after a command")
            << good + R"( "s" )" << 1 << QStringLiteral("must be a JSON object") << QString();
    QTest::addRow("stray closing brace")
            << good + "}" << 1 << QStringLiteral("must be a JSON object") << QString();
    QTest::addRow("trailing comma")
            << QByteArray(R"({"action":"a",})") << 0 << QStringLiteral("invalid JSON") << QString();
    QTest::addRow("bad literal") << good + R"({"action":tru})" << 1
                                 << QStringLiteral("invalid JSON") << QString();
    QTest::addRow("mismatched bracket")
            << QByteArray(R"({"action":"a"]})") << 0 << QStringLiteral("invalid JSON") << QString();
    QTest::addRow("action not a string, keyed")
            << QByteArray(R"({"action":5,"key":"k1"})") << 0
            << QStringLiteral("action is not a string") << QStringLiteral("k1");
    QTest::addRow("action missing, keyed")
            << good + R"({"key":"k2","body":{}})" << 1 << QStringLiteral("action is missing")
            << QStringLiteral("k2");
    QTest::addRow("key not a string") << QByteArray(R"({"action":"a","key":7})") << 0
                                      << QStringLiteral("key is not a string") << QString();
}

void tst_DrsCodec::jsonErrors()
{
    QFETCH(QByteArray, data);
    QFETCH(int, decodedFirst);
    QFETCH(QString, message);
    QFETCH(QString, key);

    for (const qsizetype chunk : { qsizetype(0), qsizetype(1) }) {
        StreamDecoder decoder;
        const Drained result = feed(decoder, data, chunk);
        QCOMPARE(result.commands.size(), decodedFirst);
        QCOMPARE(result.status, StreamDecoder::Failed);
        QVERIFY2(result.error.message.contains(message), qPrintable(result.error.message));
        QVERIFY(result.error.message.startsWith(QStringLiteral("malformed command: ")));
        QCOMPARE(result.error.key, key);
        QVERIFY(!result.error.tooLarge);
    }
}

void tst_DrsCodec::jsonFailureSticks()
{
    StreamDecoder decoder;
    decoder.append(R"({"action":"a",})");
    DrsCommand c;
    DecodeError error;
    QCOMPARE(decoder.next(&c, &error), StreamDecoder::Failed);
    QVERIFY(!error.message.isEmpty());

    // Nothing brings it back: the stream cannot be resynchronised.
    decoder.append("\n{\"action\":\"good\"}\n");
    for (int i = 0; i < 3; ++i) {
        DecodeError again;
        QCOMPARE(decoder.next(&c, &again), StreamDecoder::Failed);
    }
    QVERIFY(c.isNull());
}

void tst_DrsCodec::jsonTooLargeComplete_data()
{
    QTest::addColumn<qsizetype>("extra"); // bytes beyond the cap
    QTest::addColumn<bool>("tooLarge");
    QTest::addRow("at the cap") << qsizetype(0) << false;
    QTest::addRow("one over") << qsizetype(1) << true;
    QTest::addRow("far over") << qsizetype(1000) << true;
}

void tst_DrsCodec::jsonTooLargeComplete()
{
    QFETCH(qsizetype, extra);
    QFETCH(bool, tooLarge);

    constexpr qsizetype cap = 64;
    const QByteArray prefix = R"({"action":"a","body":")";
    const QByteArray json = prefix + QByteArray(cap + extra - prefix.size() - 2, 'x') + "\"}";
    QCOMPARE(json.size(), cap + extra);

    StreamDecoder decoder;
    decoder.setMaxMessageSize(cap);
    QCOMPARE(decoder.maxMessageSize(), cap);
    decoder.append(json + '\n');
    const Drained result = drain(decoder);
    if (tooLarge) {
        QCOMPARE(result.status, StreamDecoder::Failed);
        QVERIFY(result.error.tooLarge);
        QVERIFY2(result.error.message.contains(QStringLiteral("too large")),
                 qPrintable(result.error.message));
        QVERIFY2(result.error.message.contains(QString::number(cap)),
                 qPrintable(result.error.message));
        QVERIFY(result.commands.isEmpty());
    } else {
        QCOMPARE(result.status, StreamDecoder::NeedMore);
        QCOMPARE(result.commands.size(), 1);
        QCOMPARE(result.commands.first().body().toString().size(), cap - prefix.size() - 2);
    }
}

void tst_DrsCodec::jsonTooLargeIncomplete_data()
{
    QTest::addColumn<qsizetype>("chunk");
    QTest::addRow("byte by byte") << qsizetype(1);
    QTest::addRow("chunks of 5") << qsizetype(5);
    QTest::addRow("chunks of 40") << qsizetype(40);
}

void tst_DrsCodec::jsonTooLargeIncomplete()
{
    QFETCH(qsizetype, chunk);

    // A value that never closes: it must fail once the cap is passed, not wait forever.
    constexpr qsizetype cap = 64;
    const QByteArray endless = R"({"action":"a","body":")" + QByteArray(10 * cap, 'x');
    StreamDecoder decoder;
    decoder.setMaxMessageSize(cap);
    qsizetype fed = 0;
    Drained result;
    while (fed < endless.size()) {
        decoder.append(endless.mid(fed, chunk));
        fed += qMin(chunk, endless.size() - fed);
        result = drain(decoder);
        if (result.status != StreamDecoder::NeedMore)
            break;
        QVERIFY2(decoder.bufferedBytes() <= cap,
                 qPrintable(QString::number(decoder.bufferedBytes())));
    }
    QCOMPARE(result.status, StreamDecoder::Failed);
    QVERIFY(result.error.tooLarge);
    QVERIFY2(result.error.message.contains(QStringLiteral("too large")),
             qPrintable(result.error.message));
    // It fails with the first read that passes the cap, and drops what it held.
    QVERIFY(fed > cap);
    QVERIFY(fed - chunk <= cap);
    QCOMPARE(decoder.bufferedBytes(), 0);
}

void tst_DrsCodec::jsonNesting_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("bodyDepth"); // arrays nested in the body; the command adds one level
    QTest::addColumn<bool>("ok");
    QTest::addRow("small limit, at it") << 4 << 3 << true;
    QTest::addRow("small limit, over") << 4 << 4 << false;
    QTest::addRow("default limit, at it") << QtDrsPrivate::DefaultMaxNestingDepth
                                          << QtDrsPrivate::DefaultMaxNestingDepth - 1 << true;
    QTest::addRow("default limit, over") << QtDrsPrivate::DefaultMaxNestingDepth
                                         << QtDrsPrivate::DefaultMaxNestingDepth << false;
    QTest::addRow("default limit, far over")
            << QtDrsPrivate::DefaultMaxNestingDepth << 100000 << false;
}

void tst_DrsCodec::jsonNesting()
{
    QFETCH(int, limit);
    QFETCH(int, bodyDepth);
    QFETCH(bool, ok);

    const QByteArray json = R"({"action":"deep","body":)" + QByteArray(bodyDepth, '[')
            + QByteArray(bodyDepth, ']') + '}';
    StreamDecoder decoder;
    if (limit != QtDrsPrivate::DefaultMaxNestingDepth)
        decoder.setMaxNestingDepth(limit);
    decoder.setMaxMessageSize(json.size() * 2);
    decoder.append(json);
    const Drained result = drain(decoder);
    if (ok) {
        QVERIFY2(result.status == StreamDecoder::NeedMore, qPrintable(result.error.message));
        QCOMPARE(result.commands.size(), 1);
    } else {
        QCOMPARE(result.status, StreamDecoder::Failed);
        QVERIFY2(result.error.message.contains(QStringLiteral("nesting deeper than %1").arg(limit)),
                 qPrintable(result.error.message));
        QVERIFY(!result.error.tooLarge);
    }
}

void tst_DrsCodec::cborStream_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<DrsCommand>>("expected");

    DrsCommand full = makeCommand("user.get", QJsonObject { { QStringLiteral("id"), 7 } }, "key-1");
    full.setVersion(0);
    full.setExtraFields(QJsonObject { { QStringLiteral("trace"), QStringLiteral("t") } });
    const QList<DrsCommand> three {
        full, makeCommand("b", QJsonArray { 1, QStringLiteral("two"), 3.5, QJsonValue() }),
        makeCommand("c", QJsonValue(QJsonValue::Null), "k3")
    };
    QByteArray stream;
    for (const DrsCommand &c : three)
        stream += c.toCbor();
    QTest::addRow("three items") << stream << three;

    const DrsCommand big = makeCommand("big", QString(300, QLatin1Char('z')), "k");
    QTest::addRow("long strings") << big.toCbor() + big.toCbor() << QList<DrsCommand> { big, big };

    QList<DrsCommand> many;
    QByteArray manyStream;
    for (int i = 0; i < 50; ++i) {
        DrsCommand c(QStringLiteral("n"), QJsonObject { { QStringLiteral("i"), qint64(i) << 40 } });
        many.append(c);
        manyStream += c.toCbor();
    }
    QTest::addRow("fifty items") << manyStream << many;
}

void tst_DrsCodec::cborStream()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<DrsCommand>, expected);

    for (const qsizetype chunk : { qsizetype(0), qsizetype(1), qsizetype(3), qsizetype(17) }) {
        StreamDecoder decoder;
        const Drained result = feed(decoder, stream, chunk);
        QVERIFY2(result.status == StreamDecoder::NeedMore, qPrintable(result.error.message));
        QCOMPARE(result.commands, expected);
        QCOMPARE(decoder.encoding(), DrsCommand::CborEncoding);
        QCOMPARE(decoder.bufferedBytes(), 0);
        QCOMPARE(decoder.lastFrameSize(), expected.last().toCbor().size());
    }
    // Split in two at many points, every byte for the short streams.
    for (qsizetype split = 1; split < stream.size(); split += 1 + stream.size() / 200) {
        StreamDecoder decoder;
        decoder.append(stream.left(split));
        const Drained first = drain(decoder);
        QCOMPARE(first.status, StreamDecoder::NeedMore);
        decoder.append(stream.mid(split));
        const Drained second = drain(decoder);
        QCOMPARE(second.status, StreamDecoder::NeedMore);
        QCOMPARE(first.commands + second.commands, expected);
    }
}

void tst_DrsCodec::cborIndefiniteLengths()
{
    // {_ "action": (_ "dr", "s.p", "ing"), "body": [_ 1, 2], "key": "k",
    //    "bin": (_ h'01', h'02'), "m": {_ "x": 1} }
    const QByteArray item = hex("bf"
                                "66616374696f6e"
                                "7f"
                                "626472"
                                "63732e70"
                                "63696e67"
                                "ff"
                                "64626f6479"
                                "9f"
                                "01"
                                "02"
                                "ff"
                                "636b6579"
                                "616b"
                                "6362696e"
                                "5f"
                                "4101"
                                "4102"
                                "ff"
                                "616d"
                                "bf"
                                "6178"
                                "01"
                                "ff"
                                "ff");

    const DrsCommand expected = [] {
        DrsCommand c(QStringLiteral("drs.ping"), QJsonArray { 1, 2 }, QStringLiteral("k"));
        c.setExtraFields(QJsonObject {
                { QStringLiteral("bin"), QCborValue(QByteArray("\x01\x02", 2)).toJsonValue() },
                { QStringLiteral("m"), QJsonObject { { QStringLiteral("x"), 1 } } } });
        return c;
    }();

    for (const qsizetype chunk : { qsizetype(0), qsizetype(1) }) {
        StreamDecoder decoder;
        const Drained result = feed(decoder, item + item, chunk);
        QVERIFY2(result.status == StreamDecoder::NeedMore, qPrintable(result.error.message));
        QCOMPARE(result.commands, QList<DrsCommand>({ expected, expected }));
        QCOMPARE(decoder.lastFrameSize(), item.size());
    }
}

void tst_DrsCodec::cborLengthClaimOverCap_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<qint64>("cap");

    const qint64 defaultCap = QtDrsPrivate::DefaultMaxMessageSize;
    // { "action": <text string of 1 GiB> }: ten bytes in, the claim is already a lie.
    QTest::addRow("1 GiB text string") << hex("a1"
                                              "66616374696f6e"
                                              "7a40000000")
                                       << defaultCap;
    QTest::addRow("1 GiB byte string") << hex("a1"
                                              "6178"
                                              "5a40000000")
                                       << defaultCap;
    QTest::addRow("2^64-1 text string") << hex("a1"
                                               "6178"
                                               "7bffffffffffffffff")
                                        << defaultCap;
    QTest::addRow("array of 2^32 items") << hex("a1"
                                                "6178"
                                                "9b0000000100000000")
                                         << defaultCap;
    QTest::addRow("map of 2^63 pairs") << hex("bb8000000000000000") << defaultCap;
    QTest::addRow("just over a small cap") << hex("a1"
                                                  "6178"
                                                  "7818")
                                           << qint64(26);
}

void tst_DrsCodec::cborLengthClaimOverCap()
{
    QFETCH(QByteArray, data);
    QFETCH(qint64, cap);

    StreamDecoder decoder;
    decoder.setMaxMessageSize(cap);
    decoder.append(data);
    const Drained result = drain(decoder);
    QCOMPARE(result.status, StreamDecoder::Failed);
    QVERIFY(result.error.tooLarge);
    QVERIFY2(result.error.message.contains(QStringLiteral("too large")),
             qPrintable(result.error.message));
    QCOMPARE(decoder.bufferedBytes(), 0);
}

void tst_DrsCodec::cborTruncatedWaits()
{
    const QByteArray item
            = makeCommand("wait",
                          QJsonObject { { QStringLiteral("s"), QString(40, QLatin1Char('q')) } },
                          "k")
                      .toCbor();
    StreamDecoder decoder;
    // Every strict prefix waits; the last byte completes it.
    for (qsizetype i = 0; i < item.size() - 1; ++i) {
        decoder.append(item.mid(i, 1));
        const Drained partial = drain(decoder);
        QCOMPARE(partial.status, StreamDecoder::NeedMore);
        QVERIFY(partial.commands.isEmpty());
        QCOMPARE(decoder.bufferedBytes(), i + 1);
    }
    decoder.append(item.right(1));
    const Drained result = drain(decoder);
    QCOMPARE(result.status, StreamDecoder::NeedMore);
    QCOMPARE(result.commands.size(), 1);
    QCOMPARE(result.commands.first().action(), QStringLiteral("wait"));
}

void tst_DrsCodec::cborErrors_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("decodedFirst");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("key");

    const QByteArray good = makeCommand("ok").toCbor();
    QTest::addRow("break in a definite map")
            << hex("a2"
                   "6161"
                   "01"
                   "ff"
                   "01")
            << 0 << QStringLiteral("unexpected CBOR break") << QString();
    QTest::addRow("break in a definite array")
            << hex("a1"
                   "6161"
                   "8201ff")
            << 0 << QStringLiteral("unexpected CBOR break") << QString();
    QTest::addRow("break after an item")
            << good + hex("ff") << 1 << QStringLiteral("must be a CBOR map") << QString();
    QTest::addRow("array after an item")
            << good + hex("8101") << 1 << QStringLiteral("must be a CBOR map") << QString();
    QTest::addRow("reserved head byte")
            << hex("a1"
                   "6161"
                   "1c")
            << 0 << QStringLiteral("invalid CBOR head byte 0x1c") << QString();
    QTest::addRow("indefinite integer")
            << hex("a1"
                   "6161"
                   "1f")
            << 0 << QStringLiteral("invalid CBOR head byte 0x1f") << QString();
    QTest::addRow("invalid UTF-8") << hex("a1"
                                          "66616374696f6e"
                                          "62c328")
                                   << 0 << QStringLiteral("invalid CBOR") << QString();
    QTest::addRow("action not a text string, keyed")
            << QCborValue(QCborMap { { QStringLiteral("action"), QByteArray("a") },
                                     { QStringLiteral("key"), QStringLiteral("k9") } })
                       .toCbor()
            << 0 << QStringLiteral("action is not a string") << QStringLiteral("k9");
    QTest::addRow("action missing, keyed")
            << good
                    + QCborValue(QCborMap { { QStringLiteral("key"), QStringLiteral("k8") } })
                              .toCbor()
            << 1 << QStringLiteral("action is missing") << QStringLiteral("k8");
    QTest::addRow("key not a string")
            << QCborValue(QCborMap { { QStringLiteral("action"), QStringLiteral("a") },
                                     { QStringLiteral("key"), 5 } })
                       .toCbor()
            << 0 << QStringLiteral("key is not a string") << QString();
}

void tst_DrsCodec::cborErrors()
{
    QFETCH(QByteArray, data);
    QFETCH(int, decodedFirst);
    QFETCH(QString, message);
    QFETCH(QString, key);

    for (const qsizetype chunk : { qsizetype(0), qsizetype(1) }) {
        StreamDecoder decoder;
        const Drained result = feed(decoder, data, chunk);
        QCOMPARE(result.commands.size(), decodedFirst);
        QCOMPARE(result.status, StreamDecoder::Failed);
        QVERIFY2(result.error.message.contains(message), qPrintable(result.error.message));
        QCOMPARE(result.error.key, key);
        QVERIFY(!result.error.tooLarge);

        DrsCommand c;
        DecodeError again;
        decoder.append(makeCommand("after").toCbor());
        QCOMPARE(decoder.next(&c, &again), StreamDecoder::Failed);
    }
}

void tst_DrsCodec::cborTooLarge()
{
    const QByteArray item = makeCommand("big", QString(100, QLatin1Char('b'))).toCbor();

    StreamDecoder atCap;
    atCap.setMaxMessageSize(item.size());
    atCap.append(item + item);
    const Drained ok = drain(atCap);
    QCOMPARE(ok.status, StreamDecoder::NeedMore);
    QCOMPARE(ok.commands.size(), 2);

    // A complete item one byte over the cap.
    StreamDecoder overCap;
    overCap.setMaxMessageSize(item.size() - 1);
    overCap.append(item);
    const Drained over = drain(overCap);
    QCOMPARE(over.status, StreamDecoder::Failed);
    QVERIFY(over.error.tooLarge);

    // An indefinite array that never ends fails once it passes the cap.
    StreamDecoder endless;
    endless.setMaxMessageSize(32);
    endless.append(hex("a1"
                       "6161"
                       "9f"));
    qsizetype fed = 4;
    Drained result;
    for (int i = 0; i < 100; ++i) {
        endless.append(hex("01"));
        ++fed;
        result = drain(endless);
        if (result.status != StreamDecoder::NeedMore)
            break;
        QVERIFY(endless.bufferedBytes() <= 32);
    }
    QCOMPARE(result.status, StreamDecoder::Failed);
    QVERIFY(result.error.tooLarge);
    QCOMPARE(fed, 33);
}

void tst_DrsCodec::cborItemLength_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<qsizetype>("length");

    const auto row = [](const char *name, const char *hexText, qsizetype length) {
        QTest::addRow("%s", name) << QByteArray::fromHex(hexText) << length;
    };
    // Major 0, unsigned integers: argument in the head, then 1, 2, 4 and 8 bytes.
    row("uint direct", "17", 1);
    row("uint 1-byte", "18ff", 2);
    row("uint 2-byte", "190100", 3);
    row("uint 4-byte", "1a00010000", 5);
    row("uint 8-byte", "1b0000000100000000", 9);
    // Major 1, negative integers.
    row("nint direct", "20", 1);
    row("nint 1-byte", "3818", 2);
    row("nint 2-byte", "39ffff", 3);
    row("nint 4-byte", "3a7fffffff", 5);
    row("nint 8-byte", "3b7fffffffffffffff", 9);
    // Major 2, byte strings: the head, then that many bytes.
    row("bytes empty", "40", 1);
    row("bytes direct", "43010203", 4);
    row("bytes 1-byte", "5802aabb", 4);
    row("bytes 2-byte", "590002aabb", 5);
    row("bytes 4-byte", "5a00000002aabb", 7);
    row("bytes 8-byte", "5b0000000000000002aabb", 11);
    row("bytes indefinite", "5f4161420102ff", 7);
    // Major 3, text strings.
    row("text empty", "60", 1);
    row("text direct", "63616263", 4);
    row("text 1-byte", "78026869", 4);
    row("text 2-byte", "7900026869", 5);
    row("text 4-byte", "7a000000026869", 7);
    row("text 8-byte", "7b00000000000000026869", 11);
    row("text indefinite", "7f616161626163ff", 8);
    // Major 4, arrays: the head, then that many items.
    row("array empty", "80", 1);
    row("array direct", "820102", 3);
    row("array 1-byte", "98020118ff", 5);
    row("array 2-byte", "9900020102", 5);
    row("array 4-byte", "9a000000020102", 7);
    row("array 8-byte", "9b00000000000000020102", 11);
    row("array indefinite", "9f0102ff", 4);
    row("array nested indefinite", "9f9fff80ff", 5);
    // Major 5, maps: twice as many items as pairs.
    row("map empty", "a0", 1);
    row("map direct", "a1616101", 4);
    row("map 1-byte", "b801616101", 5);
    row("map 2-byte", "b90001616101", 6);
    row("map 4-byte", "ba00000001616101", 8);
    row("map 8-byte", "bb0000000000000001616101", 12);
    row("map indefinite", "bf61610161629fffff", 9);
    // Major 6, tags: the head, then one item.
    row("tag direct", "c11a5e0be100", 6);
    row("tag 1-byte", "d82063616263", 6);
    row("tag 2-byte", "d9010001", 4);
    row("tag 4-byte", "da0001000001", 6);
    row("tag 8-byte", "db000000000001000001", 10);
    row("tag of tag", "c1c101", 3);
    // Major 7, simple values and floats.
    row("false", "f4", 1);
    row("null", "f6", 1);
    row("simple 1-byte", "f820", 2);
    row("half float", "f93c00", 3);
    row("single float", "fa3f800000", 5);
    row("double float", "fb3ff0000000000000", 9);
    // Only the first item counts.
    row("followed by more", "0102", 1);
    row("map followed by more", "a0a0", 1);
}

void tst_DrsCodec::cborItemLength()
{
    QFETCH(QByteArray, data);
    QFETCH(qsizetype, length);

    QString error;
    QCOMPARE(QtDrsPrivate::cborItemLength(data.constData(), data.size(), 1 << 20, 16, &error),
             length);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // Every strict prefix of the item needs more bytes.
    for (qsizetype i = 0; i < length; ++i) {
        QCOMPARE(QtDrsPrivate::cborItemLength(data.constData(), i, 1 << 20, 16, &error), 0);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // Where the bytes can be checked, Qt's parser agrees on the length.
    QCborParserError parseError;
    QCborValue::fromCbor(data.left(length), &parseError);
    QCOMPARE(parseError.error, QCborError::NoError);
}

void tst_DrsCodec::cborItemLengthErrors_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<qint64>("maxSize");
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<QString>("message");

    const qint64 big = 1 << 20;
    QTest::addRow("reserved 28") << hex("1c") << big << 16
                                 << QStringLiteral("invalid CBOR head byte 0x1c");
    QTest::addRow("reserved 29") << hex("3d") << big << 16
                                 << QStringLiteral("invalid CBOR head byte 0x3d");
    QTest::addRow("reserved 30") << hex("5e") << big << 16
                                 << QStringLiteral("invalid CBOR head byte 0x5e");
    QTest::addRow("indefinite uint")
            << hex("1f") << big << 16 << QStringLiteral("invalid CBOR head byte 0x1f");
    QTest::addRow("indefinite nint")
            << hex("3f") << big << 16 << QStringLiteral("invalid CBOR head byte 0x3f");
    QTest::addRow("indefinite tag")
            << hex("df") << big << 16 << QStringLiteral("invalid CBOR head byte 0xdf");
    QTest::addRow("top-level break")
            << hex("ff") << big << 16 << QStringLiteral("unexpected CBOR break");
    QTest::addRow("break in array")
            << hex("8201ff") << big << 16 << QStringLiteral("unexpected CBOR break");
    QTest::addRow("break in tag") << hex("c1ff") << big << 16
                                  << QStringLiteral("unexpected CBOR break");
    QTest::addRow("1 GiB text claim")
            << hex("7a40000000") << qint64(QtDrsPrivate::DefaultMaxMessageSize) << 16
            << QStringLiteral("too large");
    QTest::addRow("2^64-1 bytes claim")
            << hex("5bffffffffffffffff") << big << 16 << QStringLiteral("too large");
    QTest::addRow("string one byte over")
            << hex("4a") << qint64(10) << 16 << QStringLiteral("too large");
    QTest::addRow("array count claim")
            << hex("9b0000000100000000") << big << 16 << QStringLiteral("too large");
    QTest::addRow("map count claim")
            << hex("ba80000000") << big << 16 << QStringLiteral("too large");
    QTest::addRow("incomplete past cap")
            << hex("9f01010101010101010101") << qint64(8) << 16 << QStringLiteral("too large");
    QTest::addRow("head past cap")
            << hex("8301011b00") << qint64(4) << 16 << QStringLiteral("too large");
    QTest::addRow("arrays over depth 2")
            << hex("81818101") << big << 2 << QStringLiteral("nesting deeper than 2");
    QTest::addRow("indefinite over depth 2")
            << hex("9f9f9fffffff") << big << 2 << QStringLiteral("nesting deeper than 2");
    QTest::addRow("tags over depth 2")
            << hex("c1c1c101") << big << 2 << QStringLiteral("nesting deeper than 2");
}

void tst_DrsCodec::cborItemLengthErrors()
{
    QFETCH(QByteArray, data);
    QFETCH(qint64, maxSize);
    QFETCH(int, maxDepth);
    QFETCH(QString, message);

    QString error;
    QCOMPARE(QtDrsPrivate::cborItemLength(data.constData(), data.size(), maxSize, maxDepth, &error),
             -1);
    QVERIFY2(error.contains(message), qPrintable(error));

    // One level less, the same nesting is fine.
    if (message.startsWith(QStringLiteral("nesting"))) {
        error.clear();
        QVERIFY(QtDrsPrivate::cborItemLength(data.constData(), data.size(), maxSize, maxDepth + 1,
                                             &error)
                > 0);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
}

void tst_DrsCodec::decodeMessage_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<DrsCommand>("expected");

    DrsCommand full = makeCommand("user.get", QJsonObject { { QStringLiteral("id"), 7 } }, "k");
    full.setVersion(3);
    const QByteArray json = full.toJson();
    QTest::addRow("text json") << json << false << full;
    QTest::addRow("text json, trailing newline") << json + '\n' << false << full;
    QTest::addRow("text json, surrounding whitespace") << " \r\n\t" + json + " \r\n"
                                                       << false << full;
    QTest::addRow("binary json") << json << true << full;
    QTest::addRow("binary json, whitespace first") << "\n  " + json + "\n" << true << full;
    QTest::addRow("binary json, pretty")
            << QJsonDocument(full.toJsonObject()).toJson() << true << full;
    QTest::addRow("binary cbor") << full.toCbor() << true << full;

    // CBOR whose last byte is 0x0a (10) or 0x20 (-1): no whitespace may be trimmed off CBOR.
    DrsCommand ten = makeCommand("v");
    ten.setVersion(10);
    QVERIFY(ten.toCbor().endsWith('\n'));
    QTest::addRow("binary cbor ending in 0x0a") << ten.toCbor() << true << ten;
    DrsCommand minusOne = makeCommand("v");
    minusOne.setVersion(-1);
    QVERIFY(minusOne.toCbor().endsWith(' '));
    QTest::addRow("binary cbor ending in 0x20") << minusOne.toCbor() << true << minusOne;
}

void tst_DrsCodec::decodeMessage()
{
    QFETCH(QByteArray, message);
    QFETCH(bool, binary);
    QFETCH(DrsCommand, expected);

    DrsCommand decoded;
    DecodeError error;
    QVERIFY2(QtDrsPrivate::decodeMessage(message, binary, QtDrsPrivate::DefaultMaxMessageSize,
                                         QtDrsPrivate::DefaultMaxNestingDepth, &decoded, &error),
             qPrintable(error.message));
    QCOMPARE(decoded, expected);
    QVERIFY(error.message.isEmpty());
}

void tst_DrsCodec::decodeMessageErrors_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<qint64>("maxSize");
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<QString>("errorText");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("tooLarge");

    const qint64 cap = QtDrsPrivate::DefaultMaxMessageSize;
    const int depth = QtDrsPrivate::DefaultMaxNestingDepth;
    const QByteArray cbor = makeCommand("a", 1, "k").toCbor();
    const QByteArray json = makeCommand("a", 1, "k").toJson();

    QTest::addRow("empty text") << QByteArray() << false << cap << depth
                                << QStringLiteral("empty message") << QString() << false;
    QTest::addRow("empty binary") << QByteArray() << true << cap << depth
                                  << QStringLiteral("empty message") << QString() << false;
    QTest::addRow("whitespace only") << QByteArray(" \r\n\t") << false << cap << depth
                                     << QStringLiteral("empty message") << QString() << false;
    QTest::addRow("text not an object")
            << QByteArray("[1,2]") << false << cap << depth
            << QStringLiteral("must be a JSON object") << QString() << false;
    QTest::addRow("text invalid") << QByteArray(R"({"action":)") << false << cap << depth
                                  << QStringLiteral("invalid JSON") << QString() << false;
    QTest::addRow("text with two values") << json + json << false << cap << depth
                                          << QStringLiteral("invalid JSON") << QString() << false;
    QTest::addRow("text carrying cbor") << cbor << false << cap << depth
                                        << QStringLiteral("invalid JSON") << QString() << false;
    QTest::addRow("json, bad command, keyed")
            << QByteArray(R"({"action":[],"key":"kk"})") << true << cap << depth
            << QStringLiteral("action is not a string") << QStringLiteral("kk") << false;
    QTest::addRow("json too deep")
            << QByteArray(R"({"action":"a","body":[[[]]]})") << false << cap << 3
            << QStringLiteral("nesting deeper than 3") << QString() << false;
    QTest::addRow("cbor followed by a byte")
            << cbor + hex("01") << true << cap << depth
            << QStringLiteral("data after the CBOR item") << QString() << false;
    QTest::addRow("cbor followed by a newline")
            << cbor + '\n'
            << true << cap << depth << QStringLiteral("data after the CBOR item") << QString()
            << false;
    QTest::addRow("two cbor items")
            << cbor + cbor << true << cap << depth << QStringLiteral("data after the CBOR item")
            << QString() << false;
    QTest::addRow("truncated cbor") << cbor.chopped(1) << true << cap << depth
                                    << QStringLiteral("truncated CBOR item") << QString() << false;
    QTest::addRow("cbor array") << QCborValue(QCborArray { 1 }).toCbor() << true << cap << depth
                                << QStringLiteral("must be a CBOR map") << QString() << false;
    QTest::addRow("cbor break") << hex("ff") << true << cap << depth
                                << QStringLiteral("unexpected CBOR break") << QString() << false;
    QTest::addRow("cbor bad command, keyed")
            << QCborValue(QCborMap { { QStringLiteral("key"), QStringLiteral("ck") } }).toCbor()
            << true << cap << depth << QStringLiteral("action is missing") << QStringLiteral("ck")
            << false;
    QTest::addRow("cbor too deep")
            << hex("a2"
                   "66616374696f6e"
                   "6161"
                   "64626f6479"
                   "818181f6")
            << true << cap << 3 << QStringLiteral("nesting deeper than 3") << QString() << false;
    QTest::addRow("text over the cap") << json << false << qint64(json.size() - 1) << depth
                                       << QStringLiteral("too large") << QString() << true;
    QTest::addRow("binary cbor over the cap") << cbor << true << qint64(cbor.size() - 1) << depth
                                              << QStringLiteral("too large") << QString() << true;
    QTest::addRow("whitespace counts towards the cap")
            << json + "    " << false << qint64(json.size()) << depth << QStringLiteral("too large")
            << QString() << true;
}

void tst_DrsCodec::decodeMessageErrors()
{
    QFETCH(QByteArray, message);
    QFETCH(bool, binary);
    QFETCH(qint64, maxSize);
    QFETCH(int, maxDepth);
    QFETCH(QString, errorText);
    QFETCH(QString, key);
    QFETCH(bool, tooLarge);

    DrsCommand decoded;
    DecodeError error;
    QVERIFY(!QtDrsPrivate::decodeMessage(message, binary, maxSize, maxDepth, &decoded, &error));
    QVERIFY2(error.message.contains(errorText), qPrintable(error.message));
    QCOMPARE(error.key, key);
    QCOMPARE(error.tooLarge, tooLarge);
    QVERIFY(decoded.isNull());
}

void tst_DrsCodec::encodeFrame_data()
{
    QTest::addColumn<DrsCommand>("command");
    QTest::addRow("plain") << makeCommand("a");
    QTest::addRow("newlines in strings")
            << makeCommand("line\nbreak", QStringLiteral("a\nb\r\n"), "k\n");
    DrsCommand full = makeCommand(
            "user.get", QJsonObject { { QStringLiteral("t"), QStringLiteral("x\ny") } }, "key");
    full.setVersion(0);
    full.setExtraFields(QJsonObject { { QStringLiteral("e"), QJsonArray { 1 } } });
    QTest::addRow("every field") << full;
}

void tst_DrsCodec::encodeFrame()
{
    QFETCH(DrsCommand, command);

    const QByteArray streamJson
            = QtDrsPrivate::encodeFrame(command, DrsCommand::JsonEncoding, true);
    QCOMPARE(streamJson, command.toJson() + '\n');
    QCOMPARE(streamJson.count('\n'), 1); // one command per line, whatever its strings hold

    const QByteArray messageJson
            = QtDrsPrivate::encodeFrame(command, DrsCommand::JsonEncoding, false);
    QCOMPARE(messageJson, command.toJson());
    QVERIFY(!messageJson.endsWith('\n'));

    const QByteArray streamCbor
            = QtDrsPrivate::encodeFrame(command, DrsCommand::CborEncoding, true);
    const QByteArray messageCbor
            = QtDrsPrivate::encodeFrame(command, DrsCommand::CborEncoding, false);
    QCOMPARE(streamCbor, command.toCbor());
    QCOMPARE(messageCbor, command.toCbor());
    QCOMPARE(DrsCommand::fromCbor(messageCbor), command);

    // Frames go back through the matching decoders.
    for (const QByteArray &frame : { streamJson, streamCbor }) {
        StreamDecoder decoder;
        decoder.append(frame + frame);
        const Drained result = drain(decoder);
        QCOMPARE(result.status, StreamDecoder::NeedMore);
        QCOMPARE(result.commands, QList<DrsCommand>({ command, command }));
    }
    DrsCommand decoded;
    DecodeError error;
    QVERIFY(QtDrsPrivate::decodeMessage(messageJson, false, QtDrsPrivate::DefaultMaxMessageSize,
                                        QtDrsPrivate::DefaultMaxNestingDepth, &decoded, &error));
    QCOMPARE(decoded, command);
    QVERIFY(QtDrsPrivate::decodeMessage(messageCbor, true, QtDrsPrivate::DefaultMaxMessageSize,
                                        QtDrsPrivate::DefaultMaxNestingDepth, &decoded, &error));
    QCOMPARE(decoded, command);
}

QTEST_GUILESS_MAIN(tst_DrsCodec)
#include "tst_drscodec.moc"
