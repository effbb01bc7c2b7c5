// DrsCommand: the value every DRS peer exchanges, {"action", "body", "key"}, with JSON and CBOR
// codecs.
#ifndef DRSCOMMAND_H
#define DRSCOMMAND_H

#include "qtdrs_global.h"

#include <QtCore/QAnyStringView>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QMetaType>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>

QT_BEGIN_NAMESPACE
class QCborMap;
class QDebug;
QT_END_NAMESPACE

class DrsCommandPrivate;
namespace QtDrsPrivate {
struct CommandAccess;
}

/*!
    A DRS command: an \c action that routes it to handlers, a \c body (any JSON value, usually an
    object), an optional \c key that pairs a call with its reply, an optional integer \c version,
    and any other fields a peer sent (kept, so relaying a command loses nothing).

    DrsCommand is implicitly shared: copies are cheap. Integers in the signed 64-bit range stay
    exact through JSON and CBOR. A default-constructed command is null (isNull()).

    Replies are commands too: their action is one of replyActions() and their key is the request's.

    A command received from a peer keeps its body's bytes and decodes them on the first body()
    (thread-safe, once); bodyValue() reads one member without decoding the rest. So a handler
    that needs \c{body.i} costs no QJsonObject, and a relay writes the body on unchanged.
*/
class QTDRS_EXPORT DrsCommand {
    Q_GADGET
    Q_PROPERTY(QString action READ action WRITE setAction)
    Q_PROPERTY(QJsonValue body READ body WRITE setBody)
    Q_PROPERTY(QString key READ key WRITE setKey)
public:
    enum Encoding { JsonEncoding, CborEncoding };
    Q_ENUM(Encoding)

    //! The reserved reply actions and the built-in ones.
    static QString responseAction() { return QStringLiteral("drs.response"); }
    static QString errorAction() { return QStringLiteral("drs.error"); }
    static QString exceptionAction() { return QStringLiteral("drs.exception"); }
    static QString pingAction() { return QStringLiteral("drs.ping"); }
    static QString actionsAction() { return QStringLiteral("drs.actions"); }

    DrsCommand();
    //! A command with \a action and \a body; no key unless \a key is given.
    explicit DrsCommand(const QString &action, const QJsonValue &body = QJsonObject(),
                        const QString &key = QString());
    DrsCommand(const DrsCommand &other);
    DrsCommand(DrsCommand &&other) noexcept;
    DrsCommand &operator=(const DrsCommand &other);
    DrsCommand &operator=(DrsCommand &&other) noexcept
    {
        swap(other);
        return *this;
    }
    ~DrsCommand();

    void swap(DrsCommand &other) noexcept { d.swap(other.d); }

    bool isNull() const;

    QString action() const;
    void setAction(const QString &action);

    //! The body; a command received without one has a null body.
    QJsonValue body() const;
    void setBody(const QJsonValue &body);
    /*!
        The member \a name of an object body: the same as \c{body().toObject().value(name)},
        undefined when the body is not an object or has no such member. For a command read off
        the wire only that member is decoded, so a handler that needs one or two fields of a
        large body pays for those alone.
    */
    QJsonValue bodyValue(QAnyStringView name) const;

    QString key() const;
    /*!
        Sets the key. An empty string is a key too (peers may send one); a null QString(), like
        clearKey(), removes it.
    */
    void setKey(const QString &key);
    void clearKey();
    bool hasKey() const;

    bool hasVersion() const;
    qint64 version() const;
    void setVersion(qint64 version);
    void clearVersion();

    //! Fields other than action, body, key and version, as received; a version that is not an
    //! integer (so not version()) is kept here too.
    QJsonObject extraFields() const;
    void setExtraFields(const QJsonObject &fields);

    //! True for drs.response, drs.error and drs.exception.
    bool isReply() const;
    /*!
        For a drs.error or drs.exception reply, a readable message: the body's "message" member,
        the body itself when it is a string, else the body as compact JSON. Empty otherwise.
    */
    QString errorMessage() const;

    //! The reply to this command carrying \a body under \a replyAction, with this key and version.
    DrsCommand replyWith(const QString &replyAction, const QJsonValue &body) const;

    QJsonObject toJsonObject() const;
    /*!
        Compact JSON, no trailing newline. The body of a command received and not changed is
        written as it came (whitespace removed, members in their order, numbers as written;
        a CBOR body likewise goes on byte for byte in toCbor()); otherwise as Qt writes it.
    */
    QByteArray toJson() const;
    QCborMap toCborMap() const;
    QByteArray toCbor() const;
    QByteArray encode(Encoding encoding) const;

    /*!
        Reads a command. On failure returns a null command and, when \a errorString is given,
        sets it to a sentence naming the problem (invalid JSON, not an object, action missing or
        not a string, key not a string).
    */
    static DrsCommand fromJsonObject(const QJsonObject &object, QString *errorString = nullptr);
    static DrsCommand fromJson(const QByteArray &json, QString *errorString = nullptr);
    static DrsCommand fromCborMap(const QCborMap &map, QString *errorString = nullptr);
    static DrsCommand fromCbor(const QByteArray &cbor, QString *errorString = nullptr);
    static DrsCommand decode(const QByteArray &data, Encoding encoding,
                             QString *errorString = nullptr);

    /*!
        A new time-ordered key: 20 characters, the first 8 the milliseconds since the epoch in
        base 63, the last 12 random; keys made by one process are strictly increasing as strings.
        Thread-safe.
    */
    static QString generateKey();

    friend bool operator==(const DrsCommand &a, const DrsCommand &b) { return a.equals(b); }
    friend bool operator!=(const DrsCommand &a, const DrsCommand &b) { return !a.equals(b); }

private:
    friend struct QtDrsPrivate::CommandAccess;
    explicit DrsCommand(DrsCommandPrivate *dd);
    bool equals(const DrsCommand &other) const;
    QSharedDataPointer<DrsCommandPrivate> d;
};

Q_DECLARE_SHARED(DrsCommand)
Q_DECLARE_METATYPE(DrsCommand)

QTDRS_EXPORT QDebug operator<<(QDebug debug, const DrsCommand &command);

#endif // DRSCOMMAND_H
