// Unit tests of DrsCommand: the value type, its JSON and CBOR codecs, replies and generated keys.
#include <drscommand.h>

#include <QtCore/QCborArray>
#include <QtCore/QCborMap>
#include <QtCore/QCborValue>
#include <QtCore/QDateTime>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QMetaEnum>
#include <QtCore/QMetaProperty>
#include <QtCore/QRegularExpression>
#include <QtCore/QSemaphore>
#include <QtCore/QSet>
#include <QtCore/QThread>
#include <QtCore/QVariant>
#include <QtTest/QTest>

#include <limits>
#include <memory>
#include <vector>

namespace {

const QString kAlphabet
        = QStringLiteral("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");

// A command with every field set, to compare round trips against.
DrsCommand fullCommand()
{
    DrsCommand command(QStringLiteral("user.get"),
                       QJsonObject { { QStringLiteral("id"), 7 },
                                     { QStringLiteral("tags"),
                                       QJsonArray { QStringLiteral("a"), true, QJsonValue() } } },
                       QStringLiteral("0fNwB2xq9aXc7JkLmPqR"));
    command.setVersion(1);
    command.setExtraFields(QJsonObject { { QStringLiteral("trace"), QStringLiteral("abc") },
                                         { QStringLiteral("hops"), 3 } });
    return command;
}

// The key that follows \a key when both are made in the same millisecond: the random part + 1.
QString incrementedKey(QString key)
{
    for (int i = key.size() - 1; i >= 8; --i) {
        const int digit = int(kAlphabet.indexOf(key.at(i)));
        if (digit + 1 < kAlphabet.size()) {
            key[i] = kAlphabet.at(digit + 1);
            return key;
        }
        key[i] = kAlphabet.at(0);
    }
    return QString();
}

qint64 keyMilliseconds(const QString &key)
{
    qint64 ms = 0;
    for (int i = 0; i < 8; ++i)
        ms = ms * 63 + kAlphabet.indexOf(key.at(i));
    return ms;
}

} // namespace

// Failure messages show commands as JSON.
char *toString(const DrsCommand &command)
{
    return command.isNull() ? qstrdup("DrsCommand()") : qstrdup(command.toJson().constData());
}

class tst_DrsCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultConstructed();
    void construction();
    void settersAndGetters();
    void extraFieldsDropReservedNames();
    void implicitSharing();
    void equality_data();
    void equality();
    void debugOutput();
    void gadgetAndMetaType();

    void toJson_data();
    void toJson();
    void toJsonEscaping_data();
    void toJsonEscaping();
    void toJsonObject();

    void fromJson();
    void fromJsonMissingBody();
    void fromJsonVersion_data();
    void fromJsonVersion();
    void fromJsonExtraFieldsRoundTrip();
    void fromJsonDuplicateMembers();
    void fromJsonErrors_data();
    void fromJsonErrors();
    void fromJsonObject();

    void exactIntegers_data();
    void exactIntegers();
    void exactIntegersFromText_data();
    void exactIntegersFromText();
    void doubles_data();
    void doubles();
    void hugeIntegersBecomeDoubles_data();
    void hugeIntegersBecomeDoubles();

    void cborRoundTrip_data();
    void cborRoundTrip();
    void cborMapContents();
    void cborValuesJsonCannotHold();
    void cborErrors_data();
    void cborErrors();
    void encodeDecode_data();
    void encodeDecode();

    void replyWith();
    void replyWithoutKeyOrVersion();
    void isReply_data();
    void isReply();
    void errorMessage_data();
    void errorMessage();

    void generateKeyFormat();
    void generateKeyIncreasing();
    void generateKeyThreads();
};

void tst_DrsCommand::defaultConstructed()
{
    const DrsCommand command;
    QVERIFY(command.isNull());
    QVERIFY(command.action().isEmpty());
    QVERIFY(command.body().isNull());
    QVERIFY(command.key().isEmpty());
    QVERIFY(!command.hasKey());
    QVERIFY(!command.hasVersion());
    QCOMPARE(command.version(), 0);
    QVERIFY(command.extraFields().isEmpty());
    QVERIFY(!command.isReply());
}

void tst_DrsCommand::construction()
{
    const DrsCommand plain(QStringLiteral("a.b"));
    QVERIFY(!plain.isNull());
    QCOMPARE(plain.action(), QStringLiteral("a.b"));
    QCOMPARE(plain.body(), QJsonValue(QJsonObject()));
    QVERIFY(!plain.hasKey());
    QVERIFY(!plain.hasVersion());

    const DrsCommand full(QStringLiteral("x"), QJsonArray { 1, 2 }, QStringLiteral("k1"));
    QCOMPARE(full.action(), QStringLiteral("x"));
    QCOMPARE(full.body(), QJsonValue(QJsonArray { 1, 2 }));
    QCOMPARE(full.key(), QStringLiteral("k1"));
    QVERIFY(full.hasKey());

    // An undefined body is sent as {}; an explicit null stays null.
    const DrsCommand undefinedBody(QStringLiteral("x"), QJsonValue(QJsonValue::Undefined));
    QCOMPARE(undefinedBody.body(), QJsonValue(QJsonObject()));
    const DrsCommand nullBody(QStringLiteral("x"), QJsonValue(QJsonValue::Null));
    QVERIFY(nullBody.body().isNull());

    // A command with an empty action is not null: it was built on purpose.
    QVERIFY(!DrsCommand(QString()).isNull());
}

void tst_DrsCommand::settersAndGetters()
{
    DrsCommand command;
    command.setAction(QStringLiteral("act"));
    QVERIFY(!command.isNull());
    QCOMPARE(command.action(), QStringLiteral("act"));

    command.setBody(QStringLiteral("text"));
    QCOMPARE(command.body(), QJsonValue(QStringLiteral("text")));
    command.setBody(QJsonValue(QJsonValue::Undefined));
    QCOMPARE(command.body(), QJsonValue(QJsonObject()));
    command.setBody(QJsonValue(QJsonValue::Null));
    QVERIFY(command.body().isNull());

    command.setKey(QStringLiteral("key-1"));
    QCOMPARE(command.key(), QStringLiteral("key-1"));
    QVERIFY(command.hasKey());
    command.setKey(QString());
    QVERIFY(!command.hasKey());
    command.setKey(QStringLiteral("key-2"));
    command.clearKey();
    QVERIFY(!command.hasKey());
    QVERIFY(command.key().isEmpty());

    // An empty key is a key: peers may send one, and it must come back on the reply.
    command.setKey(QLatin1String(""));
    QVERIFY(command.hasKey());
    QVERIFY(command.toJson().contains(R"("key":"")"));
    QVERIFY(command.replyWith(DrsCommand::responseAction(), 1).hasKey());
    const DrsCommand read = DrsCommand::fromJson(R"({"action":"a","key":""})");
    QVERIFY(read.hasKey());
    QCOMPARE(read.toJson(), QByteArray(R"({"action":"a","body":null,"key":""})"));
    QVERIFY(DrsCommand::fromCbor(read.toCbor()).hasKey());
    command.clearKey();

    command.setVersion(0);
    QVERIFY(command.hasVersion());
    QCOMPARE(command.version(), 0);
    command.setVersion(-42);
    QCOMPARE(command.version(), -42);
    command.clearVersion();
    QVERIFY(!command.hasVersion());
    QCOMPARE(command.version(), 0);

    const QJsonObject extra { { QStringLiteral("x"), 1 }, { QStringLiteral("y"), QJsonArray {} } };
    command.setExtraFields(extra);
    QCOMPARE(command.extraFields(), extra);

    // Setting any field on a null command makes it non-null.
    DrsCommand keyed;
    keyed.setKey(QStringLiteral("k"));
    QVERIFY(!keyed.isNull());
    DrsCommand versioned;
    versioned.setVersion(1);
    QVERIFY(!versioned.isNull());
    DrsCommand withBody;
    withBody.setBody(1);
    QVERIFY(!withBody.isNull());
}

void tst_DrsCommand::extraFieldsDropReservedNames()
{
    DrsCommand command(QStringLiteral("real"), 1, QStringLiteral("k"));
    command.setExtraFields(QJsonObject { { QStringLiteral("action"), QStringLiteral("fake") },
                                         { QStringLiteral("body"), 2 },
                                         { QStringLiteral("key"), QStringLiteral("other") },
                                         { QStringLiteral("version"), 9 },
                                         { QStringLiteral("kept"), true } });
    QCOMPARE(command.extraFields(), QJsonObject({ { QStringLiteral("kept"), true } }));
    QVERIFY(!command.hasVersion());
    QCOMPARE(command.toJson(), QByteArray(R"({"action":"real","body":1,"key":"k","kept":true})"));

    // A version that is no integer is kept as an extra field, until a real version replaces it.
    const QJsonObject stray { { QStringLiteral("version"), QStringLiteral("v2") } };
    command.setExtraFields(stray);
    QCOMPARE(command.extraFields(), stray);
    QCOMPARE(command.toJson(),
             QByteArray(R"({"action":"real","body":1,"key":"k","version":"v2"})"));
    command.setVersion(2);
    QVERIFY(command.extraFields().isEmpty());
    QCOMPARE(command.toJson(), QByteArray(R"({"action":"real","body":1,"key":"k","version":2})"));
    command.setExtraFields(stray);
    QVERIFY(command.extraFields().isEmpty());
}

void tst_DrsCommand::implicitSharing()
{
    const DrsCommand original = fullCommand();
    const QByteArray originalJson = original.toJson();

    DrsCommand copy = original;
    QCOMPARE(copy, original);
    copy.setAction(QStringLiteral("changed"));
    copy.setBody(QStringLiteral("changed"));
    copy.setKey(QStringLiteral("changed"));
    copy.setVersion(99);
    copy.setExtraFields(QJsonObject { { QStringLiteral("changed"), 1 } });
    QCOMPARE(original.toJson(), originalJson);
    QCOMPARE(original, fullCommand());
    QVERIFY(copy != original);

    DrsCommand versionCleared = original;
    versionCleared.clearVersion();
    QVERIFY(original.hasVersion());

    DrsCommand assigned;
    assigned = original;
    assigned.setKey(QStringLiteral("other"));
    QCOMPARE(original.key(), QStringLiteral("0fNwB2xq9aXc7JkLmPqR"));

    DrsCommand moved = DrsCommand(original);
    QCOMPARE(moved, original);
    DrsCommand swapped(QStringLiteral("s"));
    swapped.swap(moved);
    QCOMPARE(swapped, original);
    QCOMPARE(moved.action(), QStringLiteral("s"));
}

void tst_DrsCommand::equality_data()
{
    QTest::addColumn<DrsCommand>("a");
    QTest::addColumn<DrsCommand>("b");
    QTest::addColumn<bool>("equal");

    const DrsCommand base = fullCommand();
    QTest::addRow("same fields, separate data") << base << fullCommand() << true;
    QTest::addRow("both null") << DrsCommand() << DrsCommand() << true;
    QTest::addRow("null vs empty action") << DrsCommand() << DrsCommand(QString()) << false;

    DrsCommand other = base;
    other.setAction(QStringLiteral("user.set"));
    QTest::addRow("action") << base << other << false;
    other = base;
    other.setBody(QJsonObject { { QStringLiteral("id"), 8 } });
    QTest::addRow("body") << base << other << false;
    other = base;
    other.setBody(QJsonValue(QJsonValue::Null));
    QTest::addRow("null body") << base << other << false;
    other = base;
    other.setKey(QStringLiteral("another"));
    QTest::addRow("key") << base << other << false;
    other = base;
    other.setVersion(2);
    QTest::addRow("version") << base << other << false;
    other = base;
    other.clearVersion();
    QTest::addRow("no version") << base << other << false;
    other = base;
    other.setExtraFields(QJsonObject());
    QTest::addRow("extra fields") << base << other << false;

    DrsCommand versionZero(QStringLiteral("a"));
    versionZero.setVersion(0);
    QTest::addRow("version 0 vs none") << versionZero << DrsCommand(QStringLiteral("a")) << false;
}

void tst_DrsCommand::equality()
{
    QFETCH(DrsCommand, a);
    QFETCH(DrsCommand, b);
    QFETCH(bool, equal);
    QCOMPARE(a == b, equal);
    QCOMPARE(b == a, equal);
    QCOMPARE(a != b, !equal);
    QVERIFY(a == a);
}

void tst_DrsCommand::debugOutput()
{
    QString text;
    QDebug(&text) << DrsCommand(QStringLiteral("a\"b"), QJsonObject { { QStringLiteral("n"), 1 } },
                                QStringLiteral("k"));
    // QDebug's usual trailing space after an item.
    QCOMPARE(text, QStringLiteral(R"(DrsCommand({"action":"a\"b","body":{"n":1},"key":"k"}) )"));

    text.clear();
    QDebug(&text) << DrsCommand();
    QCOMPARE(text, QStringLiteral("DrsCommand() "));

    // The stream's spacing state is restored afterwards.
    text.clear();
    QDebug(&text) << DrsCommand(QStringLiteral("x")) << 1;
    QCOMPARE(text, QStringLiteral(R"(DrsCommand({"action":"x","body":{}}) 1 )"));
}

void tst_DrsCommand::gadgetAndMetaType()
{
    const DrsCommand command = fullCommand();

    const QVariant variant = QVariant::fromValue(command);
    QCOMPARE(variant.metaType(), QMetaType::fromType<DrsCommand>());
    QVERIFY(variant.canConvert<DrsCommand>());
    QCOMPARE(variant.value<DrsCommand>(), command);
    QCOMPARE(QMetaType::fromType<DrsCommand>().name(), "DrsCommand");
    // operator== is picked up by the meta type, so QVariants compare by value.
    QCOMPARE(variant, QVariant::fromValue(fullCommand()));
    QVERIFY(variant != QVariant::fromValue(DrsCommand(QStringLiteral("other"))));

    const QMetaObject &meta = DrsCommand::staticMetaObject;
    QCOMPARE(meta.className(), "DrsCommand");
    const QMetaProperty action = meta.property(meta.indexOfProperty("action"));
    const QMetaProperty body = meta.property(meta.indexOfProperty("body"));
    const QMetaProperty key = meta.property(meta.indexOfProperty("key"));
    QVERIFY(action.isValid());
    QVERIFY(body.isValid());
    QVERIFY(key.isValid());
    QCOMPARE(action.readOnGadget(&command).toString(), QStringLiteral("user.get"));
    QCOMPARE(key.readOnGadget(&command).toString(), QStringLiteral("0fNwB2xq9aXc7JkLmPqR"));
    QCOMPARE(body.readOnGadget(&command).toJsonValue(), command.body());

    DrsCommand written;
    QVERIFY(action.writeOnGadget(&written, QStringLiteral("written")));
    QVERIFY(body.writeOnGadget(&written, QVariant::fromValue(QJsonValue(5))));
    QVERIFY(key.writeOnGadget(&written, QStringLiteral("wk")));
    QCOMPARE(written, DrsCommand(QStringLiteral("written"), 5, QStringLiteral("wk")));

    const QMetaEnum encoding = QMetaEnum::fromType<DrsCommand::Encoding>();
    QCOMPARE(encoding.valueToKey(DrsCommand::JsonEncoding), "JsonEncoding");
    QCOMPARE(encoding.valueToKey(DrsCommand::CborEncoding), "CborEncoding");
}

void tst_DrsCommand::toJson_data()
{
    QTest::addColumn<DrsCommand>("command");
    QTest::addColumn<QByteArray>("json");

    QTest::addRow("no body given")
            << DrsCommand(QStringLiteral("a")) << QByteArray(R"({"action":"a","body":{}})");
    QTest::addRow("null body") << DrsCommand(QStringLiteral("a"), QJsonValue(QJsonValue::Null))
                               << QByteArray(R"({"action":"a","body":null})");
    QTest::addRow("key") << DrsCommand(QStringLiteral("a"), 1, QStringLiteral("k"))
                         << QByteArray(R"({"action":"a","body":1,"key":"k"})");

    DrsCommand versioned(QStringLiteral("a"), QStringLiteral("s"), QStringLiteral("k"));
    versioned.setVersion(0);
    QTest::addRow("version 0") << versioned
                               << QByteArray(R"({"action":"a","body":"s","key":"k","version":0})");

    // Field order is fixed: action, body, key, version, then the extra fields.
    DrsCommand all(QStringLiteral("user.get"),
                   QJsonObject { { QStringLiteral("id"), 7 },
                                 { QStringLiteral("list"),
                                   QJsonArray { 1, 2.5, false, QJsonValue(), QJsonObject() } } },
                   QStringLiteral("K"));
    all.setVersion(-3);
    all.setExtraFields(QJsonObject { { QStringLiteral("zeta"), QStringLiteral("z") },
                                     { QStringLiteral("alpha"), QJsonObject {} } });
    QTest::addRow("every field")
            << all
            << QByteArray(R"({"action":"user.get","body":{"id":7,"list":[1,2.5,false,null,{}]},)"
                          R"("key":"K","version":-3,"alpha":{},"zeta":"z"})");

    DrsCommand extraOnly(QStringLiteral("a"));
    extraOnly.setExtraFields(QJsonObject { { QStringLiteral("n"), 1 } });
    QTest::addRow("extra without key or version")
            << extraOnly << QByteArray(R"({"action":"a","body":{},"n":1})");

    QTest::addRow("array body") << DrsCommand(QStringLiteral("a"), QJsonArray { QJsonArray {} })
                                << QByteArray(R"({"action":"a","body":[[]]})");
    QTest::addRow("bool body") << DrsCommand(QStringLiteral("a"), true)
                               << QByteArray(R"({"action":"a","body":true})");
    QTest::addRow("empty action") << DrsCommand(QString())
                                  << QByteArray(R"({"action":"","body":{}})");
}

void tst_DrsCommand::toJson()
{
    QFETCH(DrsCommand, command);
    QFETCH(QByteArray, json);
    QCOMPARE(command.toJson(), json);
    QCOMPARE(command.encode(DrsCommand::JsonEncoding), json);
    // What we write, we read back unchanged.
    QString error;
    QCOMPARE(DrsCommand::fromJson(json, &error), command);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void tst_DrsCommand::toJsonEscaping_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("literal");

    QTest::addRow("plain") << QStringLiteral("abc") << QByteArray(R"("abc")");
    QTest::addRow("quote") << QStringLiteral("a\"b") << QByteArray(R"("a\"b")");
    QTest::addRow("backslash") << QStringLiteral("a\\b\\") << QByteArray(R"("a\\b\\")");
    QTest::addRow("named controls")
            << QStringLiteral("\n\r\t\b\f") << QByteArray(R"("\n\r\t\b\f")");
    QTest::addRow("other controls")
            << QString::fromLatin1("\x01\x1f\x00", 3) << QByteArray(R"("\u0001\u001f\u0000")");
    QTest::addRow("slash kept") << QStringLiteral("a/b") << QByteArray(R"("a/b")");
    QTest::addRow("non-ASCII") << QStringLiteral("h\u00e9llo \u4e16\u754c")
                               << QByteArray("\"h\xc3\xa9llo \xe4\xb8\x96\xe7\x95\x8c\"");
    QTest::addRow("surrogate pair")
            << QString::fromUtf8("\xf0\x9f\x98\x80!") << QByteArray("\"\xf0\x9f\x98\x80!\"");
    QTest::addRow("braces") << QStringLiteral("}{][") << QByteArray(R"("}{][")");
}

void tst_DrsCommand::toJsonEscaping()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, literal);

    // The same text as action, key, string body, member of an object body, and extra field name.
    DrsCommand command(text, text, text);
    QCOMPARE(command.toJson(),
             "{\"action\":" + literal + ",\"body\":" + literal + ",\"key\":" + literal + '}');

    DrsCommand nested(QStringLiteral("a"), QJsonObject { { text, text } });
    nested.setExtraFields(QJsonObject { { text, text } });
    const QByteArray json = nested.toJson();
    QVERIFY(!json.contains('\n'));
    QCOMPARE(json,
             R"({"action":"a","body":{)" + literal + ':' + literal + "}," + literal + ':' + literal
                     + '}');

    // Qt's own parser reads every escape back to the original text.
    QJsonParseError parseError;
    const QJsonObject object = QJsonDocument::fromJson(command.toJson(), &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(object.value(QStringLiteral("action")).toString(), text);
    QCOMPARE(object.value(QStringLiteral("body")).toString(), text);
    QCOMPARE(object.value(QStringLiteral("key")).toString(), text);
    QCOMPARE(DrsCommand::fromJson(nested.toJson()), nested);
}

void tst_DrsCommand::toJsonObject()
{
    const QJsonObject object = fullCommand().toJsonObject();
    QCOMPARE(object.value(QStringLiteral("action")).toString(), QStringLiteral("user.get"));
    QCOMPARE(object.value(QStringLiteral("body")).toObject().value(QStringLiteral("id")).toInt(),
             7);
    QCOMPARE(object.value(QStringLiteral("key")).toString(),
             QStringLiteral("0fNwB2xq9aXc7JkLmPqR"));
    QCOMPARE(object.value(QStringLiteral("version")).toInteger(-1), 1);
    QCOMPARE(object.value(QStringLiteral("trace")).toString(), QStringLiteral("abc"));
    QCOMPARE(object.value(QStringLiteral("hops")).toInt(), 3);
    QCOMPARE(object.size(), 6);

    const QJsonObject bare = DrsCommand(QStringLiteral("a")).toJsonObject();
    QCOMPARE(bare.keys(), QStringList({ QStringLiteral("action"), QStringLiteral("body") }));
    QCOMPARE(DrsCommand::fromJsonObject(fullCommand().toJsonObject()), fullCommand());
}

void tst_DrsCommand::fromJson()
{
    QString error;
    const DrsCommand command = DrsCommand::fromJson(
            R"({"key":"abc","body":{"id":7,"s":"x"},"version":2,"action":"user.get",)"
            R"("trace":{"a":[1,null]},"flag":false})",
            &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!command.isNull());
    QCOMPARE(command.action(), QStringLiteral("user.get"));
    QCOMPARE(command.body(),
             QJsonValue(QJsonObject { { QStringLiteral("id"), 7 },
                                      { QStringLiteral("s"), QStringLiteral("x") } }));
    QCOMPARE(command.key(), QStringLiteral("abc"));
    QVERIFY(command.hasVersion());
    QCOMPARE(command.version(), 2);
    QCOMPARE(command.extraFields(),
             QJsonObject(
                     { { QStringLiteral("trace"),
                         QJsonObject { { QStringLiteral("a"), QJsonArray { 1, QJsonValue() } } } },
                       { QStringLiteral("flag"), false } }));
    // Whitespace around and inside is fine.
    QCOMPARE(DrsCommand::fromJson(" \n{ \"action\" : \"a\" ,\t\"body\" : [ ] }\r\n"),
             DrsCommand(QStringLiteral("a"), QJsonArray()));
}

void tst_DrsCommand::fromJsonMissingBody()
{
    const DrsCommand missing = DrsCommand::fromJson(R"({"action":"drs.response","key":"k"})");
    QVERIFY(!missing.isNull());
    QVERIFY(missing.body().isNull());
    QVERIFY(!missing.body().isUndefined());
    QCOMPARE(missing.toJson(), QByteArray(R"({"action":"drs.response","body":null,"key":"k"})"));

    const DrsCommand explicitNull = DrsCommand::fromJson(R"({"action":"a","body":null})");
    QVERIFY(explicitNull.body().isNull());
    QCOMPARE(explicitNull.toJson(), QByteArray(R"({"action":"a","body":null})"));

    const DrsCommand emptyObject = DrsCommand::fromJson(R"({"action":"a","body":{}})");
    QCOMPARE(emptyObject.body(), QJsonValue(QJsonObject()));
}

void tst_DrsCommand::fromJsonVersion_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("hasVersion");
    QTest::addColumn<qint64>("version");
    QTest::addColumn<QJsonValue>("extraVersion"); // undefined when not kept as an extra field

    const QJsonValue none(QJsonValue::Undefined);
    QTest::addRow("absent") << QByteArray(R"({"action":"a"})") << false << qint64(0) << none;
    QTest::addRow("zero") << QByteArray(R"({"action":"a","version":0})") << true << qint64(0)
                          << none;
    QTest::addRow("one") << QByteArray(R"({"action":"a","version":1})") << true << qint64(1)
                         << none;
    QTest::addRow("negative") << QByteArray(R"({"action":"a","version":-7})") << true << qint64(-7)
                              << none;
    QTest::addRow("int64 max") << QByteArray(R"({"action":"a","version":9223372036854775807})")
                               << true << std::numeric_limits<qint64>::max() << none;
    QTest::addRow("fraction") << QByteArray(R"({"action":"a","version":1.5})") << false << qint64(0)
                              << QJsonValue(1.5);
    QTest::addRow("string") << QByteArray(R"({"action":"a","version":"2"})") << false << qint64(0)
                            << QJsonValue(QStringLiteral("2"));
    QTest::addRow("null") << QByteArray(R"({"action":"a","version":null})") << false << qint64(0)
                          << QJsonValue(QJsonValue::Null);
    QTest::addRow("object") << QByteArray(R"({"action":"a","version":{"major":1}})") << false
                            << qint64(0)
                            << QJsonValue(QJsonObject { { QStringLiteral("major"), 1 } });
}

void tst_DrsCommand::fromJsonVersion()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, hasVersion);
    QFETCH(qint64, version);
    QFETCH(QJsonValue, extraVersion);

    QString error;
    const DrsCommand command = DrsCommand::fromJson(json, &error);
    QVERIFY2(!command.isNull(), qPrintable(error));
    QCOMPARE(command.hasVersion(), hasVersion);
    QCOMPARE(command.version(), version);
    QCOMPARE(command.extraFields().value(QStringLiteral("version")), extraVersion);

    // A reply mirrors an integer version, 0 included, and nothing else.
    const DrsCommand reply = command.replyWith(DrsCommand::responseAction(), 1);
    QCOMPARE(reply.hasVersion(), hasVersion);
    QCOMPARE(reply.version(), version);
    QVERIFY(!reply.extraFields().contains(QStringLiteral("version")));

    // Relaying the command loses nothing: the version comes out as it came in.
    const QJsonObject relayed = QJsonDocument::fromJson(command.toJson()).object();
    const QJsonObject original = QJsonDocument::fromJson(json).object();
    QCOMPARE(relayed.value(QStringLiteral("version")), original.value(QStringLiteral("version")));
    QCOMPARE(DrsCommand::fromJson(command.toJson()), command);
    QCOMPARE(DrsCommand::fromCbor(command.toCbor()), command);
}

void tst_DrsCommand::fromJsonExtraFieldsRoundTrip()
{
    const QByteArray json = R"({"action":"a","body":{},"key":"k","version":3,"a-first":1,)"
                            R"("nested":{"deep":[{"x":"y"}]},"z":"last"})";
    const DrsCommand command = DrsCommand::fromJson(json);
    QCOMPARE(command.extraFields().size(), 3);
    QCOMPARE(command.toJson(), json);
    const QJsonObject relayed = QJsonDocument::fromJson(command.toJson()).object();
    QCOMPARE(relayed, QJsonDocument::fromJson(json).object());
    QCOMPARE(DrsCommand::fromCbor(command.toCbor()).toJson(), json);
}

void tst_DrsCommand::fromJsonDuplicateMembers()
{
    // The last of duplicate member names wins, as in Qt and Go.
    const DrsCommand command
            = DrsCommand::fromJson(R"({"action":"first","key":"k1","action":"second","key":"k2"})");
    QCOMPARE(command.action(), QStringLiteral("second"));
    QCOMPARE(command.key(), QStringLiteral("k2"));
}

void tst_DrsCommand::fromJsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    QTest::addRow("empty") << QByteArray() << QStringLiteral("invalid JSON");
    QTest::addRow("not JSON") << QByteArray("hello") << QStringLiteral("invalid JSON");
    QTest::addRow("truncated") << QByteArray(R"({"action":"a")") << QStringLiteral("invalid JSON");
    QTest::addRow("trailing comma")
            << QByteArray(R"({"action":"a",})") << QStringLiteral("invalid JSON");
    QTest::addRow("two values") << QByteArray(R"({"action":"a"}{"action":"b"})")
                                << QStringLiteral("invalid JSON");
    QTest::addRow("array") << QByteArray(R"([{"action":"a"}])")
                           << QStringLiteral("must be a JSON object");
    // Qt's parser takes only an object or an array at the top.
    QTest::addRow("string") << QByteArray(R"("action")") << QStringLiteral("invalid JSON");
    QTest::addRow("number") << QByteArray("42") << QStringLiteral("invalid JSON");
    QTest::addRow("action missing")
            << QByteArray(R"({"body":{},"key":"k"})") << QStringLiteral("action is missing");
    QTest::addRow("empty object") << QByteArray("{}") << QStringLiteral("action is missing");
    QTest::addRow("action number")
            << QByteArray(R"({"action":1})") << QStringLiteral("action is not a string");
    QTest::addRow("action null") << QByteArray(R"({"action":null})")
                                 << QStringLiteral("action is not a string");
    QTest::addRow("action object")
            << QByteArray(R"({"action":{"name":"a"}})") << QStringLiteral("action is not a string");
    QTest::addRow("key number") << QByteArray(R"({"action":"a","key":12})")
                                << QStringLiteral("key is not a string");
    QTest::addRow("key null") << QByteArray(R"({"action":"a","key":null})")
                              << QStringLiteral("key is not a string");
    QTest::addRow("key array") << QByteArray(R"({"action":"a","key":["k"]})")
                               << QStringLiteral("key is not a string");
}

void tst_DrsCommand::fromJsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);

    QString error;
    const DrsCommand command = DrsCommand::fromJson(json, &error);
    QVERIFY(command.isNull());
    QVERIFY2(error.contains(message), qPrintable(error));
    // Without an error string it fails the same way, quietly.
    QVERIFY(DrsCommand::fromJson(json).isNull());
}

void tst_DrsCommand::fromJsonObject()
{
    QString error;
    const DrsCommand command = DrsCommand::fromJsonObject(
            QJsonObject { { QStringLiteral("action"), QStringLiteral("a") },
                          { QStringLiteral("key"), QStringLiteral("k") },
                          { QStringLiteral("version"), 4 },
                          { QStringLiteral("other"), QStringLiteral("o") } },
            &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(command.action(), QStringLiteral("a"));
    QVERIFY(command.body().isNull());
    QCOMPARE(command.key(), QStringLiteral("k"));
    QCOMPARE(command.version(), 4);
    QCOMPARE(command.extraFields(),
             QJsonObject({ { QStringLiteral("other"), QStringLiteral("o") } }));

    QVERIFY(DrsCommand::fromJsonObject(QJsonObject { { QStringLiteral("key"), 1 } }, &error)
                    .isNull());
    QVERIFY2(error.contains(QStringLiteral("action is missing")), qPrintable(error));
}

void tst_DrsCommand::exactIntegers_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QByteArray>("text");

    QTest::addRow("int64 max") << std::numeric_limits<qint64>::max()
                               << QByteArray("9223372036854775807");
    QTest::addRow("int64 min") << std::numeric_limits<qint64>::min()
                               << QByteArray("-9223372036854775808");
    QTest::addRow("2^53+1") << (qint64(1) << 53) + 1 << QByteArray("9007199254740993");
    QTest::addRow("-2^53-1") << -(qint64(1) << 53) - 1 << QByteArray("-9007199254740993");
    QTest::addRow("int64 max - 1")
            << std::numeric_limits<qint64>::max() - 1 << QByteArray("9223372036854775806");
    QTest::addRow("zero") << qint64(0) << QByteArray("0");
    QTest::addRow("-1") << qint64(-1) << QByteArray("-1");
}

void tst_DrsCommand::exactIntegers()
{
    QFETCH(qint64, value);
    QFETCH(QByteArray, text);

    DrsCommand command(QStringLiteral("n"),
                       QJsonObject { { QStringLiteral("n"), value },
                                     { QStringLiteral("list"), QJsonArray { value } } },
                       QStringLiteral("k"));
    command.setVersion(value);
    command.setExtraFields(QJsonObject { { QStringLiteral("x"), value } });

    const QByteArray json = command.toJson();
    QCOMPARE(json,
             R"({"action":"n","body":{"list":[)" + text + R"(],"n":)" + text
                     + R"(},"key":"k","version":)" + text + R"(,"x":)" + text + '}');

    const auto check = [&](const DrsCommand &decoded) {
        QCOMPARE(decoded.version(), value);
        const QJsonObject body = decoded.body().toObject();
        QCOMPARE(body.value(QStringLiteral("n")).toInteger(), value);
        QCOMPARE(body.value(QStringLiteral("list")).toArray().at(0).toInteger(), value);
        QCOMPARE(decoded.extraFields().value(QStringLiteral("x")).toInteger(), value);
        QCOMPARE(decoded, command);
    };
    check(DrsCommand::fromJson(json));
    if (QTest::currentTestFailed())
        return;
    check(DrsCommand::fromCbor(command.toCbor()));
    if (QTest::currentTestFailed())
        return;
    // And through both, in turn: JSON -> CBOR -> JSON.
    QCOMPARE(DrsCommand::fromCbor(DrsCommand::fromJson(json).toCbor()).toJson(), json);
    // The CBOR carries a real integer, not a double.
    const QCborMap map = QCborValue::fromCbor(command.toCbor()).toMap();
    QVERIFY(map.value(QStringLiteral("version")).isInteger());
    QCOMPARE(map.value(QStringLiteral("version")).toInteger(), value);
}

void tst_DrsCommand::exactIntegersFromText_data()
{
    exactIntegers_data();
}

void tst_DrsCommand::exactIntegersFromText()
{
    QFETCH(qint64, value);
    QFETCH(QByteArray, text);

    // Written by another peer, with its own spacing: the integers are still exact.
    const QByteArray json
            = R"({ "action": "n", "body": { "n": )" + text + R"( }, "version": )" + text + " }";
    const DrsCommand command = DrsCommand::fromJson(json);
    QVERIFY(!command.isNull());
    QCOMPARE(command.body().toObject().value(QStringLiteral("n")).toInteger(), value);
    QCOMPARE(command.version(), value);
    QVERIFY(command.toJson().contains(R"("n":)" + text + '}'));
}

void tst_DrsCommand::doubles_data()
{
    QTest::addColumn<double>("value");
    QTest::addRow("half") << 0.5;
    QTest::addRow("negative small") << -1.25e-10;
    QTest::addRow("pi") << 3.141592653589793;
    QTest::addRow("large") << 1e300;
    QTest::addRow("tiny") << 5e-324;
    QTest::addRow("one third") << 1.0 / 3.0;
}

void tst_DrsCommand::doubles()
{
    QFETCH(double, value);
    const DrsCommand command(QStringLiteral("d"), QJsonObject { { QStringLiteral("d"), value } });
    const DrsCommand fromJson = DrsCommand::fromJson(command.toJson());
    QCOMPARE(fromJson.body().toObject().value(QStringLiteral("d")).toDouble(), value);
    const DrsCommand fromCbor = DrsCommand::fromCbor(command.toCbor());
    QCOMPARE(fromCbor.body().toObject().value(QStringLiteral("d")).toDouble(), value);

    const DrsCommand bare(QStringLiteral("d"), value);
    QCOMPARE(DrsCommand::fromJson(bare.toJson()).body().toDouble(), value);
}

void tst_DrsCommand::hugeIntegersBecomeDoubles_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<double>("value");
    QTest::addRow("int64 max + 1") << QByteArray("9223372036854775808") << 9223372036854775808.0;
    QTest::addRow("int64 min - 1") << QByteArray("-9223372036854775809") << -9223372036854775808.0;
    QTest::addRow("2^64") << QByteArray("18446744073709551616") << 18446744073709551616.0;
    QTest::addRow("1e30 as digits") << QByteArray("1000000000000000000000000000000") << 1e30;
}

void tst_DrsCommand::hugeIntegersBecomeDoubles()
{
    QFETCH(QByteArray, text);
    QFETCH(double, value);
    const DrsCommand command = DrsCommand::fromJson(R"({"action":"a","body":{"n":)" + text + "}}");
    QVERIFY(!command.isNull());
    const QJsonValue n = command.body().toObject().value(QStringLiteral("n"));
    QVERIFY(n.isDouble());
    QCOMPARE(n.toDouble(), value);
    // Written back as that double, and read back as the same double.
    const DrsCommand again = DrsCommand::fromJson(command.toJson());
    QCOMPARE(again.body().toObject().value(QStringLiteral("n")).toDouble(), value);
    QCOMPARE(DrsCommand::fromCbor(command.toCbor())
                     .body()
                     .toObject()
                     .value(QStringLiteral("n"))
                     .toDouble(),
             value);
}

void tst_DrsCommand::cborRoundTrip_data()
{
    QTest::addColumn<DrsCommand>("command");

    QTest::addRow("every field") << fullCommand();
    QTest::addRow("bare") << DrsCommand(QStringLiteral("a"));
    QTest::addRow("null body") << DrsCommand(QStringLiteral("a"), QJsonValue(QJsonValue::Null));
    QTest::addRow("string body") << DrsCommand(
            QStringLiteral("a"), QString::fromUtf8("\xf0\x9f\x98\x80 \"\\\n"), QStringLiteral("k"));
    QTest::addRow("array body") << DrsCommand(QStringLiteral("a"),
                                              QJsonArray { 1, -2, 0.25, QStringLiteral("s"),
                                                           QJsonValue(), true,
                                                           QJsonArray { QJsonObject {} } });
    DrsCommand versionZero(QStringLiteral("drs.response"), false, QStringLiteral("k"));
    versionZero.setVersion(0);
    QTest::addRow("version 0") << versionZero;
}

void tst_DrsCommand::cborRoundTrip()
{
    QFETCH(DrsCommand, command);
    QString error;
    const QByteArray cbor = command.toCbor();
    QCOMPARE(command.encode(DrsCommand::CborEncoding), cbor);
    QVERIFY(!cbor.isEmpty());
    QCOMPARE(quint8(cbor.at(0)) >> 5, 5); // a CBOR map
    const DrsCommand decoded = DrsCommand::fromCbor(cbor, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(decoded, command);
    QCOMPARE(DrsCommand::decode(cbor, DrsCommand::CborEncoding), command);
    QCOMPARE(DrsCommand::fromCborMap(command.toCborMap()), command);
    QCOMPARE(decoded.toJson(), command.toJson());
}

void tst_DrsCommand::cborMapContents()
{
    const QCborMap map = fullCommand().toCborMap();
    QCOMPARE(map.value(QStringLiteral("action")), QCborValue(QStringLiteral("user.get")));
    QCOMPARE(map.value(QStringLiteral("key")), QCborValue(QStringLiteral("0fNwB2xq9aXc7JkLmPqR")));
    QCOMPARE(map.value(QStringLiteral("version")), QCborValue(1));
    QCOMPARE(map.value(QStringLiteral("trace")), QCborValue(QStringLiteral("abc")));
    QCOMPARE(map.value(QStringLiteral("hops")), QCborValue(3));
    QCOMPARE(map.value(QStringLiteral("body")).toMap().value(QStringLiteral("id")), QCborValue(7));
    QCOMPARE(map.size(), 6);

    // No key and no version: not sent.
    const QCborMap bare = DrsCommand(QStringLiteral("a")).toCborMap();
    QCOMPARE(bare.size(), 2);
    QVERIFY(bare.value(QStringLiteral("body")).isMap());
}

void tst_DrsCommand::cborValuesJsonCannotHold()
{
    const QByteArray bytes("\x01\x02\xff\xfe", 4);
    const QCborMap body {
        { QStringLiteral("bytes"), bytes },
        { QStringLiteral("date"),
          QCborValue(QCborKnownTags::DateTimeString, QStringLiteral("2020-01-02T03:04:05Z")) },
        { QStringLiteral("tagged"), QCborValue(QCborTag(4242), 17) },
        { QStringLiteral("undefined"), QCborValue(QCborValue::Undefined) },
        { QStringLiteral("simple"), QCborValue(QCborSimpleType(40)) },
        { 7, QStringLiteral("integer key") },
    };
    QCborMap map { { QStringLiteral("action"), QStringLiteral("a") },
                   { QStringLiteral("body"), body },
                   { QStringLiteral("key"), QStringLiteral("k") },
                   { QStringLiteral("raw"), bytes },
                   { QStringLiteral("version"), 5 } };

    QString error;
    const DrsCommand command = DrsCommand::fromCbor(QCborValue(map).toCbor(), &error);
    QVERIFY2(!command.isNull(), qPrintable(error));
    QCOMPARE(command.body(), QCborValue(body).toJsonValue());
    QCOMPARE(command.body().toObject().value(QStringLiteral("bytes")).toString(),
             QStringLiteral("AQL__g")); // base64url, as QCborValue::toJsonValue does
    QCOMPARE(command.body().toObject().value(QStringLiteral("7")).toString(),
             QStringLiteral("integer key"));
    QCOMPARE(command.extraFields().value(QStringLiteral("raw")), QCborValue(bytes).toJsonValue());
    QCOMPARE(command.version(), 5);
    QCOMPARE(DrsCommand::fromCborMap(map), command);
}

void tst_DrsCommand::cborErrors_data()
{
    QTest::addColumn<QByteArray>("cbor");
    QTest::addColumn<QString>("message");

    const auto encode = [](const QCborValue &value) { return value.toCbor(); };
    QTest::addRow("empty") << QByteArray() << QStringLiteral("invalid CBOR");
    QTest::addRow("break byte") << QByteArray("\xff", 1) << QStringLiteral("invalid CBOR");
    QTest::addRow("truncated map")
            << QByteArray::fromHex("a2616161") << QStringLiteral("invalid CBOR");
    QTest::addRow("array") << encode(QCborArray { QStringLiteral("action") })
                           << QStringLiteral("must be a CBOR map");
    QTest::addRow("text") << encode(QStringLiteral("a")) << QStringLiteral("must be a CBOR map");
    QTest::addRow("integer") << encode(1) << QStringLiteral("must be a CBOR map");
    QTest::addRow("action missing")
            << encode(QCborMap { { QStringLiteral("key"), QStringLiteral("k") } })
            << QStringLiteral("action is missing");
    QTest::addRow("action byte string")
            << encode(QCborMap { { QStringLiteral("action"), QByteArray("a") } })
            << QStringLiteral("action is not a string");
    QTest::addRow("action integer") << encode(QCborMap { { QStringLiteral("action"), 1 } })
                                    << QStringLiteral("action is not a string");
    QTest::addRow("action null") << encode(
            QCborMap { { QStringLiteral("action"), QCborValue(QCborValue::Null) } })
                                 << QStringLiteral("action is not a string");
    QTest::addRow("action tagged text") << encode(QCborMap {
            { QStringLiteral("action"), QCborValue(QCborTag(999), QStringLiteral("a")) } })
                                        << QStringLiteral("action is not a string");
    QTest::addRow("key byte string")
            << encode(QCborMap { { QStringLiteral("action"), QStringLiteral("a") },
                                 { QStringLiteral("key"), QByteArray("k") } })
            << QStringLiteral("key is not a string");
    QTest::addRow("key integer") << encode(QCborMap {
            { QStringLiteral("action"), QStringLiteral("a") }, { QStringLiteral("key"), 3 } })
                                 << QStringLiteral("key is not a string");
}

void tst_DrsCommand::cborErrors()
{
    QFETCH(QByteArray, cbor);
    QFETCH(QString, message);
    QString error;
    QVERIFY(DrsCommand::fromCbor(cbor, &error).isNull());
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(DrsCommand::decode(cbor, DrsCommand::CborEncoding).isNull());
}

void tst_DrsCommand::encodeDecode_data()
{
    QTest::addColumn<DrsCommand::Encoding>("encoding");
    QTest::addRow("json") << DrsCommand::JsonEncoding;
    QTest::addRow("cbor") << DrsCommand::CborEncoding;
}

void tst_DrsCommand::encodeDecode()
{
    QFETCH(DrsCommand::Encoding, encoding);
    const QByteArray data = fullCommand().encode(encoding);
    QCOMPARE(data.startsWith('{'), encoding == DrsCommand::JsonEncoding);
    QString error;
    QCOMPARE(DrsCommand::decode(data, encoding, &error), fullCommand());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // The other decoder refuses it.
    const DrsCommand::Encoding other = encoding == DrsCommand::JsonEncoding
            ? DrsCommand::CborEncoding
            : DrsCommand::JsonEncoding;
    QVERIFY(DrsCommand::decode(data, other, &error).isNull());
    QVERIFY(!error.isEmpty());
}

void tst_DrsCommand::replyWith()
{
    DrsCommand request(QStringLiteral("user.get"), QJsonObject { { QStringLiteral("id"), 1 } },
                       QStringLiteral("req-key"));
    request.setVersion(0);
    request.setExtraFields(QJsonObject { { QStringLiteral("trace"), 1 } });

    const DrsCommand reply
            = request.replyWith(DrsCommand::responseAction(), QJsonArray { QStringLiteral("r") });
    QCOMPARE(reply.action(), QStringLiteral("drs.response"));
    QCOMPARE(reply.body(), QJsonValue(QJsonArray { QStringLiteral("r") }));
    QCOMPARE(reply.key(), QStringLiteral("req-key"));
    QVERIFY(reply.hasVersion());
    QCOMPARE(reply.version(), 0);
    QVERIFY(reply.extraFields().isEmpty());
    QVERIFY(reply.isReply());
    QCOMPARE(reply.toJson(),
             QByteArray(R"({"action":"drs.response","body":["r"],"key":"req-key","version":0})"));

    // A reply may carry a null body; an undefined one is sent as null too.
    const DrsCommand nullReply = request.replyWith(DrsCommand::responseAction(), QJsonValue());
    QVERIFY(nullReply.body().isNull());
    const DrsCommand undefinedReply
            = request.replyWith(DrsCommand::responseAction(), QJsonValue(QJsonValue::Undefined));
    QVERIFY(undefinedReply.body().isNull());
    QCOMPARE(undefinedReply.toJson(),
             QByteArray(R"({"action":"drs.response","body":null,"key":"req-key","version":0})"));

    const DrsCommand error = request.replyWith(
            DrsCommand::errorAction(),
            QJsonObject { { QStringLiteral("message"), QStringLiteral("not found") } });
    QCOMPARE(error.errorMessage(), QStringLiteral("not found"));
    QCOMPARE(error.key(), request.key());
}

void tst_DrsCommand::replyWithoutKeyOrVersion()
{
    const DrsCommand request(QStringLiteral("a"));
    const DrsCommand reply = request.replyWith(DrsCommand::exceptionAction(), QStringLiteral("x"));
    QVERIFY(!reply.hasKey());
    QVERIFY(!reply.hasVersion());
    QCOMPARE(reply.toJson(), QByteArray(R"({"action":"drs.exception","body":"x"})"));
}

void tst_DrsCommand::isReply_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("reply");
    QTest::addRow("response") << DrsCommand::responseAction() << true;
    QTest::addRow("error") << DrsCommand::errorAction() << true;
    QTest::addRow("exception") << DrsCommand::exceptionAction() << true;
    QTest::addRow("ping") << DrsCommand::pingAction() << false;
    QTest::addRow("actions") << DrsCommand::actionsAction() << false;
    QTest::addRow("prefix") << QStringLiteral("drs.responses") << false;
    QTest::addRow("no namespace") << QStringLiteral("response") << false;
    QTest::addRow("upper case") << QStringLiteral("DRS.RESPONSE") << false;
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("other") << QStringLiteral("user.get") << false;
}

void tst_DrsCommand::isReply()
{
    QFETCH(QString, action);
    QFETCH(bool, reply);
    QCOMPARE(DrsCommand(action).isReply(), reply);
}

void tst_DrsCommand::errorMessage_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonValue>("body");
    QTest::addColumn<QString>("message");

    const QString error = DrsCommand::errorAction();
    const QString exception = DrsCommand::exceptionAction();
    const QJsonObject withMessage { { QStringLiteral("message"), QStringLiteral("boom") },
                                    { QStringLiteral("code"), 3 } };
    QTest::addRow("error object") << error << QJsonValue(withMessage) << QStringLiteral("boom");
    QTest::addRow("exception object")
            << exception << QJsonValue(withMessage) << QStringLiteral("boom");
    QTest::addRow("bare string") << error << QJsonValue(QStringLiteral("plain"))
                                 << QStringLiteral("plain");
    QTest::addRow("exception bare string")
            << exception << QJsonValue(QStringLiteral("oops")) << QStringLiteral("oops");
    QTest::addRow("object without message")
            << error << QJsonValue(QJsonObject { { QStringLiteral("code"), 4 } })
            << QStringLiteral(R"({"code":4})");
    QTest::addRow("message not a string")
            << error << QJsonValue(QJsonObject { { QStringLiteral("message"), 5 } })
            << QStringLiteral(R"({"message":5})");
    QTest::addRow("array") << exception << QJsonValue(QJsonArray { 1, QStringLiteral("a") })
                           << QStringLiteral(R"([1,"a"])");
    QTest::addRow("number") << error << QJsonValue(12) << QStringLiteral("12");
    QTest::addRow("null") << error << QJsonValue(QJsonValue::Null) << QStringLiteral("null");
    QTest::addRow("empty string") << error << QJsonValue(QString()) << QString();
    QTest::addRow("response") << DrsCommand::responseAction() << QJsonValue(withMessage)
                              << QString();
    QTest::addRow("plain command")
            << QStringLiteral("user.get") << QJsonValue(QStringLiteral("x")) << QString();
}

void tst_DrsCommand::errorMessage()
{
    QFETCH(QString, action);
    QFETCH(QJsonValue, body);
    QFETCH(QString, message);
    const DrsCommand command(action, body);
    QCOMPARE(command.errorMessage(), message);
    // The body itself is exposed as-is, whatever its shape.
    QCOMPARE(command.body(), body);
}

void tst_DrsCommand::generateKeyFormat()
{
    const QRegularExpression pattern(QStringLiteral("^[0-9A-Z_a-z]{20}$"));
    QVERIFY(pattern.isValid());
    for (int i = 0; i < 1000; ++i) {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const QString key = DrsCommand::generateKey();
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(key.size(), 20);
        QVERIFY2(pattern.match(key).hasMatch(), qPrintable(key));
        // The first 8 characters are the milliseconds since the epoch in base 63. Keys made in one
        // millisecond may borrow a later one only after 63^12 keys, so allow a few seconds of
        // slack.
        const qint64 ms = keyMilliseconds(key);
        QVERIFY2(
                ms >= before - 5000 && ms <= after + 5000,
                qPrintable(
                        QStringLiteral("%1 decodes to %2, now is %3").arg(key).arg(ms).arg(after)));
    }
    // And the alphabet is ordered as ASCII, so time order is string order.
    for (int i = 1; i < kAlphabet.size(); ++i)
        QVERIFY(kAlphabet.at(i - 1) < kAlphabet.at(i));
}

void tst_DrsCommand::generateKeyIncreasing()
{
    constexpr int count = 100000;
    QStringList keys;
    keys.reserve(count);
    for (int i = 0; i < count; ++i)
        keys.append(DrsCommand::generateKey());

    int sameMillisecond = 0;
    for (int i = 1; i < count; ++i) {
        const QString &previous = keys.at(i - 1);
        const QString &key = keys.at(i);
        if (!(previous < key))
            QFAIL(qPrintable(
                    QStringLiteral("key %1 (%2) is not above %3").arg(i).arg(key, previous)));
        if (QStringView(key).left(8) == QStringView(previous).left(8)) {
            // Same millisecond: the random part of the previous key, plus one.
            ++sameMillisecond;
            if (key != incrementedKey(previous))
                QFAIL(qPrintable(QStringLiteral("key %1 follows %2").arg(key, previous)));
        }
    }
    // A tight loop makes many keys per millisecond; the increment path must have been taken.
    QVERIFY2(sameMillisecond > count / 2, qPrintable(QString::number(sameMillisecond)));
    QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()).size(), count);
}

void tst_DrsCommand::generateKeyThreads()
{
    constexpr int threadCount = 4;
    constexpr int perThread = 50000;
    std::vector<QStringList> results(threadCount);
    std::vector<std::unique_ptr<QThread>> threads;
    // The threads start generating together, so they contend for the generator.
    QSemaphore ready;
    QSemaphore go;
    for (int t = 0; t < threadCount; ++t) {
        QStringList *out = &results[size_t(t)];
        threads.emplace_back(QThread::create([out, &ready, &go] {
            out->reserve(perThread);
            ready.release();
            if (!go.tryAcquire(1, 30000))
                return;
            for (int i = 0; i < perThread; ++i)
                out->append(DrsCommand::generateKey());
        }));
    }
    for (auto &thread : threads)
        thread->start();
    const bool allReady = ready.tryAcquire(threadCount, 30000);
    go.release(threadCount);
    QVERIFY(allReady);
    for (auto &thread : threads)
        QVERIFY(thread->wait(QDeadlineTimer(30000)));

    QSet<QString> all;
    for (const QStringList &keys : results) {
        QCOMPARE(keys.size(), perThread);
        for (int i = 1; i < keys.size(); ++i) {
            if (!(keys.at(i - 1) < keys.at(i)))
                QFAIL("keys of one thread are not strictly increasing");
        }
        for (const QString &key : keys)
            all.insert(key);
    }
    QCOMPARE(all.size(), threadCount * perThread);
}

QTEST_GUILESS_MAIN(tst_DrsCommand)
#include "tst_drscommand.moc"
