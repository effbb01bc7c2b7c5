// TrafficFilterModel over a real TrafficLogModel: action text and regular expression (with
// errors), direction, status, body search, their combinations, counts, and live updates.
#include <trafficfiltermodel.h>

#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>
#include <optional>

using Direction = TrafficRecord::Direction;
using Status = TrafficRecord::Status;
using StatusList = QList<TrafficRecord::Status>;
using OptionalDirection = std::optional<TrafficRecord::Direction>;
Q_DECLARE_METATYPE(OptionalDirection)

namespace {
const QString kPeer = QStringLiteral("tcp://127.0.0.1:12000");
}

class tst_TrafficFilterModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void noFilterShowsAll();
    void filters_data();
    void filters();
    void invalidRegularExpression();
    void countsFollowBatchesAndFilters();
    void statusChangeRefilters();
    void evictionWithFilter();
    void sortsByNumbers();

private:
    // Rows (ids in brackets):
    // [1] out user.get K1 {"id":7}       Answered (by 2)
    // [2] in  drs.response K1 {"Name":"Ada"}  Response
    // [3] in  user.set K2 {"id":8}       Failed (by 4)
    // [4] out drs.error K2 {"message":"denied"} ErrorReply
    // [5] in  chat.message (fire) {"text":"Hello World"} Fired
    // [6] out user.get K3 {"id":9}       Pending
    // [7] in  drs.error (keyless) {"message":"invalid JSON"} Malformed
    void fillLog();
    QList<quint64> shownIds() const;

    std::unique_ptr<TrafficLogModel> m_log;
    std::unique_ptr<TrafficFilterModel> m_filter;
    std::unique_ptr<QAbstractItemModelTester> m_logTester;
    std::unique_ptr<QAbstractItemModelTester> m_filterTester;
};

void tst_TrafficFilterModel::init()
{
    m_log = std::make_unique<TrafficLogModel>();
    m_filter = std::make_unique<TrafficFilterModel>();
    m_filter->setSourceModel(m_log.get());
    m_logTester = std::make_unique<QAbstractItemModelTester>(
            m_log.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_filterTester = std::make_unique<QAbstractItemModelTester>(
            m_filter.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_TrafficFilterModel::cleanup()
{
    m_filterTester.reset();
    m_logTester.reset();
    m_filter.reset();
    m_log.reset();
}

void tst_TrafficFilterModel::fillLog()
{
    const auto add = [this](Direction direction, const QString &action, const QJsonObject &body,
                            const QString &key = QString()) {
        m_log->append(direction, kPeer, DrsCommand(action, body, key));
    };
    const QString id = QStringLiteral("id");
    const QString message = QStringLiteral("message");
    add(TrafficRecord::Outgoing, QStringLiteral("user.get"), { { id, 7 } }, QStringLiteral("K1"));
    add(TrafficRecord::Incoming, DrsCommand::responseAction(),
        { { QStringLiteral("Name"), QStringLiteral("Ada") } }, QStringLiteral("K1"));
    add(TrafficRecord::Incoming, QStringLiteral("user.set"), { { id, 8 } }, QStringLiteral("K2"));
    add(TrafficRecord::Outgoing, DrsCommand::errorAction(),
        { { message, QStringLiteral("denied") } }, QStringLiteral("K2"));
    add(TrafficRecord::Incoming, QStringLiteral("chat.message"),
        { { QStringLiteral("text"), QStringLiteral("Hello World") } });
    add(TrafficRecord::Outgoing, QStringLiteral("user.get"), { { id, 9 } }, QStringLiteral("K3"));
    add(TrafficRecord::Incoming, DrsCommand::errorAction(),
        { { message, QStringLiteral("invalid JSON") } });
    m_log->flush();
    QCOMPARE(m_log->rowCount(), 7);
    QCOMPARE(m_log->record(0).status, TrafficRecord::Answered);
    QCOMPARE(m_log->record(6).status, TrafficRecord::Malformed);
}

QList<quint64> tst_TrafficFilterModel::shownIds() const
{
    QList<quint64> ids;
    for (int row = 0; row < m_filter->rowCount(); ++row)
        ids << m_filter->index(row, 0).data(TrafficLogModel::RecordIdRole).toULongLong();
    return ids;
}

void tst_TrafficFilterModel::noFilterShowsAll()
{
    fillLog();
    QCOMPARE(shownIds(), (QList<quint64> { 1, 2, 3, 4, 5, 6, 7 }));
    QCOMPARE(m_filter->shownCount(), 7);
    QCOMPARE(m_filter->totalCount(), 7);
}

void tst_TrafficFilterModel::filters_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<OptionalDirection>("direction");
    QTest::addColumn<StatusList>("statuses");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QList<quint64>>("expected");

    const OptionalDirection all;
    const OptionalDirection in = TrafficRecord::Incoming;
    const OptionalDirection out = TrafficRecord::Outgoing;
    QTest::addRow("text, case-insensitive, with replies")
            << QStringLiteral("USER.GET") << false << all << StatusList() << QString()
            << QList<quint64> { 1, 2, 6 };
    QTest::addRow("text substring") << QStringLiteral("user") << false << all << StatusList()
                                    << QString() << QList<quint64> { 1, 2, 3, 4, 6 };
    QTest::addRow("text is not a pattern") << QStringLiteral("user.*") << false << all
                                           << StatusList() << QString() << QList<quint64> {};
    QTest::addRow("regex") << QStringLiteral("^user\\.(set|del)$") << true << all << StatusList()
                           << QString() << QList<quint64> { 3, 4 };
    QTest::addRow("regex, case-insensitive") << QStringLiteral("^CHAT\\.") << true << all
                                             << StatusList() << QString() << QList<quint64> { 5 };
    QTest::addRow("reply actions by name") << QStringLiteral("drs.error") << false << all
                                           << StatusList() << QString() << QList<quint64> { 4, 7 };
    QTest::addRow("incoming") << QString() << false << in << StatusList() << QString()
                              << QList<quint64> { 2, 3, 5, 7 };
    QTest::addRow("outgoing") << QString() << false << out << StatusList() << QString()
                              << QList<quint64> { 1, 4, 6 };
    QTest::addRow("pending") << QString() << false << all << StatusList { TrafficRecord::Pending }
                             << QString() << QList<quint64> { 6 };
    QTest::addRow("problems") << QString() << false << all
                              << StatusList { TrafficRecord::Failed, TrafficRecord::ErrorReply,
                                              TrafficRecord::Malformed }
                              << QString() << QList<quint64> { 3, 4, 7 };
    QTest::addRow("body, compact JSON") << QString() << false << all << StatusList()
                                        << QStringLiteral("\"id\":7") << QList<quint64> { 1 };
    QTest::addRow("body, not pretty JSON") << QString() << false << all << StatusList()
                                           << QStringLiteral("\"id\": 7") << QList<quint64> {};
    QTest::addRow("body, case-insensitive")
            << QString() << false << all << StatusList() << QStringLiteral("hello world")
            << QList<quint64> { 5 };
    QTest::addRow("body, keys too") << QString() << false << all << StatusList()
                                    << QStringLiteral("name") << QList<quint64> { 2 };
    QTest::addRow("action + direction") << QStringLiteral("user") << false << in << StatusList()
                                        << QString() << QList<quint64> { 2, 3 };
    QTest::addRow("action + status")
            << QStringLiteral("user.get") << false << all
            << StatusList { TrafficRecord::Answered, TrafficRecord::Response } << QString()
            << QList<quint64> { 1, 2 };
    QTest::addRow("direction + status + body")
            << QString() << false << out << StatusList { TrafficRecord::Pending }
            << QStringLiteral("9") << QList<quint64> { 6 };
    QTest::addRow("all four, no match")
            << QStringLiteral("user") << true << in << StatusList { TrafficRecord::Pending }
            << QStringLiteral("id") << QList<quint64> {};
    QTest::addRow("all four") << QStringLiteral("user|drs") << true << in
                              << StatusList { TrafficRecord::Failed, TrafficRecord::Malformed }
                              << QStringLiteral("\"id\"") << QList<quint64> { 3 };
}

void tst_TrafficFilterModel::filters()
{
    QFETCH(QString, action);
    QFETCH(bool, regex);
    QFETCH(OptionalDirection, direction);
    QFETCH(StatusList, statuses);
    QFETCH(QString, body);
    QFETCH(QList<quint64>, expected);

    fillLog();
    m_filter->setActionFilter(action, regex);
    m_filter->setDirectionFilter(direction);
    m_filter->setStatusFilter(statuses);
    m_filter->setBodySearch(body);
    QVERIFY(m_filter->isActionFilterValid());
    QCOMPARE(shownIds(), expected);
    QCOMPARE(m_filter->shownCount(), expected.size());
    QCOMPARE(m_filter->totalCount(), 7);
    QCOMPARE(m_filter->statusFilter(), statuses);

    // Filters set before the rows came apply to them as well.
    m_log->clear();
    QCOMPARE(m_filter->shownCount(), 0);
    fillLog();
    QList<quint64> shifted;
    for (const quint64 id : expected)
        shifted << id + 7;
    QCOMPARE(shownIds(), shifted);

    // And clearing the filters shows everything again.
    m_filter->setActionFilter(QString(), false);
    m_filter->setDirectionFilter(std::nullopt);
    m_filter->setStatusFilter({});
    m_filter->setBodySearch(QString());
    QCOMPARE(m_filter->shownCount(), 7);
}

void tst_TrafficFilterModel::invalidRegularExpression()
{
    fillLog();
    QSignalSpy valid(m_filter.get(), &TrafficFilterModel::actionFilterValidChanged);
    m_filter->setActionFilter(QStringLiteral("user.(get"), true);
    QVERIFY(!m_filter->isActionFilterValid());
    QVERIFY(!m_filter->actionFilterError().isEmpty());
    QVERIFY2(m_filter->actionFilterError().contains(QStringLiteral("9")),
             qPrintable(m_filter->actionFilterError()));
    QCOMPARE(m_filter->shownCount(), 0);
    QCOMPARE(valid.size(), 1);
    QCOMPARE(valid.at(0).at(0).toBool(), false);

    // The same text, not as a pattern, is valid (and matches nothing here).
    m_filter->setActionFilter(QStringLiteral("user.(get"), false);
    QVERIFY(m_filter->isActionFilterValid());
    QVERIFY(m_filter->actionFilterError().isEmpty());
    QCOMPARE(valid.size(), 2);
    QCOMPARE(valid.at(1).at(0).toBool(), true);

    m_filter->setActionFilter(QStringLiteral("user.(get)"), true);
    QVERIFY(m_filter->isActionFilterValid());
    QCOMPARE(m_filter->shownCount(), 3);
    QCOMPARE(valid.size(), 2);
}

void tst_TrafficFilterModel::countsFollowBatchesAndFilters()
{
    QSignalSpy counts(m_filter.get(), &TrafficFilterModel::countsChanged);
    m_filter->setDirectionFilter(TrafficRecord::Incoming);
    for (int i = 0; i < 3; ++i)
        m_log->append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("in")));
    m_log->append(TrafficRecord::Outgoing, kPeer, DrsCommand(QStringLiteral("out")));
    QTRY_VERIFY(!counts.isEmpty() && counts.constLast().at(1).toInt() == 4);
    QCOMPARE(counts.constLast().at(0).toInt(), 3);
    const qsizetype afterBatch = counts.size();

    m_filter->setDirectionFilter(TrafficRecord::Outgoing);
    QCOMPARE(counts.constLast().at(0).toInt(), 1);
    QCOMPARE(counts.constLast().at(1).toInt(), 4);
    // Only changes are signalled: the same filter again says nothing.
    const qsizetype afterFilter = counts.size();
    QVERIFY(afterFilter > afterBatch);
    m_filter->setDirectionFilter(TrafficRecord::Outgoing);
    m_filter->setBodySearch(QString());
    QCOMPARE(counts.size(), afterFilter);

    m_log->clear();
    QCOMPARE(counts.constLast().at(0).toInt(), 0);
    QCOMPARE(counts.constLast().at(1).toInt(), 0);
}

void tst_TrafficFilterModel::statusChangeRefilters()
{
    m_filter->setStatusFilter({ TrafficRecord::Pending });
    const quint64 req
            = m_log->append(TrafficRecord::Outgoing, kPeer,
                            DrsCommand(QStringLiteral("slow"), QJsonObject(), QStringLiteral("K")));
    m_log->append(TrafficRecord::Outgoing, kPeer,
                  DrsCommand(QStringLiteral("slow"), QJsonObject(), QStringLiteral("L")));
    m_log->flush();
    QCOMPARE(m_filter->shownCount(), 2);
    QSignalSpy counts(m_filter.get(), &TrafficFilterModel::countsChanged);

    // The answered request leaves the "pending" view when its reply is batched in.
    m_log->append(TrafficRecord::Incoming, kPeer,
                  DrsCommand(DrsCommand::responseAction(), QJsonValue(), QStringLiteral("K")));
    QTRY_COMPARE(m_filter->shownCount(), 1);
    QVERIFY(m_filter->index(0, 0).data(TrafficLogModel::RecordIdRole).toULongLong() != req);
    QCOMPARE(counts.constLast().at(0).toInt(), 1);
    QCOMPARE(counts.constLast().at(1).toInt(), 3);

    // A timeout moves the other one to "timed out".
    m_filter->setStatusFilter({ TrafficRecord::TimedOut });
    QCOMPARE(m_filter->shownCount(), 0);
    m_log->markTimedOut(kPeer, QStringLiteral("L"));
    QTRY_COMPARE(m_filter->shownCount(), 1);
}

void tst_TrafficFilterModel::evictionWithFilter()
{
    m_log->setCapacity(10);
    m_filter->setActionFilter(QStringLiteral("even"), false);
    QSignalSpy counts(m_filter.get(), &TrafficFilterModel::countsChanged);
    for (int batch = 0; batch < 6; ++batch) {
        for (int i = 0; i < 4; ++i) {
            m_log->append(TrafficRecord::Incoming, kPeer,
                          DrsCommand(i % 2 ? QStringLiteral("odd") : QStringLiteral("even")));
        }
        m_log->flush();
        QCOMPARE(m_filter->totalCount(), std::min(10, (batch + 1) * 4));
        // The ring holds the newest 10 rows: the first evicted is always an "even" one.
        const int expectedShown = batch == 0 ? 2 : batch == 1 ? 4 : 5;
        QCOMPARE(m_filter->shownCount(), expectedShown);
        QCOMPARE(counts.constLast().at(0).toInt(), expectedShown);
        for (int row = 0; row < m_filter->rowCount(); ++row) {
            QCOMPARE(m_filter->index(row, TrafficLogModel::ActionColumn).data().toString(),
                     QStringLiteral("even"));
        }
    }
}

void tst_TrafficFilterModel::sortsByNumbers()
{
    for (const int size : { 100, 9, 20 }) {
        m_log->append(TrafficRecord::Incoming, kPeer,
                      DrsCommand(QStringLiteral("a"), QString(size, QLatin1Char('x'))));
    }
    m_log->flush();
    m_filter->sort(TrafficLogModel::SizeColumn, Qt::AscendingOrder);
    QList<qint64> sizes;
    for (int row = 0; row < m_filter->rowCount(); ++row)
        sizes << m_filter->index(row, TrafficLogModel::SizeColumn)
                         .data(TrafficLogModel::SortRole)
                         .toLongLong();
    QVERIFY(std::is_sorted(sizes.cbegin(), sizes.cend()));
    QCOMPARE(m_filter->index(0, TrafficLogModel::SizeColumn)
                     .data(TrafficLogModel::SortRole)
                     .toLongLong(),
             qint64(DrsCommand(QStringLiteral("a"), QString(9, QLatin1Char('x'))).toJson().size()));
}

QTEST_MAIN(tst_TrafficFilterModel)

#include "tst_trafficfiltermodel.moc"
