// Internal helpers of DrsCommand shared with the codecs.
#ifndef DRSCOMMAND_P_H
#define DRSCOMMAND_P_H

#include "drscommand.h"

#include <QtCore/QLoggingCategory>

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

} // namespace QtDrsPrivate

#endif // DRSCOMMAND_P_H
