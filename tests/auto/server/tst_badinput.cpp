// What a DrsServer does with clients that misbehave: broken commands, oversized commands, peers
// that vanish mid-call. The bad clients are raw sockets, so they send exactly what a test says;
// a well-behaved DrsConnection client is served all along.
#include "drsrawclient.h"
#include "drstestutil.h"

#include <drsconnection.h>
#include <drsserver.h>
#include <drstransport.h>

#include <QtCore/QCborMap>
#include <QtCore/QCborValue>
#include <QtCore/QPointer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

enum PrefixEncoding {
    NoPrefix = -1,
    JsonPrefix = DrsCommand::JsonEncoding,
    CborPrefix = DrsCommand::CborEncoding
};

constexpr qint64 SmallCap = 1024;

QByteArray cbor(const QCborMap &map)
{
    return map.toCborValue().toCbor();
}

bool isCborMapHead(char c)
{
    return (static_cast<unsigned char>(c) >> 5) == 5;
}

//! A server answering "echo" and "slow" (asynchronous: the test answers), plus a good client.
struct Fixture {
    DrsServer server;
    QObject owner;
    DrsConnection *good = nullptr;
    std::vector<DrsRequest> slow;

    bool start(const QString &transport, qint64 maxMessageSize = 0)
    {
        server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
        server.onAsync(u"slow"_s, [this](DrsRequest request) { slow.push_back(request); });
        if (maxMessageSize > 0)
            server.setMaxMessageSize(maxMessageSize);
        if (!server.listen(DrsTest::listenUrl(transport)))
            return false;
        good = new DrsConnection(&owner);
        good->open(url());
        return QTest::qWaitFor([this] { return server.connectionCount() == 1; }, 10000);
    }
    QUrl url() const { return server.serverUrls().first(); }
    //! The good client calls echo and gets its answer.
    bool goodClientServed(const QString &text)
    {
        DrsReply *reply = good->call(u"echo"_s, text, 10000);
        const bool finished = QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
        return finished && reply->error() == DrsReply::NoError
                && reply->result() == QJsonValue(text);
    }
};

} // namespace

class tst_BadInput : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void malformed_data();
    void malformed();
    void oversized_data();
    void oversized();
    void peerVanishesMidCall_data();
    void peerVanishesMidCall();
};

void tst_BadInput::malformed_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<int>("prefixEncoding"); // good calls sent before the bad one
    QTest::addColumn<QByteArray>("bad");
    QTest::addColumn<bool>("binary"); // WebSocket: a binary message, else text
    QTest::addColumn<QString>("streamMessage"); // in the drs.error on tcp/local
    QTest::addColumn<QString>("wsMessage"); // in the drs.error on ws
    QTest::addColumn<QString>("key"); // of the drs.error; empty: keyless

    struct Case {
        const char *name;
        int prefix;
        QByteArray bad;
        bool binary;
        QString streamMessage;
        QString wsMessage;
        QString key;
    };
    const QString objectMessage = u"a command must be a JSON object"_s;
    const QString neitherMessage = u"expected a JSON object or a CBOR map"_s;
    const Case cases[] = {
        { "malformed JSON", JsonPrefix, R"({"action":"echo","key":"k1" "body":1})", false,
          u"invalid JSON"_s, u"invalid JSON"_s, QString() },
        { "JSON array", JsonPrefix, "[1,2,3]", false, objectMessage, objectMessage, QString() },
        { "action missing", JsonPrefix, R"({"key":"k-missing","body":{}})", false,
          u"action is missing"_s, u"action is missing"_s, u"k-missing"_s },
        { "action missing, no key", JsonPrefix, R"({"body":{"a":1}})", false,
          u"action is missing"_s, u"action is missing"_s, QString() },
        { "action not a string", JsonPrefix, R"({"action":42,"key":"k-number"})", false,
          u"action is not a string"_s, u"action is not a string"_s, u"k-number"_s },
        { "action null, no key", JsonPrefix, R"({"action":null})", false,
          u"action is not a string"_s, u"action is not a string"_s, QString() },
        { "key a number", JsonPrefix, R"({"action":"echo","key":42})", false,
          u"key is not a string"_s, u"key is not a string"_s, QString() },
        { "key an object", JsonPrefix, R"({"action":"echo","key":{"id":"k"}})", false,
          u"key is not a string"_s, u"key is not a string"_s, QString() },
        { "CBOR action not a string", CborPrefix,
          cbor({ { u"action"_s, 7 }, { u"key"_s, u"k-cbor"_s } }), true,
          u"action is not a string"_s, u"action is not a string"_s, u"k-cbor"_s },
        { "CBOR action missing", CborPrefix, cbor({ { u"key"_s, u"k-cbor-missing"_s } }), true,
          u"action is missing"_s, u"action is missing"_s, u"k-cbor-missing"_s },
        { "CBOR key not a string", CborPrefix,
          cbor({ { u"action"_s, u"echo"_s }, { u"key"_s, 9 } }), true, u"key is not a string"_s,
          u"key is not a string"_s, QString() },
        { "invalid CBOR", CborPrefix, QByteArray("\xa2\x1c\x00", 3), true, u"invalid CBOR"_s,
          u"invalid CBOR"_s, QString() },
        { "CBOR array", CborPrefix, QByteArray("\x83\x01\x02\x03"), true,
          u"a command must be a CBOR map"_s, u"a command must be a CBOR map"_s, QString() },
        { "neither JSON nor CBOR", NoPrefix, QByteArray("\x07"), true, neitherMessage,
          u"a command must be a CBOR map"_s, QString() },
        { "text, not JSON", NoPrefix, "hello", false, neitherMessage, u"invalid JSON"_s,
          QString() },
    };
    for (const QString &transport : DrsTest::transports()) {
        for (const Case &c : cases) {
            QTest::addRow("%s/%s", qPrintable(transport), c.name)
                    << transport << c.prefix << c.bad << c.binary << c.streamMessage << c.wsMessage
                    << c.key;
        }
    }
}

void tst_BadInput::malformed()
{
    QFETCH(QString, transport);
    QFETCH(int, prefixEncoding);
    QFETCH(QByteArray, bad);
    QFETCH(bool, binary);
    QFETCH(QString, streamMessage);
    QFETCH(QString, wsMessage);
    QFETCH(QString, key);

    Fixture f;
    QVERIFY(f.start(transport));
    QVERIFY(f.goodClientServed(u"before"_s));
    QSignalSpy clientConnected(&f.server, &DrsServer::clientConnected);
    QSignalSpy received(&f.server, &DrsServer::commandReceived);

    DrsRawClient client(transport);
    client.connectTo(f.url());
    QTRY_VERIFY(client.isConnected());
    QTRY_COMPARE(clientConnected.count(), 1);
    QPointer<DrsConnection> connection = clientConnected.at(0).at(0).value<DrsConnection *>();
    const auto connectionId = quintptr(connection.data()); // compared after it may be deleted

    // Good calls, the bad one, and (on a stream, in the same write) a call after it.
    QList<DrsCommand> prefix;
    const auto encoding
            = DrsCommand::Encoding(prefixEncoding == CborPrefix ? CborPrefix : JsonPrefix);
    if (prefixEncoding != NoPrefix) {
        for (int i = 1; i <= 2; ++i)
            prefix.append(DrsCommand(u"echo"_s, i, u"p%1"_s.arg(i)));
    }
    const DrsCommand after(u"echo"_s, u"after"_s, u"after"_s);
    if (client.isStream()) {
        QByteArray write;
        for (const DrsCommand &command : std::as_const(prefix))
            write += QtDrsPrivate::encodeFrame(command, encoding, true);
        write += bad;
        write += QtDrsPrivate::encodeFrame(after, encoding, true);
        client.send(write);
    } else {
        for (const DrsCommand &command : std::as_const(prefix))
            client.send(command, encoding);
        client.send(bad, binary);
    }

    // The answers to the good calls, then a drs.error naming the problem.
    const qsizetype answers = prefix.size() + 1;
    if (client.isStream())
        QTRY_VERIFY(client.hasDisconnected()); // after what it had to say
    else
        QTRY_COMPARE(client.commands().size(), answers);
    QVERIFY2(client.decodeError().isEmpty(), qPrintable(client.decodeError()));
    const QList<DrsCommand> replies = client.commands();
    QCOMPARE(replies.size(), answers);
    for (qsizetype i = 0; i < prefix.size(); ++i) {
        QCOMPARE(replies.at(i).action(), DrsCommand::responseAction());
        QCOMPARE(replies.at(i).key(), prefix.at(i).key());
        QCOMPARE(replies.at(i).body(), prefix.at(i).body());
    }
    const DrsCommand error = replies.last();
    QCOMPARE(error.action(), DrsCommand::errorAction());
    const QString expected = client.isStream() ? streamMessage : wsMessage;
    QVERIFY2(error.errorMessage().contains(expected),
             qPrintable(error.errorMessage() + u" lacks "_s + expected));
    QCOMPARE(error.hasKey(), !key.isEmpty());
    QCOMPARE(error.key(), key);

    // Answered in the encoding the client spoke first.
    const bool cborAnswers = prefixEncoding == CborPrefix;
    if (client.isStream())
        QCOMPARE(isCborMapHead(client.bytes().at(0)), cborAnswers);
    else
        QCOMPARE(client.messageIsBinary().last(), cborAnswers);

    // Every good command before the bad one reached the server; nothing after it on a stream.
    QCOMPARE(received.count(), int(prefix.size()));
    for (qsizetype i = 0; i < prefix.size(); ++i) {
        QCOMPARE(quintptr(received.at(i).at(0).value<DrsConnection *>()), connectionId);
        QCOMPARE(received.at(i).at(1).value<DrsCommand>().key(), prefix.at(i).key());
    }

    if (client.isStream()) {
        // A stream cannot be resynchronised: the connection is gone, the server forgets it.
        QTRY_COMPARE(f.server.connectionCount(), 1);
        QTRY_VERIFY(connection.isNull());
        QVERIFY(client.commandWithKey(after.key()).isNull());
    } else {
        // A WebSocket message stands alone: the connection goes on.
        QVERIFY(client.isConnected());
        QCOMPARE(f.server.connectionCount(), 2);
        client.send(after, encoding);
        QTRY_COMPARE(client.commands().size(), answers + 1);
        QCOMPARE(client.commands().last().action(), DrsCommand::responseAction());
        QCOMPARE(client.commands().last().key(), after.key());
        QCOMPARE(client.commands().last().body(), after.body());
        QVERIFY(client.isConnected());
    }
    QVERIFY(f.good->isConnected());
    QVERIFY(f.goodClientServed(u"after"_s));
}

void tst_BadInput::oversized_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("binary");

    const QByteArray filler(2000, 'a');
    const QByteArray complete = R"({"action":"echo","key":"big","body":")" + filler + "\"}\n";
    // Never finished: the server must give up once the cap is passed, not wait for the end.
    const QByteArray endless = R"({"action":"echo","key":"big","body":")" + filler;
    // A CBOR text string that claims a gigabyte: an error at once, with 20 bytes sent.
    const QByteArray claim = QByteArray("\xa2\x66"
                                        "action\x64"
                                        "echo\x64"
                                        "body\x7a\x40\x00\x00\x00",
                                        23)
            + QByteArray(10, 'a');
    const QByteArray bigCbor
            = cbor({ { u"action"_s, u"echo"_s }, { u"body"_s, QString::fromLatin1(filler) } });

    for (const QString &transport : { u"tcp"_s, u"local"_s }) {
        QTest::addRow("%s/complete JSON", qPrintable(transport)) << transport << complete << false;
        QTest::addRow("%s/endless JSON", qPrintable(transport)) << transport << endless << false;
        QTest::addRow("%s/CBOR length claim", qPrintable(transport)) << transport << claim << true;
        QTest::addRow("%s/complete CBOR", qPrintable(transport)) << transport << bigCbor << true;
    }
    QTest::addRow("ws/text") << u"ws"_s << complete << false;
    QTest::addRow("ws/binary CBOR") << u"ws"_s << bigCbor << true;
}

void tst_BadInput::oversized()
{
    QFETCH(QString, transport);
    QFETCH(QByteArray, data);
    QFETCH(bool, binary);

    Fixture f;
    QVERIFY(f.start(transport, SmallCap));
    QCOMPARE(f.server.maxMessageSize(), SmallCap);
    QSignalSpy clientConnected(&f.server, &DrsServer::clientConnected);

    DrsRawClient client(transport);
    client.connectTo(f.url());
    QTRY_VERIFY(client.isConnected());
    QTRY_COMPARE(clientConnected.count(), 1);

    // Just under the cap is fine, in the encoding this client speaks.
    const auto encoding = binary ? DrsCommand::CborEncoding : DrsCommand::JsonEncoding;
    const DrsCommand fits(u"echo"_s, QString(900, u'x'), u"fits"_s);
    QVERIFY(QtDrsPrivate::encodeFrame(fits, encoding, client.isStream()).size() < SmallCap);
    client.send(fits, encoding);
    QTRY_COMPARE(client.commands().size(), 1);
    QCOMPARE(client.commands().first().key(), u"fits"_s);
    QCOMPARE(client.commands().first().body(), fits.body());

    client.send(data, binary);
    QTRY_VERIFY(client.hasDisconnected());
    if (client.isStream()) {
        QCOMPARE(client.commands().size(), 2);
        const DrsCommand error = client.commands().last();
        QCOMPARE(error.action(), DrsCommand::errorAction());
        QVERIFY2(error.errorMessage().contains(u"message too large"_s),
                 qPrintable(error.errorMessage()));
        QVERIFY2(error.errorMessage().contains(QString::number(SmallCap)),
                 qPrintable(error.errorMessage()));
    } else {
        QCOMPARE(client.webSocket()->closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
        QCOMPARE(client.commands().size(), 1);
    }
    QTRY_COMPARE(f.server.connectionCount(), 1);
    QVERIFY(f.goodClientServed(u"still here"_s));
}

void tst_BadInput::peerVanishesMidCall_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QString>("answer");

    for (const QString &transport : DrsTest::transports()) {
        for (const QString &answer :
             { u"while disconnecting"_s, u"after deletion"_s, u"never"_s }) {
            QTest::addRow("%s/%s", qPrintable(transport), qPrintable(answer))
                    << transport << answer;
        }
    }
}

void tst_BadInput::peerVanishesMidCall()
{
    QFETCH(QString, transport);
    QFETCH(QString, answer);

    Fixture f;
    QVERIFY(f.start(transport));
    QSignalSpy clientConnected(&f.server, &DrsServer::clientConnected);
    QSignalSpy clientDisconnected(&f.server, &DrsServer::clientDisconnected);

    DrsRawClient client(transport);
    client.connectTo(f.url());
    QTRY_VERIFY(client.isConnected());
    QTRY_COMPARE(clientConnected.count(), 1);
    auto *served = clientConnected.at(0).at(0).value<DrsConnection *>();
    QPointer<DrsConnection> connection = served;

    client.send(DrsCommand(u"slow"_s, QJsonObject(), u"s1"_s), DrsCommand::JsonEncoding);
    QTRY_COMPARE(f.slow.size(), size_t(1));
    QCOMPARE(f.slow.front().connection(), served);
    QCOMPARE(f.slow.front().key(), u"s1"_s);

    // Answering from clientDisconnected: the connection object still exists, its peer does not.
    if (answer == u"while disconnecting"_s) {
        connect(&f.server, &DrsServer::clientDisconnected, this, [&f](DrsConnection *gone) {
            QVERIFY(gone->transport() == nullptr || !gone->transport()->isConnected());
            f.slow.front().respond(u"too late"_s);
        });
    }
    client.abort();
    QTRY_COMPARE(clientDisconnected.count(), 1);
    QCOMPARE(quintptr(clientDisconnected.at(0).at(0).value<DrsConnection *>()), quintptr(served));
    QCOMPARE(f.server.connectionCount(), 1);
    QTRY_VERIFY(connection.isNull());
    QVERIFY(f.slow.front().connection() == nullptr);

    if (answer == u"after deletion"_s) {
        f.slow.front().respond(u"too late"_s);
        QVERIFY(f.slow.front().isAnswered());
    } else if (answer == u"never"_s) {
        f.slow.clear(); // the unanswered request's drs.exception has nowhere to go
    } else {
        QVERIFY(f.slow.front().isAnswered());
    }
    f.slow.clear();

    // The server goes on: the good client's slow call is answered as usual.
    DrsReply *reply = f.good->call(u"slow"_s, QJsonObject(), 10000);
    QTRY_COMPARE(f.slow.size(), size_t(1));
    QCOMPARE(f.slow.front().connection(), f.server.connections().first());
    f.slow.front().respond(u"on time"_s);
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(u"on time"_s));
    QVERIFY(f.goodClientServed(u"after"_s));
}

QTEST_GUILESS_MAIN(tst_BadInput)

#include "tst_badinput.moc"
