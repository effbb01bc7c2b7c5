// The raw baseline's plumbing: RawChannel is one plain Qt socket (QTcpSocket, QLocalSocket or
// QWebSocket) without DRS, RecordCounter counts whole records in the bytes it carries, and
// RawRecords are the exact bytes DRS would write for the workloads' messages.
#ifndef RAWCHANNEL_H
#define RAWCHANNEL_H

#include "benchcommon.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>

QT_BEGIN_NAMESPACE
class QIODevice;
class QWebSocket;
QT_END_NAMESPACE

namespace Bench {

//! The largest WebSocket message the raw peers accept (the W6 body is below 16 MiB).
inline constexpr qint64 RawMaxMessageSize = 32 * 1024 * 1024;

/*!
    One record as DRS writes it. The raw side sends the same record over and over: the body's
    "i" is a fixed six-digit number, so every record has the same size, and a CBOR stream (which
    has no separator) is cut into records by size; a JSON stream is cut at newlines.
*/
struct RawRecord {
    QByteArray bytes; // stream form: a JSON line or a CBOR item
    QByteArray message; // WebSocket form: the JSON text or the CBOR item
    QString text; // the WebSocket text message (JSON only)
    bool binary = false; // CBOR goes as binary WebSocket messages

    static RawRecord make(const DrsCommand &command, DrsCommand::Encoding encoding);
    static RawRecord fire(DrsCommand::Encoding encoding);
    static RawRecord call(DrsCommand::Encoding encoding);
    static RawRecord cast(DrsCommand::Encoding encoding);
    static RawRecord largeCall(DrsCommand::Encoding encoding, qint64 bodySize);
};

//! Counts complete records in a byte stream: newlines (JSON lines) or fixed-size CBOR items.
class RecordCounter {
public:
    RecordCounter() = default;
    RecordCounter(DrsCommand::Encoding encoding, qsizetype recordSize)
        : m_recordSize(encoding == DrsCommand::CborEncoding ? recordSize : 0)
    {
    }
    //! Records completed by \a data.
    qint64 feed(const char *data, qsizetype size);

private:
    qsizetype m_recordSize = 0; // 0: newline-delimited
    qsizetype m_partial = 0; // bytes of an incomplete fixed-size record
};

/*!
    A plain Qt socket. Stream sockets hand out what each readyRead brings, read into one reused
    buffer (no allocation, no per-message work); a WebSocket hands out messages.
*/
class RawChannel : public QObject {
    Q_OBJECT
public:
    //! A client channel, unconnected until connectToPeer().
    explicit RawChannel(QObject *parent = nullptr);
    //! Connects to \a url (tcp://, local:, ws://); connected() or failed() follows, possibly
    //! before this returns (a local socket connects at once).
    void connectToPeer(const QUrl &url);
    //! Serves an accepted stream socket (QTcpSocket or QLocalSocket); takes it over.
    explicit RawChannel(QIODevice *stream, QObject *parent = nullptr);
    //! Serves an accepted WebSocket; takes it over.
    explicit RawChannel(QWebSocket *socket, QObject *parent = nullptr);
    ~RawChannel() override;

    bool isMessageBased() const { return m_webSocket != nullptr; }
    //! Stream: appends \a size bytes. WebSocket: one binary message.
    void write(const char *data, qsizetype size);
    //! The same, without a copy: Qt queues \a data itself (so it must own its bytes).
    void write(const QByteArray &data);
    //! WebSocket: one text message.
    void writeText(const QString &text);
    //! One record in this channel's form.
    void writeRecord(const RawRecord &record);
    qint64 bytesToWrite() const;

Q_SIGNALS:
    void connected();
    void failed(const QString &error);
    //! Stream: the bytes of one read, valid during the emission only. WebSocket: one binary
    //! message.
    void bytesReceived(const QByteArray &data);
    //! WebSocket: one text message.
    void textReceived(const QString &text);

private:
    void setStream(QIODevice *stream);
    void setWebSocket(QWebSocket *socket);

    QIODevice *m_stream = nullptr;
    QWebSocket *m_webSocket = nullptr;
    QByteArray m_readBuffer;
};

} // namespace Bench

#endif // RAWCHANNEL_H
