// Conversions between C++ values known only by their QMetaType and the JSON a command carries.
// One place for every adapter that maps QObject members onto commands: services
// (registerService), subscriptions (subscribe) and published signals (publish).
#ifndef DRSMETACONVERT_P_H
#define DRSMETACONVERT_P_H

#include "qtdrs_global.h"

#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <QtCore/QMetaMethod>
#include <QtCore/QMetaType>
#include <QtCore/QVariant>

QT_BEGIN_NAMESPACE
class QObject;
QT_END_NAMESPACE

namespace QtDrsPrivate {

/*!
    Whether values of \a type can be written as JSON: numbers, bool, text types, QStringList,
    QVariantList/Map/Hash, Qt's JSON and CBOR types, QDateTime/QDate/QTime (ISO 8601 text),
    QUrl, QUuid, enums (by name), QVariant, and anything Qt converts to QString or to a variant
    list or map. Decided before any value exists, so a publication can be refused up front.
*/
QTDRS_EXPORT bool canConvertToJson(QMetaType type);

/*!
    The JSON form of the value of \a type at \a value. Sets \a ok to false (and returns null) when
    it cannot be written, which canConvertToJson() rules out except for what a QVariant holds.
*/
QTDRS_EXPORT QJsonValue toJson(QMetaType type, const void *value, bool *ok = nullptr);
QTDRS_EXPORT QJsonValue variantToJson(const QVariant &value, bool *ok = nullptr);

/*!
    Converts \a json to a value of exactly \a type in \a out; false when it does not fit (a
    number for a QString, a fraction or out-of-range number for an integer, an unknown enum name,
    a text that is not an ISO 8601 date, ...). Enums take their names or their numbers.
*/
QTDRS_EXPORT bool fromJson(const QJsonValue &json, QMetaType type, QVariant *out);

/*!
    Converts the arguments of \a method, taken by parameter name from \a body, into \a arguments.
    False, with \a problem naming the first argument missing or not convertible (prefixed with
    \a action), when they do not fit. \a missing, if given, counts the parameters absent from
    \a body.
*/
bool argumentsFromBody(const QMetaMethod &method, const QString &action, const QJsonObject &body,
                       QList<QVariant> *arguments, QString *problem, int *missing = nullptr);

//! Calls \a method of \a object with \a arguments (of its parameter types); its result as JSON.
QJsonValue invokeMethod(QObject *object, const QMetaMethod &method, QList<QVariant> &arguments);

/*!
    Calls \a method of \a object with the arguments taken by parameter name from \a body and
    returns its result as JSON (null for void). Throws DrsError naming the argument that is
    missing or cannot be converted, prefixed with \a action. The caller runs in the object's
    thread.
*/
QJsonValue invokeWithBody(QObject *object, const QMetaMethod &method, const QString &action,
                          const QJsonObject &body);

//! "Class::method(int value)", for messages.
QString describeMethod(const QMetaObject *meta, const QMetaMethod &method);

} // namespace QtDrsPrivate

#endif // DRSMETACONVERT_P_H
