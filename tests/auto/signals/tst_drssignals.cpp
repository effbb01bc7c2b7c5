// Signals across the wire: DrsConnection/DrsServer::publish() (signals become commands),
// DrsHandlerRegistry::subscribe() (commands become slot calls, emissions and property writes),
// DrsSubscription (a signal per action or pattern) and wildcard handlers, between a real
// DrsServer and real clients over local sockets and tcp.
#include <drsconnection.h>
#include <drshandler.h>
#include <drsreply.h>
#include <drsserver.h>
#include <drssubscription.h>

#include "drstestutil.h"

#include <QtCore/QDateTime>
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaMethod>
#include <QtCore/QPoint>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtCore/QThread>
#include <QtCore/QUrl>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

// One signal per type carried, and a few shapes: two arguments, overloads, a property.
class Carrier : public QObject {
    Q_OBJECT
    Q_PROPERTY(int level READ level WRITE setLevel NOTIFY levelChanged)
    Q_PROPERTY(QString title READ title WRITE setTitle NOTIFY titleEdited)
public:
    enum Mode { Idle, Measuring, Calibrating };
    Q_ENUM(Mode)
    enum Option { NoOption = 0x0, Fast = 0x1, Precise = 0x2 };
    Q_DECLARE_FLAGS(Options, Option)
    Q_FLAG(Options)

    using QObject::QObject;

    int level() const { return m_level; }
    void setLevel(int level)
    {
        ++levelWrites;
        if (m_level == level)
            return;
        m_level = level;
        Q_EMIT levelChanged(level);
    }
    QString title() const { return m_title; }
    void setTitle(const QString &title)
    {
        if (m_title == title)
            return;
        m_title = title;
        Q_EMIT titleEdited(title);
    }

    Q_INVOKABLE int add(int a, int b) const { return a + b; }
    Q_INVOKABLE QVariant echo(const QVariant &value) const { return value; }
    bool hasReceivers(const QMetaMethod &signal) const { return isSignalConnected(signal); }

    int levelWrites = 0;

public Q_SLOTS:
    void set(int a, int b = 10) { calls.append(u"set(%1,%2)"_s.arg(a).arg(b)); }
    void set(const QString &name) { calls.append(u"set(%1)"_s.arg(name)); }
    void unnamed(int) { }

Q_SIGNALS:
    void intSent(int value);
    void doubleSent(double value);
    void boolSent(bool value);
    void stringSent(const QString &value);
    void stringListSent(const QStringList &value);
    void mapSent(const QVariantMap &value);
    void listSent(const QVariantList &value);
    void jsonSent(const QJsonObject &value);
    void jsonArraySent(const QJsonArray &value);
    void dateTimeSent(const QDateTime &value);
    void dateSent(const QDate &value);
    void timeSent(const QTime &value);
    void modeSent(Carrier::Mode value);
    void optionsSent(Carrier::Options value);
    void bigSent(qint64 value);
    void unsignedSent(uint value);
    void bytesSent(const QByteArray &value);
    void urlSent(const QUrl &value);
    void variantSent(const QVariant &value);
    void intListSent(const QList<int> &value);
    void hashSent(const QHash<QString, int> &value);
    void moved(int x, int y);
    void changed(int number);
    void changed(const QString &text);
    void levelChanged(int level);
    void titleEdited(const QString &newTitle);
    void tick(int sequence);

public:
    QStringList calls;

private:
    int m_level = 0;
    QString m_title;
};

// Refused for publishing, each for one reason.
class UnnamedSignal : public QObject {
    Q_OBJECT
Q_SIGNALS:
    void ping(int);
};
class PointSignal : public QObject {
    Q_OBJECT
Q_SIGNALS:
    void ok(int value);
    void clicked(const QPoint &position);
};
class PointerSignal : public QObject {
    Q_OBJECT
Q_SIGNALS:
    void picked(QObject *item);
};
class NoSignals : public QObject {
    Q_OBJECT
};

// Collects the sequence numbers a subscription delivers, for the high-rate test.
class Sink : public QObject {
    Q_OBJECT
public:
    std::vector<int> received;
public Q_SLOTS:
    void tick(int sequence) { received.push_back(sequence); }
};

namespace {

QMetaMethod signalOf(const QObject *object, const char *signature)
{
    const QMetaObject *meta = object->metaObject();
    return meta->method(meta->indexOfSignal(QMetaObject::normalizedSignature(signature)));
}

QMetaMethod firstSignalNamed(const QObject *object, const QByteArray &name)
{
    const QMetaObject *meta = object->metaObject();
    for (int i = 0; i < meta->methodCount(); ++i) {
        if (meta->method(i).methodType() == QMetaMethod::Signal && meta->method(i).name() == name)
            return meta->method(i);
    }
    return QMetaMethod();
}

// A server and a client connected to it; the server's side of the link in serverSide.
struct Peers {
    std::unique_ptr<DrsServer> server;
    std::unique_ptr<DrsConnection> client;
    QPointer<DrsConnection> serverSide;
};

} // namespace

class tst_DrsSignals : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void conversions_data();
    void conversions();
    void receivedConversions_data();
    void receivedConversions();
    void receiveErrors_data();
    void receiveErrors();
    void publishRefused_data();
    void publishRefused();
    void subscribeRefused_data();
    void subscribeRefused();
    void selectAndUnpublish();
    void variantWithoutJsonForm();
    void overloads();
    void propertiesAndInvokables();
    void syncWithoutEcho();
    void destroyedWhilePublished();
    void ownerDestroyedWhilePublished();
    void subscribedObjectDestroyed();
    void emittedInAnotherThread();
    void highRate_data();
    void highRate();
    void subscriptionMatches_data();
    void subscriptionMatches();
    void subscriptionOnServer();

private:
    void startPeers(Peers &peers, const QString &transport,
                    DrsCommand::Encoding encoding = DrsCommand::JsonEncoding);
    DrsConnection *connectClient(Peers &peers, QObject *owner);
};

#define START_PEERS(peers, ...) \
    startPeers(peers, __VA_ARGS__); \
    if (QTest::currentTestFailed()) \
        return;

void tst_DrsSignals::initTestCase()
{
    qRegisterMetaType<DrsCommand>();
    qRegisterMetaType<DrsConnection *>();
}

void tst_DrsSignals::startPeers(Peers &peers, const QString &transport,
                                DrsCommand::Encoding encoding)
{
    peers.server = std::make_unique<DrsServer>();
    QVERIFY2(peers.server->listen(DrsTest::listenUrl(transport)),
             qPrintable(peers.server->errorString()));
    peers.client = std::make_unique<DrsConnection>();
    peers.client->setEncoding(encoding);
    peers.client->open(peers.server->serverUrls().value(0));
    QTRY_VERIFY(peers.client->isConnected());
    QTRY_COMPARE(peers.server->connectionCount(), 1);
    peers.serverSide = peers.server->connections().constFirst();
}

DrsConnection *tst_DrsSignals::connectClient(Peers &peers, QObject *owner)
{
    const int before = peers.server->connectionCount();
    auto *client = new DrsConnection(owner);
    client->open(peers.server->serverUrls().value(0));
    if (!QTest::qWaitFor([&] { return peers.server->connectionCount() == before + 1; }, 10000))
        return nullptr;
    return client;
}

// ---- conversions ----

void tst_DrsSignals::conversions_data()
{
    QTest::addColumn<DrsCommand::Encoding>("encoding");
    QTest::addColumn<QByteArray>("signal");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QJsonValue>("json");

    const QDateTime utc(QDate(2024, 5, 17), QTime(13, 45, 30, 123), Qt::UTC);
    const QDateTime offset(QDate(2024, 5, 17), QTime(13, 45, 30, 7), Qt::OffsetFromUTC, 7200);
    struct Row {
        const char *name;
        QByteArray signal;
        QVariant value;
        QJsonValue json;
    };
    const std::vector<Row> rows = {
        { "int", "intSent", QVariant(42), QJsonValue(42) },
        { "negative int", "intSent", QVariant(-7), QJsonValue(-7) },
        { "double", "doubleSent", QVariant(2.5), QJsonValue(2.5) },
        { "bool", "boolSent", QVariant(true), QJsonValue(true) },
        { "QString", "stringSent", QVariant(u"h\u00e9llo \"w\""_s),
          QJsonValue(u"h\u00e9llo \"w\""_s) },
        { "QStringList", "stringListSent", QVariant(QStringList { u"a"_s, u"b c"_s }),
          QJsonArray { u"a"_s, u"b c"_s } },
        { "QVariantMap", "mapSent",
          QVariant(QVariantMap {
                  { u"a"_s, 1 }, { u"b"_s, u"two"_s }, { u"c"_s, QVariantList { true, 2.5 } } }),
          QJsonObject {
                  { u"a"_s, 1 }, { u"b"_s, u"two"_s }, { u"c"_s, QJsonArray { true, 2.5 } } } },
        { "QVariantList", "listSent",
          QVariant(QVariantList { 1, u"x"_s, QVariantMap { { u"k"_s, 2.5 } } }),
          QJsonArray { 1, u"x"_s, QJsonObject { { u"k"_s, 2.5 } } } },
        { "QJsonObject", "jsonSent",
          QVariant(QJsonObject { { u"nested"_s, QJsonObject { { u"n"_s, 1 } } } }),
          QJsonObject { { u"nested"_s, QJsonObject { { u"n"_s, 1 } } } } },
        { "QJsonArray", "jsonArraySent", QVariant(QJsonArray { 1, u"two"_s }),
          QJsonArray { 1, u"two"_s } },
        { "QDateTime UTC", "dateTimeSent", QVariant(utc),
          QJsonValue(u"2024-05-17T13:45:30.123Z"_s) },
        { "QDateTime offset", "dateTimeSent", QVariant(offset),
          QJsonValue(u"2024-05-17T13:45:30.007+02:00"_s) },
        { "QDate", "dateSent", QVariant(QDate(2024, 2, 29)), QJsonValue(u"2024-02-29"_s) },
        { "QTime", "timeSent", QVariant(QTime(23, 59, 58, 250)), QJsonValue(u"23:59:58.250"_s) },
        { "enum by name", "modeSent", QVariant::fromValue(Carrier::Calibrating),
          QJsonValue(u"Calibrating"_s) },
        { "flags by name", "optionsSent",
          QVariant::fromValue(Carrier::Options(Carrier::Fast | Carrier::Precise)),
          QJsonValue(u"Fast|Precise"_s) },
        { "qint64 beyond double", "bigSent", QVariant(qint64(9007199254740993)),
          QJsonValue(qint64(9007199254740993)) },
        { "uint", "unsignedSent", QVariant(4000000000u), QJsonValue(qint64(4000000000)) },
        { "QByteArray", "bytesSent", QVariant(QByteArray("bytes")), QJsonValue(u"bytes"_s) },
        { "QUrl", "urlSent", QVariant(QUrl(u"https://example.org/a b"_s)),
          QJsonValue(u"https://example.org/a%20b"_s) },
        { "QList<int>", "intListSent", QVariant::fromValue(QList<int> { 3, 1, 2 }),
          QJsonArray { 3, 1, 2 } },
        { "QHash<QString,int>", "hashSent",
          QVariant::fromValue(QHash<QString, int> { { u"a"_s, 1 }, { u"b"_s, 2 } }),
          QJsonObject { { u"a"_s, 1 }, { u"b"_s, 2 } } },
        { "QVariant", "variantSent", QVariant::fromValue(QVariant(u"inner"_s)),
          QJsonValue(u"inner"_s) },
    };
    for (const Row &row : rows) {
        for (const DrsCommand::Encoding encoding :
             { DrsCommand::JsonEncoding, DrsCommand::CborEncoding }) {
            QTest::addRow("%s/%s", row.name, encoding == DrsCommand::JsonEncoding ? "json" : "cbor")
                    << encoding << row.signal << row.value << row.json;
        }
    }
}

// A signal emitted on one side arrives as {"value": json}, and the same class subscribed on the
// other side re-emits it with the same value.
void tst_DrsSignals::conversions()
{
    QFETCH(DrsCommand::Encoding, encoding);
    QFETCH(QByteArray, signal);
    QFETCH(QVariant, value);
    QFETCH(QJsonValue, json);

    Peers peers;
    START_PEERS(peers, u"local"_s, encoding);
    Carrier source;
    Carrier mirror;
    QVERIFY(peers.server->publish(&source, u"carrier"_s));
    QVERIFY(peers.server->isPublished(&source));
    QVERIFY(peers.client->subscribe(&mirror, u"carrier"_s));

    DrsSubscription wire(peers.client.get(), u"carrier.*"_s);
    QSignalSpy wireSpy(&wire, &DrsSubscription::received);
    const QMetaMethod method = firstSignalNamed(&source, signal);
    QVERIFY(method.isValid());
    QSignalSpy mirrorSpy(&mirror, method);
    QVERIFY(mirrorSpy.isValid());

    // A QVariant parameter takes the QVariant itself; others the value it holds.
    const QVariant *argument = method.parameterMetaType(0).id() == QMetaType::QVariant
            ? &value
            : static_cast<const QVariant *>(nullptr);
    const QGenericArgument generic = argument
            ? QGenericArgument("QVariant", argument)
            : QGenericArgument(value.typeName(), value.constData());
    QVERIFY(method.invoke(&source, Qt::DirectConnection, generic));

    QTRY_COMPARE(wireSpy.count(), 1);
    const DrsCommand command = wireSpy.at(0).at(0).value<DrsCommand>();
    QCOMPARE(command.action(), u"carrier."_s + QString::fromLatin1(signal));
    QVERIFY(!command.hasKey()); // published signals are fires: no reply traffic
    QCOMPARE(command.body(), QJsonValue(QJsonObject { { u"value"_s, json } }));
    QCOMPARE(wireSpy.at(0).at(1).value<DrsConnection *>(), peers.client.get());

    QTRY_COMPARE(mirrorSpy.count(), 1);
    const QVariant back = mirrorSpy.at(0).at(0);
    if (argument) {
        QCOMPARE(back.value<QVariant>(), value.value<QVariant>());
    } else {
        QCOMPARE(back.metaType(), value.metaType());
        QCOMPARE(back, value);
    }
}

void tst_DrsSignals::receivedConversions_data()
{
    QTest::addColumn<QByteArray>("signal");
    QTest::addColumn<QJsonValue>("json");
    QTest::addColumn<QVariant>("expected");

    QTest::addRow("enum by number")
            << QByteArray("modeSent") << QJsonValue(1) << QVariant::fromValue(Carrier::Measuring);
    QTest::addRow("enum by number text") << QByteArray("modeSent") << QJsonValue(u"2"_s)
                                         << QVariant::fromValue(Carrier::Calibrating);
    QTest::addRow("flags by number")
            << QByteArray("optionsSent") << QJsonValue(3)
            << QVariant::fromValue(Carrier::Options(Carrier::Fast | Carrier::Precise));
    QTest::addRow("flag by name") << QByteArray("optionsSent") << QJsonValue(u"Precise"_s)
                                  << QVariant::fromValue(Carrier::Options(Carrier::Precise));
    QTest::addRow("int from integral double")
            << QByteArray("intSent") << QJsonValue(7.0) << QVariant(7);
    QTest::addRow("double from integer")
            << QByteArray("doubleSent") << QJsonValue(3) << QVariant(3.0);
    QTest::addRow("QDateTime without ms")
            << QByteArray("dateTimeSent") << QJsonValue(u"2024-05-17T13:45:30Z"_s)
            << QVariant(QDateTime(QDate(2024, 5, 17), QTime(13, 45, 30), Qt::UTC));
    QTest::addRow("QVariant from object")
            << QByteArray("variantSent") << QJsonValue(QJsonObject { { u"a"_s, 1 } })
            << QVariant::fromValue(QVariant(QVariantMap { { u"a"_s, 1 } }));
}

// What a peer written in another language sends: enums by number, looser number forms.
void tst_DrsSignals::receivedConversions()
{
    QFETCH(QByteArray, signal);
    QFETCH(QJsonValue, json);
    QFETCH(QVariant, expected);

    Peers peers;
    START_PEERS(peers, u"tcp"_s);
    Carrier mirror;
    QVERIFY(peers.server->subscribe(&mirror, u"carrier"_s));
    const QMetaMethod method = firstSignalNamed(&mirror, signal);
    QSignalSpy mirrorSpy(&mirror, method);
    DrsReply *reply = peers.client->call(u"carrier."_s + QString::fromLatin1(signal),
                                         QJsonObject { { u"value"_s, json } });
    QTRY_VERIFY(reply->isFinished());
    QVERIFY2(reply->error() == DrsReply::NoError, qPrintable(reply->errorString()));
    QCOMPARE(mirrorSpy.count(), 1);
    QCOMPARE(mirrorSpy.at(0).at(0), expected);
}

void tst_DrsSignals::receiveErrors_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonValue>("body");
    QTest::addColumn<QString>("message");

    auto value = [](const QJsonValue &v) { return QJsonValue(QJsonObject { { u"value"_s, v } }); };
    QTest::addRow("missing") << u"carrier.intSent"_s << QJsonValue(QJsonObject())
                             << u"carrier.intSent: missing argument 'value'"_s;
    QTest::addRow("name mismatch")
            << u"carrier.intSent"_s << QJsonValue(QJsonObject { { u"val"_s, 1 } })
            << u"carrier.intSent: missing argument 'value'"_s;
    QTest::addRow("no body object") << u"carrier.intSent"_s << QJsonValue(5)
                                    << u"carrier.intSent: missing argument 'value'"_s;
    QTest::addRow("second argument missing")
            << u"carrier.moved"_s << QJsonValue(QJsonObject { { u"x"_s, 1 } })
            << u"carrier.moved: missing argument 'y'"_s;
    QTest::addRow("fraction for int")
            << u"carrier.intSent"_s << value(2.5)
            << u"carrier.intSent: argument 'value' cannot be converted to int"_s;
    QTest::addRow("int out of range")
            << u"carrier.intSent"_s << value(qint64(3000000000))
            << u"carrier.intSent: argument 'value' cannot be converted to int"_s;
    QTest::addRow("text for int")
            << u"carrier.intSent"_s << value(u"many"_s)
            << u"carrier.intSent: argument 'value' cannot be converted to int"_s;
    QTest::addRow("negative for uint")
            << u"carrier.unsignedSent"_s << value(-1)
            << u"carrier.unsignedSent: argument 'value' cannot be converted to uint"_s;
    QTest::addRow("number for QString")
            << u"carrier.stringSent"_s << value(5)
            << u"carrier.stringSent: argument 'value' cannot be converted to QString"_s;
    QTest::addRow("text for bool")
            << u"carrier.boolSent"_s << value(u"true"_s)
            << u"carrier.boolSent: argument 'value' cannot be converted to bool"_s;
    QTest::addRow("number in QStringList")
            << u"carrier.stringListSent"_s << value(QJsonArray { u"a"_s, 1 })
            << u"carrier.stringListSent: argument 'value' cannot be converted to QStringList"_s;
    QTest::addRow("array for QVariantMap")
            << u"carrier.mapSent"_s << value(QJsonArray { 1 })
            << u"carrier.mapSent: argument 'value' cannot be converted to QVariantMap"_s;
    QTest::addRow("object for QVariantList")
            << u"carrier.listSent"_s << value(QJsonObject())
            << u"carrier.listSent: argument 'value' cannot be converted to QVariantList"_s;
    QTest::addRow("text in QList<int>")
            << u"carrier.intListSent"_s << value(QJsonArray { 1, u"two"_s })
            << u"carrier.intListSent: argument 'value' cannot be converted to QList<int>"_s;
    QTest::addRow("array for QJsonObject")
            << u"carrier.jsonSent"_s << value(QJsonArray())
            << u"carrier.jsonSent: argument 'value' cannot be converted to QJsonObject"_s;
    QTest::addRow("not a date")
            << u"carrier.dateTimeSent"_s << value(u"yesterday"_s)
            << u"carrier.dateTimeSent: argument 'value' cannot be converted to QDateTime"_s;
    QTest::addRow("unknown enum name")
            << u"carrier.modeSent"_s << value(u"Sleeping"_s)
            << u"carrier.modeSent: argument 'value' cannot be converted to Carrier::Mode"_s;
    QTest::addRow("enum number without a name")
            << u"carrier.modeSent"_s << value(7)
            << u"carrier.modeSent: argument 'value' cannot be converted to Carrier::Mode"_s;
    QTest::addRow("property value missing")
            << u"carrier.levelChanged"_s << QJsonValue(QJsonObject { { u"lvl"_s, 1 } })
            << u"carrier.levelChanged: missing argument 'level'"_s;
    QTest::addRow("property value unconvertible")
            << u"carrier.levelChanged"_s << value(1) // "value" is not the property's name
            << u"carrier.levelChanged: missing argument 'level'"_s;
    QTest::addRow("property value of the wrong type")
            << u"carrier.levelChanged"_s << QJsonValue(QJsonObject { { u"level"_s, u"high"_s } })
            << u"carrier.levelChanged: argument 'level' cannot be converted to int"_s;
}

// A call to a subscribed object with a missing or unconvertible argument is answered drs.error
// naming the argument, and nothing is invoked.
void tst_DrsSignals::receiveErrors()
{
    QFETCH(QString, action);
    QFETCH(QJsonValue, body);
    QFETCH(QString, message);

    Peers peers;
    START_PEERS(peers, u"local"_s);
    Carrier mirror;
    QVERIFY(peers.server->subscribe(&mirror, u"carrier"_s));
    const QMetaMethod method
            = firstSignalNamed(&mirror, action.section(QLatin1Char('.'), 1).toLatin1());
    QSignalSpy mirrorSpy(&mirror, method);
    DrsReply *reply = peers.client->call(action, body);
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::RemoteError);
    QCOMPARE(reply->errorString(), message);
    QCOMPARE(mirrorSpy.count(), 0);
    QCOMPARE(mirror.levelWrites, 0);
}

// ---- refusals ----

void tst_DrsSignals::publishRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QStringList>("signalNames");
    QTest::addColumn<QString>("warning");

    QTest::addRow("unnamed parameter")
            << u"unnamed"_s << QStringList()
            << u"publish\\(p\\): parameter 1 of UnnamedSignal::ping\\(int\\) has no name"_s;
    QTest::addRow("QPoint parameter")
            << u"point"_s << QStringList()
            << u"publish\\(p\\): PointSignal::clicked\\(QPoint position\\) cannot be published: "
               u"its "
               "parameter 'position' is a QPoint, which JSON cannot carry"_s;
    QTest::addRow("QPoint among the named")
            << u"point"_s << QStringList { u"ok"_s, u"clicked"_s }
            << u"PointSignal::clicked\\(QPoint position\\).*QPoint"_s;
    QTest::addRow("QObject pointer parameter")
            << u"pointer"_s << QStringList()
            << u"PointerSignal::picked\\(QObject\\* item\\).*'item' is a QObject\\*"_s;
    QTest::addRow("unknown signal") << u"point"_s << QStringList { u"ok"_s, u"nope"_s }
                                    << u"publish\\(p\\): PointSignal has no signal nope"_s;
    QTest::addRow("a slot is no signal")
            << u"carrier"_s << QStringList { u"set"_s } << u"Carrier has no signal set"_s;
    QTest::addRow("no signals of its own")
            << u"none"_s << QStringList() << u"NoSignals has no signals of its own to publish"_s;
    QTest::addRow("null object") << u"null"_s << QStringList()
                                 << u"publish\\(p\\): the object is null"_s;
}

// Refused at publish time, with a warning naming the signal and the type; nothing is published.
void tst_DrsSignals::publishRefused()
{
    QFETCH(QString, kind);
    QFETCH(QStringList, signalNames);
    QFETCH(QString, warning);

    std::unique_ptr<QObject> object;
    if (kind == u"unnamed")
        object = std::make_unique<UnnamedSignal>();
    else if (kind == u"point")
        object = std::make_unique<PointSignal>();
    else if (kind == u"pointer")
        object = std::make_unique<PointerSignal>();
    else if (kind == u"carrier")
        object = std::make_unique<Carrier>();
    else if (kind == u"none")
        object = std::make_unique<NoSignals>();

    Peers peers;
    START_PEERS(peers, u"local"_s);
    QSignalSpy sent(peers.client.get(), &DrsConnection::commandSent);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(warning));
    QVERIFY(!peers.client->publish(object.get(), u"p"_s, signalNames));
    QVERIFY(!peers.client->isPublished(object.get()));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(warning));
    QVERIFY(!peers.server->publish(object.get(), u"p"_s, signalNames));
    QVERIFY(!peers.server->isPublished(object.get()));

    // The signal that could be carried is not published either: the refusal is whole.
    if (auto *point = qobject_cast<PointSignal *>(object.get())) {
        Q_EMIT point->ok(1);
        QVERIFY(!sent.wait(250));
    }
    QCOMPARE(sent.count(), 0);
}

void tst_DrsSignals::subscribeRefused_data()
{
    QTest::addColumn<QStringList>("members");
    QTest::addColumn<QString>("warning");
    QTest::addRow("unknown member") << QStringList { u"intSent"_s, u"nope"_s }
                                    << u"subscribe\\(c\\): Carrier has no public slot, signal, "
                                       "invokable or notify signal named nope"_s;
    QTest::addRow("unnamed parameter")
            << QStringList { u"unnamed"_s }
            << u"subscribe\\(c\\): Carrier::unnamed takes a parameter without a name"_s;
}

void tst_DrsSignals::subscribeRefused()
{
    QFETCH(QStringList, members);
    QFETCH(QString, warning);
    DrsServer server;
    Carrier carrier;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(warning));
    QVERIFY(!server.subscribe(&carrier, u"c"_s, members));
    QCOMPARE(server.actions(), QStringList());

    NoSignals empty;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"NoSignals has nothing to subscribe"_s));
    QVERIFY(!server.subscribe(&empty, u"e"_s));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(u"subscribe\\(n\\): the object is null"_s));
    QVERIFY(!server.subscribe(nullptr, u"n"_s));
}

// ---- selecting, overloads, properties ----

void tst_DrsSignals::selectAndUnpublish()
{
    Peers peers;
    START_PEERS(peers, u"local"_s);
    Carrier source;
    DrsSubscription wire(peers.client.get(), u"*"_s);
    QSignalSpy wireSpy(&wire, &DrsSubscription::received);
    auto actions = [&wireSpy] {
        QStringList result;
        for (const QList<QVariant> &arguments : std::as_const(wireSpy))
            result.append(
                    arguments.at(0).value<DrsCommand>().action() + u" "_s
                    + QString::fromUtf8(
                            QJsonDocument(arguments.at(0).value<DrsCommand>().body().toObject())
                                    .toJson(QJsonDocument::Compact)));
        return result;
    };

    // By name (every overload) and by signature.
    QVERIFY(peers.server->publish(&source, u"s"_s, { u"intSent"_s, u"changed(QString)"_s }));
    Q_EMIT source.doubleSent(1.5);
    Q_EMIT source.changed(3);
    Q_EMIT source.intSent(1);
    Q_EMIT source.changed(u"x"_s);
    QTRY_COMPARE(wireSpy.count(), 2);
    QCOMPARE(actions(),
             QStringList({ u"s.intSent {\"value\":1}"_s, u"s.changed {\"text\":\"x\"}"_s }));

    // Published again under the same prefix: the new selection replaces the old one.
    QVERIFY(peers.server->publish(&source, u"s"_s, { u"doubleSent"_s }));
    Q_EMIT source.intSent(2);
    Q_EMIT source.doubleSent(2.5);
    QTRY_COMPARE(wireSpy.count(), 3);
    QCOMPARE(actions().constLast(), u"s.doubleSent {\"value\":2.5}"_s);

    // A second prefix adds to it; unpublish() stops both.
    QVERIFY(peers.server->publish(&source, u"t"_s, { u"doubleSent"_s }));
    Q_EMIT source.doubleSent(3.5);
    QTRY_COMPARE(wireSpy.count(), 5);
    QCOMPARE(actions().mid(3),
             QStringList({ u"s.doubleSent {\"value\":3.5}"_s, u"t.doubleSent {\"value\":3.5}"_s }));
    peers.server->unpublish(&source);
    QVERIFY(!peers.server->isPublished(&source));
    Q_EMIT source.doubleSent(4.5);
    Q_EMIT source.intSent(4);
    QVERIFY(!wireSpy.wait(250));
    QCOMPARE(wireSpy.count(), 5);

    // The same on a client connection, towards the server.
    DrsSubscription atServer(peers.server.get(), u"c.*"_s);
    QSignalSpy atServerSpy(&atServer, &DrsSubscription::received);
    QVERIFY(peers.client->publish(&source, u"c"_s, { u"moved"_s }));
    Q_EMIT source.moved(3, 4);
    QTRY_COMPARE(atServerSpy.count(), 1);
    QCOMPARE(atServerSpy.at(0).at(0).value<DrsCommand>().body(),
             QJsonValue(QJsonObject { { u"x"_s, 3 }, { u"y"_s, 4 } }));
    QCOMPARE(atServerSpy.at(0).at(1).value<DrsConnection *>(), peers.serverSide.data());
    peers.client->unpublish(&source);
    Q_EMIT source.moved(5, 6);
    QVERIFY(!atServerSpy.wait(250));
}

// What a QVariant holds is only known at emission: a value without a JSON form is sent as null,
// with a warning, never silently.
void tst_DrsSignals::variantWithoutJsonForm()
{
    Peers peers;
    START_PEERS(peers, u"local"_s);
    Carrier source;
    QVERIFY(peers.server->publish(&source, u"v"_s, { u"variantSent"_s }));
    DrsSubscription wire(peers.client.get(), u"v.variantSent"_s);
    QSignalSpy wireSpy(&wire, &DrsSubscription::received);
    QTest::ignoreMessage(QtWarningMsg,
                         "v.variantSent: part of argument 'value' (QVariant) has no JSON form; "
                         "sent as null");
    Q_EMIT source.variantSent(QVariant::fromValue(QPoint(1, 2)));
    QTest::ignoreMessage(QtWarningMsg,
                         "v.variantSent: part of argument 'value' (QVariant) has no JSON form; "
                         "sent as null");
    Q_EMIT source.variantSent(QVariantMap { { u"ok"_s, 1 }, { u"at"_s, QPoint(3, 4) } });
    QTRY_COMPARE(wireSpy.count(), 2);
    QCOMPARE(wireSpy.at(0).at(0).value<DrsCommand>().body(),
             QJsonValue(QJsonObject { { u"value"_s, QJsonValue::Null } }));
    QCOMPARE(wireSpy.at(1).at(0).value<DrsCommand>().body(),
             QJsonValue(QJsonObject {
                     { u"value"_s,
                       QJsonObject { { u"ok"_s, 1 }, { u"at"_s, QJsonValue::Null } } } }));
}

void tst_DrsSignals::overloads()
{
    Peers peers;
    START_PEERS(peers, u"local"_s);
    Carrier source;
    Carrier mirror;
    QVERIFY(peers.server->publish(&source, u"o"_s, { u"changed"_s }));
    QVERIFY(peers.client->subscribe(&mirror, u"o"_s, { u"changed"_s, u"set"_s }));
    QCOMPARE(peers.client->actions(), QStringList({ u"o.changed"_s, u"o.set"_s }));

    // Each overloaded signal fires with its own parameter names; the receiver picks the
    // overload the body fills.
    QSignalSpy intSpy(&mirror, signalOf(&mirror, "changed(int)"));
    QSignalSpy textSpy(&mirror, signalOf(&mirror, "changed(QString)"));
    Q_EMIT source.changed(5);
    Q_EMIT source.changed(u"five"_s);
    Q_EMIT source.changed(6);
    QTRY_COMPARE(intSpy.count() + textSpy.count(), 3);
    QCOMPARE(intSpy.count(), 2);
    QCOMPARE(intSpy.at(0).at(0), QVariant(5));
    QCOMPARE(intSpy.at(1).at(0), QVariant(6));
    QCOMPARE(textSpy.count(), 1);
    QCOMPARE(textSpy.at(0).at(0), QVariant(u"five"_s));

    // Slots: overloads and a default argument.
    auto call = [&](const QJsonObject &body) {
        DrsReply *reply = peers.serverSide->call(u"o.set"_s, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
            return u"timeout"_s;
        return reply->error() == DrsReply::NoError ? u"ok"_s : reply->errorString();
    };
    QCOMPARE(call({ { u"a"_s, 1 }, { u"b"_s, 2 } }), u"ok"_s);
    QCOMPARE(call({ { u"a"_s, 3 } }), u"ok"_s);
    QCOMPARE(call({ { u"name"_s, u"n"_s } }), u"ok"_s);
    QCOMPARE(mirror.calls, QStringList({ u"set(1,2)"_s, u"set(3,10)"_s, u"set(n)"_s }));
    // None fits: the complaint of the closest overload.
    QCOMPARE(call({ { u"a"_s, u"x"_s } }), u"o.set: argument 'a' cannot be converted to int"_s);
    QCOMPARE(call({ { u"b"_s, 1 } }), u"o.set: missing argument 'a'"_s);
    QCOMPARE(mirror.calls.size(), 3);
}

void tst_DrsSignals::propertiesAndInvokables()
{
    Peers peers;
    START_PEERS(peers, u"tcp"_s);
    Carrier mirror;
    QVERIFY(peers.server->subscribe(&mirror, u"m"_s));
    const QStringList actions = peers.server->actions();
    QVERIFY(actions.contains(u"m.levelChanged"_s));
    QVERIFY(actions.contains(u"m.add"_s));
    QVERIFY(actions.contains(u"m.set"_s));
    QVERIFY(!actions.contains(u"m.unnamed"_s)); // skipped: its parameter has no name
    QVERIFY(!actions.contains(u"m.deleteLater"_s)); // QObject's own are not offered
    QVERIFY(!actions.contains(u"m.objectNameChanged"_s));

    auto call = [&](const QString &action, const QJsonObject &body) {
        DrsReply *reply = peers.client->call(action, body);
        return QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000) ? reply : nullptr;
    };
    // An invokable's result is the reply.
    DrsReply *reply = call(u"m.add"_s, { { u"a"_s, 2 }, { u"b"_s, 40 } });
    QVERIFY(reply);
    QCOMPARE(reply->result(), QJsonValue(42));
    // A QVariant parameter and result.
    const QJsonObject structured { { u"list"_s, QJsonArray { 1, u"two"_s } } };
    reply = call(u"m.echo"_s, { { u"value"_s, structured } });
    QVERIFY(reply);
    QCOMPARE(reply->result(), QJsonValue(structured));

    // A notify signal writes its property; the property emits its signal only on a change.
    QSignalSpy levelSpy(&mirror, &Carrier::levelChanged);
    QVERIFY(call(u"m.levelChanged"_s, { { u"level"_s, 5 } }));
    QCOMPARE(mirror.level(), 5);
    QCOMPARE(levelSpy.count(), 1);
    QVERIFY(call(u"m.levelChanged"_s, { { u"level"_s, 5 } }));
    QCOMPARE(mirror.levelWrites, 2);
    QCOMPARE(levelSpy.count(), 1);
    // The value is taken by the property's name or the notify signal's parameter name.
    QVERIFY(call(u"m.titleEdited"_s, { { u"newTitle"_s, u"first"_s } }));
    QCOMPARE(mirror.title(), u"first"_s);
    QVERIFY(call(u"m.titleEdited"_s, { { u"title"_s, u"second"_s } }));
    QCOMPARE(mirror.title(), u"second"_s);

    // A keyless fire is applied the same way, without a reply.
    QSignalSpy clientReceived(peers.client.get(), &DrsConnection::commandReceived);
    QVERIFY(peers.client->fire(u"m.levelChanged"_s, QJsonObject { { u"level"_s, 9 } }));
    QTRY_COMPARE(mirror.level(), 9);
    QVERIFY(!clientReceived.wait(250));

    // unsubscribe() removes every action it made.
    peers.server->unsubscribe(&mirror);
    QCOMPARE(peers.server->actions(), QStringList());
    reply = call(u"m.add"_s, { { u"a"_s, 2 }, { u"b"_s, 40 } });
    QVERIFY(reply);
    QCOMPARE(reply->errorString(), u"No handlers for m.add"_s);
}

// Two processes' objects publish and subscribe each other under one prefix: a burst of changes on
// either side ends with both equal, and no change is bounced back to where it came from.
void tst_DrsSignals::syncWithoutEcho()
{
    Peers peers;
    START_PEERS(peers, u"local"_s);
    QObject owner;
    DrsConnection *other = connectClient(peers, &owner);
    QVERIFY(other);
    Carrier a, b, c;
    QVERIFY(peers.server->publish(&a, u"sync"_s, { u"levelChanged"_s }));
    QVERIFY(peers.server->subscribe(&a, u"sync"_s, { u"levelChanged"_s }));
    QVERIFY(peers.client->publish(&b, u"sync"_s, { u"levelChanged"_s }));
    QVERIFY(peers.client->subscribe(&b, u"sync"_s, { u"levelChanged"_s }));
    QVERIFY(other->publish(&c, u"sync"_s, { u"levelChanged"_s }));
    QVERIFY(other->subscribe(&c, u"sync"_s, { u"levelChanged"_s }));

    QSignalSpy bSent(peers.client.get(), &DrsConnection::commandSent);
    QSignalSpy cSent(other, &DrsConnection::commandSent);
    for (int level = 1; level <= 20; ++level)
        a.setLevel(level);
    QTRY_COMPARE(b.level(), 20);
    QTRY_COMPARE(c.level(), 20);
    QVERIFY(!bSent.wait(250));
    QCOMPARE(bSent.count(), 0);
    QCOMPARE(cSent.count(), 0);
    QCOMPARE(a.level(), 20);

    // From a client: the server applies it and relays it to the other client only.
    QSignalSpy bReceived(peers.client.get(), &DrsConnection::commandReceived);
    for (int level = 30; level <= 40; ++level)
        b.setLevel(level);
    QTRY_COMPARE(a.level(), 40);
    QTRY_COMPARE(c.level(), 40);
    QVERIFY(!bReceived.wait(250));
    QCOMPARE(bReceived.count(), 0);
    QCOMPARE(cSent.count(), 0);
    QCOMPARE(bSent.count(), 11);
    QCOMPARE(b.level(), 40);
}

// ---- lifetimes ----

void tst_DrsSignals::destroyedWhilePublished()
{
    Peers peers;
    START_PEERS(peers, u"local"_s);
    DrsSubscription wire(peers.client.get(), u"d.*"_s);
    QSignalSpy wireSpy(&wire, &DrsSubscription::received);

    auto *source = new Carrier;
    QVERIFY(peers.server->publish(source, u"d"_s));
    QVERIFY(peers.client->publish(source, u"d"_s));
    Q_EMIT source->intSent(1);
    QTRY_COMPARE(wireSpy.count(), 1);
    delete source;
    QVERIFY(!peers.server->isPublished(source));
    peers.server->unpublish(source); // a dangling address is harmless
    peers.client->unpublish(source);

    // Destroyed by a slot of its own signal, after the publication saw the emission.
    auto *selfDestructing = new Carrier;
    QVERIFY(peers.server->publish(selfDestructing, u"d"_s, { u"intSent"_s }));
    connect(selfDestructing, &Carrier::intSent, selfDestructing,
            [selfDestructing] { delete selfDestructing; });
    QPointer<Carrier> guard(selfDestructing);
    Q_EMIT selfDestructing->intSent(2);
    QVERIFY(!guard);
    QTRY_COMPARE(wireSpy.count(), 2);
    QCOMPARE(wireSpy.at(1).at(0).value<DrsCommand>().body()[u"value"_s], QJsonValue(2));

    // Destroyed later by deleteLater(), with emissions just before.
    auto *late = new Carrier;
    QVERIFY(peers.server->publish(late, u"d"_s, { u"intSent"_s }));
    Q_EMIT late->intSent(3);
    late->deleteLater();
    QTRY_COMPARE(wireSpy.count(), 3);
    QTRY_VERIFY(!peers.server->isPublished(late));

    // The publications go on for the others.
    Carrier survivor;
    QVERIFY(peers.server->publish(&survivor, u"d"_s, { u"intSent"_s }));
    Q_EMIT survivor.intSent(4);
    QTRY_COMPARE(wireSpy.count(), 4);
    QCOMPARE(wireSpy.at(3).at(0).value<DrsCommand>().body()[u"value"_s], QJsonValue(4));
    QVERIFY(!wireSpy.wait(250));
}

void tst_DrsSignals::ownerDestroyedWhilePublished()
{
    Carrier source;
    {
        Peers peers;
        START_PEERS(peers, u"local"_s);
        QVERIFY(peers.server->publish(&source, u"s"_s));
        QVERIFY(peers.client->publish(&source, u"s"_s));
        Q_EMIT source.intSent(1);
        peers.client.reset();
        Q_EMIT source.intSent(2); // the client's publication went with it
        peers.server.reset();
    }
    // Neither the server nor the client is left connected to the object.
    QVERIFY(!source.hasReceivers(QMetaMethod::fromSignal(&Carrier::intSent)));
    QVERIFY(!source.hasReceivers(QMetaMethod::fromSignal(&QObject::destroyed)));
    QSignalSpy spy(&source, &Carrier::intSent);
    Q_EMIT source.intSent(3);
    QCOMPARE(spy.count(), 1);
}

void tst_DrsSignals::subscribedObjectDestroyed()
{
    Peers peers;
    START_PEERS(peers, u"local"_s);
    auto *mirror = new Carrier;
    QVERIFY(peers.server->subscribe(mirror, u"m"_s));
    DrsReply *reply = peers.client->call(u"m.levelChanged"_s, QJsonObject { { u"level"_s, 1 } });
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    delete mirror;
    QCOMPARE(peers.server->actions(), QStringList());
    reply = peers.client->call(u"m.levelChanged"_s, QJsonObject { { u"level"_s, 2 } });
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->errorString(), u"No handlers for m.levelChanged"_s);

    // A subscription outlives the connection it watched.
    auto *client = new DrsConnection;
    DrsSubscription subscription(client, u"x"_s);
    QCOMPARE(subscription.connection(), client);
    delete client;
    QCOMPARE(subscription.connection(), nullptr);
    QCOMPARE(subscription.pattern(), u"x"_s);
}

// A signal emitted in a worker thread is converted there and sent from the server's thread.
void tst_DrsSignals::emittedInAnotherThread()
{
    Peers peers;
    START_PEERS(peers, u"local"_s);
    Sink sink;
    QVERIFY(peers.client->subscribe(&sink, u"w"_s, { u"tick"_s }));

    QThread worker;
    auto *source = new Carrier;
    source->moveToThread(&worker);
    connect(&worker, &QThread::finished, source, &QObject::deleteLater);
    QVERIFY(peers.server->publish(source, u"w"_s, { u"tick"_s }));
    worker.start();
    constexpr int Count = 1000;
    QMetaObject::invokeMethod(source, [source] {
        for (int i = 0; i < Count; ++i)
            Q_EMIT source->tick(i);
    });
    QTRY_COMPARE_WITH_TIMEOUT(int(sink.received.size()), Count, 20000);
    for (int i = 0; i < Count; ++i)
        QCOMPARE(sink.received.at(i), i);
    worker.quit();
    QVERIFY(worker.wait(10000));
    QTRY_VERIFY(!peers.server->isPublished(source));
}

// ---- high rate ----

void tst_DrsSignals::highRate_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<bool>("fromServer");
    QTest::addRow("local/server to client") << u"local"_s << true;
    QTest::addRow("tcp/server to client") << u"tcp"_s << true;
    QTest::addRow("tcp/client to server") << u"tcp"_s << false;
    QTest::addRow("ws/server to client") << u"ws"_s << true;
}

// 100 000 emissions arrive once each, in order, applied to a subscribed slot on the other side.
void tst_DrsSignals::highRate()
{
    QFETCH(QString, transport);
    QFETCH(bool, fromServer);
    Peers peers;
    START_PEERS(peers, transport);
    Carrier source;
    Sink sink;
    if (fromServer) {
        QVERIFY(peers.server->publish(&source, u"rate"_s, { u"tick"_s }));
        QVERIFY(peers.client->subscribe(&sink, u"rate"_s));
    } else {
        QVERIFY(peers.client->publish(&source, u"rate"_s, { u"tick"_s }));
        QVERIFY(peers.server->subscribe(&sink, u"rate"_s));
    }
    constexpr int Count = 100000;
    sink.received.reserve(Count);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < Count; ++i)
        Q_EMIT source.tick(i);
    const qint64 emitted = timer.elapsed();
    QTRY_COMPARE_WITH_TIMEOUT(int(sink.received.size()), Count, 20000);
    qInfo("%d emissions: %lld ms to emit, %lld ms until all were applied", Count, emitted,
          timer.elapsed());
    for (int i = 0; i < Count; ++i) {
        if (sink.received[i] != i)
            QFAIL(qPrintable(u"emission %1 arrived as %2"_s.arg(i).arg(sink.received[i])));
    }
    QVERIFY(!QTest::qWaitFor([&] { return sink.received.size() > size_t(Count); }, 250));
}

// ---- DrsSubscription and wildcard handlers ----

void tst_DrsSignals::subscriptionMatches_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("matches");
    QTest::addRow("exact") << u"sensor.value"_s << u"sensor.value"_s << true;
    QTest::addRow("exact, longer action") << u"sensor.value"_s << u"sensor.values"_s << false;
    QTest::addRow("exact, other") << u"sensor.value"_s << u"sensor.other"_s << false;
    QTest::addRow("prefix") << u"sensor.*"_s << u"sensor.value"_s << true;
    QTest::addRow("prefix, deeper") << u"sensor.*"_s << u"sensor.a.b"_s << true;
    QTest::addRow("prefix, the stem alone") << u"sensor.*"_s << u"sensor"_s << false;
    QTest::addRow("prefix, similar name") << u"sensor.*"_s << u"sensors.value"_s << false;
    QTest::addRow("everything") << u"*"_s << u"anything.at.all"_s << true;
}

// A subscription and a wildcard handler agree on what a pattern matches.
void tst_DrsSignals::subscriptionMatches()
{
    QFETCH(QString, pattern);
    QFETCH(QString, action);
    QFETCH(bool, matches);
    QCOMPARE(DrsSubscription::matches(pattern, action), matches);

    Peers peers;
    START_PEERS(peers, u"local"_s);
    DrsSubscription subscription(peers.client.get(), pattern);
    QSignalSpy received(&subscription, &DrsSubscription::received);
    peers.server->broadcast(action, QJsonObject { { u"n"_s, 1 } });
    peers.server->broadcast(u"unrelated"_s);
    QSignalSpy all(peers.client.get(), &DrsConnection::commandReceived);
    QTRY_COMPARE(all.count(), 2);
    QCOMPARE(received.count(), (matches ? 1 : 0) + (pattern == u"*" ? 1 : 0));
    if (matches) {
        QCOMPARE(received.at(0).at(0).value<DrsCommand>().action(), action);
        QCOMPARE(received.at(0).at(0).value<DrsCommand>().body(),
                 QJsonValue(QJsonObject { { u"n"_s, 1 } }));
    }

    // The same pattern as a handler: it answers exactly the actions the subscription matches.
    peers.server->on(pattern, [](const DrsCommand &command) { return command.action(); });
    DrsReply *reply = peers.client->call(action);
    QTRY_VERIFY(reply->isFinished());
    if (matches)
        QCOMPARE(reply->result(), QJsonValue(action));
    else
        QCOMPARE(reply->errorString(), u"No handlers for %1"_s.arg(action));
}

void tst_DrsSignals::subscriptionOnServer()
{
    Peers peers;
    START_PEERS(peers, u"local"_s);
    QObject owner;
    DrsConnection *second = connectClient(peers, &owner);
    QVERIFY(second);
    QPointer<DrsConnection> secondSide = peers.server->connections().constLast();

    DrsSubscription says(peers.server.get(), u"chat.say"_s);
    QCOMPARE(says.server(), peers.server.get());
    QCOMPARE(says.connection(), nullptr);
    QSignalSpy spy(&says, &DrsSubscription::received);
    QStringList texts; // a slot may take the command alone
    connect(&says, &DrsSubscription::received, this, [&texts](const DrsCommand &command) {
        texts.append(command.body()[u"text"_s].toString());
    });

    peers.client->fire(u"chat.say"_s, QJsonObject { { u"text"_s, u"one"_s } });
    peers.client->fire(u"chat.other"_s);
    second->fire(u"chat.say"_s, QJsonObject { { u"text"_s, u"two"_s } });
    QTRY_COMPARE(spy.count(), 2);
    texts.sort(); // the two clients are not ordered with each other
    QCOMPARE(texts, QStringList({ u"one"_s, u"two"_s }));
    // Each with the client's connection it came on.
    for (const QList<QVariant> &arguments : std::as_const(spy)) {
        const QString text = arguments.at(0).value<DrsCommand>().body()[u"text"_s].toString();
        DrsConnection *from = arguments.at(1).value<DrsConnection *>();
        QCOMPARE(from, text == u"one" ? peers.serverSide.data() : secondSide.data());
    }
    QVERIFY(!spy.wait(250));

    // The server goes first: the subscription is left watching nothing.
    peers.client.reset();
    peers.server.reset();
    QCOMPARE(says.server(), nullptr);
}

QTEST_MAIN(tst_DrsSignals)
#include "tst_drssignals.moc"
