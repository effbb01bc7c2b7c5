// Internal helpers of DrsCommand shared with the codecs.
#ifndef DRSCOMMAND_P_H
#define DRSCOMMAND_P_H

#include "drscommand.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMutex>
#include <QtCore/QSharedData>

#include <atomic>

namespace QtDrsPrivate {
//! The form a received command's body is kept in until someone asks for it.
enum class RawBody : quint8 { None, Json, Cbor };
} // namespace QtDrsPrivate

/*
    A command read off the wire keeps its body's bytes (compact JSON, or one CBOR item) and
    builds the QJsonValue only when body() is first asked for: a handler that reads one field
    with bodyValue(), or a relay that writes the command on, never pays for it. The raw form is
    fixed once the private is shared; the decoded value is made once, under the mutex.
*/
class DrsCommandPrivate : public QSharedData {
public:
    DrsCommandPrivate() = default;
    DrsCommandPrivate(const DrsCommandPrivate &other);

    const QJsonValue &decodedBody() const;
    void setBody(const QJsonValue &value);

    QString action;
    QString key;
    qint64 version = 0;
    bool hasKey = false; // "" is a key too: other peers may send one
    bool hasVersion = false;
    bool isNull = true;
    QtDrsPrivate::RawBody rawKind = QtDrsPrivate::RawBody::None;
    QByteArray rawBody; // when rawKind is Json: compact JSON; Cbor: one CBOR item
    QJsonObject extra;

private:
    mutable QJsonValue body = QJsonValue(QJsonValue::Null);
    mutable std::atomic<bool> bodyDecoded { true };
    mutable QMutex mutex;
    friend class DrsCommand;
};

namespace QtDrsPrivate {

/*!
    Reads a command out of a decoded object. On failure returns false, sets \a errorString and,
    when the object has a string key, \a keyOfBadCommand so the error reply can carry it.
*/
QTDRS_EXPORT bool readCommand(const QJsonObject &object, DrsCommand *command, QString *errorString,
                              QString *keyOfBadCommand);
QTDRS_EXPORT bool readCommand(const QCborMap &map, DrsCommand *command, QString *errorString,
                              QString *keyOfBadCommand);

//! Appends \a text as a JSON string literal (quoted and escaped) to \a out.
QTDRS_EXPORT void appendJsonString(QByteArray &out, QStringView text);
//! Appends \a value as compact JSON to \a out; an undefined value is written as {}.
QTDRS_EXPORT void appendJsonValue(QByteArray &out, const QJsonValue &value);

//! The codecs' way in: a command around a private they filled, and a look at one's private.
struct CommandAccess {
    static DrsCommand adopt(DrsCommandPrivate *d) { return DrsCommand(d); }
    static const DrsCommandPrivate *get(const DrsCommand &command) { return command.d.data(); }
};

} // namespace QtDrsPrivate

#endif // DRSCOMMAND_P_H
