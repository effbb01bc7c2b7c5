// The codec seam: splits a byte stream into commands (JSON values or CBOR items), decodes one
// WebSocket message, and frames outgoing commands. Knows nothing of sockets.
// Exported for the unit tests only; not installed.
#ifndef DRSSTREAMDECODER_P_H
#define DRSSTREAMDECODER_P_H

#include "drscommand.h"
#include "drsenvelope_p.h"

#include <QtCore/QByteArray>

namespace QtDrsPrivate {

constexpr qint64 DefaultMaxMessageSize = 16 * 1024 * 1024;
constexpr int DefaultMaxNestingDepth = 512;

struct DecodeError {
    QString message;
    QString key; // the offending command's key, when it could be read
    bool tooLarge = false;
};

/*!
    Length of the one CBOR data item at the start of [data, data + size): > 0 when complete,
    0 when more bytes are needed, -1 on error (\a error says why). Never trusts a length claim:
    one that would take the item over \a maxSize fails at once.
*/
QTDRS_EXPORT qsizetype cborItemLength(const char *data, qsizetype size, qint64 maxSize,
                                      int maxDepth, QString *error);

/*!
    Incremental decoder for stream transports. Feed it what each read returns; take commands out
    with next() until it says it needs more. The encoding of each command is told by its first
    byte (after whitespace, '{' is JSON; a CBOR map head is CBOR), so a stream may go from one
    encoding to the other between commands; encoding() is that of the latest command.
*/
class QTDRS_EXPORT StreamDecoder {
public:
    enum Status { NeedMore, Decoded, Failed };

    void setMaxMessageSize(qint64 size) { m_maxSize = size; }
    qint64 maxMessageSize() const { return m_maxSize; }
    void setMaxNestingDepth(int depth) { m_maxDepth = depth; }

    void append(const QByteArray &data);
    Status next(DrsCommand *command, DecodeError *error);

    bool hasEncoding() const { return m_hasEncoding; }
    DrsCommand::Encoding encoding() const { return m_encoding; }
    //! Bytes of the last decoded command on the wire.
    qsizetype lastFrameSize() const { return m_lastFrameSize; }
    qsizetype bufferedBytes() const
    {
        return m_buffer.size() - m_pos + (m_rest.isEmpty() ? 0 : m_rest.size() - m_restUsed);
    }
    //! Action names seen lately, shared with decodeMessage() for a connection's messages.
    ActionCache *actionCache() { return &m_actions; }

private:
    Status nextInBuffer(DrsCommand *command, DecodeError *error);
    void appendRest();
    Status nextJson(DrsCommand *command, DecodeError *error);
    Status nextCbor(DrsCommand *command, DecodeError *error);
    Status needMore();
    Status fail(DecodeError *error, const QString &message, bool tooLarge = false);

    QByteArray m_buffer;
    qsizetype m_pos = 0; // start of the undecoded bytes
    // While a command that straddles two reads is completed in m_buffer: the newer read, where
    // it begins in m_buffer, and how much of it m_buffer holds.
    QByteArray m_rest;
    qsizetype m_restBase = 0;
    qsizetype m_restUsed = 0;
    // Incremental JSON scan state of the value starting at m_pos.
    qsizetype m_scan = 0;
    int m_depth = 0;
    bool m_inValue = false;
    bool m_inString = false;
    bool m_failed = false;
    bool m_hasEncoding = false;
    DrsCommand::Encoding m_encoding = DrsCommand::JsonEncoding;
    qint64 m_maxSize = DefaultMaxMessageSize;
    int m_maxDepth = DefaultMaxNestingDepth;
    qsizetype m_lastFrameSize = 0;
    ActionCache m_actions;
};

/*!
    Decodes one WebSocket message: a text message is JSON; a binary one is JSON when its first
    non-whitespace byte is '{', else one CBOR item. Surrounding whitespace is ignored.
*/
QTDRS_EXPORT bool decodeMessage(const QByteArray &message, bool binary, qint64 maxSize,
                                int maxDepth, DrsCommand *command, DecodeError *error,
                                ActionCache *cache = nullptr);

//! The bytes of \a command for a transport: JSON lines on streams, bare values in messages.
QTDRS_EXPORT QByteArray encodeFrame(const DrsCommand &command, DrsCommand::Encoding encoding,
                                    bool stream);

} // namespace QtDrsPrivate

#endif // DRSSTREAMDECODER_P_H
