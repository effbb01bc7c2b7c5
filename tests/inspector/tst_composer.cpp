// ComposerWidget on the offscreen platform: body validation, fire/call signals and shortcuts,
// results of real calls through a real DrsServer and DrsConnection, completion and history.
#include <aboutdialog.h>
#include <composerwidget.h>
#include <jsonhighlighter.h>

#include <drsconnection.h>
#include <drshandler.h>
#include <drsserver.h>

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtCore/QSettings>
#include <QtCore/QStringListModel>
#include <QtCore/QTemporaryDir>
#include <QtGui/QIcon>
#include <QtGui/QTextBlock>
#include <QtGui/QTextLayout>
#include <QtSvg/QSvgRenderer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QAbstractItemView>
#include <QtWidgets/QApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QCompleter>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>

#include <stdexcept>
#include <vector>

class tst_Composer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void invalidBodyIsRefused_data();
    void invalidBodyIsRefused();
    void validBodiesAreAccepted_data();
    void validBodiesAreAccepted();
    void emptyActionIsRefused();
    void fireAndCallEmitCommands();
    void keyboardShortcuts();
    void setCommandLoadsActionAndBody();
    void callResults();
    void callResultConnectionClosed();
    void completionListUpdates();
    void historyRecall();
    void historyPersistsAndIsBounded();
    void highlighterColoursTokens();
    void iconsAndAboutDialog();

private:
    template<typename T> static T *child(ComposerWidget &composer, const char *name)
    {
        auto *widget = composer.findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }
    static void setBody(ComposerWidget &composer, const QString &text)
    {
        child<QPlainTextEdit>(composer, "composerBody")->setPlainText(text);
    }

    QTemporaryDir m_settingsDir;
};

void tst_Composer::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("QtDrsTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_composer"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void tst_Composer::init()
{
    QSettings().clear();
}

void tst_Composer::invalidBodyIsRefused_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("error");
    QTest::addRow("unterminated object")
            << QStringLiteral("{") << QStringLiteral("line 1, column 2: unterminated object");
    QTest::addRow("bad value on line 3") << QStringLiteral("{\n  \"a\": 1,\n  \"b\": x\n}")
                                         << QStringLiteral("line 3, column 8: illegal number");
    QTest::addRow("two values") << QStringLiteral(
            "1, 2") << QStringLiteral("line 1, column 2: only one JSON value is allowed");
    QTest::addRow("non-ASCII before the error")
            << QStringLiteral("{\"\u00e4\u00e4\": \u00fc}")
            << QStringLiteral("line 1, column 8: illegal number");
    QTest::addRow("single quotes") << QStringLiteral("{'a': 1}")
                                   << QStringLiteral("line 1, column 3: unterminated object");
}

void tst_Composer::invalidBodyIsRefused()
{
    QFETCH(QString, body);
    QFETCH(QString, error);

    ComposerWidget composer;
    auto *fire = child<QPushButton>(composer, "composerFire");
    auto *call = child<QPushButton>(composer, "composerCall");
    auto *errorLabel = child<QLabel>(composer, "composerBodyError");
    child<QLineEdit>(composer, "composerAction")->setText(QStringLiteral("user.get"));
    QVERIFY(fire->isEnabled());
    QVERIFY(call->isEnabled());

    QSignalSpy fired(&composer, &ComposerWidget::fireRequested);
    QSignalSpy called(&composer, &ComposerWidget::callRequested);
    setBody(composer, body);
    QVERIFY(!composer.isBodyValid());
    QCOMPARE(composer.bodyError(), error);
    // The editor validates after a short pause in typing.
    QTRY_VERIFY(!fire->isEnabled());
    QVERIFY(!call->isEnabled());
    QCOMPARE(errorLabel->text(), error);
    QVERIFY(!errorLabel->isHidden());

    QTest::mouseClick(fire, Qt::LeftButton);
    QTest::mouseClick(call, Qt::LeftButton);
    QVERIFY(!composer.fire());
    QVERIFY(!composer.call());
    QCOMPARE(fired.count(), 0);
    QCOMPARE(called.count(), 0);

    // Fixing the body enables the buttons again and hides the message.
    setBody(composer, QStringLiteral("{}"));
    QTRY_VERIFY(fire->isEnabled());
    QVERIFY(call->isEnabled());
    QVERIFY(errorLabel->isHidden());
    QVERIFY(composer.bodyError().isEmpty());
}

void tst_Composer::validBodiesAreAccepted_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QJsonValue>("expected");
    QTest::addRow("object") << QStringLiteral("{\"id\": 7, \"tags\": [\"a\"]}")
                            << QJsonValue(QJsonObject { { QStringLiteral("id"), 7 },
                                                        { QStringLiteral("tags"),
                                                          QJsonArray { QStringLiteral("a") } } });
    QTest::addRow("array") << QStringLiteral("[1, \"two\", null]")
                           << QJsonValue(QJsonArray { 1, QStringLiteral("two"), QJsonValue() });
    QTest::addRow("string") << QStringLiteral("\"hello\"") << QJsonValue(QStringLiteral("hello"));
    QTest::addRow("number") << QStringLiteral("  -1.5e3 ") << QJsonValue(-1500.0);
    QTest::addRow("64-bit integer")
            << QStringLiteral("9007199254740993") << QJsonValue(qint64(9007199254740993LL));
    QTest::addRow("true") << QStringLiteral("true") << QJsonValue(true);
    QTest::addRow("null") << QStringLiteral("null") << QJsonValue(QJsonValue::Null);
    QTest::addRow("empty means {}") << QStringLiteral("  \n ") << QJsonValue(QJsonObject());
    QTest::addRow("multi-line") << QStringLiteral("{\n  \"a\": {\n    \"b\": false\n  }\n}")
                                << QJsonValue(QJsonObject {
                                           { QStringLiteral("a"),
                                             QJsonObject { { QStringLiteral("b"), false } } } });
}

void tst_Composer::validBodiesAreAccepted()
{
    QFETCH(QString, body);
    QFETCH(QJsonValue, expected);

    ComposerWidget composer;
    auto *fire = child<QPushButton>(composer, "composerFire");
    child<QLineEdit>(composer, "composerAction")->setText(QStringLiteral("x.y"));
    setBody(composer, QStringLiteral("{oops")); // start invalid, so acceptance is a change
    QTRY_VERIFY(!fire->isEnabled());

    setBody(composer, body);
    QVERIFY2(composer.isBodyValid(), qPrintable(composer.bodyError()));
    QVERIFY(composer.bodyError().isEmpty());
    QCOMPARE(composer.body(), expected);
    QTRY_VERIFY(fire->isEnabled());
    QVERIFY(child<QPushButton>(composer, "composerCall")->isEnabled());
    QVERIFY(child<QLabel>(composer, "composerBodyError")->isHidden());

    QSignalSpy fired(&composer, &ComposerWidget::fireRequested);
    QVERIFY(composer.fire());
    QCOMPARE(fired.count(), 1);
    QCOMPARE(fired.at(0).at(0).value<DrsCommand>().body(), expected);
}

void tst_Composer::emptyActionIsRefused()
{
    ComposerWidget composer;
    QSignalSpy fired(&composer, &ComposerWidget::fireRequested);
    QSignalSpy called(&composer, &ComposerWidget::callRequested);
    child<QLineEdit>(composer, "composerAction")->setText(QStringLiteral("   "));
    QVERIFY(!child<QPushButton>(composer, "composerFire")->isEnabled());
    QVERIFY(!child<QPushButton>(composer, "composerCall")->isEnabled());
    QVERIFY(!composer.fire());
    QVERIFY(!composer.call());
    QCOMPARE(fired.count() + called.count(), 0);
}

void tst_Composer::fireAndCallEmitCommands()
{
    ComposerWidget composer;
    auto *timeout = child<QSpinBox>(composer, "composerTimeout");
    QCOMPARE(timeout->value(), 30000);
    QCOMPARE(composer.callTimeout(), 30000);

    QSignalSpy fired(&composer, &ComposerWidget::fireRequested);
    QSignalSpy called(&composer, &ComposerWidget::callRequested);
    child<QLineEdit>(composer, "composerAction")->setText(QStringLiteral(" log.line "));
    setBody(composer, QStringLiteral("{\"text\": \"hello\"}"));
    QTest::mouseClick(child<QPushButton>(composer, "composerFire"), Qt::LeftButton);
    QCOMPARE(fired.count(), 1);
    QCOMPARE(called.count(), 0);
    const DrsCommand firedCommand = fired.at(0).at(0).value<DrsCommand>();
    QCOMPARE(firedCommand.action(), QStringLiteral("log.line"));
    QCOMPARE(firedCommand.body(),
             QJsonValue(QJsonObject { { QStringLiteral("text"), QStringLiteral("hello") } }));
    QVERIFY(!firedCommand.hasKey());

    timeout->setValue(1234);
    QCOMPARE(composer.callTimeout(), 1234);
    child<QLineEdit>(composer, "composerAction")->setText(QStringLiteral("user.get"));
    setBody(composer, QStringLiteral("[7]"));
    QTest::mouseClick(child<QPushButton>(composer, "composerCall"), Qt::LeftButton);
    QCOMPARE(fired.count(), 1);
    QCOMPARE(called.count(), 1);
    const DrsCommand calledCommand = called.at(0).at(0).value<DrsCommand>();
    QCOMPARE(calledCommand.action(), QStringLiteral("user.get"));
    QCOMPARE(calledCommand.body(), QJsonValue(QJsonArray { 7 }));
    QCOMPARE(called.at(0).at(1).toInt(), 1234);
}

void tst_Composer::keyboardShortcuts()
{
    ComposerWidget composer;
    composer.show();
    composer.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&composer));

    QSignalSpy fired(&composer, &ComposerWidget::fireRequested);
    QSignalSpy called(&composer, &ComposerWidget::callRequested);
    child<QLineEdit>(composer, "composerAction")->setText(QStringLiteral("time.now"));
    auto *body = child<QPlainTextEdit>(composer, "composerBody");
    body->setFocus();
    QTRY_VERIFY(body->hasFocus());
    setBody(composer, QStringLiteral("{\"tz\": \"UTC\"}"));

    QTest::keyClick(body, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(called.count(), 1);
    QCOMPARE(called.at(0).at(0).value<DrsCommand>().action(), QStringLiteral("time.now"));
    QCOMPARE(called.at(0).at(1).toInt(), composer.callTimeout());
    QTest::keyClick(body, Qt::Key_Enter, Qt::ControlModifier | Qt::KeypadModifier);
    QCOMPARE(called.count(), 2);
    QTest::keyClick(body, Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(fired.count(), 1);
    QCOMPARE(called.count(), 2);
    // The shortcut did not type a newline into the body.
    QCOMPARE(body->toPlainText(), QStringLiteral("{\"tz\": \"UTC\"}"));

    // From the action field too; and never with an invalid body.
    child<QLineEdit>(composer, "composerAction")->setFocus();
    QTest::keyClick(child<QLineEdit>(composer, "composerAction"), Qt::Key_Return,
                    Qt::ControlModifier);
    QCOMPARE(called.count(), 3);
    setBody(composer, QStringLiteral("{\"tz\": }"));
    QTest::keyClick(body, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(called.count(), 3);
    QVERIFY(!child<QLabel>(composer, "composerBodyError")->isHidden());
}

void tst_Composer::setCommandLoadsActionAndBody()
{
    ComposerWidget composer;
    composer.setCommand(
            DrsCommand(QStringLiteral("user.set"),
                       QJsonObject { { QStringLiteral("id"), 7 },
                                     { QStringLiteral("name"), QStringLiteral("Ada") } },
                       QStringLiteral("somekey")));
    QCOMPARE(composer.action(), QStringLiteral("user.set"));
    const QString text = child<QPlainTextEdit>(composer, "composerBody")->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("\n    \"name\": \"Ada\"")), qPrintable(text));
    QCOMPARE(composer.body().toObject().value(QStringLiteral("id")).toInt(), 7);
    QVERIFY(!composer.command().hasKey());

    composer.setCommand(DrsCommand(QStringLiteral("n"), QJsonValue(3)));
    QCOMPARE(child<QPlainTextEdit>(composer, "composerBody")->toPlainText(), QStringLiteral("3"));
    composer.setCommand(DrsCommand(QStringLiteral("n"), QJsonValue()));
    QCOMPARE(child<QPlainTextEdit>(composer, "composerBody")->toPlainText(),
             QStringLiteral("null"));
    QCOMPARE(composer.body(), QJsonValue(QJsonValue::Null));
}

void tst_Composer::callResults()
{
    DrsServer server;
    server.on(QStringLiteral("echo"), [](const DrsCommand &command) { return command.body(); });
    server.on(QStringLiteral("user.find"), [](const DrsCommand &) -> QJsonValue {
        throw DrsError(QStringLiteral("no such user"));
    });
    server.on(QStringLiteral("crash"),
              [](const DrsCommand &) -> QJsonValue { throw std::runtime_error("boom"); });
    std::vector<DrsRequest> unanswered; // kept, so "never" is never answered
    server.onAsync(QStringLiteral("never"),
                   [&unanswered](DrsRequest request) { unanswered.push_back(request); });
    QVERIFY(server.listen(QUrl(QStringLiteral("tcp://127.0.0.1:0"))));

    DrsConnection connection;
    connection.open(server.serverUrls().first());
    QTRY_VERIFY(connection.isConnected());

    // Wired as a session does: the composer asks, the session calls and hands over the reply.
    ComposerWidget composer;
    connect(&composer, &ComposerWidget::callRequested, &connection,
            [&](const DrsCommand &command, int timeoutMs) {
                DrsReply *reply = connection.call(command, timeoutMs);
                connect(reply, &DrsReply::finished, reply, &QObject::deleteLater);
                composer.showCallResult(reply);
            });
    auto *result = child<QPlainTextEdit>(composer, "composerResult");
    auto *status = child<QLabel>(composer, "composerResultStatus");
    QVERIFY(result->isReadOnly());
    QVERIFY(!status->isVisibleTo(&composer)); // nothing called yet
    const QRegularExpression latencyLine(QStringLiteral("^\\d+[.,]\\d ms$"));

    composer.setCommand(
            DrsCommand(QStringLiteral("echo"), QJsonObject { { QStringLiteral("id"), 7 } }));
    QVERIFY(composer.call());
    QCOMPARE(result->toPlainText(), QStringLiteral("pending…"));
    QCOMPARE(status->text(), QStringLiteral("pending…"));
    QVERIFY(status->isVisibleTo(&composer));
    QVERIFY(child<QLabel>(composer, "composerResultTitle")
                    ->text()
                    .startsWith(QStringLiteral("echo")));
    QTRY_VERIFY(result->toPlainText() != QStringLiteral("pending…"));
    QStringList lines = result->toPlainText().split(u'\n');
    QCOMPARE(lines.value(0), QStringLiteral("drs.response"));
    QVERIFY2(latencyLine.match(lines.value(1)).hasMatch(), qPrintable(lines.value(1)));
    QCOMPARE(lines.mid(3).join(u'\n'), QStringLiteral("{\n    \"id\": 7\n}"));
    QVERIFY(status->text().startsWith(QStringLiteral("drs.response · ")));

    composer.setCommand(
            DrsCommand(QStringLiteral("user.find"), QJsonObject { { QStringLiteral("id"), 8 } }));
    QVERIFY(composer.call());
    QTRY_VERIFY(result->toPlainText().startsWith(QStringLiteral("drs.error: ")));
    lines = result->toPlainText().split(u'\n');
    QCOMPARE(lines.value(0), QStringLiteral("drs.error: no such user"));
    QVERIFY2(latencyLine.match(lines.value(1)).hasMatch(), qPrintable(lines.value(1)));
    QVERIFY(result->toPlainText().contains(QStringLiteral("\"message\": \"no such user\"")));
    QVERIFY(status->text().startsWith(QStringLiteral("drs.error: no such user · ")));

    composer.setCommand(DrsCommand(QStringLiteral("crash")));
    QVERIFY(composer.call());
    QTRY_VERIFY(result->toPlainText().startsWith(QStringLiteral("drs.exception: ")));

    composer.setCallTimeout(200);
    composer.setCommand(DrsCommand(QStringLiteral("never")));
    QVERIFY(composer.call());
    QCOMPARE(result->toPlainText(), QStringLiteral("pending…"));
    QTRY_COMPARE_WITH_TIMEOUT(result->toPlainText().section(u'\n', 0, 0), QStringLiteral("timeout"),
                              5000);
    const QString latency = result->toPlainText().section(u'\n', 1, 1);
    QVERIFY2(latencyLine.match(latency).hasMatch(), qPrintable(latency));
    QVERIFY2(QLocale().toDouble(latency.section(u' ', 0, 0)) >= 190.0, qPrintable(latency));
    QTRY_COMPARE(int(unanswered.size()), 1);
}

void tst_Composer::callResultConnectionClosed()
{
    DrsServer server;
    std::vector<DrsRequest> unanswered;
    server.onAsync(QStringLiteral("never"),
                   [&unanswered](DrsRequest request) { unanswered.push_back(request); });
    QVERIFY(server.listen(QUrl(QStringLiteral("tcp://127.0.0.1:0"))));
    DrsConnection connection;
    connection.open(server.serverUrls().first());
    QTRY_VERIFY(connection.isConnected());

    ComposerWidget composer;
    composer.setCallTimeout(0);
    composer.setCommand(DrsCommand(QStringLiteral("never")));
    QPointer<DrsReply> reply = connection.call(composer.command(), composer.callTimeout());
    composer.showCallResult(reply);
    auto *result = child<QPlainTextEdit>(composer, "composerResult");
    QCOMPARE(result->toPlainText(), QStringLiteral("pending…"));
    QTRY_COMPARE(int(unanswered.size()), 1); // the request reached the server
    server.close();
    QTRY_COMPARE(result->toPlainText().section(u'\n', 0, 0), QStringLiteral("connection closed"));

    // A finished reply handed over later shows its outcome without a made-up latency.
    ComposerWidget other;
    other.showCallResult(reply);
    QCOMPARE(child<QPlainTextEdit>(other, "composerResult")->toPlainText().section(u'\n', 0, 0),
             QStringLiteral("connection closed"));
    QVERIFY(!child<QLabel>(other, "composerResultStatus")->text().contains(QStringLiteral(" ms")));
    delete reply;
}

void tst_Composer::completionListUpdates()
{
    ComposerWidget composer;
    composer.show();
    composer.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&composer));
    auto *action = child<QLineEdit>(composer, "composerAction");
    QCompleter *completer = action->completer();
    QVERIFY(completer);

    composer.setActionCompletions({ QStringLiteral("user.set"), QStringLiteral("time.now"),
                                    QStringLiteral("user.get"), QStringLiteral("user.get") });
    QCOMPARE(composer.actionCompletions(),
             QStringList({ QStringLiteral("time.now"), QStringLiteral("user.get"),
                           QStringLiteral("user.set") }));
    completer->setCompletionPrefix(QStringLiteral("user"));
    QCOMPARE(completer->completionCount(), 2);
    completer->setCompletionPrefix(QStringLiteral("NOW"));
    QCOMPARE(completer->completionCount(), 1);
    QCOMPARE(completer->currentCompletion(), QStringLiteral("time.now"));

    // Typing offers what was seen so far, in the popup.
    composer.setActionCompletions({ QStringLiteral("time.now"), QStringLiteral("chat.send"),
                                    QStringLiteral("chat.join") });
    action->setFocus();
    QTest::keyClicks(action, QStringLiteral("chat"));
    QTRY_VERIFY(completer->popup()->isVisible());
    QCOMPARE(completer->completionCount(), 2);
    QCOMPARE(completer->popup()->model()->index(0, 0).data().toString(),
             QStringLiteral("chat.join"));
    QTest::keyClick(completer->popup(), Qt::Key_Down);
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    QCOMPARE(action->text(), QStringLiteral("chat.join"));
}

void tst_Composer::historyRecall()
{
    ComposerWidget composer;
    composer.show();
    composer.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&composer));
    auto *action = child<QLineEdit>(composer, "composerAction");
    auto *body = child<QPlainTextEdit>(composer, "composerBody");
    QVERIFY(composer.history().isEmpty());

    for (int i = 1; i <= 3; ++i) {
        composer.setCommand(DrsCommand(QStringLiteral("cmd.%1").arg(i),
                                       QJsonObject { { QStringLiteral("n"), i } }));
        QVERIFY(i == 2 ? composer.call() : composer.fire());
    }
    QCOMPARE(composer.history().size(), 3);
    QCOMPARE(composer.history().at(0).action(), QStringLiteral("cmd.3"));
    QCOMPARE(composer.history().at(2).action(), QStringLiteral("cmd.1"));

    // A draft in progress, then Up/Down in the action field walk the history like a shell.
    action->setText(QStringLiteral("draft"));
    body->setPlainText(QStringLiteral("{\"half"));
    action->setFocus();
    QTest::keyClick(action, Qt::Key_Up);
    QCOMPARE(action->text(), QStringLiteral("cmd.3"));
    QCOMPARE(composer.body().toObject().value(QStringLiteral("n")).toInt(), 3);
    QTest::keyClick(action, Qt::Key_Up);
    QTest::keyClick(action, Qt::Key_Up);
    QCOMPARE(action->text(), QStringLiteral("cmd.1"));
    QTest::keyClick(action, Qt::Key_Up); // already the oldest
    QCOMPARE(action->text(), QStringLiteral("cmd.1"));
    QTest::keyClick(action, Qt::Key_Down);
    QCOMPARE(action->text(), QStringLiteral("cmd.2"));
    QTest::keyClick(action, Qt::Key_Down);
    QTest::keyClick(action, Qt::Key_Down);
    QCOMPARE(action->text(), QStringLiteral("draft"));
    QCOMPARE(body->toPlainText(), QStringLiteral("{\"half"));

    // Sending again moves a command to the front instead of repeating it.
    composer.setCommand(
            DrsCommand(QStringLiteral("cmd.1"), QJsonObject { { QStringLiteral("n"), 1 } }));
    QVERIFY(composer.fire());
    QCOMPARE(composer.history().size(), 3);
    QCOMPARE(composer.history().at(0).action(), QStringLiteral("cmd.1"));

    // The history list recalls too.
    auto *list = child<QComboBox>(composer, "composerHistory");
    QCOMPARE(list->count(), 3);
    QVERIFY(list->itemText(2).startsWith(QStringLiteral("cmd.2")));
    list->setCurrentIndex(2);
    Q_EMIT list->activated(2);
    QCOMPARE(composer.action(), QStringLiteral("cmd.2"));
}

void tst_Composer::historyPersistsAndIsBounded()
{
    {
        ComposerWidget composer;
        composer.setCommand(
                DrsCommand(QStringLiteral("kept"), QJsonValue(qint64(9007199254740993LL))));
        QVERIFY(composer.fire());
    }
    {
        ComposerWidget composer; // as after a restart
        QCOMPARE(composer.history().size(), 1);
        QCOMPARE(composer.history().at(0).action(), QStringLiteral("kept"));
        QCOMPARE(composer.history().at(0).body(), QJsonValue(qint64(9007199254740993LL)));
        for (int i = 0; i < ComposerWidget::HistoryLimit + 5; ++i) {
            composer.setCommand(DrsCommand(QStringLiteral("n.%1").arg(i)));
            QVERIFY(composer.fire());
        }
        QCOMPARE(composer.history().size(), ComposerWidget::HistoryLimit);
        QCOMPARE(composer.history().first().action(),
                 QStringLiteral("n.%1").arg(ComposerWidget::HistoryLimit + 4));
        QCOMPARE(composer.history().last().action(), QStringLiteral("n.5"));
    }
    ComposerWidget composer;
    QCOMPARE(composer.history().size(), ComposerWidget::HistoryLimit);
    composer.clearHistory();
    QVERIFY(composer.history().isEmpty());
    QCOMPARE(ComposerWidget().history().size(), 0);
}

void tst_Composer::highlighterColoursTokens()
{
    ComposerWidget composer;
    auto *body = child<QPlainTextEdit>(composer, "composerBody");
    auto *highlighter = body->document()->findChild<JsonHighlighter *>();
    QVERIFY(highlighter);
    body->setPlainText(QStringLiteral("{\"key\": \"value\", \"n\": -12.5, \"t\": true}"));

    const QList<QTextLayout::FormatRange> formats
            = body->document()->firstBlock().layout()->formats();
    const auto colourAt = [&formats](int position) {
        for (const QTextLayout::FormatRange &range : formats) {
            if (position >= range.start && position < range.start + range.length)
                return range.format.foreground().color();
        }
        return QColor();
    };
    const auto colourOf = [highlighter](JsonHighlighter::Kind kind) {
        return highlighter->format(kind).foreground().color();
    };
    QCOMPARE(colourAt(0), colourOf(JsonHighlighter::Punctuation)); // {
    QCOMPARE(colourAt(2), colourOf(JsonHighlighter::Key)); // key
    QCOMPARE(colourAt(10), colourOf(JsonHighlighter::String)); // value
    QCOMPARE(colourAt(23), colourOf(JsonHighlighter::Number)); // -12.5
    QCOMPARE(colourAt(36), colourOf(JsonHighlighter::Keyword)); // true
    QVERIFY(colourOf(JsonHighlighter::Key) != colourOf(JsonHighlighter::String));
    QVERIFY(colourOf(JsonHighlighter::Number) != colourOf(JsonHighlighter::Keyword));
}

void tst_Composer::iconsAndAboutDialog()
{
    const QStringList names {
        QStringLiteral("drs-inspector"),
        QStringLiteral("about"),
        QStringLiteral("call"),
        QStringLiteral("clear"),
        QStringLiteral("connect"),
        QStringLiteral("copy"),
        QStringLiteral("disconnect"),
        QStringLiteral("export"),
        QStringLiteral("fire"),
        QStringLiteral("history"),
        QStringLiteral("import"),
        QStringLiteral("incoming"),
        QStringLiteral("jump"),
        QStringLiteral("listen"),
        QStringLiteral("new-session"),
        QStringLiteral("outgoing"),
        QStringLiteral("pause"),
        QStringLiteral("replay"),
        QStringLiteral("resume"),
        QStringLiteral("settings"),
        QStringLiteral("templates"),
        QStringLiteral("status-answered"),
        QStringLiteral("status-connected"),
        QStringLiteral("status-connecting"),
        QStringLiteral("status-disconnected"),
        QStringLiteral("status-error"),
        QStringLiteral("status-exception"),
        QStringLiteral("status-fired"),
        QStringLiteral("status-listening"),
        QStringLiteral("status-malformed"),
        QStringLiteral("status-pending"),
        QStringLiteral("status-timeout"),
    };
    for (const QString &name : names) {
        const QString path = QStringLiteral(":/icons/%1.svg").arg(name);
        QSvgRenderer renderer(path);
        QVERIFY2(renderer.isValid(), qPrintable(path));
        QVERIFY2(!QIcon(path).pixmap(24, 24).isNull(), qPrintable(path));
    }
    QVERIFY(!QFile::exists(QStringLiteral(":/icons/no-such-icon.svg")));

    AboutDialog about;
    QVERIFY(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+$"))
                    .match(AboutDialog::version())
                    .hasMatch());
    QCOMPARE(about.findChild<QLabel *>(QStringLiteral("aboutTitle"))->text(),
             QStringLiteral("DRS Inspector %1").arg(AboutDialog::version()));
    const QString text = about.findChild<QLabel *>(QStringLiteral("aboutText"))->text();
    QVERIFY2(text.contains(QString::fromLatin1(qVersion())), qPrintable(text));
    QVERIFY(!about.findChild<QLabel *>(QStringLiteral("aboutIcon"))->pixmap().isNull());
}

QTEST_MAIN(tst_Composer)
#include "tst_composer.moc"
