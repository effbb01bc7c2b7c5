// JsonTreeModel: the tree over objects, arrays and scalars, its columns, valueAt/pathAt, exact
// integers, and QAbstractItemModelTester over every shape.
#include <jsontreemodel.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

namespace {
QJsonValue parse(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
}

// Finds the row whose key column reads \a key under \a parent.
QModelIndex child(const QAbstractItemModel &model, const QModelIndex &parent, const QString &key)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, JsonTreeModel::KeyColumn, parent);
        if (index.data().toString() == key)
            return index;
    }
    return QModelIndex();
}

QString cell(const QModelIndex &index, int column)
{
    return index.siblingAtColumn(column).data().toString();
}

// Every value in the tree equals the value found by walking the JSON itself.
void checkAgainstJson(const JsonTreeModel &model, const QModelIndex &parent,
                      const QJsonValue &value)
{
    const int rows = model.rowCount(parent);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        QCOMPARE(rows, object.size());
        for (int row = 0; row < rows; ++row) {
            const QModelIndex index = model.index(row, 0, parent);
            const QString key = index.data().toString();
            QVERIFY(object.contains(key));
            QCOMPARE(model.valueAt(index), object.value(key));
            checkAgainstJson(model, index, object.value(key));
        }
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        QCOMPARE(rows, array.size());
        for (int row = 0; row < rows; ++row) {
            const QModelIndex index = model.index(row, 0, parent);
            QCOMPARE(index.data().toString(), QStringLiteral("[%1]").arg(row));
            QCOMPARE(model.valueAt(index), array.at(row));
            checkAgainstJson(model, index, array.at(row));
        }
    } else {
        QCOMPARE(rows, 0);
    }
}
} // namespace

class tst_JsonTreeModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tree();
    void wholeTreeMatchesJson_data();
    void wholeTreeMatchesJson();
    void scalarAtTop_data();
    void scalarAtTop();
    void emptyAndUndefined();
    void exactIntegers();
    void setJsonResets();
    void paths();
    void compactAndIndentedText();
};

void tst_JsonTreeModel::tree()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QJsonValue json = parse(R"({"action":"user.get","body":{"id":7,"tags":["a",true,null,1.5],
        "nested":{"deep":{"x":"y"}},"empty":{}},"key":"K"})");
    model.setJson(json);
    QCOMPARE(model.json(), json);
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.headerData(JsonTreeModel::KeyColumn, Qt::Horizontal).toString(),
             QStringLiteral("Key"));
    QCOMPARE(model.headerData(JsonTreeModel::TypeColumn, Qt::Horizontal).toString(),
             QStringLiteral("Type"));

    const QModelIndex action = child(model, QModelIndex(), QStringLiteral("action"));
    QVERIFY(action.isValid());
    QCOMPARE(cell(action, JsonTreeModel::ValueColumn), QStringLiteral("user.get"));
    QCOMPARE(cell(action, JsonTreeModel::TypeColumn), QStringLiteral("string"));
    QVERIFY(!model.hasChildren(action));
    QVERIFY(model.flags(action) & Qt::ItemNeverHasChildren);

    const QModelIndex body = child(model, QModelIndex(), QStringLiteral("body"));
    QCOMPARE(cell(body, JsonTreeModel::TypeColumn), QStringLiteral("object"));
    QCOMPARE(cell(body, JsonTreeModel::ValueColumn), QStringLiteral("{4}"));
    QCOMPARE(model.rowCount(body), 4);
    QCOMPARE(model.valueAt(body), json.toObject().value(QStringLiteral("body")));
    // valueAt answers for any column of the row.
    QCOMPARE(model.valueAt(body.siblingAtColumn(JsonTreeModel::TypeColumn)), model.valueAt(body));

    const QModelIndex tags = child(model, body, QStringLiteral("tags"));
    QCOMPARE(tags.parent(), body);
    QCOMPARE(cell(tags, JsonTreeModel::ValueColumn), QStringLiteral("[4]"));
    QCOMPARE(cell(tags, JsonTreeModel::TypeColumn), QStringLiteral("array"));
    QCOMPARE(model.rowCount(tags), 4);
    const QModelIndex second = model.index(1, 0, tags);
    QCOMPARE(second.data().toString(), QStringLiteral("[1]"));
    QCOMPARE(cell(second, JsonTreeModel::ValueColumn), QStringLiteral("true"));
    QCOMPARE(cell(second, JsonTreeModel::TypeColumn), QStringLiteral("boolean"));
    QCOMPARE(cell(model.index(2, 0, tags), JsonTreeModel::TypeColumn), QStringLiteral("null"));
    QCOMPARE(cell(model.index(2, 0, tags), JsonTreeModel::ValueColumn), QStringLiteral("null"));
    QCOMPARE(cell(model.index(3, 0, tags), JsonTreeModel::ValueColumn), QStringLiteral("1.5"));
    QCOMPARE(cell(model.index(3, 0, tags), JsonTreeModel::TypeColumn), QStringLiteral("number"));
    QCOMPARE(model.index(3, 0, tags).parent().parent(), body);

    const QModelIndex deep
            = child(model, child(model, body, QStringLiteral("nested")), QStringLiteral("deep"));
    const QModelIndex x = child(model, deep, QStringLiteral("x"));
    QCOMPARE(model.valueAt(x), QJsonValue(QStringLiteral("y")));
    QCOMPARE(x.data(JsonTreeModel::JsonValueRole).value<QJsonValue>(),
             QJsonValue(QStringLiteral("y")));
    QCOMPARE(x.parent().parent().parent(), body);

    const QModelIndex empty = child(model, body, QStringLiteral("empty"));
    QCOMPARE(model.rowCount(empty), 0);
    QCOMPARE(cell(empty, JsonTreeModel::ValueColumn), QStringLiteral("{0}"));

    QVERIFY(model.valueAt(QModelIndex()).isUndefined());
}

void tst_JsonTreeModel::wholeTreeMatchesJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addRow("object") << QByteArray(
            R"({"a":1,"b":[1,[2,[3,{"c":[]}]]],"d":{"e":{"f":null}}})");
    QTest::addRow("array") << QByteArray(R"([{"a":1},[],"s",false,0,-1e300])");
    QTest::addRow("wide") << [] {
        QByteArray json = "[";
        for (int i = 0; i < 500; ++i)
            json += (i ? "," : "") + QByteArray::number(i);
        return json + "]";
    }();
}

void tst_JsonTreeModel::wholeTreeMatchesJson()
{
    QFETCH(QByteArray, json);
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QJsonValue value = parse(json.constData());
    model.setJson(value);
    checkAgainstJson(model, QModelIndex(), value);
}

void tst_JsonTreeModel::scalarAtTop_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("type");
    QTest::addRow("string") << QJsonValue(QStringLiteral("hi")) << QStringLiteral("hi")
                            << QStringLiteral("string");
    QTest::addRow("number") << QJsonValue(42) << QStringLiteral("42") << QStringLiteral("number");
    QTest::addRow("bool") << QJsonValue(false) << QStringLiteral("false")
                          << QStringLiteral("boolean");
    QTest::addRow("null") << QJsonValue(QJsonValue::Null) << QStringLiteral("null")
                          << QStringLiteral("null");
}

void tst_JsonTreeModel::scalarAtTop()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, text);
    QFETCH(QString, type);
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setJson(value);
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex top = model.index(0, 0);
    QCOMPARE(top.data().toString(), QString());
    QCOMPARE(cell(top, JsonTreeModel::ValueColumn), text);
    QCOMPARE(cell(top, JsonTreeModel::TypeColumn), type);
    QCOMPARE(model.valueAt(top), value);
    QCOMPARE(model.rowCount(top), 0);
}

void tst_JsonTreeModel::emptyAndUndefined()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setJson(QJsonObject());
    QCOMPARE(model.rowCount(), 0);
    model.setJson(QJsonArray());
    QCOMPARE(model.rowCount(), 0);
    model.setJson(QJsonValue(QJsonValue::Undefined));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.index(0, 0).isValid());
}

void tst_JsonTreeModel::exactIntegers()
{
    JsonTreeModel model;
    model.setJson(parse(
            R"({"big":9007199254740993,"max":9223372036854775807,"neg":-9223372036854775807})"));
    QCOMPARE(cell(child(model, QModelIndex(), QStringLiteral("big")), JsonTreeModel::ValueColumn),
             QStringLiteral("9007199254740993"));
    QCOMPARE(cell(child(model, QModelIndex(), QStringLiteral("max")), JsonTreeModel::ValueColumn),
             QStringLiteral("9223372036854775807"));
    QCOMPARE(model.valueAt(child(model, QModelIndex(), QStringLiteral("neg"))).toInteger(),
             Q_INT64_C(-9223372036854775807));
}

void tst_JsonTreeModel::setJsonResets()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setJson(parse(R"({"a":{"b":[1,2,3]}})"));
    const QModelIndex b = model.index(0, 0, model.index(0, 0));
    QCOMPARE(model.rowCount(b), 3);
    model.setJson(parse(R"([1])"));
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.valueAt(model.index(0, 0)), QJsonValue(1));
}

void tst_JsonTreeModel::paths()
{
    JsonTreeModel model;
    model.setJson(parse(R"({"body":{"items":[{"id":1},{"odd key":2}]}})"));
    const QModelIndex items = model.index(0, 0, model.index(0, 0));
    const QModelIndex id = model.index(0, 0, model.index(0, 0, items));
    QCOMPARE(model.pathAt(id), QStringLiteral(".body.items[0].id"));
    const QModelIndex odd = model.index(0, 0, model.index(1, 0, items));
    QCOMPARE(model.pathAt(odd), QStringLiteral(".body.items[1][\"odd key\"]"));
    QCOMPARE(odd.data(JsonTreeModel::PathRole).toString(), model.pathAt(odd));
    QCOMPARE(model.pathAt(QModelIndex()), QString());
}

void tst_JsonTreeModel::compactAndIndentedText()
{
    QCOMPARE(JsonTreeModel::toCompactJson(parse(R"({ "a" : [ 1 , 2 ] })")),
             QStringLiteral("{\"a\":[1,2]}"));
    QCOMPARE(JsonTreeModel::toCompactJson(QJsonValue(QStringLiteral("q\"uote"))),
             QStringLiteral("\"q\\\"uote\""));
    QCOMPARE(JsonTreeModel::toCompactJson(QJsonValue(qint64(9007199254740993))),
             QStringLiteral("9007199254740993"));
    QCOMPARE(JsonTreeModel::toCompactJson(QJsonValue(QJsonValue::Undefined)), QString());
    QCOMPARE(JsonTreeModel::toIndentedJson(parse(R"({"a":1})")),
             QStringLiteral("{\n    \"a\": 1\n}"));
}

QTEST_MAIN(tst_JsonTreeModel)

#include "tst_jsontreemodel.moc"
