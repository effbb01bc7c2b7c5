// examples/signals: the slider and the dial kept in sync. Both windows in this process over a
// local socket, driven by keyboard events as a user would; then the real drs-slider program as a
// child process, driven by a dial in this process.
#include "drstestutil.h"
#include "syncwidgets.h"

#include <drsreply.h>
#include <drssubscription.h>

#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDial>
#include <QtWidgets/QSlider>

using namespace Qt::StringLiterals;

class tst_SignalsExample : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sliderDrivesDialAndBack();
    void severalDials();
    void sliderProgram();
};

void tst_SignalsExample::initTestCase()
{
    qRegisterMetaType<DrsCommand>();
}

void tst_SignalsExample::sliderDrivesDialAndBack()
{
    const QUrl url = DrsTest::listenUrl(u"local"_s);
    SliderWindow sliderWindow;
    QVERIFY2(sliderWindow.listen(url), qPrintable(sliderWindow.errorString()));
    DialWindow dialWindow;
    dialWindow.open(url);
    sliderWindow.show();
    dialWindow.show();
    QVERIFY(QTest::qWaitForWindowExposed(&sliderWindow));
    QVERIFY(QTest::qWaitForWindowExposed(&dialWindow));
    QSlider *slider = sliderWindow.slider();
    QDial *dial = dialWindow.dial();

    // A dial that connects starts where the slider is.
    QCOMPARE(dial->value(), 0);
    QTRY_COMPARE(dial->value(), 50);

    // The slider moves: the dial follows.
    QTest::keyClick(slider, Qt::Key_PageUp);
    QCOMPARE(slider->value(), 60);
    QTRY_COMPARE(dial->value(), 60);
    for (int i = 0; i < 15; ++i)
        QTest::keyClick(slider, Qt::Key_Right);
    QCOMPARE(slider->value(), 75);
    QTRY_COMPARE(dial->value(), 75);

    // And back: the dial moves, the slider follows.
    QTest::keyClick(dial, Qt::Key_End);
    QCOMPARE(dial->value(), 100);
    QTRY_COMPARE(slider->value(), 100);
    for (int i = 0; i < 12; ++i)
        QTest::keyClick(dial, Qt::Key_PageDown);
    QCOMPARE(dial->value(), 0);
    QTRY_COMPARE(slider->value(), 0);

    // Then everything is quiet: no change bounces between them.
    QSignalSpy dialSent(dialWindow.connection(), &DrsConnection::commandSent);
    QSignalSpy dialReceived(dialWindow.connection(), &DrsConnection::commandReceived);
    QVERIFY(!dialReceived.wait(250));
    QCOMPARE(dialSent.count(), 0);
    QCOMPARE(dial->value(), 0);
    QCOMPARE(slider->value(), 0);
}

void tst_SignalsExample::severalDials()
{
    const QUrl url = DrsTest::listenUrl(u"local"_s);
    SliderWindow sliderWindow;
    QVERIFY2(sliderWindow.listen(url), qPrintable(sliderWindow.errorString()));
    DialWindow first;
    DialWindow second;
    first.open(url);
    second.open(url);
    QTRY_COMPARE(sliderWindow.server()->connectionCount(), 2);
    QTRY_COMPARE(first.dial()->value(), 50);
    QTRY_COMPARE(second.dial()->value(), 50);

    // One dial turns: the slider follows, and so does the other dial, through the slider.
    QTest::keyClick(first.dial(), Qt::Key_Home);
    QTRY_COMPARE(sliderWindow.slider()->value(), 0);
    QTRY_COMPARE(second.dial()->value(), 0);
    QTest::keyClick(second.dial(), Qt::Key_PageUp);
    QTRY_COMPARE(sliderWindow.slider()->value(), 10);
    QTRY_COMPARE(first.dial()->value(), 10);
}

// The real drs-slider program; a dial in this process drives it, and a plain client watches what
// it publishes.
void tst_SignalsExample::sliderProgram()
{
    const QUrl url = DrsTest::listenUrl(u"local"_s);
    QProcess program;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    program.setProcessEnvironment(environment);
    program.start(QStringLiteral(DRS_SLIDER_PATH), { u"--listen"_s, url.toString() });
    QVERIFY2(program.waitForStarted(10000), qPrintable(program.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(program.canReadLine() || program.state() != QProcess::Running, 20000);
    QCOMPARE(QString::fromUtf8(program.readLine()).trimmed(), url.toString());

    DrsConnection observer;
    DrsSubscription sliderMoves(&observer, u"slider.valueChanged"_s);
    QSignalSpy moves(&sliderMoves, &DrsSubscription::received);
    observer.open(url);
    QTRY_COMPARE(moves.count(), 1); // where the slider starts
    QCOMPARE(moves.at(0).at(0).value<DrsCommand>().body(),
             QJsonValue(QJsonObject { { u"value"_s, 50 } }));

    DialWindow dialWindow;
    dialWindow.open(url);
    QTRY_COMPARE(dialWindow.dial()->value(), 50);
    QSignalSpy dialReceived(dialWindow.connection(), &DrsConnection::commandReceived);

    // The dial turns: the slider in the other process follows and publishes its new value, to
    // the observer but not back to the dial.
    QTest::keyClick(dialWindow.dial(), Qt::Key_PageDown);
    QCOMPARE(dialWindow.dial()->value(), 40);
    QTRY_COMPARE(moves.count(), 2);
    QCOMPARE(moves.at(1).at(0).value<DrsCommand>().body(),
             QJsonValue(QJsonObject { { u"value"_s, 40 } }));
    QVERIFY(!dialReceived.wait(250));

    // Any client can drive the slider the way a dial does; the dial follows.
    QVERIFY(observer.fire(u"dial.valueChanged"_s, QJsonObject { { u"value"_s, 77 } }));
    QTRY_COMPARE(dialWindow.dial()->value(), 77);
    QCOMPARE(moves.count(), 2); // not echoed to the observer that moved it
    // A value the slider cannot take is refused by name.
    DrsReply *refused
            = observer.call(u"dial.valueChanged"_s, QJsonObject { { u"value"_s, u"up"_s } });
    QTRY_VERIFY(refused->isFinished());
    QCOMPARE(refused->errorString(),
             u"dial.valueChanged: argument 'value' cannot be converted to int"_s);

    // The slider program ends: the dial waits for it to come back.
    program.terminate();
    QVERIFY(program.waitForFinished(10000));
    QCOMPARE(program.exitStatus(), QProcess::NormalExit);
    QCOMPARE(program.exitCode(), 0);
    QTRY_COMPARE(dialWindow.connection()->state(), DrsConnection::ReconnectingState);
}

QTEST_MAIN(tst_SignalsExample)
#include "tst_signalsexample.moc"
