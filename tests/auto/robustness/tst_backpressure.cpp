// Backpressure: a client's write high-water mark (writeHighWaterMarkReached() / writeDrained(),
// bytesToWrite()), and the server's slow-consumer policy: a client that never reads is
// disconnected with a reason while the others keep getting every broadcast, and the server's
// queue for it stays bounded. Real sockets over tcp, local and ws; the stalled peers stop
// reading by capping their socket's read buffer.
#include "drstestutil.h"
#include "stalledpeer.h"

#include <drsconnection.h>
#include <drsserver.h>

#include <QtCore/QPointer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr int PayloadSize = 64 * 1024;
//! Bounds every loop that waits for the kernel buffers between two sockets to fill.
constexpr int MaxMessages = 1500;

QJsonObject payload(int index)
{
    return QJsonObject { { u"i"_s, index }, { u"data"_s, QString(PayloadSize, u'x') } };
}
} // namespace

class tst_Backpressure : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void highWaterMark_data() { DrsTest::addTransportRows(); }
    void highWaterMark();
    void defaults();
    void slowConsumerDisconnected_data() { DrsTest::addTransportRows(); }
    void slowConsumerDisconnected();
    void dropBroadcastsPolicy();
};

// A client writing to a peer that stopped reading: its queue grows, the mark is crossed once,
// and writeDrained() comes only when the peer reads again and the queue is empty.
void tst_Backpressure::highWaterMark()
{
    QFETCH(QString, transport);
    StalledServer peer(transport);
    QVERIFY(peer.listen());

    DrsConnection connection;
    constexpr qint64 Mark = 512 * 1024;
    connection.setWriteHighWaterMark(Mark);
    QCOMPARE(connection.writeHighWaterMark(), Mark);
    QSignalSpy reachedSpy(&connection, &DrsConnection::writeHighWaterMarkReached);
    QSignalSpy drainedSpy(&connection, &DrsConnection::writeDrained);
    QSignalSpy connectedSpy(&connection, &DrsConnection::connected);
    connection.open(peer.url());
    QTRY_COMPARE(connectedSpy.count(), 1);
    QTRY_VERIFY(peer.hasClient());

    // Fill until the kernel takes no more (its send buffer grows to 4 MiB on Linux, the stalled
    // receiver's stays small): 6 MiB written and the queue above the mark.
    constexpr int Fill = 6 * 1024 * 1024 / PayloadSize;
    int sent = 0;
    while (!(sent >= Fill && connection.bytesToWrite() >= Mark) && sent < MaxMessages) {
        QVERIFY(connection.fire(u"bulk"_s, payload(sent)));
        ++sent;
        QCoreApplication::processEvents(); // lets the socket hand what it can to the kernel
    }
    QVERIFY2(connection.bytesToWrite() >= Mark, qPrintable(QString::number(sent)));
    QVERIFY(reachedSpy.first().first().toLongLong() >= Mark);
    // Each crossing is announced once, and only a drain rearms it.
    const int reached = int(reachedSpy.count());
    QCOMPARE(reached, drainedSpy.count() + 1);
    // Nobody reads: no drain, however long we wait, and no second announcement.
    QVERIFY(connection.fire(u"bulk"_s, payload(sent++)));
    QVERIFY(!drainedSpy.wait(300));
    QCOMPARE(reachedSpy.count(), reached);
    QVERIFY(connection.bytesToWrite() >= Mark);

    peer.resumeReading();
    QTRY_COMPARE_WITH_TIMEOUT(drainedSpy.count(), reached, 10000);
    QCOMPARE(connection.bytesToWrite(), 0);
    QTRY_VERIFY(peer.bytesRead() >= qint64(sent) * PayloadSize);
    QVERIFY(connection.isConnected()); // a client connection is never dropped for this

    // The next crossing is reported again.
    connection.setWriteHighWaterMark(1);
    QVERIFY(connection.fire(u"bulk"_s, payload(0)));
    QCOMPARE(reachedSpy.count(), reached + 1);
}

void tst_Backpressure::defaults()
{
    DrsConnection connection;
    QCOMPARE(connection.writeHighWaterMark(), 8 * 1024 * 1024);
    QCOMPARE(connection.bytesToWrite(), 0);
    DrsServer server;
    QCOMPARE(server.slowConsumerLimit(), 64 * 1024 * 1024);
    QCOMPARE(server.slowConsumerPolicy(), DrsServer::DisconnectSlowConsumer);
}

// A client that never reads, among broadcasts: it is disconnected with SlowConsumerError and a
// reason, its queue never grows past the limit plus one message, and a normal client in the
// same run gets every broadcast, in order.
void tst_Backpressure::slowConsumerDisconnected()
{
    QFETCH(QString, transport);
    // What clientDisconnected() said (declared before the server, which outlives the slot).
    DrsConnection::Error slowError = DrsConnection::NoError;
    QString slowReason;
    bool droppedTheSlowOne = false;
    QPointer<DrsConnection> slowOnServer;
    DrsServer server;
    constexpr qint64 Limit = 256 * 1024;
    server.setSlowConsumerLimit(Limit);
    QVERIFY2(server.listen(DrsTest::listenUrl(transport)), qPrintable(server.errorString()));
    const QUrl url = server.serverUrls().constFirst();

    DrsConnection normal;
    QList<int> received;
    connect(&normal, &DrsConnection::commandReceived, this, [&received](const DrsCommand &c) {
        if (c.action() == u"news"_s)
            received.append(c.body()[u"i"_s].toInt());
    });
    normal.open(url);
    QTRY_COMPARE(server.connectionCount(), 1);
    QTRY_VERIFY(normal.isConnected());
    DrsConnection *normalOnServer = server.connections().constFirst();

    StalledClient slow(transport);
    slow.connectTo(url);
    QTRY_COMPARE(server.connectionCount(), 2);
    slowOnServer = server.connections().constLast();
    QVERIFY(slowOnServer != normalOnServer);

    QSignalSpy disconnectedSpy(&server, &DrsServer::clientDisconnected);
    connect(&server, &DrsServer::clientDisconnected, this, [&](DrsConnection *c) {
        droppedTheSlowOne = c == slowOnServer.data();
        slowError = c->error();
        slowReason = c->errorString();
    });

    qint64 largestQueue = 0;
    int sent = 0;
    while (disconnectedSpy.isEmpty() && sent < MaxMessages) {
        QVERIFY(server.broadcast(u"news"_s, payload(sent)) >= 1);
        ++sent;
        if (slowOnServer)
            largestQueue = qMax(largestQueue, slowOnServer->bytesToWrite());
        // The normal client keeps up: its queue on the server never nears the limit.
        QTRY_COMPARE(received.size(), sent);
    }
    QCOMPARE(disconnectedSpy.count(), 1);
    QVERIFY(droppedTheSlowOne);
    QCOMPARE(slowError, DrsConnection::SlowConsumerError);
    QVERIFY2(slowReason.contains(u"did not read"_s), qPrintable(slowReason));
    QVERIFY2(largestQueue > Limit, qPrintable(QString::number(largestQueue)));
    QVERIFY2(largestQueue <= Limit + PayloadSize + 1024, qPrintable(QString::number(largestQueue)));
    QTRY_COMPARE(server.connectionCount(), 1);

    // The others are not held up: more broadcasts reach the normal client, all of them, in order.
    for (int i = 0; i < 20; ++i) {
        QCOMPARE(server.broadcast(u"news"_s, payload(sent++)), 1);
        QTRY_COMPARE(received.size(), sent);
    }
    for (int i = 0; i < sent; ++i)
        QCOMPARE(received.at(i), i);
    QVERIFY(normal.isConnected());
}

// DropBroadcasts keeps the slow client but skips broadcasts to it while it is over the limit.
void tst_Backpressure::dropBroadcastsPolicy()
{
    DrsServer server;
    constexpr qint64 Limit = 256 * 1024;
    server.setSlowConsumerLimit(Limit);
    server.setSlowConsumerPolicy(DrsServer::DropBroadcasts);
    QVERIFY(server.listen(DrsTest::listenUrl(u"tcp"_s)));
    StalledClient slow(u"tcp"_s);
    slow.connectTo(server.serverUrls().constFirst());
    QTRY_COMPARE(server.connectionCount(), 1);
    QPointer<DrsConnection> slowOnServer = server.connections().constFirst();
    QSignalSpy disconnectedSpy(&server, &DrsServer::clientDisconnected);

    int written = 0;
    int skipped = 0;
    qint64 largestQueue = 0;
    for (int sent = 0; sent < MaxMessages && skipped < 5; ++sent) {
        if (server.broadcast(u"news"_s, payload(sent)) == 0)
            ++skipped;
        else
            ++written;
        largestQueue = qMax(largestQueue, slowOnServer->bytesToWrite());
        QCoreApplication::processEvents();
    }
    QCOMPARE(skipped, 5);
    QVERIFY(written > 0);
    QVERIFY2(largestQueue <= Limit + PayloadSize + 1024, qPrintable(QString::number(largestQueue)));
    QVERIFY(!disconnectedSpy.wait(250));
    QVERIFY(slowOnServer);
    QCOMPARE(server.connectionCount(), 1);
}

QTEST_MAIN(tst_Backpressure)
#include "tst_backpressure.moc"
