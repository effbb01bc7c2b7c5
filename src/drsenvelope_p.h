// The fast codec path: reads a command's envelope (action, key, version) straight from its bytes
// and keeps the body's bytes for later, so a command costs a few small allocations instead of a
// tree of Qt JSON values. Anything out of the ordinary (extra fields, escapes in names,
// non-ASCII text, tags, ...) is left to the general decoder, which also reports every error:
// these readers never fail a command, they only decline it.
#ifndef DRSENVELOPE_P_H
#define DRSENVELOPE_P_H

#include "drscommand_p.h"

#include <QtCore/QAnyStringView>
#include <QtCore/QJsonValue>
#include <QtCore/QString>

namespace QtDrsPrivate {

/*!
    The last few action names a connection decoded, so a stream of commands with the same
    action shares one QString instead of allocating one each.
*/
class ActionCache {
public:
    QString lookup(const char *data, qsizetype size);

private:
    static constexpr int Slots = 8;
    QByteArray m_bytes[Slots];
    QString m_strings[Slots];
    int m_next = 0;
};

/*!
    Reads the JSON object [data, data + size) as a command when it is a plain one: members
    action, body, key and version only, names without escapes, ASCII text. Returns false when it
    declines (the general decoder takes over, and reports the error if there is one).
    With \a length, bytes may follow the object: *length is set to the object's size.
*/
QTDRS_EXPORT bool readJsonCommand(const char *data, qsizetype size, int maxDepth,
                                  ActionCache *cache, DrsCommand *command,
                                  qsizetype *length = nullptr);
//! The same for one CBOR map item.
QTDRS_EXPORT bool readCborCommand(const char *data, qsizetype size, int maxDepth,
                                  ActionCache *cache, DrsCommand *command);

//! The value of a body kept raw.
QJsonValue decodeRawBody(RawBody kind, const QByteArray &raw);
/*!
    The member \a name of a raw object body, decoding only that member. Returns false when it
    cannot tell without decoding the whole body (the caller then does).
*/
bool rawBodyMember(RawBody kind, const QByteArray &raw, QAnyStringView name, QJsonValue *value);

//! CBOR writing helpers: a head (major type and argument) and a text string.
void appendCborHead(QByteArray &out, int major, quint64 argument);
void appendCborText(QByteArray &out, QStringView text);

} // namespace QtDrsPrivate

#endif // DRSENVELOPE_P_H
