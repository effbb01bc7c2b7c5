#include "qmldrsjson_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QVariant>
#include <QtQml/QJSEngine>
#include <QtQml/QJSValueIterator>

#include <cmath>

Q_LOGGING_CATEGORY(lcDrsQml, "qtdrs.qml", QtInfoMsg)

namespace QmlDrs {

namespace {

// Walks a JavaScript value depth first, keeping the containers on the current path to detect
// cycles (a value that contains itself would otherwise recurse until the stack overflows).
class Converter {
public:
    bool convert(const QJSValue &value, const QString &path, QJsonValue *result);
    QString errorString;

private:
    bool convertArray(const QJSValue &value, const QString &path, QJsonValue *result);
    bool convertObject(const QJSValue &value, const QString &path, QJsonValue *result);
    bool enter(const QJSValue &value, const QString &path);
    bool fail(const QString &message)
    {
        errorString = message;
        return false;
    }

    QList<QPair<QJSValue, QString>>
            m_path; // the arrays and objects being converted, outermost first
};

bool Converter::convert(const QJSValue &value, const QString &path, QJsonValue *result)
{
    if (value.isUndefined()) {
        *result = QJsonValue(QJsonValue::Undefined);
        return true;
    }
    if (value.isNull()) {
        *result = QJsonValue(QJsonValue::Null);
        return true;
    }
    if (value.isBool()) {
        *result = value.toBool();
        return true;
    }
    if (value.isNumber()) {
        const double number = value.toNumber();
        constexpr double maxExact = 9007199254740992.0; // 2^53
        if (!std::isfinite(number))
            *result = QJsonValue(QJsonValue::Null);
        else if (std::trunc(number) == number && std::fabs(number) <= maxExact)
            *result = qint64(number);
        else
            *result = number;
        return true;
    }
    if (value.isString()) {
        *result = value.toString();
        return true;
    }
    if (value.isCallable())
        return fail(QStringLiteral("%1 is a function, which cannot be sent as JSON").arg(path));
    if (value.isDate()) {
        *result = value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
        return true;
    }
    if (value.isRegExp()) {
        return fail(QStringLiteral("%1 is a regular expression, which cannot be sent as JSON")
                            .arg(path));
    }
    if (value.isQObject()) {
        return fail(QStringLiteral("%1 is a QObject (%2), which cannot be sent as JSON")
                            .arg(path, value.toString()));
    }
    if (value.isArray())
        return convertArray(value, path, result);
    if (value.isVariant()) {
        // A C++ value the engine holds as it is (a QJsonObject, a QVariantMap, a QPoint, ...).
        const QVariant variant = value.toVariant();
        const QJsonValue json = QJsonValue::fromVariant(variant);
        if (json.isNull() && !variant.isNull()) {
            return fail(QStringLiteral("%1 holds a %2, which cannot be sent as JSON")
                                .arg(path, QString::fromLatin1(variant.typeName())));
        }
        *result = json;
        return true;
    }
    if (value.isObject())
        return convertObject(value, path, result);
    return fail(QStringLiteral("%1 (%2) cannot be sent as JSON").arg(path, value.toString()));
}

bool Converter::enter(const QJSValue &value, const QString &path)
{
    for (const auto &[ancestor, ancestorPath] : std::as_const(m_path)) {
        if (ancestor.strictlyEquals(value)) {
            return fail(
                    QStringLiteral("%1 refers back to %2: a cyclic value cannot be sent as JSON")
                            .arg(path, ancestorPath));
        }
    }
    if (m_path.size() >= MaxBodyDepth) {
        return fail(QStringLiteral("%1 is nested more than %2 levels deep")
                            .arg(path)
                            .arg(MaxBodyDepth));
    }
    m_path.append({ value, path });
    return true;
}

bool Converter::convertArray(const QJSValue &value, const QString &path, QJsonValue *result)
{
    if (!enter(value, path))
        return false;
    QJsonArray array;
    const quint32 length = value.property(QStringLiteral("length")).toUInt();
    for (quint32 i = 0; i < length; ++i) {
        QJsonValue element;
        if (!convert(value.property(i), QStringLiteral("%1[%2]").arg(path).arg(i), &element))
            return false;
        array.append(element.isUndefined() ? QJsonValue(QJsonValue::Null) : element);
    }
    m_path.removeLast();
    *result = array;
    return true;
}

bool Converter::convertObject(const QJSValue &value, const QString &path, QJsonValue *result)
{
    if (!enter(value, path))
        return false;
    QJsonObject object;
    QJSValueIterator it(value);
    while (it.hasNext()) {
        it.next();
        QJsonValue member;
        if (!convert(it.value(), QStringLiteral("%1.%2").arg(path, it.name()), &member))
            return false;
        if (!member.isUndefined())
            object.insert(it.name(), member);
    }
    m_path.removeLast();
    *result = object;
    return true;
}

} // namespace

bool toJson(const QJSValue &value, const QString &what, QJsonValue *result, QString *errorString,
            const QJsonValue &undefinedAs)
{
    if (value.isUndefined()) {
        *result = undefinedAs;
        return true;
    }
    Converter converter;
    if (!converter.convert(value, what, result)) {
        if (errorString)
            *errorString = converter.errorString;
        return false;
    }
    return true;
}

QJSValue fromJson(QJSEngine *engine, const QJsonValue &value)
{
    return engine->toScriptValue(value);
}

QJSValue commandToJs(QJSEngine *engine, const DrsCommand &command)
{
    QJSValue object = engine->newObject();
    object.setProperty(QStringLiteral("action"), command.action());
    object.setProperty(QStringLiteral("body"), fromJson(engine, command.body()));
    object.setProperty(QStringLiteral("key"), command.key());
    if (command.hasVersion())
        object.setProperty(QStringLiteral("version"), double(command.version()));
    return object;
}

QJSValue callAndReport(QJSValue function, const QJSValueList &args, const char *what)
{
    const QJSValue result = function.call(args);
    if (result.isError()) {
        qCWarning(lcDrsQml, "%s:%d: %s (in %s)",
                  qPrintable(result.property(QStringLiteral("fileName")).toString()),
                  result.property(QStringLiteral("lineNumber")).toInt(),
                  qPrintable(result.toString()), what);
    }
    return result;
}

} // namespace QmlDrs
