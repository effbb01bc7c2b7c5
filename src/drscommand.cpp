#include "drscommand.h"
#include "drscommand_p.h"
#include "drsenvelope_p.h"

#include <QtCore/QCborMap>
#include <QtCore/QCborValue>
#include <QtCore/QDateTime>
#include <QtCore/QDebug>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QLocale>
#include <QtCore/QMutex>
#include <QtCore/QRandomGenerator>

#include <optional>

namespace {
const QString kAction = QStringLiteral("action");
const QString kBody = QStringLiteral("body");
const QString kKey = QStringLiteral("key");
const QString kVersion = QStringLiteral("version");
const QString kMessage = QStringLiteral("message");

bool isReservedField(const QString &name)
{
    return name == kAction || name == kBody || name == kKey || name == kVersion;
}

// The exact integer held by a JSON number, if it holds one.
std::optional<qint64> exactInteger(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const qint64 a = value.toInteger(0);
    const qint64 b = value.toInteger(1);
    if (a != b)
        return std::nullopt;
    return a;
}
} // namespace

DrsCommandPrivate::DrsCommandPrivate(const DrsCommandPrivate &other)
    : QSharedData(other)
    , action(other.action)
    , key(other.key)
    , version(other.version)
    , hasKey(other.hasKey)
    , hasVersion(other.hasVersion)
    , isNull(other.isNull)
    , rawKind(other.rawKind)
    , rawBody(other.rawBody)
    , extra(other.extra)
{
    // A copy made to change another field need not decode the body: it keeps the raw form.
    QMutexLocker locker(&other.mutex);
    body = other.body;
    bodyDecoded.store(other.bodyDecoded.load(std::memory_order_relaxed), std::memory_order_relaxed);
}

const QJsonValue &DrsCommandPrivate::decodedBody() const
{
    if (!bodyDecoded.load(std::memory_order_acquire)) {
        QMutexLocker locker(&mutex);
        if (!bodyDecoded.load(std::memory_order_relaxed)) {
            body = QtDrsPrivate::decodeRawBody(rawKind, rawBody);
            bodyDecoded.store(true, std::memory_order_release);
        }
    }
    return body;
}

void DrsCommandPrivate::setBody(const QJsonValue &value)
{
    body = value;
    bodyDecoded.store(true, std::memory_order_release);
    rawKind = QtDrsPrivate::RawBody::None;
    rawBody.clear();
}

DrsCommand::DrsCommand(DrsCommandPrivate *dd)
    : d(dd)
{
    if (d->rawKind != QtDrsPrivate::RawBody::None)
        d->bodyDecoded.store(false, std::memory_order_release);
}

DrsCommand::DrsCommand()
    : d(new DrsCommandPrivate)
{
}

DrsCommand::DrsCommand(const QString &action, const QJsonValue &body, const QString &key)
    : d(new DrsCommandPrivate)
{
    d->action = action;
    d->setBody(body.isUndefined() ? QJsonValue(QJsonObject()) : body);
    d->key = key;
    d->hasKey = !key.isNull();
    d->isNull = false;
}

DrsCommand::DrsCommand(const DrsCommand &other) = default;
DrsCommand::DrsCommand(DrsCommand &&other) noexcept = default;
DrsCommand &DrsCommand::operator=(const DrsCommand &other) = default;
DrsCommand::~DrsCommand() = default;

bool DrsCommand::isNull() const
{
    return d->isNull;
}

QString DrsCommand::action() const
{
    return d->action;
}
void DrsCommand::setAction(const QString &action)
{
    d->action = action;
    d->isNull = false;
}

QJsonValue DrsCommand::body() const
{
    return d->decodedBody();
}
QJsonValue DrsCommand::bodyValue(QAnyStringView name) const
{
    if (d->rawKind != QtDrsPrivate::RawBody::None
        && !d->bodyDecoded.load(std::memory_order_acquire)) {
        QJsonValue value;
        if (QtDrsPrivate::rawBodyMember(d->rawKind, d->rawBody, name, &value))
            return value;
    }
    const QJsonValue &body = d->decodedBody();
    if (!body.isObject())
        return QJsonValue(QJsonValue::Undefined);
    return body.toObject().value(name.toString());
}

void DrsCommand::setBody(const QJsonValue &body)
{
    d->setBody(body.isUndefined() ? QJsonValue(QJsonObject()) : body);
    d->isNull = false;
}

QString DrsCommand::key() const
{
    return d->key;
}
void DrsCommand::setKey(const QString &key)
{
    d->key = key;
    d->hasKey = !key.isNull();
    d->isNull = false;
}
void DrsCommand::clearKey()
{
    d->key.clear();
    d->hasKey = false;
}
bool DrsCommand::hasKey() const
{
    return d->hasKey;
}

bool DrsCommand::hasVersion() const
{
    return d->hasVersion;
}
qint64 DrsCommand::version() const
{
    return d->version;
}
void DrsCommand::setVersion(qint64 version)
{
    d->extra.remove(kVersion);
    d->version = version;
    d->hasVersion = true;
    d->isNull = false;
}
void DrsCommand::clearVersion()
{
    d->version = 0;
    d->hasVersion = false;
}

QJsonObject DrsCommand::extraFields() const
{
    return d->extra;
}
void DrsCommand::setExtraFields(const QJsonObject &fields)
{
    QJsonObject kept;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        // A version that is no integer cannot be version(): it stays here, so relaying keeps it.
        const bool strayVersion
                = it.key() == kVersion && !d->hasVersion && !exactInteger(it.value());
        if (!isReservedField(it.key()) || strayVersion)
            kept.insert(it.key(), it.value());
    }
    d->extra = kept;
    d->isNull = false;
}

bool DrsCommand::isReply() const
{
    return d->action.startsWith(QLatin1String("drs."))
            && (d->action == responseAction() || d->action == errorAction()
                || d->action == exceptionAction());
}

QString DrsCommand::errorMessage() const
{
    if (d->action != errorAction() && d->action != exceptionAction())
        return QString();
    const QJsonValue &body = d->decodedBody();
    if (body.isObject()) {
        const QJsonValue message = body.toObject().value(kMessage);
        if (message.isString())
            return message.toString();
    }
    if (body.isString())
        return body.toString();
    QByteArray json;
    QtDrsPrivate::appendJsonValue(json, body);
    return QString::fromUtf8(json);
}

DrsCommand DrsCommand::replyWith(const QString &replyAction, const QJsonValue &body) const
{
    DrsCommand reply(replyAction, body.isUndefined() ? QJsonValue(QJsonValue::Null) : body);
    if (d->hasKey)
        reply.setKey(d->key);
    if (d->hasVersion)
        reply.setVersion(d->version);
    return reply;
}

QJsonObject DrsCommand::toJsonObject() const
{
    QJsonObject object = d->extra;
    object.insert(kAction, d->action);
    object.insert(kBody, d->decodedBody());
    if (d->hasKey)
        object.insert(kKey, d->key);
    if (d->hasVersion)
        object.insert(kVersion, d->version);
    return object;
}

QByteArray DrsCommand::toJson() const
{
    // Written by hand, body included (see appendJsonValue()): quicker than QJsonDocument.
    QByteArray out;
    out.reserve(128 + d->action.size() + d->key.size() + d->rawBody.size());
    out.append("{\"action\":");
    QtDrsPrivate::appendJsonString(out, d->action);
    out.append(",\"body\":");
    if (d->rawKind == QtDrsPrivate::RawBody::Json)
        out.append(d->rawBody); // as it came, already compact
    else
        QtDrsPrivate::appendJsonValue(out, d->decodedBody());
    if (d->hasKey) {
        out.append(",\"key\":");
        QtDrsPrivate::appendJsonString(out, d->key);
    }
    if (d->hasVersion) {
        out.append(",\"version\":");
        out.append(QByteArray::number(d->version));
    }
    for (auto it = d->extra.begin(); it != d->extra.end(); ++it) {
        out.append(',');
        QtDrsPrivate::appendJsonString(out, it.key());
        out.append(':');
        QtDrsPrivate::appendJsonValue(out, it.value());
    }
    out.append('}');
    return out;
}

QCborMap DrsCommand::toCborMap() const
{
    QCborMap map = QCborMap::fromJsonObject(d->extra);
    map.insert(kAction, d->action);
    map.insert(kBody, QCborValue::fromJsonValue(d->decodedBody()));
    if (d->hasKey)
        map.insert(kKey, d->key);
    if (d->hasVersion)
        map.insert(kVersion, d->version);
    return map;
}

QByteArray DrsCommand::toCbor() const
{
    // Written by hand like toJson(): the map's head, the envelope, and the body as it came
    // when it came as CBOR.
    using namespace QtDrsPrivate;
    QByteArray out;
    out.reserve(48 + d->action.size() + d->key.size() + d->rawBody.size());
    appendCborHead(out, 5, 2 + (d->hasKey ? 1 : 0) + (d->hasVersion ? 1 : 0) + d->extra.size());
    appendCborText(out, kAction);
    appendCborText(out, d->action);
    appendCborText(out, kBody);
    if (d->rawKind == RawBody::Cbor)
        out.append(d->rawBody);
    else
        out.append(QCborValue::fromJsonValue(d->decodedBody()).toCbor());
    if (d->hasKey) {
        appendCborText(out, kKey);
        appendCborText(out, d->key);
    }
    if (d->hasVersion) {
        appendCborText(out, kVersion);
        if (d->version >= 0)
            appendCborHead(out, 0, quint64(d->version));
        else
            appendCborHead(out, 1, quint64(-1 - d->version));
    }
    for (auto it = d->extra.begin(); it != d->extra.end(); ++it) {
        appendCborText(out, it.key());
        out.append(QCborValue::fromJsonValue(it.value()).toCbor());
    }
    return out;
}

QByteArray DrsCommand::encode(Encoding encoding) const
{
    return encoding == CborEncoding ? toCbor() : toJson();
}

DrsCommand DrsCommand::fromJsonObject(const QJsonObject &object, QString *errorString)
{
    DrsCommand command;
    QString error;
    QString key;
    if (!QtDrsPrivate::readCommand(object, &command, &error, &key)) {
        if (errorString)
            *errorString = error;
        return DrsCommand();
    }
    return command;
}

DrsCommand DrsCommand::fromJson(const QByteArray &json, QString *errorString)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (errorString) {
            *errorString = QStringLiteral("invalid JSON at offset %1: %2")
                                   .arg(parseError.offset)
                                   .arg(parseError.errorString());
        }
        return DrsCommand();
    }
    if (!document.isObject()) {
        if (errorString)
            *errorString = QStringLiteral("a command must be a JSON object");
        return DrsCommand();
    }
    return fromJsonObject(document.object(), errorString);
}

DrsCommand DrsCommand::fromCborMap(const QCborMap &map, QString *errorString)
{
    DrsCommand command;
    QString error;
    QString key;
    if (!QtDrsPrivate::readCommand(map, &command, &error, &key)) {
        if (errorString)
            *errorString = error;
        return DrsCommand();
    }
    return command;
}

DrsCommand DrsCommand::fromCbor(const QByteArray &cbor, QString *errorString)
{
    QCborParserError parseError;
    const QCborValue value = QCborValue::fromCbor(cbor, &parseError);
    if (parseError.error != QCborError::NoError) {
        if (errorString) {
            *errorString = QStringLiteral("invalid CBOR at offset %1: %2")
                                   .arg(parseError.offset)
                                   .arg(parseError.errorString());
        }
        return DrsCommand();
    }
    if (!value.isMap()) {
        if (errorString)
            *errorString = QStringLiteral("a command must be a CBOR map");
        return DrsCommand();
    }
    return fromCborMap(value.toMap(), errorString);
}

DrsCommand DrsCommand::decode(const QByteArray &data, Encoding encoding, QString *errorString)
{
    return encoding == CborEncoding ? fromCbor(data, errorString) : fromJson(data, errorString);
}

namespace {
constexpr char kKeyAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
constexpr int kKeyBase = 63;
constexpr int kTimeDigits = 8;
constexpr int kRandomDigits = 12;

struct KeyGeneratorState {
    QMutex mutex;
    qint64 lastMs = -1;
    int random[kRandomDigits] = {};
};
} // namespace

QString DrsCommand::generateKey()
{
    static KeyGeneratorState state;
    QMutexLocker locker(&state.mutex);

    qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now > state.lastMs) {
        state.lastMs = now;
        for (int &digit : state.random)
            digit = int(QRandomGenerator::global()->bounded(kKeyBase));
    } else {
        // Same millisecond (or the clock went back): increment, so keys stay strictly increasing.
        int i = kRandomDigits - 1;
        while (i >= 0 && ++state.random[i] == kKeyBase) {
            state.random[i] = 0;
            --i;
        }
        if (i < 0)
            ++state.lastMs; // all 63^12 values used in one millisecond: borrow the next one
    }

    char out[kTimeDigits + kRandomDigits];
    qint64 ms = state.lastMs;
    for (int i = kTimeDigits - 1; i >= 0; --i) {
        out[i] = kKeyAlphabet[ms % kKeyBase];
        ms /= kKeyBase;
    }
    for (int i = 0; i < kRandomDigits; ++i)
        out[kTimeDigits + i] = kKeyAlphabet[state.random[i]];
    return QString::fromLatin1(out, kTimeDigits + kRandomDigits);
}

bool DrsCommand::equals(const DrsCommand &other) const
{
    if (d == other.d)
        return true;
    return d->isNull == other.d->isNull && d->action == other.d->action
            && d->hasKey == other.d->hasKey && d->key == other.d->key
            && d->hasVersion == other.d->hasVersion && d->version == other.d->version
            && d->extra == other.d->extra
            && ((d->rawKind != QtDrsPrivate::RawBody::None && d->rawKind == other.d->rawKind
                 && d->rawBody == other.d->rawBody)
                || d->decodedBody() == other.d->decodedBody());
}

QDebug operator<<(QDebug debug, const DrsCommand &command)
{
    QDebugStateSaver saver(debug);
    debug.nospace();
    if (command.isNull())
        return debug << "DrsCommand()";
    debug << "DrsCommand(" << command.toJson().constData() << ')';
    return debug;
}

namespace QtDrsPrivate {

bool readCommand(const QJsonObject &object, DrsCommand *command, QString *errorString,
                 QString *keyOfBadCommand)
{
    const QJsonValue key = object.value(kKey);
    if (key.isString())
        *keyOfBadCommand = key.toString();

    const QJsonValue action = object.value(kAction);
    if (action.isUndefined()) {
        *errorString = QStringLiteral("malformed command: action is missing");
        return false;
    }
    if (!action.isString()) {
        *errorString = QStringLiteral("malformed command: action is not a string");
        return false;
    }
    if (!key.isUndefined() && !key.isString()) {
        *errorString = QStringLiteral("malformed command: key is not a string");
        return false;
    }

    DrsCommand result(action.toString(), object.value(kBody));
    if (key.isString())
        result.setKey(key.toString());
    if (object.value(kBody).isUndefined())
        result.setBody(QJsonValue(QJsonValue::Null));

    QJsonObject extra;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == kVersion) {
            if (const auto version = exactInteger(it.value())) {
                result.setVersion(*version);
                continue;
            }
            // A version that is no integer is kept as it came, so nothing is lost.
            extra.insert(it.key(), it.value());
        } else if (!isReservedField(it.key())) {
            extra.insert(it.key(), it.value());
        }
    }
    if (!extra.isEmpty())
        result.setExtraFields(extra);
    *command = result;
    return true;
}

bool readCommand(const QCborMap &map, DrsCommand *command, QString *errorString,
                 QString *keyOfBadCommand)
{
    const QCborValue action = map.value(kAction);
    const QCborValue key = map.value(kKey);
    if (key.isString())
        *keyOfBadCommand = key.toString();
    if (!action.isUndefined() && !action.isString()) {
        *errorString = QStringLiteral("malformed command: action is not a string");
        return false;
    }
    if (!key.isUndefined() && !key.isString()) {
        *errorString = QStringLiteral("malformed command: key is not a string");
        return false;
    }
    return readCommand(map.toJsonObject(), command, errorString, keyOfBadCommand);
}

void appendJsonString(QByteArray &out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    // Plain ASCII (names, keys, most text) goes straight in, without a UTF-8 copy. No
    // reserve() here: an exact one per string would defeat the buffer's geometric growth.
    out.append('"');
    {
        const char16_t *p = text.utf16();
        const char16_t *end = p + text.size();
        const qsizetype start = out.size();
        out.resize(start + text.size());
        char *dst = out.data() + start;
        for (; p != end; ++p) {
            const char16_t c = *p;
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
                break;
            *dst++ = char(c);
        }
        const qsizetype plain = p - text.utf16();
        out.resize(start + plain);
        if (plain == text.size()) {
            out.append('"');
            return;
        }
        text = text.sliced(plain); // the rest, from the first byte that needs care
    }
    const QByteArray utf8 = text.toUtf8();
    const char *begin = utf8.constData();
    const char *end = begin + utf8.size();
    const char *run = begin;
    for (const char *p = begin; p != end; ++p) {
        const unsigned char c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(run, p - run);
        run = p + 1;
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default: {
            const char escape[] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };
            out.append(escape, sizeof escape);
        }
        }
    }
    out.append(run, end - run);
    out.append('"');
}

namespace {

// Numbers as Qt's writer puts them: integers exactly, other doubles in the shortest form that
// reads back the same, and null for what JSON cannot hold (infinities, NaN).
void appendJsonNumber(QByteArray &out, const QJsonValue &value)
{
    const QCborValue number = QCborValue::fromJsonValue(value);
    if (number.isInteger()) {
        out.append(QByteArray::number(number.toInteger()));
        return;
    }
    const double d = number.toDouble();
    if (qIsFinite(d))
        out.append(QByteArray::number(d, 'g', QLocale::FloatingPointShortest));
    else
        out.append("null");
}

void appendNestedJson(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object: {
        // Our own walk: several times quicker than QJsonDocument::toJson() for the small
        // objects commands carry, with the same output (keys sorted as QJsonObject keeps them).
        const QJsonObject object = value.toObject();
        out.append('{');
        bool first = true;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (!first)
                out.append(',');
            first = false;
            appendJsonString(out, it.key());
            out.append(':');
            appendNestedJson(out, it.value());
        }
        out.append('}');
        break;
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        out.append('[');
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                out.append(',');
            appendNestedJson(out, array.at(i));
        }
        out.append(']');
        break;
    }
    case QJsonValue::Undefined:
    case QJsonValue::Null:
        out.append("null");
        break;
    case QJsonValue::Bool:
        out.append(value.toBool() ? "true" : "false");
        break;
    case QJsonValue::String:
        appendJsonString(out, value.toString());
        break;
    case QJsonValue::Double:
        appendJsonNumber(out, value);
        break;
    }
}

} // namespace

void appendJsonValue(QByteArray &out, const QJsonValue &value)
{
    if (value.isUndefined())
        out.append("{}");
    else
        appendNestedJson(out, value);
}

} // namespace QtDrsPrivate
