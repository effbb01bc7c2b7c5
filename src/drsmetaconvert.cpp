#include "drshandler.h"
#include "drsmetaconvert_p.h"

#include <QtCore/QAssociativeIterable>
#include <QtCore/QCborArray>
#include <QtCore/QCborMap>
#include <QtCore/QCborValue>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QMetaEnum>
#include <QtCore/QSequentialIterable>
#include <QtCore/QUrl>
#include <QtCore/QUuid>

#include <cmath>
#include <cstring>
#include <limits>

namespace QtDrsPrivate {

namespace {

bool isEnum(QMetaType type)
{
    return type.flags().testFlag(QMetaType::IsEnumeration);
}

// The QMetaEnum of an enum registered with Q_ENUM/Q_FLAG; invalid for a plain enum.
QMetaEnum metaEnum(QMetaType type)
{
    const QMetaObject *meta = type.metaObject();
    if (!meta)
        return QMetaEnum();
    QByteArray name = type.name();
    if (name.startsWith("QFlags<") && name.endsWith('>'))
        name = name.mid(7).chopped(1); // found by the enum's name, the alias of its Q_FLAG
    const qsizetype colons = name.lastIndexOf("::");
    if (colons >= 0)
        name = name.mid(colons + 2);
    const int index = meta->indexOfEnumerator(name.constData());
    return index >= 0 ? meta->enumerator(index) : QMetaEnum();
}

struct IntegerType {
    bool integer = false;
    bool isUnsigned = false;
};

IntegerType integerType(QMetaType type)
{
    if (isEnum(type))
        return { true, type.flags().testFlag(QMetaType::IsUnsignedEnumeration) };
    switch (type.id()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::Long:
    case QMetaType::Char:
    case QMetaType::SChar:
        return { true, false };
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::UShort:
    case QMetaType::ULong:
    case QMetaType::UChar:
        return { true, true };
    default:
        return {};
    }
}

// Reads an integer (or enum) of \a type's size at \a value, widened.
qint64 readSigned(QMetaType type, const void *value)
{
    switch (type.sizeOf()) {
    case 1:
        return *static_cast<const qint8 *>(value);
    case 2:
        return *static_cast<const qint16 *>(value);
    case 4:
        return *static_cast<const qint32 *>(value);
    default:
        return *static_cast<const qint64 *>(value);
    }
}

quint64 readUnsigned(QMetaType type, const void *value)
{
    switch (type.sizeOf()) {
    case 1:
        return *static_cast<const quint8 *>(value);
    case 2:
        return *static_cast<const quint16 *>(value);
    case 4:
        return *static_cast<const quint32 *>(value);
    default:
        return *static_cast<const quint64 *>(value);
    }
}

// Stores \a value in a new QVariant of integer (or enum) \a type if it fits the type's range.
bool storeInteger(QMetaType type, bool isUnsigned, qint64 value, quint64 unsignedValue,
                  bool valueIsUnsigned, QVariant *out)
{
    const int bits = int(type.sizeOf()) * 8;
    if (bits <= 0 || bits > 64)
        return false;
    if (isUnsigned) {
        if (!valueIsUnsigned && value < 0)
            return false;
        const quint64 v = valueIsUnsigned ? unsignedValue : quint64(value);
        if (bits < 64 && v > (quint64(1) << bits) - 1)
            return false;
        QVariant result(type);
        switch (bits) {
        case 8:
            *static_cast<quint8 *>(result.data()) = quint8(v);
            break;
        case 16:
            *static_cast<quint16 *>(result.data()) = quint16(v);
            break;
        case 32:
            *static_cast<quint32 *>(result.data()) = quint32(v);
            break;
        default:
            *static_cast<quint64 *>(result.data()) = v;
            break;
        }
        *out = std::move(result);
        return true;
    }
    if (valueIsUnsigned) {
        if (unsignedValue > quint64(std::numeric_limits<qint64>::max()))
            return false;
        value = qint64(unsignedValue);
    }
    if (bits < 64) {
        const qint64 max = (qint64(1) << (bits - 1)) - 1;
        if (value > max || value < -max - 1)
            return false;
    }
    QVariant result(type);
    switch (bits) {
    case 8:
        *static_cast<qint8 *>(result.data()) = qint8(value);
        break;
    case 16:
        *static_cast<qint16 *>(result.data()) = qint16(value);
        break;
    case 32:
        *static_cast<qint32 *>(result.data()) = qint32(value);
        break;
    default:
        *static_cast<qint64 *>(result.data()) = value;
        break;
    }
    *out = std::move(result);
    return true;
}

// A JSON number or numeric text as an integer of \a type; fractions are not rounded away.
bool integerFromJson(const QJsonValue &json, QMetaType type, bool isUnsigned, QVariant *out)
{
    if (json.isDouble()) {
        const QVariant number = json.toVariant(); // qlonglong when the number is integral
        if (number.metaType().id() == QMetaType::LongLong)
            return storeInteger(type, isUnsigned, number.toLongLong(), 0, false, out);
        const double d = json.toDouble();
        if (!std::isfinite(d) || std::trunc(d) != d)
            return false;
        if (d >= 0 && d < 18446744073709551616.0)
            return storeInteger(type, isUnsigned, 0, quint64(d), true, out);
        if (d < 0 && d >= -9223372036854775808.0)
            return storeInteger(type, isUnsigned, qint64(d), 0, false, out);
        return false;
    }
    if (json.isString()) {
        bool ok = false;
        const QString text = json.toString().trimmed();
        if (isUnsigned && !text.startsWith(QLatin1Char('-'))) {
            const quint64 v = text.toULongLong(&ok);
            return ok && storeInteger(type, isUnsigned, 0, v, true, out);
        }
        const qint64 v = text.toLongLong(&ok);
        return ok && storeInteger(type, isUnsigned, v, 0, false, out);
    }
    return false;
}

bool enumFromJson(const QJsonValue &json, QMetaType type, QVariant *out)
{
    const QMetaEnum e = metaEnum(type);
    const bool isUnsigned = type.flags().testFlag(QMetaType::IsUnsignedEnumeration);
    if (json.isString() && e.isValid()) {
        bool ok = false;
        const QByteArray key = json.toString().toUtf8();
        const int value = e.isFlag() ? e.keysToValue(key.constData(), &ok)
                                     : e.keyToValue(key.constData(), &ok);
        if (ok)
            return storeInteger(type, isUnsigned, value, 0, false, out);
        // A number in text form is taken below; any other text is not a name of this enum.
    }
    QVariant number;
    const QMetaType wide = QMetaType::fromType<qint64>();
    if (!integerFromJson(json, wide, false, &number))
        return false;
    const qint64 value = number.toLongLong();
    if (e.isValid() && !e.isFlag()
        && (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()
            || !e.valueToKey(int(value))))
        return false; // not one of the enum's values
    return storeInteger(type, isUnsigned, value, 0, false, out);
}

QJsonValue enumToJson(QMetaType type, const void *value)
{
    const bool isUnsigned = type.flags().testFlag(QMetaType::IsUnsignedEnumeration);
    const qint64 number = isUnsigned ? qint64(readUnsigned(type, value)) : readSigned(type, value);
    const QMetaEnum e = metaEnum(type);
    if (e.isValid() && number >= std::numeric_limits<int>::min()
        && number <= std::numeric_limits<int>::max()) {
        if (e.isFlag()) {
            const QByteArray keys = e.valueToKeys(int(number));
            if (!keys.isEmpty() || number == 0)
                return QString::fromLatin1(keys);
        } else if (const char *key = e.valueToKey(int(number))) {
            return QString::fromLatin1(key);
        }
    }
    return QJsonValue(number); // a value without a name still arrives, as its number
}

QJsonValue listToJson(const QVariantList &list, bool *ok)
{
    QJsonArray array;
    for (const QVariant &item : list)
        array.append(variantToJson(item, ok));
    return array;
}

template<typename Map> QJsonValue mapToJson(const Map &map, bool *ok)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), variantToJson(it.value(), ok));
    return object;
}

} // namespace

bool canConvertToJson(QMetaType type)
{
    if (!type.isValid())
        return false;
    if (isEnum(type) || integerType(type).integer)
        return true;
    switch (type.id()) {
    case QMetaType::Void:
        return false;
    case QMetaType::Nullptr:
    case QMetaType::Bool:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::QString:
    case QMetaType::QChar:
    case QMetaType::QByteArray:
    case QMetaType::QStringList:
    case QMetaType::QDateTime:
    case QMetaType::QDate:
    case QMetaType::QTime:
    case QMetaType::QUrl:
    case QMetaType::QUuid:
    case QMetaType::QVariant:
    case QMetaType::QVariantList:
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
    case QMetaType::QJsonValue:
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray:
    case QMetaType::QJsonDocument:
    case QMetaType::QCborValue:
    case QMetaType::QCborMap:
    case QMetaType::QCborArray:
        return true;
    default:
        break;
    }
    if (type.flags().testFlag(QMetaType::PointerToQObject))
        return false; // an address means nothing to another process
    return QMetaType::canConvert(type, QMetaType::fromType<QString>())
            || QMetaType::canConvert(type, QMetaType::fromType<QVariantList>())
            || QMetaType::canConvert(type, QMetaType::fromType<QVariantMap>());
}

QJsonValue variantToJson(const QVariant &value, bool *ok)
{
    if (!value.isValid())
        return QJsonValue();
    return toJson(value.metaType(), value.constData(), ok);
}

QJsonValue toJson(QMetaType type, const void *value, bool *ok)
{
    if (isEnum(type))
        return enumToJson(type, value);
    const IntegerType integer = integerType(type);
    if (integer.integer) {
        if (!integer.isUnsigned)
            return QJsonValue(readSigned(type, value));
        const quint64 v = readUnsigned(type, value);
        if (v > quint64(std::numeric_limits<qint64>::max()))
            return QJsonValue(double(v));
        return QJsonValue(qint64(v));
    }
    switch (type.id()) {
    case QMetaType::Nullptr:
        return QJsonValue();
    case QMetaType::Bool:
        return *static_cast<const bool *>(value);
    case QMetaType::Double:
        return *static_cast<const double *>(value);
    case QMetaType::Float:
        return double(*static_cast<const float *>(value));
    case QMetaType::QString:
        return *static_cast<const QString *>(value);
    case QMetaType::QChar:
        return QString(*static_cast<const QChar *>(value));
    case QMetaType::QByteArray:
        return QString::fromUtf8(*static_cast<const QByteArray *>(value));
    case QMetaType::QStringList:
        return QJsonArray::fromStringList(*static_cast<const QStringList *>(value));
    case QMetaType::QDateTime: {
        const auto &dateTime = *static_cast<const QDateTime *>(value);
        return dateTime.isValid() ? QJsonValue(dateTime.toString(Qt::ISODateWithMs)) : QJsonValue();
    }
    case QMetaType::QDate: {
        const auto &date = *static_cast<const QDate *>(value);
        return date.isValid() ? QJsonValue(date.toString(Qt::ISODate)) : QJsonValue();
    }
    case QMetaType::QTime: {
        const auto &time = *static_cast<const QTime *>(value);
        return time.isValid() ? QJsonValue(time.toString(Qt::ISODateWithMs)) : QJsonValue();
    }
    case QMetaType::QUrl:
        return static_cast<const QUrl *>(value)->toString(QUrl::FullyEncoded);
    case QMetaType::QUuid:
        return static_cast<const QUuid *>(value)->toString(QUuid::WithoutBraces);
    case QMetaType::QVariant:
        return variantToJson(*static_cast<const QVariant *>(value), ok);
    case QMetaType::QVariantList:
        return listToJson(*static_cast<const QVariantList *>(value), ok);
    case QMetaType::QVariantMap:
        return mapToJson(*static_cast<const QVariantMap *>(value), ok);
    case QMetaType::QVariantHash:
        return mapToJson(*static_cast<const QVariantHash *>(value), ok);
    case QMetaType::QJsonValue:
        return *static_cast<const QJsonValue *>(value);
    case QMetaType::QJsonObject:
        return *static_cast<const QJsonObject *>(value);
    case QMetaType::QJsonArray:
        return *static_cast<const QJsonArray *>(value);
    case QMetaType::QJsonDocument: {
        const auto &document = *static_cast<const QJsonDocument *>(value);
        if (document.isObject())
            return document.object();
        if (document.isArray())
            return document.array();
        return QJsonValue();
    }
    case QMetaType::QCborValue:
        return static_cast<const QCborValue *>(value)->toJsonValue();
    case QMetaType::QCborMap:
        return static_cast<const QCborMap *>(value)->toJsonObject();
    case QMetaType::QCborArray:
        return static_cast<const QCborArray *>(value)->toJsonArray();
    default:
        break;
    }
    if (!type.flags().testFlag(QMetaType::PointerToQObject)) {
        const QVariant variant(type, value);
        QString text;
        if (QMetaType::canConvert(type, QMetaType::fromType<QString>())
            && QMetaType::convert(type, value, QMetaType::fromType<QString>(), &text))
            return text;
        if (QMetaType::canConvert(type, QMetaType::fromType<QVariantList>()))
            return listToJson(variant.toList(), ok);
        if (QMetaType::canConvert(type, QMetaType::fromType<QVariantMap>()))
            return mapToJson(variant.toMap(), ok);
    }
    if (ok)
        *ok = false;
    return QJsonValue();
}

bool fromJson(const QJsonValue &json, QMetaType type, QVariant *out)
{
    if (isEnum(type))
        return enumFromJson(json, type, out);
    const IntegerType integer = integerType(type);
    if (integer.integer)
        return integerFromJson(json, type, integer.isUnsigned, out);
    switch (type.id()) {
    case QMetaType::QJsonValue:
        *out = QVariant::fromValue(json);
        return true;
    case QMetaType::QJsonObject:
        if (!json.isObject())
            return false;
        *out = QVariant::fromValue(json.toObject());
        return true;
    case QMetaType::QJsonArray:
        if (!json.isArray())
            return false;
        *out = QVariant::fromValue(json.toArray());
        return true;
    case QMetaType::QVariant:
        // The value itself: a QVariant cannot be nested in one (fromValue() returns it as is).
        *out = json.toVariant();
        return true;
    case QMetaType::QString:
        // Numbers or objects are not silently turned into text.
        if (!json.isString())
            return false;
        *out = json.toString();
        return true;
    case QMetaType::QByteArray:
        if (!json.isString())
            return false;
        *out = json.toString().toUtf8();
        return true;
    case QMetaType::QChar:
        if (!json.isString() || json.toString().size() != 1)
            return false;
        *out = QVariant::fromValue(json.toString().at(0));
        return true;
    case QMetaType::Bool:
        if (!json.isBool())
            return false;
        *out = json.toBool();
        return true;
    case QMetaType::Double:
    case QMetaType::Float: {
        double d = 0;
        if (json.isDouble()) {
            d = json.toDouble();
        } else if (json.isString()) {
            bool ok = false;
            d = json.toString().trimmed().toDouble(&ok);
            if (!ok)
                return false;
        } else {
            return false;
        }
        *out = type.id() == QMetaType::Float ? QVariant(float(d)) : QVariant(d);
        return true;
    }
    case QMetaType::QStringList: {
        if (!json.isArray())
            return false;
        QStringList list;
        const QJsonArray array = json.toArray();
        for (const QJsonValue &item : array) {
            if (!item.isString())
                return false;
            list.append(item.toString());
        }
        *out = list;
        return true;
    }
    case QMetaType::QVariantList:
        if (!json.isArray())
            return false;
        *out = json.toArray().toVariantList();
        return true;
    case QMetaType::QVariantMap:
        if (!json.isObject())
            return false;
        *out = json.toObject().toVariantMap();
        return true;
    case QMetaType::QVariantHash:
        if (!json.isObject())
            return false;
        *out = json.toObject().toVariantHash();
        return true;
    case QMetaType::QDateTime: {
        const QDateTime dateTime = QDateTime::fromString(json.toString(), Qt::ISODateWithMs);
        if (!json.isString() || !dateTime.isValid())
            return false;
        *out = dateTime;
        return true;
    }
    case QMetaType::QDate: {
        const QDate date = QDate::fromString(json.toString(), Qt::ISODate);
        if (!json.isString() || !date.isValid())
            return false;
        *out = date;
        return true;
    }
    case QMetaType::QTime: {
        const QTime time = QTime::fromString(json.toString(), Qt::ISODateWithMs);
        if (!json.isString() || !time.isValid())
            return false;
        *out = time;
        return true;
    }
    case QMetaType::QUrl:
        if (!json.isString())
            return false;
        *out = QUrl(json.toString());
        return true;
    case QMetaType::QUuid: {
        const QUuid uuid = QUuid::fromString(json.toString());
        if (!json.isString() || uuid.isNull())
            return false;
        *out = uuid;
        return true;
    }
    case QMetaType::QCborValue:
        *out = QVariant::fromValue(QCborValue::fromJsonValue(json));
        return true;
    case QMetaType::QCborMap:
        if (!json.isObject())
            return false;
        *out = QVariant::fromValue(QCborMap::fromJsonObject(json.toObject()));
        return true;
    case QMetaType::QCborArray:
        if (!json.isArray())
            return false;
        *out = QVariant::fromValue(QCborArray::fromJsonArray(json.toArray()));
        return true;
    default:
        break;
    }
    if (json.isArray() || json.isObject()) {
        // A container such as QList<int> or QHash<QString, int>, filled item by item.
        QVariant container(type);
        if (json.isArray()) {
            QSequentialIterable list;
            if (QMetaType::view(type, container.data(), QMetaType::fromType<QSequentialIterable>(),
                                &list)
                && list.metaContainer().canAddValue()) {
                const QMetaType itemType = list.metaContainer().valueMetaType();
                const QJsonArray array = json.toArray();
                for (const QJsonValue &item : array) {
                    QVariant value;
                    if (!fromJson(item, itemType, &value))
                        return false;
                    list.addValue(value);
                }
                *out = std::move(container);
                return true;
            }
        } else {
            QAssociativeIterable map;
            if (QMetaType::view(type, container.data(), QMetaType::fromType<QAssociativeIterable>(),
                                &map)
                && map.metaContainer().keyMetaType() == QMetaType::fromType<QString>()
                && map.metaContainer().canSetMappedAtKey()) {
                const QMetaType itemType = map.metaContainer().mappedMetaType();
                const QJsonObject object = json.toObject();
                for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
                    QVariant value;
                    if (!fromJson(it.value(), itemType, &value))
                        return false;
                    map.setValue(it.key(), value);
                }
                *out = std::move(container);
                return true;
            }
        }
    }
    QVariant value = json.toVariant();
    if (json.isNull() || !value.convert(type))
        return false;
    *out = value;
    return true;
}

QString describeMethod(const QMetaObject *meta, const QMetaMethod &method)
{
    QStringList parameters;
    const QList<QByteArray> types = method.parameterTypes();
    const QList<QByteArray> names = method.parameterNames();
    for (qsizetype i = 0; i < types.size(); ++i) {
        QString parameter = QString::fromLatin1(types.at(i));
        if (!names.value(i).isEmpty())
            parameter += QLatin1Char(' ') + QString::fromLatin1(names.at(i));
        parameters.append(parameter);
    }
    return QStringLiteral("%1::%2(%3)")
            .arg(QString::fromLatin1(meta->className()), QString::fromLatin1(method.name()),
                 parameters.join(QStringLiteral(", ")));
}

bool argumentsFromBody(const QMetaMethod &method, const QString &action, const QJsonObject &body,
                       QList<QVariant> *arguments, QString *problem, int *missing)
{
    const QList<QByteArray> names = method.parameterNames();
    const int count = method.parameterCount();
    arguments->resize(count);
    if (missing) {
        *missing = 0;
        for (const QByteArray &name : names)
            *missing += body.contains(QString::fromUtf8(name)) ? 0 : 1;
    }
    for (int i = 0; i < count; ++i) {
        const QString name = QString::fromUtf8(names.at(i));
        const auto member = body.constFind(name);
        if (member == body.constEnd()) {
            *problem = QStringLiteral("%1: missing argument '%2'").arg(action, name);
            return false;
        }
        const QMetaType type = method.parameterMetaType(i);
        if (!fromJson(member.value(), type, &(*arguments)[i])) {
            *problem = QStringLiteral("%1: argument '%2' cannot be converted to %3")
                               .arg(action, name, QString::fromLatin1(type.name()));
            return false;
        }
    }
    return true;
}

QJsonValue invokeMethod(QObject *object, const QMetaMethod &method, QList<QVariant> &arguments)
{
    // A QVariant parameter or result is the QVariant itself; any other, the value it holds.
    QList<void *> argv(arguments.size() + 1, nullptr);
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const bool isVariant = method.parameterMetaType(int(i)).id() == QMetaType::QVariant;
        argv[i + 1] = isVariant ? static_cast<void *>(&arguments[i]) : arguments[i].data();
    }
    const QMetaType returnType = method.returnMetaType();
    const bool hasResult = returnType.isValid() && returnType.id() != QMetaType::Void;
    const bool variantResult = returnType.id() == QMetaType::QVariant;
    QVariant result;
    if (hasResult) {
        if (!variantResult)
            result = QVariant(returnType);
        argv[0] = variantResult ? static_cast<void *>(&result) : result.data();
    }
    if (QMetaObject::metacall(object, QMetaObject::InvokeMetaMethod, method.methodIndex(),
                              argv.data())
        >= 0)
        throw std::runtime_error("the method could not be invoked");
    if (!hasResult)
        return QJsonValue();
    return variantResult ? variantToJson(result) : toJson(returnType, result.constData());
}

QJsonValue invokeWithBody(QObject *object, const QMetaMethod &method, const QString &action,
                          const QJsonObject &body)
{
    QList<QVariant> arguments;
    QString problem;
    if (!argumentsFromBody(method, action, body, &arguments, &problem))
        throw DrsError(problem);
    return invokeMethod(object, method, arguments);
}

} // namespace QtDrsPrivate
