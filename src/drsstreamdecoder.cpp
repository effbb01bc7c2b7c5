#include "drscommand_p.h"
#include "drsstreamdecoder_p.h"

#include <QtCore/QCborMap>
#include <QtCore/QCborValue>
#include <QtCore/QJsonDocument>

#include <cstring>
#include <vector>

namespace QtDrsPrivate {

namespace {

inline bool isJsonWhitespace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

inline bool isCborMapHead(unsigned char c)
{
    return (c >> 5) == 5;
}

QString tooLargeMessage(qint64 maxSize)
{
    return QStringLiteral("message too large: a command may take at most %1 bytes").arg(maxSize);
}

// Scans JSON from data[*scan] on, tracking depth and strings, until the top-level value that
// began at data[0] closes. Returns the value's length, 0 if it is still open, -1 if the nesting
// is deeper than maxDepth.
qsizetype scanJson(const char *data, qsizetype size, qsizetype *scan, int *depth, bool *inString,
                   int maxDepth)
{
    const char *p = data + *scan;
    const char *end = data + size;
    while (p < end) {
        if (*inString) {
            // Jump to the next quote or backslash.
            while (p < end && *p != '"' && *p != '\\')
                ++p;
            if (p == end)
                break;
            if (*p == '\\') {
                if (p + 1 == end)
                    break; // resume at the backslash once more bytes arrive
                p += 2;
                continue;
            }
            *inString = false;
            ++p;
            continue;
        }
        switch (*p) {
        case '"':
            *inString = true;
            break;
        case '{':
        case '[':
            if (++*depth > maxDepth)
                return -1;
            break;
        case '}':
        case ']':
            if (--*depth == 0) {
                *scan = p + 1 - data;
                return *scan;
            }
            break;
        default:
            break;
        }
        ++p;
    }
    *scan = p - data;
    return 0;
}

bool decodeJsonValue(const char *data, qsizetype size, int maxDepth, ActionCache *cache,
                     DrsCommand *command, DecodeError *error)
{
    if (readJsonCommand(data, size, maxDepth, cache, command))
        return true;
    QJsonParseError parseError;
    const QJsonDocument document
            = QJsonDocument::fromJson(QByteArray::fromRawData(data, size), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        error->message = QStringLiteral("malformed command: invalid JSON at offset %1: %2")
                                 .arg(parseError.offset)
                                 .arg(parseError.errorString());
        return false;
    }
    if (!document.isObject()) {
        error->message = QStringLiteral("malformed command: a command must be a JSON object");
        return false;
    }
    return readCommand(document.object(), command, &error->message, &error->key);
}

bool decodeCborItem(const char *data, qsizetype size, int maxDepth, ActionCache *cache,
                    DrsCommand *command, DecodeError *error)
{
    if (readCborCommand(data, size, maxDepth, cache, command))
        return true;
    QCborParserError parseError;
    const QCborValue value = QCborValue::fromCbor(QByteArray::fromRawData(data, size), &parseError);
    if (parseError.error != QCborError::NoError) {
        error->message = QStringLiteral("malformed command: invalid CBOR at offset %1: %2")
                                 .arg(parseError.offset)
                                 .arg(parseError.errorString());
        return false;
    }
    if (!value.isMap()) {
        error->message = QStringLiteral("malformed command: a command must be a CBOR map");
        return false;
    }
    return readCommand(value.toMap(), command, &error->message, &error->key);
}

} // namespace

qsizetype cborItemLength(const char *data, qsizetype size, qint64 maxSize, int maxDepth,
                         QString *error)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data);
    qsizetype pos = 0;
    // Items still expected by each open container; -1 for an indefinite one (ends with 0xff).
    std::vector<qint64> open { 1 };
    auto fail = [error](const QString &message) {
        *error = message;
        return qsizetype(-1);
    };
    while (!open.empty()) {
        if (open.back() == 0) {
            open.pop_back();
            continue;
        }
        if (pos >= size)
            return size > maxSize ? fail(tooLargeMessage(maxSize)) : 0;
        const unsigned char initial = p[pos];
        if (initial == 0xff) {
            if (open.back() != -1)
                return fail(QStringLiteral("malformed command: unexpected CBOR break"));
            open.pop_back();
            ++pos;
            continue;
        }
        if (open.back() > 0)
            --open.back();

        const int major = initial >> 5;
        const int info = initial & 0x1f;
        qsizetype headSize = 1;
        if (info == 24)
            headSize = 2;
        else if (info == 25)
            headSize = 3;
        else if (info == 26)
            headSize = 5;
        else if (info == 27)
            headSize = 9;
        else if (info >= 28 && info <= 30)
            return fail(QStringLiteral("malformed command: invalid CBOR head byte 0x%1")
                                .arg(initial, 2, 16, QLatin1Char('0')));
        if (pos + headSize > size)
            return size > maxSize ? fail(tooLargeMessage(maxSize)) : 0;
        quint64 argument = info < 24 ? quint64(info) : 0;
        for (qsizetype i = 1; i < headSize; ++i)
            argument = (argument << 8) | p[pos + i];
        const bool indefinite = info == 31;
        if (indefinite && (major == 0 || major == 1 || major == 6))
            return fail(QStringLiteral("malformed command: invalid CBOR head byte 0x%1")
                                .arg(initial, 2, 16, QLatin1Char('0')));
        pos += headSize;

        switch (major) {
        case 0:
        case 7:
            break;
        case 1:
            // -1 - (2^64 - 1): Qt decodes -2^64 as 0. Refused rather than passed on wrong.
            if (argument == ~quint64(0))
                return fail(
                        QStringLiteral("malformed command: CBOR integer -2^64 is out of range"));
            break;
        case 2:
        case 3:
            if (indefinite) {
                open.push_back(-1);
            } else {
                if (argument > quint64(maxSize) || pos + qint64(argument) > maxSize)
                    return fail(tooLargeMessage(maxSize));
                if (pos + qsizetype(argument) > size)
                    return 0;
                pos += qsizetype(argument);
            }
            break;
        case 4:
        case 5: {
            if (indefinite) {
                open.push_back(-1);
            } else {
                // Every item takes at least one byte: a count beyond the cap is a lie.
                const quint64 items = major == 5 ? argument * 2 : argument;
                if (argument > quint64(maxSize) || items > quint64(maxSize))
                    return fail(tooLargeMessage(maxSize));
                open.push_back(qint64(items));
            }
            break;
        }
        case 6:
            open.push_back(1);
            break;
        }
        if (int(open.size()) > maxDepth + 1)
            return fail(QStringLiteral("malformed command: nesting deeper than %1").arg(maxDepth));
        if (pos > maxSize)
            return fail(tooLargeMessage(maxSize));
    }
    return pos;
}

void StreamDecoder::append(const QByteArray &data)
{
    if (m_failed || data.isEmpty())
        return;
    if (!m_rest.isEmpty()) {
        // Still completing a command larger than a step: it takes everything.
        appendRest();
        m_buffer.append(data);
        return;
    }
    if (m_pos == m_buffer.size()) {
        m_buffer = data; // nothing pending: decode in the read's own buffer, without a copy
        m_pos = 0;
        return;
    }
    // The previous read ended inside a command (needMore() left only its start in the buffer).
    // Complete it with the first part of the new bytes; what follows it is then decoded in
    // place, so a read is not copied whole only because a command straddles its start.
    const qsizetype step = qMax<qsizetype>(4096, m_buffer.size() - m_pos);
    if (data.size() <= step) {
        m_buffer.append(data);
        return;
    }
    m_rest = data;
    m_restBase = m_buffer.size();
    m_restUsed = step;
    m_buffer.append(data.constData(), step);
}

void StreamDecoder::appendRest()
{
    m_buffer.append(m_rest.constData() + m_restUsed, m_rest.size() - m_restUsed);
    m_rest.clear();
}

StreamDecoder::Status StreamDecoder::next(DrsCommand *command, DecodeError *error)
{
    Status status = nextInBuffer(command, error);
    if (status == NeedMore && !m_rest.isEmpty()) {
        appendRest(); // the straddling command is larger than the step
        status = nextInBuffer(command, error);
    }
    if (status == Decoded && !m_rest.isEmpty() && m_pos >= m_restBase) {
        // The straddling command is done: go on in the read's own buffer.
        m_pos -= m_restBase;
        m_buffer = m_rest;
        m_rest.clear();
    }
    return status;
}

StreamDecoder::Status StreamDecoder::nextInBuffer(DrsCommand *command, DecodeError *error)
{
    if (m_failed)
        return Failed;
    // Each command's first byte tells its encoding, not only the stream's first: a server speaks
    // JSON to a client until it has heard from it, so a CBOR client reads JSON, then CBOR.
    if (!m_inValue) {
        if (!m_hasEncoding || m_encoding == DrsCommand::JsonEncoding) {
            while (m_pos < m_buffer.size() && isJsonWhitespace(m_buffer.at(m_pos)))
                ++m_pos;
        }
        if (m_pos == m_buffer.size())
            return needMore();
        const auto first = static_cast<unsigned char>(m_buffer.at(m_pos));
        if (first == '{') {
            m_encoding = DrsCommand::JsonEncoding;
        } else if (isCborMapHead(first)) {
            m_encoding = DrsCommand::CborEncoding;
        } else if (!m_hasEncoding) {
            return fail(error,
                        QStringLiteral("malformed command: expected a JSON object or a CBOR map"));
        }
        m_hasEncoding = true;
    }
    return m_encoding == DrsCommand::CborEncoding ? nextCbor(command, error)
                                                  : nextJson(command, error);
}

StreamDecoder::Status StreamDecoder::nextJson(DrsCommand *command, DecodeError *error)
{
    const char *data = m_buffer.constData();
    const qsizetype size = m_buffer.size();
    if (!m_inValue) {
        while (m_pos < size && isJsonWhitespace(data[m_pos]))
            ++m_pos;
        if (m_pos == size)
            return needMore();
        if (data[m_pos] != '{')
            return fail(error,
                        QStringLiteral("malformed command: a command must be a JSON object"));
        // The common case in one pass: a plain command wholly in the buffer.
        qsizetype length = 0;
        if (readJsonCommand(data + m_pos, qMin<qint64>(size - m_pos, m_maxSize), m_maxDepth,
                            &m_actions, command, &length)) {
            m_pos += length;
            m_lastFrameSize = length;
            return Decoded;
        }
        m_inValue = true;
        m_scan = 0;
        m_depth = 0;
        m_inString = false;
    }
    const qsizetype length
            = scanJson(data + m_pos, size - m_pos, &m_scan, &m_depth, &m_inString, m_maxDepth);
    if (length < 0)
        return fail(error,
                    QStringLiteral("malformed command: nesting deeper than %1").arg(m_maxDepth));
    if (length == 0) {
        if (size - m_pos > m_maxSize)
            return fail(error, tooLargeMessage(m_maxSize), true);
        return needMore();
    }
    if (length > m_maxSize)
        return fail(error, tooLargeMessage(m_maxSize), true);

    const qsizetype start = m_pos;
    m_pos += length;
    m_inValue = false;
    m_lastFrameSize = length;
    if (!decodeJsonValue(data + start, length, m_maxDepth, &m_actions, command, error)) {
        m_failed = true;
        return Failed;
    }
    return Decoded;
}

StreamDecoder::Status StreamDecoder::nextCbor(DrsCommand *command, DecodeError *error)
{
    if (m_pos == m_buffer.size())
        return needMore();
    const char *data = m_buffer.constData() + m_pos;
    const qsizetype available = m_buffer.size() - m_pos;
    if (!isCborMapHead(static_cast<unsigned char>(*data)))
        return fail(error, QStringLiteral("malformed command: a command must be a CBOR map"));
    QString message;
    const qsizetype length = cborItemLength(data, available, m_maxSize, m_maxDepth, &message);
    if (length < 0)
        return fail(error, message, message.startsWith(QLatin1String("message too large")));
    if (length == 0)
        return needMore();
    m_pos += length;
    m_lastFrameSize = length;
    if (!decodeCborItem(data, length, m_maxDepth, &m_actions, command, error)) {
        m_failed = true;
        return Failed;
    }
    return Decoded;
}

StreamDecoder::Status StreamDecoder::needMore()
{
    // Drop what was decoded so the buffer holds only the pending value.
    if (m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    } else if (m_pos > 0) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    return NeedMore;
}

StreamDecoder::Status StreamDecoder::fail(DecodeError *error, const QString &message, bool tooLarge)
{
    m_failed = true;
    m_buffer.clear();
    m_rest.clear();
    m_pos = 0;
    error->message = message;
    error->tooLarge = tooLarge;
    return Failed;
}

bool decodeMessage(const QByteArray &message, bool binary, qint64 maxSize, int maxDepth,
                   DrsCommand *command, DecodeError *error, ActionCache *cache)
{
    if (message.size() > maxSize) {
        error->message = tooLargeMessage(maxSize);
        error->tooLarge = true;
        return false;
    }
    const char *data = message.constData();
    qsizetype begin = 0;
    qsizetype end = message.size();
    while (begin < end && isJsonWhitespace(data[begin]))
        ++begin;
    while (end > begin && isJsonWhitespace(data[end - 1]))
        --end;
    if (begin == end) {
        error->message = QStringLiteral("malformed command: empty message");
        return false;
    }
    const bool json = !binary || data[begin] == '{';
    if (json) {
        if (readJsonCommand(data + begin, end - begin, maxDepth, cache, command))
            return true;
        if (data[begin] == '{') {
            qsizetype scan = 0;
            int depth = 0;
            bool inString = false;
            if (scanJson(data + begin, end - begin, &scan, &depth, &inString, maxDepth) < 0) {
                error->message
                        = QStringLiteral("malformed command: nesting deeper than %1").arg(maxDepth);
                return false;
            }
        }
        return decodeJsonValue(data + begin, end - begin, maxDepth, cache, command, error);
    }
    QString scanError;
    const qsizetype length = cborItemLength(data, message.size(), maxSize, maxDepth, &scanError);
    if (length < 0) {
        error->message = scanError;
        return false;
    }
    if (length == 0) {
        error->message = QStringLiteral("malformed command: truncated CBOR item");
        return false;
    }
    if (length != message.size()) {
        error->message = QStringLiteral("malformed command: data after the CBOR item");
        return false;
    }
    return decodeCborItem(data, length, maxDepth, cache, command, error);
}

QByteArray encodeFrame(const DrsCommand &command, DrsCommand::Encoding encoding, bool stream)
{
    if (encoding == DrsCommand::CborEncoding)
        return command.toCbor();
    QByteArray json = command.toJson();
    if (stream)
        json.append('\n');
    return json;
}

} // namespace QtDrsPrivate
