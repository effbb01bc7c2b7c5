// Conversions between JavaScript values and the JSON that DRS commands carry, for the QML module.
#ifndef QMLDRSJSON_P_H
#define QMLDRSJSON_P_H

#include <drscommand.h>

#include <QtCore/QJsonValue>
#include <QtCore/QLoggingCategory>
#include <QtQml/QJSValue>

QT_BEGIN_NAMESPACE
class QJSEngine;
QT_END_NAMESPACE

Q_DECLARE_LOGGING_CATEGORY(lcDrsQml)

namespace QmlDrs {

//! How deep a body may nest before it is refused (JSON nested deeper is almost surely a mistake).
inline constexpr int MaxBodyDepth = 64;

/*!
    Converts \a value to JSON as JSON.stringify() would, except that what JSON cannot hold is an
    error instead of being dropped: a function, a QObject, a regular expression, a cycle, or
    nesting deeper than MaxBodyDepth. \a what names the value in messages ("body", "result").
    Undefined object members are left out and undefined array elements become null, as with
    JSON.stringify(); a top-level undefined becomes \a undefinedAs. Integral numbers within
    +-2^53 become integers, so they stay integers on the wire (CBOR included); NaN and infinities
    become null. Dates become ISO 8601 strings in UTC.

    On failure returns false and sets \a errorString to a sentence naming where the problem is.
*/
bool toJson(const QJSValue &value, const QString &what, QJsonValue *result, QString *errorString,
            const QJsonValue &undefinedAs = QJsonObject());

//! \a value as a JavaScript value (objects and arrays become plain JavaScript ones).
QJSValue fromJson(QJSEngine *engine, const QJsonValue &value);

//! \a command as a plain object: {action, body, key}, plus version when the command has one.
QJSValue commandToJs(QJSEngine *engine, const DrsCommand &command);

/*!
    Calls \a function with \a args; when it throws, logs the error with its file and line, as the
    QML engine does for a signal handler, and returns the error value.
*/
QJSValue callAndReport(QJSValue function, const QJSValueList &args, const char *what);

} // namespace QmlDrs

#endif // QMLDRSJSON_P_H
