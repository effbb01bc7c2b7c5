// Widget tests of drs-inspector's main window and sessions, on the offscreen platform: the real
// UI (actions, buttons, line edits, the composer) against a real DrsServer or real
// DrsConnections in this process, over real sockets on 127.0.0.1.
#include "clientlistwidget.h"
#include "composerwidget.h"
#include "detailpane.h"
#include "filterbar.h"
#include "jsontreemodel.h"
#include "mainwindow.h"
#include "sessionfile.h"
#include "sessionwidget.h"
#include "statsdock.h"
#include "trafficfiltermodel.h"
#include "trafficlogmodel.h"
#include "urlbar.h"

#include <drsconnection.h>
#include <drsserver.h>

#include <QtCharts/QLineSeries>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>
#include <QtWidgets/QToolButton>

#include <functional>
#include <memory>

using Predicate = std::function<bool(const TrafficRecord &)>;

namespace {

QList<TrafficRecord> recordsOf(SessionWidget *session)
{
    return session->model()->records(); // flushes what is queued
}

//! The first record matching \a match, or a record with id 0.
TrafficRecord findRecord(SessionWidget *session, const Predicate &match)
{
    const QList<TrafficRecord> records = recordsOf(session);
    for (const TrafficRecord &record : records) {
        if (match(record))
            return record;
    }
    return TrafficRecord {};
}

int countRecords(SessionWidget *session, const Predicate &match)
{
    const QList<TrafficRecord> records = recordsOf(session);
    return int(std::count_if(records.cbegin(), records.cend(), match));
}

Predicate actionIs(const QString &action, TrafficRecord::Direction direction)
{
    return [action, direction](const TrafficRecord &r) {
        return r.command.action() == action && r.direction == direction;
    };
}

QPushButton *composerButton(SessionWidget *session, const char *name)
{
    return session->composer()->findChild<QPushButton *>(QLatin1String(name));
}

//! Selects the log row of record \a id through the view's selection model, as a click would.
void selectRow(SessionWidget *session, quint64 id)
{
    const int row = session->model()->rowOfId(id);
    QVERIFY(row >= 0);
    const QModelIndex index
            = session->filterModel()->mapFromSource(session->model()->index(row, 0));
    QVERIFY(index.isValid());
    session->logView()->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

} // namespace

class tst_InspectorWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void connectFromUrlBar();
    void badUrlIsAClearMessage_data();
    void badUrlIsAClearMessage();
    void unreachableUrlShowsErrorQuickly();
    void fireFromComposer();
    void callShowsPairedReply();
    void callTimesOut();
    void filterByAction();
    void autoscrollFollowsUnlessPausedOrScrolledUp();
    void exportThenImport();
    void damagedImportReportsBadLines();
    void garbageFromPeer_data();
    void garbageFromPeer();
    void listenWithTwoClients();
    void settingsRestoreLayout();

private:
    MainWindow *makeWindow();
    SessionWidget *connectedSession(MainWindow *window);

    QTemporaryDir m_settingsDir;
    DrsServer *m_server = nullptr;
    QUrl m_serverUrl;
    QList<DrsRequest> m_heldRequests; // "never" calls, answered by nobody
    int m_echoCalls = 0;
    std::unique_ptr<MainWindow> m_window;
};

void tst_InspectorWindow::initTestCase()
{
    // Settings go to a fresh folder, so runs neither see nor touch the user's.
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("QtDrsTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_inspectorwindow"));
}

void tst_InspectorWindow::init()
{
    QSettings().clear();
    m_echoCalls = 0;
    m_server = new DrsServer(this);
    m_server->on(QStringLiteral("echo"), [this](DrsRequest &request) {
        ++m_echoCalls;
        return request.body();
    });
    m_server->onAsync(QStringLiteral("never"),
                      [this](DrsRequest request) { m_heldRequests.append(request); });
    QVERIFY2(m_server->listen(QUrl(QStringLiteral("tcp://127.0.0.1:0"))),
             qPrintable(m_server->errorString()));
    m_serverUrl = m_server->serverUrls().constFirst();
}

void tst_InspectorWindow::cleanup()
{
    m_window.reset();
    m_heldRequests.clear();
    delete m_server;
    m_server = nullptr;
}

MainWindow *tst_InspectorWindow::makeWindow()
{
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        return nullptr;
    return m_window.get();
}

SessionWidget *tst_InspectorWindow::connectedSession(MainWindow *window)
{
    SessionWidget *session = window->newClientSession(m_serverUrl.toString());
    if (!QTest::qWaitFor([session] { return session->state() == SessionWidget::ConnectedState; }))
        return nullptr;
    return session;
}

void tst_InspectorWindow::connectFromUrlBar()
{
    MainWindow *window = makeWindow();
    QVERIFY(window);
    QCOMPARE(window->sessions().size(), 0);

    // Ctrl+N (File > New Connection), type the endpoint, press Return.
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QTest::keySequence(window, QKeySequence(Qt::CTRL | Qt::Key_N));
    QCOMPARE(window->sessions().size(), 1);
    SessionWidget *session = window->currentSession();
    QVERIFY(session);
    QCOMPARE(session->mode(), SessionWidget::ClientMode);
    QCOMPARE(session->state(), SessionWidget::UnconnectedState);
    QLineEdit *urlEdit = session->urlBar()->lineEdit();
    urlEdit->clear();
    QTest::keyClicks(urlEdit, m_serverUrl.toString());
    QSignalSpy clientConnected(m_server, &DrsServer::clientConnected);
    QTest::keyClick(urlEdit, Qt::Key_Return);

    QTRY_COMPARE(session->state(), SessionWidget::ConnectedState);
    QVERIFY(clientConnected.count() == 1 || clientConnected.wait());
    QVERIFY(!clientConnected.wait(250)); // one connection, not one per way of saying Connect
    QCOMPARE(m_server->connectionCount(), 1);
    QCOMPARE(window->stateLabel()->text(), QStringLiteral("Connected"));
    QCOMPARE(window->tabWidget()->tabText(window->tabWidget()->indexOf(session)),
             m_serverUrl.toString());
    QVERIFY(session->message().isEmpty());
    // A URL that worked goes to the history every URL bar offers.
    QCOMPARE(UrlBar::loadHistory().value(0), m_serverUrl.toString());

    // Disconnect is honoured (no reconnect), Reconnect brings it back.
    window->findAction(QStringLiteral("actionDisconnect"))->trigger();
    QCOMPARE(session->state(), SessionWidget::UnconnectedState);
    QCOMPARE(window->stateLabel()->text(), QStringLiteral("Unconnected"));
    QTRY_COMPARE(m_server->connectionCount(), 0);
    window->findAction(QStringLiteral("actionReconnect"))->trigger();
    QTRY_COMPARE(session->state(), SessionWidget::ConnectedState);
    QTRY_COMPARE(m_server->connectionCount(), 1);

    // Ctrl+W closes the tab, and its connection with it.
    QTest::keySequence(window, QKeySequence(Qt::CTRL | Qt::Key_W));
    QCOMPARE(window->sessions().size(), 0);
    QVERIFY(window->stateLabel()->text().startsWith(QLatin1String("No session")));
    QTRY_COMPARE(m_server->connectionCount(), 0);
}

void tst_InspectorWindow::badUrlIsAClearMessage_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::addRow("words") << QStringLiteral("no such endpoint")
                           << QStringLiteral("is not an endpoint URL");
    QTest::addRow("unknown scheme")
            << QStringLiteral("http://127.0.0.1:80/") << QStringLiteral("is not an endpoint URL");
    QTest::addRow("empty") << QString() << QStringLiteral("Type an endpoint first");
    QTest::addRow("tcp without host")
            << QStringLiteral("tcp://") << QStringLiteral("Cannot connect");
}

void tst_InspectorWindow::badUrlIsAClearMessage()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    MainWindow *window = makeWindow();
    QVERIFY(window);
    SessionWidget *session = window->newClientSession();
    QLineEdit *urlEdit = session->urlBar()->lineEdit();
    urlEdit->clear();
    QTest::keyClicks(urlEdit, text);
    QTest::mouseClick(session->findChild<QPushButton *>(QStringLiteral("connectButton")),
                      Qt::LeftButton);
    // Refused at once (or, for a URL only the transport can judge, from the event loop).
    QTRY_VERIFY_WITH_TIMEOUT(session->message().contains(expected), 1000);
    QCOMPARE(session->state(), SessionWidget::UnconnectedState);
    QVERIFY(session->findChild<QLabel *>(QStringLiteral("sessionMessage"))->isVisible());
    QCOMPARE(window->stateLabel()->text(), QStringLiteral("Unconnected"));
    QCOMPARE(m_server->connectionCount(), 0);
}

void tst_InspectorWindow::unreachableUrlShowsErrorQuickly()
{
    // A port nothing listens on: take a free one and let it go.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    MainWindow *window = makeWindow();
    QVERIFY(window);
    const QString url = QStringLiteral("tcp://127.0.0.1:%1").arg(port);
    SessionWidget *session = window->newClientSession(url);
    QTRY_VERIFY_WITH_TIMEOUT(session->message().contains(QStringLiteral("Cannot connect")), 2000);
    QVERIFY(session->message().contains(url));
    // It keeps trying, and says so, without ever looking connected.
    QTRY_COMPARE_WITH_TIMEOUT(session->state(), SessionWidget::ReconnectingState, 2000);
    QTRY_VERIFY_WITH_TIMEOUT(session->message().contains(QStringLiteral("Retrying in")), 2000);
    QCOMPARE(window->stateLabel()->text(), QStringLiteral("Reconnecting"));
    // Disconnect stops the retries.
    session->disconnectFromPeer();
    QCOMPARE(session->state(), SessionWidget::UnconnectedState);
    QSignalSpy stateChanges(session->connection(), &DrsConnection::stateChanged);
    QVERIFY(!stateChanges.wait(600));
}

void tst_InspectorWindow::fireFromComposer()
{
    MainWindow *window = makeWindow();
    QVERIFY(window);
    SessionWidget *session = connectedSession(window);
    QVERIFY(session);
    QSignalSpy received(m_server, &DrsServer::commandReceived);

    // Type the action, load a body, press Fire.
    QLineEdit *action
            = session->composer()->findChild<QLineEdit *>(QStringLiteral("composerAction"));
    QVERIFY(action);
    QTest::keyClicks(action, QStringLiteral("log.line"));
    auto *body = session->composer()->findChild<QPlainTextEdit *>(QStringLiteral("composerBody"));
    QVERIFY(body);
    body->setPlainText(QStringLiteral(R"({"text": "hello"})"));
    QPushButton *fire = composerButton(session, "composerFire");
    QVERIFY(fire);
    QTRY_VERIFY(fire->isEnabled());
    QTest::mouseClick(fire, Qt::LeftButton);

    QTRY_COMPARE(received.count(), 1);
    const DrsCommand atServer = received.at(0).at(1).value<DrsCommand>();
    QCOMPARE(atServer.action(), QStringLiteral("log.line"));
    QCOMPARE(atServer.body().toObject().value(QStringLiteral("text")).toString(),
             QStringLiteral("hello"));
    QVERIFY(!atServer.hasKey());

    const TrafficRecord row
            = findRecord(session, actionIs(QStringLiteral("log.line"), TrafficRecord::Outgoing));
    QVERIFY(row.id != 0);
    QCOMPARE(row.status, TrafficRecord::Fired);
    QCOMPARE(row.peer, m_serverUrl.toString());
    QCOMPARE(row.command, atServer);
    QTRY_COMPARE(window->countsLabel()->text(), QStringLiteral("1 / 1 commands"));
}

void tst_InspectorWindow::callShowsPairedReply()
{
    MainWindow *window = makeWindow();
    QVERIFY(window);
    SessionWidget *session = connectedSession(window);
    QVERIFY(session);

    session->composer()->setCommand(
            DrsCommand(QStringLiteral("echo"), QJsonObject { { QStringLiteral("n"), 7 } }));
    QTest::mouseClick(composerButton(session, "composerCall"), Qt::LeftButton);

    QTRY_VERIFY(
            findRecord(session, actionIs(DrsCommand::responseAction(), TrafficRecord::Incoming)).id
            != 0);
    QCOMPARE(m_echoCalls, 1);
    const TrafficRecord request
            = findRecord(session, actionIs(QStringLiteral("echo"), TrafficRecord::Outgoing));
    const TrafficRecord reply
            = findRecord(session, actionIs(DrsCommand::responseAction(), TrafficRecord::Incoming));
    QVERIFY(request.id != 0);
    QCOMPARE(request.status, TrafficRecord::Answered);
    QCOMPARE(reply.status, TrafficRecord::Response);
    QCOMPARE(reply.pairedId, request.id);
    QCOMPARE(request.pairedId, reply.id);
    QCOMPARE(reply.command.key(), request.command.key());
    QVERIFY(reply.latencyUs >= 0);
    QCOMPARE(request.latencyUs, reply.latencyUs);
    QCOMPARE(reply.command.body().toObject().value(QStringLiteral("n")).toInt(), 7);
    // The composer shows the result beside the request.
    auto *result
            = session->composer()->findChild<QPlainTextEdit *>(QStringLiteral("composerResult"));
    QTRY_VERIFY(result->toPlainText().contains(QStringLiteral("\"n\"")));

    // The Statistics dock follows the current session and charts its traffic each second.
    StatsWidget *stats = window->statsWidget();
    QCOMPARE(stats->stats(), session->stats());
    const auto charted = [](QLineSeries *series) {
        const QList<QPointF> points = series->points();
        return std::any_of(points.cbegin(), points.cend(),
                           [](const QPointF &p) { return p.y() > 0; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(charted(stats->outgoingSeries()) && charted(stats->incomingSeries()),
                             4000);
    QVERIFY(stats->labelText(QStringLiteral("p50")).endsWith(QLatin1String("s")));

    // Selecting the reply shows it in the detail pane; the paired button jumps to the request.
    selectRow(session, reply.id);
    DetailPane *detail = session->detailPane();
    QVERIFY(detail->hasRecord());
    QCOMPARE(detail->record().id, reply.id);
    QCOMPARE(QJsonDocument::fromJson(detail->json().toUtf8()).object(),
             reply.command.toJsonObject());
    QVERIFY(detail->treeModel()->rowCount() >= 3); // action, body, key
    QVERIFY(detail->pairedButton()->isEnabled());
    QTest::mouseClick(detail->pairedButton(), Qt::LeftButton);
    QCOMPARE(detail->record().id, request.id);
    QTest::mouseClick(detail->pairedButton(), Qt::LeftButton);
    QCOMPARE(detail->record().id, reply.id);

    // Edit > Copy as JSON copies the selected command.
    QGuiApplication::clipboard()->clear();
    window->findAction(QStringLiteral("actionCopyJson"))->trigger();
    QCOMPARE(QJsonDocument::fromJson(QGuiApplication::clipboard()->text().toUtf8()).object(),
             reply.command.toJsonObject());

    // Session > Replay Selection sends the request again under a new key.
    selectRow(session, request.id);
    QCOMPARE(window->replaySelection(), 1);
    QTRY_COMPARE(m_echoCalls, 2);
    QTRY_COMPARE(countRecords(session,
                              [](const TrafficRecord &r) {
                                  return r.command.action() == QLatin1String("echo")
                                          && r.status == TrafficRecord::Answered;
                              }),
                 2);
    const QList<TrafficRecord> echoes = [&] {
        QList<TrafficRecord> list;
        for (const TrafficRecord &r : recordsOf(session)) {
            if (r.command.action() == QLatin1String("echo"))
                list.append(r);
        }
        return list;
    }();
    QCOMPARE(echoes.size(), 2);
    QVERIFY(echoes.at(0).command.key() != echoes.at(1).command.key());

    // Edit > Clear Log empties it.
    window->findAction(QStringLiteral("actionClearLog"))->trigger();
    QCOMPARE(session->model()->rowCount(), 0);
    QTRY_COMPARE(window->countsLabel()->text(), QStringLiteral("0 / 0 commands"));
}

void tst_InspectorWindow::callTimesOut()
{
    MainWindow *window = makeWindow();
    QVERIFY(window);
    SessionWidget *session = connectedSession(window);
    QVERIFY(session);

    session->composer()->setCallTimeout(200);
    session->composer()->setCommand(DrsCommand(QStringLiteral("never")));
    QTest::mouseClick(composerButton(session, "composerCall"), Qt::LeftButton);

    QTRY_COMPARE(m_heldRequests.size(), 1);
    const Predicate request = actionIs(QStringLiteral("never"), TrafficRecord::Outgoing);
    QTRY_COMPARE(findRecord(session, request).status, TrafficRecord::Pending);
    QTRY_COMPARE_WITH_TIMEOUT(findRecord(session, request).status, TrafficRecord::TimedOut, 3000);
    QCOMPARE(findRecord(session, request).command.key(), m_heldRequests.constFirst().key());
}

void tst_InspectorWindow::filterByAction()
{
    MainWindow *window = makeWindow();
    QVERIFY(window);
    SessionWidget *session = connectedSession(window);
    QVERIFY(session);
    DrsConnection *connection = session->connection();
    connection->fire(QStringLiteral("alpha"), QJsonObject { { QStringLiteral("word"), "apple" } });
    connection->fire(QStringLiteral("alpha.two"),
                     QJsonObject { { QStringLiteral("word"), "pear" } });
    connection->fire(QStringLiteral("beta"), QJsonObject { { QStringLiteral("word"), "apple" } });
    connection->call(QStringLiteral("echo"), QJsonObject { { QStringLiteral("word"), "plum" } });
    QTRY_COMPARE(countRecords(session, [](const TrafficRecord &) { return true; }), 5);
    TrafficFilterModel *filter = session->filterModel();
    FilterBar *bar = session->filterBar();
    QTRY_COMPARE(filter->shownCount(), 5);

    // Edit > Find puts the focus in the action filter.
    window->findAction(QStringLiteral("actionFind"))->trigger();
    QTRY_VERIFY(bar->actionEdit()->hasFocus());
    QTest::keyClicks(bar->actionEdit(), QStringLiteral("alpha"));
    QCOMPARE(filter->shownCount(), 2);
    QCOMPARE(filter->totalCount(), 5);
    for (int row = 0; row < filter->rowCount(); ++row) {
        const DrsCommand c
                = filter->index(row, 0).data(TrafficLogModel::CommandRole).value<DrsCommand>();
        QVERIFY(c.action().contains(QLatin1String("alpha")));
    }
    QCOMPARE(bar->countLabel()->text(), QStringLiteral("2 / 5"));
    QTRY_COMPARE(window->countsLabel()->text(), QStringLiteral("2 / 5 commands"));

    // As a regular expression.
    bar->actionEdit()->clear();
    QTest::keyClicks(bar->actionEdit(), QStringLiteral("^alpha$"));
    QCOMPARE(filter->shownCount(), 0);
    QTest::mouseClick(bar->regexButton(), Qt::LeftButton);
    QCOMPARE(filter->shownCount(), 1);
    // An invalid one matches nothing and says so.
    QTest::keyClicks(bar->actionEdit(), QStringLiteral("(("));
    QCOMPARE(filter->shownCount(), 0);
    QVERIFY(!filter->isActionFilterValid());
    QCOMPARE(bar->actionEdit()->toolTip(), QStringLiteral("Not a valid regular expression"));
    bar->actionEdit()->clear();
    QCOMPARE(filter->shownCount(), 5);

    // By direction: the echo reply is the one incoming command.
    bar->directionCombo()->setCurrentIndex(
            bar->directionCombo()->findData(int(TrafficRecord::Incoming)));
    QCOMPARE(filter->shownCount(), 1);
    bar->directionCombo()->setCurrentIndex(0);

    // By status, from the menu's checkable entries.
    bar->setStatusFilter({ TrafficRecord::Answered, TrafficRecord::Response });
    QCOMPARE(filter->shownCount(), 2);
    bar->setStatusFilter({});
    QCOMPARE(filter->shownCount(), 5);

    // The body search waits for the typing to pause.
    QTest::keyClicks(bar->searchEdit(), QStringLiteral("apple"));
    QCOMPARE(filter->bodySearch(), QString());
    QCOMPARE(filter->shownCount(), 5);
    QTRY_COMPARE(filter->bodySearch(), QStringLiteral("apple"));
    QCOMPARE(filter->shownCount(), 2);
}

void tst_InspectorWindow::autoscrollFollowsUnlessPausedOrScrolledUp()
{
    MainWindow *window = makeWindow();
    QVERIFY(window);
    SessionWidget *session = connectedSession(window);
    QVERIFY(session);
    QScrollBar *scrollBar = session->logView()->verticalScrollBar();
    int sent = 0;
    const auto send = [&](int count) {
        for (int i = 0; i < count; ++i)
            session->connection()->fire(QStringLiteral("tick"), QJsonObject { { "n", ++sent } });
    };
    const auto allShown = [&] {
        return session->filterModel()->rowCount() == sent
                && session->logView()->verticalScrollBar()->maximum() > 0;
    };

    // New rows scroll into view.
    send(300);
    QTRY_VERIFY(allShown());
    QTRY_COMPARE(scrollBar->value(), scrollBar->maximum());
    QVERIFY(session->isFollowingTail());

    // The user scrolled up to read: the log stays where it is.
    scrollBar->triggerAction(QAbstractSlider::SliderToMinimum);
    QCOMPARE(scrollBar->value(), 0);
    QVERIFY(!session->isFollowingTail());
    int maximum = scrollBar->maximum();
    send(50);
    QTRY_VERIFY(allShown() && scrollBar->maximum() > maximum);
    QCOMPARE(scrollBar->value(), 0);

    // Back at the bottom, it follows again.
    scrollBar->triggerAction(QAbstractSlider::SliderToMaximum);
    QVERIFY(session->isFollowingTail());
    maximum = scrollBar->maximum();
    send(50);
    QTRY_VERIFY(allShown() && scrollBar->maximum() > maximum);
    QTRY_COMPARE(scrollBar->value(), scrollBar->maximum());

    // View > Pause Autoscroll holds it, wherever it is.
    window->findAction(QStringLiteral("actionPauseAutoscroll"))->trigger();
    QVERIFY(session->isAutoscrollPaused());
    maximum = scrollBar->maximum();
    send(50);
    QTRY_VERIFY(allShown() && scrollBar->maximum() > maximum);
    QCOMPARE(scrollBar->value(), maximum);
    window->findAction(QStringLiteral("actionPauseAutoscroll"))->trigger();
    QTRY_COMPARE(scrollBar->value(), scrollBar->maximum());
}

void tst_InspectorWindow::exportThenImport()
{
    MainWindow *window = makeWindow();
    QVERIFY(window);
    SessionWidget *live = connectedSession(window);
    QVERIFY(live);
    live->fire(DrsCommand(QStringLiteral("note"),
                          QJsonObject { { QStringLiteral("big"), qint64(9007199254740993) } }));
    live->call(DrsCommand(QStringLiteral("echo"),
                          QJsonArray({ QJsonValue(1), QJsonValue(QStringLiteral("two")),
                                       QJsonValue(QJsonObject()) })),
               5000);
    live->call(DrsCommand(QStringLiteral("missing.action")), 5000);
    QTRY_COMPARE(countRecords(live, [](const TrafficRecord &) { return true; }), 5);
    const QList<TrafficRecord> exported = recordsOf(live);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fileName = dir.filePath(QStringLiteral("session.ndjson"));
    QString error;
    QVERIFY2(window->exportFile(fileName, &error), qPrintable(error));

    SessionWidget *imported = window->importFile(fileName, MainWindow::NewTab);
    QVERIFY(imported);
    QVERIFY(imported != live);
    QCOMPARE(window->currentSession(), imported);
    QCOMPARE(imported->mode(), SessionWidget::ImportedMode);
    QCOMPARE(window->stateLabel()->text(), QStringLiteral("Imported"));
    QVERIFY(window->tabWidget()
                    ->tabText(window->tabWidget()->indexOf(imported))
                    .contains(QLatin1String("session.ndjson")));
    QVERIFY(!imported->composer()->isVisibleTo(imported));
    QVERIFY(!window->findChild<QMessageBox *>(QStringLiteral("importErrors")));

    const QList<TrafficRecord> back = recordsOf(imported);
    QCOMPARE(back.size(), exported.size());
    for (int i = 0; i < back.size(); ++i) {
        QCOMPARE(back.at(i).timeMs, exported.at(i).timeMs);
        QCOMPARE(back.at(i).direction, exported.at(i).direction);
        QCOMPARE(back.at(i).peer, exported.at(i).peer);
        QCOMPARE(back.at(i).command, exported.at(i).command);
        QCOMPARE(back.at(i).status, exported.at(i).status);
    }
    QCOMPARE(back.at(0).command.body()[QLatin1String("big")].toInteger(), qint64(9007199254740993));

    // Replaying from the imported tab goes through the live session used last.
    const TrafficRecord echo
            = findRecord(imported, actionIs(QStringLiteral("echo"), TrafficRecord::Outgoing));
    selectRow(imported, echo.id);
    QCOMPARE(window->replaySelection(), 1);
    QTRY_COMPARE(m_echoCalls, 2);
    QTRY_COMPARE(countRecords(live, actionIs(QStringLiteral("echo"), TrafficRecord::Outgoing)), 2);
    QCOMPARE(countRecords(imported, [](const TrafficRecord &) { return true; }), 5);

    // Importing into the current log appends to it.
    window->tabWidget()->setCurrentWidget(live);
    const int before = countRecords(live, [](const TrafficRecord &) { return true; });
    QCOMPARE(window->importFile(fileName, MainWindow::CurrentLog), live);
    QCOMPARE(countRecords(live, [](const TrafficRecord &) { return true; }), before + 5);
}

void tst_InspectorWindow::damagedImportReportsBadLines()
{
    MainWindow *window = makeWindow();
    QVERIFY(window);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fileName = dir.filePath(QStringLiteral("damaged.ndjson"));
    QFile file(fileName);
    QVERIFY(file.open(QIODevice::WriteOnly));
    TrafficRecord good;
    good.timeMs = 1700000000000;
    good.direction = TrafficRecord::Outgoing;
    good.peer = QStringLiteral("tcp://127.0.0.1:12000");
    good.command = DrsCommand(QStringLiteral("first"));
    file.write(SessionFile::recordToLine(good) + '\n');
    file.write("this is not json\n");
    good.command = DrsCommand(QStringLiteral("second"));
    file.write(SessionFile::recordToLine(good) + '\n');
    file.write("{\"time\": 1, \"direction\": \"sideways\"}\n");
    good.command = DrsCommand(QStringLiteral("third"));
    file.write(SessionFile::recordToLine(good) + '\n');
    file.close();

    SessionWidget *session = window->importFile(fileName);
    QVERIFY(session);
    const QList<TrafficRecord> records = recordsOf(session);
    QCOMPARE(records.size(), 3);
    QCOMPARE(records.at(0).command.action(), QStringLiteral("first"));
    QCOMPARE(records.at(2).command.action(), QStringLiteral("third"));
    auto *box = window->findChild<QMessageBox *>(QStringLiteral("importErrors"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(box->informativeText().contains(QLatin1String("line 2:")),
             qPrintable(box->informativeText()));
    QVERIFY(box->informativeText().contains(QLatin1String("line 4:")));
    QVERIFY(!box->informativeText().contains(QLatin1String("line 3:")));
    QVERIFY(box->text().contains(QLatin1String("damaged.ndjson")));
    box->accept();

    // A file that cannot be opened is a message too, not a crash.
    QVERIFY(!window->importFile(dir.filePath(QStringLiteral("missing.ndjson"))));
    const auto cannotOpenShown = [window] {
        const QList<QMessageBox *> boxes
                = window->findChildren<QMessageBox *>(QStringLiteral("importErrors"));
        return std::any_of(boxes.cbegin(), boxes.cend(), [](const QMessageBox *b) {
            return b->isVisible() && b->text().contains(QLatin1String("Cannot open"));
        });
    };
    QTRY_VERIFY(cannotOpenShown());
}

void tst_InspectorWindow::garbageFromPeer_data()
{
    QTest::addColumn<QByteArray>("garbage");
    QTest::addColumn<int>("expectedStatus");
    QTest::addColumn<QString>("expectedMessage");
    QTest::addColumn<int>("direction");
    // Not DRS at all: we answer drs.error and close.
    QTest::addRow("not json") << QByteArray("this is not json\n") << int(TrafficRecord::Malformed)
                              << QStringLiteral("not a DRS command")
                              << int(TrafficRecord::Outgoing);
    // The peer says we sent it something bad.
    QTest::addRow("keyless drs.error")
            << QByteArray(R"({"action":"drs.error","body":{"message":"bad input"}})"
                          "\n")
            << int(TrafficRecord::Malformed) << QStringLiteral("reported an error: bad input")
            << int(TrafficRecord::Incoming);
}

void tst_InspectorWindow::garbageFromPeer()
{
    QFETCH(QByteArray, garbage);
    QFETCH(int, expectedStatus);
    QFETCH(QString, expectedMessage);
    QFETCH(int, direction);

    QTcpServer peer;
    QVERIFY(peer.listen(QHostAddress::LocalHost));
    QList<QTcpSocket *> sockets;
    connect(&peer, &QTcpServer::newConnection, &peer, [&] {
        while (QTcpSocket *socket = peer.nextPendingConnection()) {
            sockets.append(socket);
            socket->write(garbage);
        }
    });
    MainWindow *window = makeWindow();
    QVERIFY(window);
    SessionWidget *session
            = window->newClientSession(QStringLiteral("tcp://127.0.0.1:%1").arg(peer.serverPort()));

    QTRY_VERIFY(session->message().contains(expectedMessage));
    const Predicate errorRow = [direction](const TrafficRecord &r) {
        return r.command.action() == DrsCommand::errorAction()
                && r.direction == TrafficRecord::Direction(direction);
    };
    QTRY_VERIFY(findRecord(session, errorRow).id != 0);
    QCOMPARE(int(findRecord(session, errorRow).status), expectedStatus);

    // The inspector goes on: the session still sends and the window still works.
    session->disconnectFromPeer();
    peer.close();
    qDeleteAll(sockets);
    sockets.clear();
    SessionWidget *other = connectedSession(window);
    QVERIFY(other);
    QVERIFY(other->fire(DrsCommand(QStringLiteral("still.alive"))));
    QSignalSpy received(m_server, &DrsServer::commandReceived);
    QVERIFY(received.wait());
}

void tst_InspectorWindow::listenWithTwoClients()
{
    MainWindow *window = makeWindow();
    QVERIFY(window);
    QVERIFY(window->findAction(QStringLiteral("actionListen")));
    SessionWidget *session
            = window->newListenSession({ QUrl(QStringLiteral("tcp://127.0.0.1:0")) });
    QCOMPARE(session->state(), SessionWidget::ListeningState);
    QVERIFY2(session->message().isEmpty(), qPrintable(session->message()));
    const QUrl url = session->serverUrls().constFirst();
    QVERIFY(url.port() > 0);
    QCOMPARE(window->stateLabel()->text(), QStringLiteral("Listening, 0 client(s)"));

    DrsConnection alice;
    DrsConnection bob;
    bob.setEncoding(DrsCommand::CborEncoding);
    int aliceCalls = 0;
    int bobCalls = 0;
    alice.on(QStringLiteral("whoami"), [&aliceCalls](DrsRequest &) {
        ++aliceCalls;
        return QJsonValue(QStringLiteral("alice"));
    });
    bob.on(QStringLiteral("whoami"), [&bobCalls](DrsRequest &) {
        ++bobCalls;
        return QJsonValue(QStringLiteral("bob"));
    });
    alice.open(url);
    bob.open(url);
    QTRY_VERIFY(alice.isConnected() && bob.isConnected());
    QTRY_COMPARE(session->clientList()->clientCount(), 2);
    QTRY_COMPARE(window->stateLabel()->text(), QStringLiteral("Listening, 2 client(s)"));
    QCOMPARE(session->targetCombo()->count(), 3); // broadcast + two clients

    // Each client's traffic is shown with its own peer.
    alice.fire(QStringLiteral("from.alice"));
    bob.fire(QStringLiteral("from.bob"));
    QTRY_VERIFY(findRecord(session, actionIs(QStringLiteral("from.alice"), TrafficRecord::Incoming))
                        .id);
    QTRY_VERIFY(
            findRecord(session, actionIs(QStringLiteral("from.bob"), TrafficRecord::Incoming)).id);
    const QString alicePeer
            = findRecord(session, actionIs(QStringLiteral("from.alice"), TrafficRecord::Incoming))
                      .peer;
    const QString bobPeer
            = findRecord(session, actionIs(QStringLiteral("from.bob"), TrafficRecord::Incoming))
                      .peer;
    QVERIFY(!alicePeer.isEmpty());
    QVERIFY(alicePeer != bobPeer);
    DrsConnection *aliceOnServer = nullptr;
    DrsConnection *bobOnServer = nullptr;
    for (DrsConnection *client : session->clients()) {
        if (session->peerName(client) == alicePeer)
            aliceOnServer = client;
        else if (session->peerName(client) == bobPeer)
            bobOnServer = client;
    }
    QVERIFY(aliceOnServer && bobOnServer);
    // The list shows each client's encoding, learnt from what it sent.
    QList<QTreeWidgetItem *> bobItems = session->clientList()->findItems(
            bobPeer, Qt::MatchExactly, ClientListWidget::PeerColumn);
    QCOMPARE(bobItems.size(), 1);
    QTRY_COMPARE(bobItems.constFirst()->text(ClientListWidget::EncodingColumn),
                 QStringLiteral("CBOR"));
    QCOMPARE(session->clientList()
                     ->findItems(alicePeer, Qt::MatchExactly, ClientListWidget::PeerColumn)
                     .constFirst()
                     ->text(ClientListWidget::EncodingColumn),
             QStringLiteral("JSON"));

    // Fire with "All clients (broadcast)" reaches both.
    QSignalSpy aliceReceived(&alice, &DrsConnection::commandReceived);
    QSignalSpy bobReceived(&bob, &DrsConnection::commandReceived);
    QCOMPARE(session->targetCombo()->currentIndex(), 0);
    session->composer()->setCommand(
            DrsCommand(QStringLiteral("news"), QJsonObject { { QStringLiteral("text"), "hi" } }));
    QTest::mouseClick(composerButton(session, "composerFire"), Qt::LeftButton);
    QTRY_COMPARE(aliceReceived.count(), 1);
    QTRY_COMPARE(bobReceived.count(), 1);
    QCOMPARE(aliceReceived.at(0).at(0).value<DrsCommand>().action(), QStringLiteral("news"));
    QCOMPARE(bobReceived.at(0).at(0).value<DrsCommand>().action(), QStringLiteral("news"));
    QTRY_COMPARE(countRecords(session, actionIs(QStringLiteral("news"), TrafficRecord::Outgoing)),
                 2);

    // Call to one client (chosen in "Send to") reaches only it.
    aliceReceived.clear();
    bobReceived.clear();
    QComboBox *targets = session->targetCombo();
    targets->setCurrentIndex(targets->findText(alicePeer));
    QCOMPARE(session->target(), aliceOnServer);
    QCOMPARE(session->clientList()->selectedClient(), aliceOnServer);
    session->composer()->setCommand(DrsCommand(QStringLiteral("whoami")));
    QTest::mouseClick(composerButton(session, "composerCall"), Qt::LeftButton);
    QTRY_COMPARE(aliceCalls, 1);
    const Predicate answered = [](const TrafficRecord &r) {
        return r.command.action() == QLatin1String("whoami") && r.status == TrafficRecord::Answered;
    };
    QTRY_VERIFY(findRecord(session, answered).id != 0);
    const TrafficRecord request = findRecord(session, answered);
    QCOMPARE(request.peer, alicePeer);
    const int replyRow = session->model()->rowOfId(request.pairedId);
    QVERIFY(replyRow >= 0);
    QCOMPARE(session->model()->record(replyRow).command.body().toString(), QStringLiteral("alice"));
    QCOMPARE(session->model()->record(replyRow).peer, alicePeer);
    QVERIFY(!bobReceived.wait(250));
    QCOMPARE(bobCalls, 0);

    // Selecting a client in the list makes it the target.
    session->clientList()->selectClient(bobOnServer);
    QCOMPARE(session->target(), bobOnServer);

    // A client leaving is removed from the list and the chooser.
    bob.close();
    QTRY_COMPARE(session->clientList()->clientCount(), 1);
    QCOMPARE(session->targetCombo()->count(), 2);
    QCOMPARE(session->target(), nullptr);
    QTRY_COMPARE(window->stateLabel()->text(), QStringLiteral("Listening, 1 client(s)"));
}

void tst_InspectorWindow::settingsRestoreLayout()
{
    QSize size(1111, 733);
    {
        MainWindow first;
        first.show();
        QVERIFY(QTest::qWaitForWindowExposed(&first));
        first.resize(size);
        SessionWidget *session = first.newClientSession();
        session->logView()->horizontalHeader()->resizeSection(TrafficLogModel::KeyColumn, 333);
        first.statsDock()->toggleViewAction()->trigger();
        QVERIFY(first.statsDock()->isHidden());
        first.findAction(QStringLiteral("actionPauseAutoscroll"))->setChecked(true);
        QTRY_COMPARE(first.size(), size);
        first.close(); // saves
    }
    MainWindow second;
    second.show();
    QVERIFY(QTest::qWaitForWindowExposed(&second));
    QTRY_COMPARE(second.size(), size);
    QVERIFY(second.statsDock()->isHidden());
    QVERIFY(second.findAction(QStringLiteral("actionPauseAutoscroll"))->isChecked());
    SessionWidget *session = second.newClientSession();
    QCOMPARE(session->logView()->horizontalHeader()->sectionSize(TrafficLogModel::KeyColumn), 333);
    QVERIFY(session->isAutoscrollPaused());
}

QTEST_MAIN(tst_InspectorWindow)
#include "tst_inspectorwindow.moc"
