// TrafficLogModel: batching, pairing in both directions, latency, statuses, ring eviction and
// the roles a view reads; QAbstractItemModelTester watches the model throughout.
#include <trafficlogmodel.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QRegularExpression>
#include <QtGui/QBrush>
#include <QtGui/QIcon>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using Status = TrafficRecord::Status;

namespace {
const QString kPeer = QStringLiteral("tcp://127.0.0.1:12000");

DrsCommand request(const QString &action, const QString &key)
{
    return DrsCommand(action, QJsonObject { { QStringLiteral("id"), 7 } }, key);
}

DrsCommand reply(const QString &replyAction, const QString &key)
{
    return DrsCommand(replyAction,
                      QJsonObject { { QStringLiteral("message"), QStringLiteral("m") } }, key);
}

QList<quint64> idsOf(const TrafficLogModel &model)
{
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.record(row).id;
    return ids;
}

QList<quint64> idRange(quint64 first, quint64 last)
{
    QList<quint64> ids;
    for (quint64 id = first; id <= last; ++id)
        ids << id;
    return ids;
}
} // namespace

class tst_TrafficLogModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void rowsAppearInOneBatch();
    void flushInsertsAtOnce();
    void pairing_data();
    void pairing();
    void pairingUpdatesInsertedRequestRow();
    void replyNeedsSamePeerAndOppositeDirection();
    void unmatchedErrorIsMalformed();
    void latencyUsesMonotonicClock();
    void appendRecordsTakesLatencyFromTimes();
    void timeout();
    void pendingCount();
    void ringEviction_data();
    void ringEviction();
    void batchLargerThanCapacity();
    void evictedRequestIsForgotten();
    void setCapacity();
    void appendWhileBatching();
    void clear();
    void roles();
    void seenActions();
    void recordsAreSmall();
    void pairRecords();

private:
    std::unique_ptr<TrafficLogModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_TrafficLogModel::init()
{
    m_model = std::make_unique<TrafficLogModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_TrafficLogModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void tst_TrafficLogModel::rowsAppearInOneBatch()
{
    QSignalSpy batched(m_model.get(), &TrafficLogModel::rowsBatched);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    const quint64 a
            = m_model->append(TrafficRecord::Outgoing, kPeer, DrsCommand(QStringLiteral("a")));
    const quint64 b
            = m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("b")));
    const quint64 c
            = m_model->append(TrafficRecord::Outgoing, kPeer, DrsCommand(QStringLiteral("c")));
    QCOMPARE(b, a + 1);
    QCOMPARE(c, b + 1);
    // Queued, not rows yet.
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->rowOfId(a), -1);

    QVERIFY(batched.wait(1000));
    QCOMPARE(batched.size(), 1);
    QCOMPARE(batched.at(0).at(0).toInt(), 3);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->rowOfId(a), 0);
    QCOMPARE(m_model->rowOfId(c), 2);
    QCOMPARE(m_model->record(1).command.action(), QStringLiteral("b"));
    QCOMPARE(m_model->totalAppended(), 3);

    // Nothing queued: no more batches.
    QVERIFY(!batched.wait(100));
}

void tst_TrafficLogModel::flushInsertsAtOnce()
{
    QSignalSpy batched(m_model.get(), &TrafficLogModel::rowsBatched);
    for (int i = 0; i < 50; ++i)
        m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("x")));
    m_model->flush();
    QCOMPARE(batched.size(), 1);
    QCOMPARE(m_model->rowCount(), 50);
    // records() sees queued ones too.
    m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("y")));
    QCOMPARE(m_model->records().size(), 51);
    QCOMPARE(m_model->records().constLast().command.action(), QStringLiteral("y"));
    // The timer that was running has nothing left to do.
    QVERIFY(!batched.wait(100));
    QCOMPARE(batched.size(), 2);
}

void tst_TrafficLogModel::pairing_data()
{
    QTest::addColumn<TrafficRecord::Direction>("requestDirection");
    QTest::addColumn<QString>("replyAction");
    QTest::addColumn<Status>("requestStatus");
    QTest::addColumn<Status>("replyStatus");

    const QList<QPair<QString, TrafficRecord::Direction>> directions = {
        { QStringLiteral("we call"), TrafficRecord::Outgoing },
        { QStringLiteral("peer calls"), TrafficRecord::Incoming },
    };
    for (const auto &direction : directions) {
        QTest::addRow("%s/response", qPrintable(direction.first))
                << direction.second << DrsCommand::responseAction() << TrafficRecord::Answered
                << TrafficRecord::Response;
        QTest::addRow("%s/error", qPrintable(direction.first))
                << direction.second << DrsCommand::errorAction() << TrafficRecord::Failed
                << TrafficRecord::ErrorReply;
        QTest::addRow("%s/exception", qPrintable(direction.first))
                << direction.second << DrsCommand::exceptionAction() << TrafficRecord::Failed
                << TrafficRecord::ExceptionReply;
    }
}

void tst_TrafficLogModel::pairing()
{
    QFETCH(TrafficRecord::Direction, requestDirection);
    QFETCH(QString, replyAction);
    QFETCH(Status, requestStatus);
    QFETCH(Status, replyStatus);
    const TrafficRecord::Direction replyDirection = requestDirection == TrafficRecord::Outgoing
            ? TrafficRecord::Incoming
            : TrafficRecord::Outgoing;

    const quint64 fire = m_model->append(requestDirection, kPeer, DrsCommand(QStringLiteral("f")));
    const quint64 req = m_model->append(requestDirection, kPeer,
                                        request(QStringLiteral("user.get"), QStringLiteral("K1")));
    const quint64 other = m_model->append(
            requestDirection, kPeer, request(QStringLiteral("user.set"), QStringLiteral("K2")));
    const quint64 rep
            = m_model->append(replyDirection, kPeer, reply(replyAction, QStringLiteral("K1")));
    m_model->flush();

    const TrafficRecord requestRecord = m_model->record(m_model->rowOfId(req));
    const TrafficRecord replyRecord = m_model->record(m_model->rowOfId(rep));
    QCOMPARE(m_model->record(m_model->rowOfId(fire)).status, TrafficRecord::Fired);
    QCOMPARE(requestRecord.status, requestStatus);
    QCOMPARE(replyRecord.status, replyStatus);
    QCOMPARE(requestRecord.pairedId, rep);
    QCOMPARE(replyRecord.pairedId, req);
    QVERIFY(replyRecord.latencyUs >= 0);
    QCOMPARE(requestRecord.latencyUs, replyRecord.latencyUs);
    // The other request is still waiting.
    const TrafficRecord otherRecord = m_model->record(m_model->rowOfId(other));
    QCOMPARE(otherRecord.status, TrafficRecord::Pending);
    QCOMPARE(otherRecord.pairedId, quint64(0));
    QCOMPARE(otherRecord.latencyUs, qint64(-1));
    QCOMPARE(m_model->pendingCount(), 1);

    // Roles say the same.
    const QModelIndex replyIndex = m_model->index(m_model->rowOfId(rep), 0);
    QCOMPARE(replyIndex.data(TrafficLogModel::PairedIdRole).toULongLong(), req);
    QCOMPARE(replyIndex.data(TrafficLogModel::StatusRole).toInt(), int(replyStatus));
    QCOMPARE(replyIndex.data(TrafficLogModel::LatencyUsRole).toLongLong(), replyRecord.latencyUs);
}

void tst_TrafficLogModel::pairingUpdatesInsertedRequestRow()
{
    const quint64 req = m_model->append(TrafficRecord::Outgoing, kPeer,
                                        request(QStringLiteral("user.get"), QStringLiteral("K")));
    for (int i = 0; i < 5; ++i)
        m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("noise")));
    m_model->flush();
    const int requestRow = m_model->rowOfId(req);
    QCOMPARE(m_model->record(requestRow).status, TrafficRecord::Pending);

    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy batched(m_model.get(), &TrafficLogModel::rowsBatched);
    const quint64 rep = m_model->append(TrafficRecord::Incoming, kPeer,
                                        reply(DrsCommand::responseAction(), QStringLiteral("K")));
    QVERIFY(batched.wait(1000));
    // The request row changed, and only it.
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), requestRow);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), requestRow);
    QCOMPARE(changed.at(0).at(0).toModelIndex().column(), 0);
    QCOMPARE(changed.at(0).at(1).toModelIndex().column(), TrafficLogModel::ColumnCount - 1);
    QCOMPARE(m_model->record(requestRow).status, TrafficRecord::Answered);
    QCOMPARE(m_model->record(requestRow).pairedId, rep);
}

void tst_TrafficLogModel::replyNeedsSamePeerAndOppositeDirection()
{
    const QString otherPeer = QStringLiteral("tcp://127.0.0.1:13000");
    const quint64 req = m_model->append(TrafficRecord::Outgoing, kPeer,
                                        request(QStringLiteral("a"), QStringLiteral("K")));
    // Same key from another peer, and a reply going the same way as the request: not its reply.
    const quint64 wrongPeer
            = m_model->append(TrafficRecord::Incoming, otherPeer,
                              reply(DrsCommand::responseAction(), QStringLiteral("K")));
    const quint64 wrongWay
            = m_model->append(TrafficRecord::Outgoing, kPeer,
                              reply(DrsCommand::responseAction(), QStringLiteral("K")));
    const quint64 right = m_model->append(TrafficRecord::Incoming, kPeer,
                                          reply(DrsCommand::responseAction(), QStringLiteral("K")));
    // A second reply to an answered request pairs with nothing.
    const quint64 again = m_model->append(TrafficRecord::Incoming, kPeer,
                                          reply(DrsCommand::responseAction(), QStringLiteral("K")));
    m_model->flush();

    QCOMPARE(m_model->record(m_model->rowOfId(wrongPeer)).pairedId, quint64(0));
    QCOMPARE(m_model->record(m_model->rowOfId(wrongPeer)).status, TrafficRecord::Response);
    QCOMPARE(m_model->record(m_model->rowOfId(wrongWay)).pairedId, quint64(0));
    QCOMPARE(m_model->record(m_model->rowOfId(right)).pairedId, req);
    QCOMPARE(m_model->record(m_model->rowOfId(req)).pairedId, right);
    QCOMPARE(m_model->record(m_model->rowOfId(again)).pairedId, quint64(0));
    QCOMPARE(m_model->record(m_model->rowOfId(again)).latencyUs, qint64(-1));
}

void tst_TrafficLogModel::unmatchedErrorIsMalformed()
{
    const quint64 keyless
            = m_model->append(TrafficRecord::Incoming, kPeer,
                              DrsCommand(DrsCommand::errorAction(),
                                         QJsonObject { { QStringLiteral("message"),
                                                         QStringLiteral("invalid JSON") } }));
    const quint64 unknownKey
            = m_model->append(TrafficRecord::Outgoing, kPeer,
                              reply(DrsCommand::errorAction(), QStringLiteral("nope")));
    const quint64 unknownResponse
            = m_model->append(TrafficRecord::Incoming, kPeer,
                              reply(DrsCommand::responseAction(), QStringLiteral("nope")));
    const quint64 unknownException
            = m_model->append(TrafficRecord::Incoming, kPeer,
                              reply(DrsCommand::exceptionAction(), QStringLiteral("nope")));
    m_model->flush();
    QCOMPARE(m_model->record(m_model->rowOfId(keyless)).status, TrafficRecord::Malformed);
    QCOMPARE(m_model->record(m_model->rowOfId(unknownKey)).status, TrafficRecord::Malformed);
    QCOMPARE(m_model->record(m_model->rowOfId(unknownResponse)).status, TrafficRecord::Response);
    QCOMPARE(m_model->record(m_model->rowOfId(unknownException)).status,
             TrafficRecord::ExceptionReply);
    const QModelIndex index
            = m_model->index(m_model->rowOfId(keyless), TrafficLogModel::StatusColumn);
    QVERIFY(index.data(Qt::ToolTipRole).toString().contains(QStringLiteral("invalid JSON")));
    QVERIFY(index.data(Qt::BackgroundRole).value<QBrush>().color().isValid());
}

void tst_TrafficLogModel::latencyUsesMonotonicClock()
{
    QElapsedTimer elapsed;
    elapsed.start();
    // Wall-clock times an hour apart, the wrong way round: latency must not come from them.
    const qint64 wall = 1700000000000;
    const quint64 req = m_model->append(TrafficRecord::Outgoing, kPeer,
                                        request(QStringLiteral("a"), QStringLiteral("K")), wall);
    QSignalSpy batched(m_model.get(), &TrafficLogModel::rowsBatched);
    // The batch comes one frame (16 ms) later: time passes between the request and the reply.
    QVERIFY(batched.wait(1000));
    const quint64 rep = m_model->append(TrafficRecord::Incoming, kPeer,
                                        reply(DrsCommand::responseAction(), QStringLiteral("K")),
                                        wall - 3600000);
    const qint64 upperUs = elapsed.nsecsElapsed() / 1000;
    m_model->flush();
    const qint64 latency = m_model->record(m_model->rowOfId(rep)).latencyUs;
    QVERIFY2(latency >= 10000 && latency <= upperUs,
             qPrintable(QStringLiteral("%1 not in [10000, %2]").arg(latency).arg(upperUs)));
    QCOMPARE(m_model->record(m_model->rowOfId(req)).latencyUs, latency);
    QCOMPARE(m_model->record(m_model->rowOfId(req)).timeMs, wall);
    QCOMPARE(m_model->record(m_model->rowOfId(rep)).timeMs, wall - 3600000);
}

void tst_TrafficLogModel::appendRecordsTakesLatencyFromTimes()
{
    TrafficRecord req;
    req.id = 1;
    req.timeMs = 1700000000000;
    req.direction = TrafficRecord::Incoming;
    req.peer = kPeer;
    req.command = request(QStringLiteral("a"), QStringLiteral("K"));
    TrafficRecord rep = req;
    rep.id = 2;
    rep.timeMs += 250;
    rep.direction = TrafficRecord::Outgoing;
    rep.command = reply(DrsCommand::responseAction(), QStringLiteral("K"));

    m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("before")));
    m_model->appendRecords({ req, rep });
    m_model->flush();
    QCOMPARE(m_model->rowCount(), 3);
    const TrafficRecord a = m_model->record(1);
    const TrafficRecord b = m_model->record(2);
    // New ids from the model.
    QCOMPARE(a.id, m_model->record(0).id + 1);
    QCOMPARE(a.status, TrafficRecord::Answered);
    QCOMPARE(b.status, TrafficRecord::Response);
    QCOMPARE(a.pairedId, b.id);
    QCOMPARE(b.latencyUs, qint64(250000));
    QCOMPARE(b.timeMs, rep.timeMs);
    QCOMPARE(b.size, qint64(rep.command.toJson().size()));
}

void tst_TrafficLogModel::timeout()
{
    const quint64 req = m_model->append(TrafficRecord::Outgoing, kPeer,
                                        request(QStringLiteral("slow"), QStringLiteral("K")));
    m_model->flush();
    QCOMPARE(m_model->pendingCount(), 1);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy pending(m_model.get(), &TrafficLogModel::pendingCountChanged);

    // Unknown calls and incoming requests are not ours to time out.
    m_model->markTimedOut(kPeer, QStringLiteral("unknown"));
    m_model->markTimedOut(QStringLiteral("local:other"), QStringLiteral("K"));
    m_model->markTimedOut(kPeer, QStringLiteral("K"));
    QCOMPARE(m_model->record(m_model->rowOfId(req)).status, TrafficRecord::TimedOut);
    QCOMPARE(m_model->pendingCount(), 0);
    // The change reaches views with the next frame.
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), m_model->rowOfId(req));
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.at(0).at(0).toInt(), 0);
    const QModelIndex status = m_model->index(m_model->rowOfId(req), TrafficLogModel::StatusColumn);
    QCOMPARE(status.data().toString(), TrafficLogModel::statusText(TrafficRecord::TimedOut));

    // A late reply is still paired; the request stays timed out.
    const quint64 rep = m_model->append(TrafficRecord::Incoming, kPeer,
                                        reply(DrsCommand::responseAction(), QStringLiteral("K")));
    m_model->flush();
    QCOMPARE(m_model->record(m_model->rowOfId(req)).status, TrafficRecord::TimedOut);
    QCOMPARE(m_model->record(m_model->rowOfId(req)).pairedId, rep);
    QCOMPARE(m_model->record(m_model->rowOfId(rep)).pairedId, req);
    QCOMPARE(m_model->pendingCount(), 0);

    // Timing out an incoming request does nothing.
    const quint64 incoming = m_model->append(
            TrafficRecord::Incoming, kPeer, request(QStringLiteral("theirs"), QStringLiteral("T")));
    m_model->markTimedOut(kPeer, QStringLiteral("T"));
    m_model->flush();
    QCOMPARE(m_model->record(m_model->rowOfId(incoming)).status, TrafficRecord::Pending);
}

void tst_TrafficLogModel::pendingCount()
{
    QSignalSpy pending(m_model.get(), &TrafficLogModel::pendingCountChanged);
    m_model->append(TrafficRecord::Outgoing, kPeer,
                    request(QStringLiteral("a"), QStringLiteral("1")));
    m_model->append(TrafficRecord::Incoming, kPeer,
                    request(QStringLiteral("b"), QStringLiteral("2")));
    m_model->append(TrafficRecord::Outgoing, kPeer, DrsCommand(QStringLiteral("fire")));
    QCOMPARE(m_model->pendingCount(), 2);
    // Signalled once per batch, not per command.
    QVERIFY(pending.wait(1000));
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.at(0).at(0).toInt(), 2);
    m_model->append(TrafficRecord::Outgoing, kPeer,
                    reply(DrsCommand::responseAction(), QStringLiteral("2")));
    m_model->flush();
    QCOMPARE(pending.size(), 2);
    QCOMPARE(pending.at(1).at(0).toInt(), 1);
}

void tst_TrafficLogModel::ringEviction_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<int>("batches");
    QTest::addRow("exact fit") << 10 << 5 << 2;
    QTest::addRow("one over") << 10 << 11 << 1;
    QTest::addRow("wraps many times") << 7 << 3 << 20;
    QTest::addRow("batch == capacity") << 8 << 8 << 5;
    QTest::addRow("single rows") << 4 << 1 << 13;
    QTest::addRow("capacity 1") << 1 << 2 << 6;
}

void tst_TrafficLogModel::ringEviction()
{
    QFETCH(int, capacity);
    QFETCH(int, batchSize);
    QFETCH(int, batches);
    m_model->setCapacity(capacity);
    QCOMPARE(m_model->capacity(), capacity);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    quint64 first = 0;
    quint64 last = 0;
    for (int b = 0; b < batches; ++b) {
        const int rowsBefore = m_model->rowCount();
        const int removedBefore = int(removed.size());
        for (int i = 0; i < batchSize; ++i) {
            last = m_model->append(TrafficRecord::Incoming, kPeer,
                                   DrsCommand(QStringLiteral("n%1").arg(last + 1)));
            if (!first)
                first = last;
        }
        m_model->flush();
        const int expectedRows = std::min(capacity, rowsBefore + batchSize);
        QCOMPARE(m_model->rowCount(), expectedRows);
        const int evicted = rowsBefore + std::min(batchSize, capacity) - expectedRows;
        // Evictions are one removal at the front per batch.
        if (evicted > 0) {
            QCOMPARE(removed.size(), removedBefore + 1);
            QCOMPARE(removed.constLast().at(1).toInt(), 0);
            QCOMPARE(removed.constLast().at(2).toInt(), evicted - 1);
        } else {
            QCOMPARE(removed.size(), removedBefore);
        }
        QCOMPARE(inserted.size(), b + 1);
        // The newest rows are kept, oldest first, and rowOfId follows them.
        const quint64 firstKept = last - quint64(expectedRows) + 1;
        QCOMPARE(idsOf(*m_model), idRange(firstKept, last));
        for (int row = 0; row < expectedRows; ++row) {
            QCOMPARE(m_model->rowOfId(firstKept + quint64(row)), row);
            QCOMPARE(m_model->record(row).command.action(),
                     QStringLiteral("n%1").arg(firstKept + quint64(row)));
        }
        QCOMPARE(m_model->rowOfId(firstKept - 1), -1);
        QCOMPARE(m_model->rowOfId(first - 1), -1);
        QCOMPARE(m_model->rowOfId(last + 1), -1);
    }
    QCOMPARE(m_model->totalAppended(), qint64(batchSize) * batches);
}

void tst_TrafficLogModel::batchLargerThanCapacity()
{
    m_model->setCapacity(5);
    m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("old")));
    m_model->flush();
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy batched(m_model.get(), &TrafficLogModel::rowsBatched);
    quint64 last = 0;
    for (int i = 0; i < 12; ++i) {
        // Requests that never become rows must not stay pending.
        last = m_model->append(TrafficRecord::Outgoing, kPeer,
                               request(QStringLiteral("r"), QStringLiteral("k%1").arg(i)));
    }
    QCOMPARE(m_model->pendingCount(), 12);
    m_model->flush();
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(batched.at(0).at(0).toInt(), 5);
    QCOMPARE(idsOf(*m_model), idRange(last - 4, last));
    QCOMPARE(m_model->pendingCount(), 5);
    // A reply to a request that was dropped is unpaired; one to a kept request pairs.
    const quint64 dropped
            = m_model->append(TrafficRecord::Incoming, kPeer,
                              reply(DrsCommand::responseAction(), QStringLiteral("k0")));
    const quint64 kept
            = m_model->append(TrafficRecord::Incoming, kPeer,
                              reply(DrsCommand::responseAction(), QStringLiteral("k11")));
    m_model->flush();
    QCOMPARE(m_model->record(m_model->rowOfId(dropped)).pairedId, quint64(0));
    QCOMPARE(m_model->record(m_model->rowOfId(kept)).pairedId, last);
}

void tst_TrafficLogModel::evictedRequestIsForgotten()
{
    m_model->setCapacity(3);
    const quint64 req = m_model->append(TrafficRecord::Outgoing, kPeer,
                                        request(QStringLiteral("a"), QStringLiteral("K")));
    m_model->flush();
    for (int i = 0; i < 3; ++i)
        m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("noise")));
    m_model->flush();
    QCOMPARE(m_model->rowOfId(req), -1);
    QCOMPARE(m_model->pendingCount(), 0);
    // Timing out the evicted call is harmless.
    m_model->markTimedOut(kPeer, QStringLiteral("K"));
    const quint64 err = m_model->append(TrafficRecord::Incoming, kPeer,
                                        reply(DrsCommand::errorAction(), QStringLiteral("K")));
    m_model->flush();
    QCOMPARE(m_model->record(m_model->rowOfId(err)).pairedId, quint64(0));
    QCOMPARE(m_model->record(m_model->rowOfId(err)).status, TrafficRecord::Malformed);
}

void tst_TrafficLogModel::setCapacity()
{
    QCOMPARE(m_model->capacity(), TrafficLogModel::DefaultCapacity);
    m_model->setCapacity(6);
    quint64 last = 0;
    for (int i = 0; i < 15; ++i) {
        last = m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("a")));
        if (i % 4 == 3)
            m_model->flush(); // wraps the ring so that its head is not at 0
    }
    // Shrinking flushes what is queued and evicts the oldest rows.
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    m_model->setCapacity(4);
    // The 3 queued rows push 3 out of the full ring of 6; shrinking to 4 then takes 2 more.
    QCOMPARE(removed.size(), 2);
    QCOMPARE(removed.at(0).at(2).toInt(), 2);
    QCOMPARE(removed.at(1).at(1).toInt(), 0);
    QCOMPARE(removed.at(1).at(2).toInt(), 1);
    QCOMPARE(idsOf(*m_model), idRange(last - 3, last));
    // Growing keeps the rows and lets more in.
    m_model->setCapacity(9);
    for (int i = 0; i < 7; ++i)
        last = m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("b")));
    m_model->flush();
    QCOMPARE(idsOf(*m_model), idRange(last - 8, last));
    QCOMPARE(m_model->rowOfId(last - 8), 0);
    m_model->setCapacity(0);
    QCOMPARE(m_model->capacity(), 1);
    QCOMPARE(idsOf(*m_model), QList<quint64> { last });
}

void tst_TrafficLogModel::appendWhileBatching()
{
    // A slot reacting to the batch appends (a session logging what a view change sent).
    m_model->setCapacity(3);
    for (int i = 0; i < 3; ++i)
        m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("old")));
    m_model->flush();
    quint64 late = 0;
    const auto connection = connect(m_model.get(), &QAbstractItemModel::rowsRemoved, this, [&] {
        if (!late)
            late = m_model->append(TrafficRecord::Outgoing, kPeer,
                                   DrsCommand(QStringLiteral("late")));
    });
    const quint64 last
            = m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("new")));
    QSignalSpy batched(m_model.get(), &TrafficLogModel::rowsBatched);
    m_model->flush();
    disconnect(connection);
    QVERIFY(late > last);
    QCOMPARE(m_model->rowOfId(last), 2);
    // The command appended meanwhile comes with the next batch.
    QVERIFY(batched.wait(1000));
    QCOMPARE(m_model->rowOfId(late), 2);
    QCOMPARE(m_model->record(2).command.action(), QStringLiteral("late"));
}

void tst_TrafficLogModel::clear()
{
    m_model->append(TrafficRecord::Outgoing, kPeer,
                    request(QStringLiteral("a"), QStringLiteral("K")));
    m_model->flush();
    const quint64 queued
            = m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("q")));
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy batched(m_model.get(), &TrafficLogModel::rowsBatched);
    m_model->clear();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->pendingCount(), 0);
    // The queued record went too.
    QVERIFY(!batched.wait(100));
    QCOMPARE(m_model->rowCount(), 0);
    // Ids keep counting; a reply to a cleared request pairs with nothing.
    const quint64 next = m_model->append(TrafficRecord::Incoming, kPeer,
                                         reply(DrsCommand::responseAction(), QStringLiteral("K")));
    QVERIFY(next > queued);
    m_model->flush();
    QCOMPARE(m_model->rowOfId(next), 0);
    QCOMPARE(m_model->record(0).pairedId, quint64(0));
    QCOMPARE(m_model->totalAppended(), 3);
}

void tst_TrafficLogModel::roles()
{
    const DrsCommand command(QStringLiteral("user.get"),
                             QJsonObject { { QStringLiteral("id"), 7 },
                                           { QStringLiteral("big"), qint64(9007199254740993) } },
                             QStringLiteral("KEY1"));
    const qint64 time = 1700000000123;
    const quint64 id = m_model->append(TrafficRecord::Outgoing, kPeer, command, time);
    m_model->append(TrafficRecord::Incoming, kPeer,
                    reply(DrsCommand::exceptionAction(), QStringLiteral("KEY1")), time + 5);
    m_model->flush();

    const auto cell = [this](int column, int role = Qt::DisplayRole) {
        return m_model->index(0, column).data(role);
    };
    QVERIFY(QRegularExpression(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.123$"))
                    .match(cell(TrafficLogModel::TimeColumn).toString())
                    .hasMatch());
    QCOMPARE(cell(TrafficLogModel::DirectionColumn).toString(),
             TrafficLogModel::directionText(TrafficRecord::Outgoing));
    QCOMPARE(cell(TrafficLogModel::PeerColumn).toString(), kPeer);
    QCOMPARE(cell(TrafficLogModel::ActionColumn).toString(), QStringLiteral("user.get"));
    QCOMPARE(cell(TrafficLogModel::KeyColumn).toString(), QStringLiteral("KEY1"));
    QCOMPARE(cell(TrafficLogModel::SizeColumn, TrafficLogModel::SortRole).toLongLong(),
             qint64(command.toJson().size()));
    QCOMPARE(m_model->record(0).size, qint64(command.toJson().size()));
    QCOMPARE(cell(TrafficLogModel::StatusColumn).toString(),
             TrafficLogModel::statusText(TrafficRecord::Failed));
    QCOMPARE(cell(0, TrafficLogModel::RecordIdRole).toULongLong(), id);
    QCOMPARE(cell(0, TrafficLogModel::CommandRole).value<DrsCommand>(), command);
    QCOMPARE(cell(0, TrafficLogModel::DirectionRole).toInt(), int(TrafficRecord::Outgoing));
    QCOMPARE(cell(0, TrafficLogModel::TimeMsRole).toLongLong(), time);
    QCOMPARE(cell(0, TrafficLogModel::BodyTextRole).toString(),
             QStringLiteral("{\"big\":9007199254740993,\"id\":7}"));
    QCOMPARE(cell(TrafficLogModel::SizeColumn, Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QVERIFY(!cell(TrafficLogModel::LatencyColumn).toString().isEmpty());

    // Status colours and icons, painted without any resource file.
    QVERIFY(!cell(TrafficLogModel::StatusColumn, Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(!cell(TrafficLogModel::DirectionColumn, Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(cell(TrafficLogModel::StatusColumn, Qt::BackgroundRole)
                    .value<QBrush>()
                    .color()
                    .isValid());
    QVERIFY(cell(TrafficLogModel::StatusColumn, Qt::ForegroundRole)
                    .value<QBrush>()
                    .color()
                    .isValid());
    const QString tip = cell(TrafficLogModel::ActionColumn, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("KEY1")) && tip.contains(kPeer), qPrintable(tip));
    // The exception reply's message is in its tooltip.
    QVERIFY(m_model->index(1, TrafficLogModel::StatusColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("m")));
    // A fired command is plain.
    m_model->append(TrafficRecord::Outgoing, kPeer, DrsCommand(QStringLiteral("f")));
    m_model->flush();
    QVERIFY(!m_model->index(2, TrafficLogModel::ActionColumn).data(Qt::BackgroundRole).isValid());
    QVERIFY(m_model->index(2, TrafficLogModel::LatencyColumn).data().toString().isEmpty());

    QCOMPARE(m_model->headerData(TrafficLogModel::TimeColumn, Qt::Horizontal).toString(),
             QStringLiteral("Time"));
    QCOMPARE(m_model->headerData(TrafficLogModel::LatencyColumn, Qt::Horizontal).toString(),
             QStringLiteral("Latency"));
    QCOMPARE(m_model->columnCount(), int(TrafficLogModel::ColumnCount));
}

void tst_TrafficLogModel::seenActions()
{
    QSignalSpy changed(m_model.get(), &TrafficLogModel::seenActionsChanged);
    m_model->append(TrafficRecord::Outgoing, kPeer,
                    request(QStringLiteral("b.get"), QStringLiteral("1")));
    m_model->append(TrafficRecord::Incoming, kPeer,
                    reply(DrsCommand::responseAction(), QStringLiteral("1")));
    m_model->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("a.event")));
    m_model->append(TrafficRecord::Outgoing, kPeer, DrsCommand(QStringLiteral("b.get")));
    m_model->flush();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_model->seenActions(),
             (QStringList { QStringLiteral("a.event"), QStringLiteral("b.get") }));
    m_model->append(TrafficRecord::Outgoing, kPeer, DrsCommand(QStringLiteral("a.event")));
    m_model->flush();
    QCOMPARE(changed.size(), 1);
}

void tst_TrafficLogModel::recordsAreSmall()
{
    // The row is a handful of fields around the shared command.
    QVERIFY2(sizeof(TrafficRecord) <= 96, qPrintable(QString::number(sizeof(TrafficRecord))));
    // Peer names are shared between rows, even when each append passes its own string.
    for (int i = 0; i < 3; ++i) {
        const QString peer = QStringLiteral("local:") + QStringLiteral("peer");
        m_model->append(TrafficRecord::Incoming, peer, DrsCommand(QStringLiteral("a")));
    }
    m_model->flush();
    QCOMPARE(m_model->record(0).peer.constData(), m_model->record(2).peer.constData());
}

void tst_TrafficLogModel::pairRecords()
{
    QList<TrafficRecord> records(4);
    const QList<QPair<TrafficRecord::Direction, DrsCommand>> commands = {
        { TrafficRecord::Outgoing, request(QStringLiteral("a"), QStringLiteral("K")) },
        { TrafficRecord::Incoming, DrsCommand(QStringLiteral("event")) },
        { TrafficRecord::Incoming, reply(DrsCommand::errorAction(), QStringLiteral("K")) },
        { TrafficRecord::Incoming, reply(DrsCommand::errorAction(), QStringLiteral("K")) },
    };
    for (int i = 0; i < 4; ++i) {
        records[i].id = quint64(10 + i);
        records[i].timeMs = 1000 + i * 100;
        records[i].peer = kPeer;
        records[i].direction = commands.at(i).first;
        records[i].command = commands.at(i).second;
    }
    TrafficLogModel::pairRecords(records);
    QCOMPARE(records[0].status, TrafficRecord::Failed);
    QCOMPARE(records[0].pairedId, quint64(12));
    QCOMPARE(records[1].status, TrafficRecord::Fired);
    QCOMPARE(records[2].status, TrafficRecord::ErrorReply);
    QCOMPARE(records[2].latencyUs, qint64(200000));
    QCOMPARE(records[3].status, TrafficRecord::Malformed);
}

QTEST_MAIN(tst_TrafficLogModel)

#include "tst_trafficlogmodel.moc"
