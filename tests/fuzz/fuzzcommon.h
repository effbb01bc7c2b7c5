// Shared by the libFuzzer targets: reading the fuzzer's bytes as a chunked stream, decoding a
// stream the way a connection does, and the invariants every decoded command must keep.
// A violated invariant prints what broke and aborts, so libFuzzer records the input as a crash.
#ifndef FUZZCOMMON_H
#define FUZZCOMMON_H

#include <drscommand.h>
#include <drsstreamdecoder_p.h>

#include <QByteArray>
#include <QCborMap>
#include <QCborValue>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace FuzzDrs {

[[noreturn]] inline void violated(const char *condition, const char *file, int line)
{
    std::fprintf(stderr, "fuzz invariant violated: %s (%s:%d)\n", condition, file, line);
    std::abort();
}

#define FUZZ_CHECK(condition) \
    do { \
        if (!(condition)) \
            FuzzDrs::violated(#condition, __FILE__, __LINE__); \
    } while (false)

// The fuzzer's bytes, consumed from the front.
struct Input {
    const std::uint8_t *data;
    std::size_t size;

    std::uint8_t take()
    {
        if (size == 0)
            return 0;
        --size;
        return *data++;
    }
    QByteArray rest() const
    {
        return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
    }
};

/*!
    Splits the rest of \a in into chunks, as reads would deliver it: one byte n (0..7 used) then n
    bytes, each the size of the next chunk minus one; the last chunk is whatever remains.
*/
inline QList<QByteArray> takeChunks(Input &in)
{
    const int splits = in.take() % 8;
    QList<qsizetype> sizes;
    for (int i = 0; i < splits; ++i)
        sizes.append(qsizetype(in.take()) + 1);
    const QByteArray payload = in.rest();
    QList<QByteArray> chunks;
    qsizetype pos = 0;
    for (qsizetype size : std::as_const(sizes)) {
        if (pos >= payload.size())
            break;
        chunks.append(payload.mid(pos, size));
        pos += size;
    }
    if (pos < payload.size())
        chunks.append(payload.mid(pos));
    return chunks;
}

struct StreamResult {
    QList<DrsCommand> commands;
    bool failed = false;
    QtDrsPrivate::DecodeError error;
};

/*!
    Decodes \a chunks with one StreamDecoder, taking every command out after each append, as
    DrsConnection does on each readyRead().
*/
inline StreamResult decodeStream(const QList<QByteArray> &chunks, qint64 maxSize, int maxDepth)
{
    QtDrsPrivate::StreamDecoder decoder;
    decoder.setMaxMessageSize(maxSize);
    decoder.setMaxNestingDepth(maxDepth);
    StreamResult result;
    qsizetype total = 0;
    for (const QByteArray &chunk : chunks) {
        decoder.append(chunk);
        total += chunk.size();
        // Each decoded command takes at least 2 bytes: the loop ends long before this bound.
        for (qsizetype i = 0; i <= total + 1; ++i) {
            DrsCommand command;
            QtDrsPrivate::DecodeError error;
            const auto status = decoder.next(&command, &error);
            if (status == QtDrsPrivate::StreamDecoder::NeedMore)
                break;
            if (status == QtDrsPrivate::StreamDecoder::Failed) {
                result.failed = true;
                result.error = error;
                FUZZ_CHECK(!error.message.isEmpty());
                // A failed decoder stays failed, whatever comes next.
                decoder.append(QByteArrayLiteral("{\"action\":\"a\"}"));
                FUZZ_CHECK(decoder.next(&command, &error) == QtDrsPrivate::StreamDecoder::Failed);
                return result;
            }
            FUZZ_CHECK(!command.isNull());
            FUZZ_CHECK(decoder.lastFrameSize() > 0 && decoder.lastFrameSize() <= total);
            FUZZ_CHECK(decoder.lastFrameSize() <= maxSize);
            FUZZ_CHECK(decoder.bufferedBytes() >= 0 && decoder.bufferedBytes() <= total);
            result.commands.append(command);
            FUZZ_CHECK(i < total + 1);
        }
    }
    return result;
}

//! How deeply \a value nests arrays and objects (a scalar: 0), counted up to \a limit.
inline int nestingDepth(const QJsonValue &value, int limit = 2048)
{
    if (limit <= 0)
        return 0;
    int deepest = 0;
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &v : array)
            deepest = qMax(deepest, nestingDepth(v, limit - 1));
        return deepest + 1;
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            deepest = qMax(deepest, nestingDepth(it.value(), limit - 1));
        return deepest + 1;
    }
    return 0;
}

//! False for a string holding a lone UTF-16 surrogate: UTF-8 cannot carry one.
inline bool encodable(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            return false;
    }
    return true;
}

/*!
    True when \a value survives a round trip unchanged: it holds no NaN (which compares unequal
    to itself) and no string with a lone surrogate (which UTF-8 turns into U+FFFD).
*/
inline bool comparable(const QJsonValue &value, int depth = 0)
{
    if (depth > 600)
        return false;
    if (value.isDouble())
        return value.toDouble() == value.toDouble();
    if (value.isString())
        return encodable(value.toString());
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &v : array)
            if (!comparable(v, depth + 1))
                return false;
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            if (!encodable(it.key()) || !comparable(it.value(), depth + 1))
                return false;
    }
    return true;
}

/*!
    What must hold for every command the decoders hand out: it re-encodes, in JSON and in CBOR
    and as a frame, to bytes that decode to an equal command (encoding is then stable), member
    access agrees with the body, and its replies carry its key and version.
*/
inline void checkCommand(const DrsCommand &command)
{
    FUZZ_CHECK(!command.isNull());
    const bool exact = comparable(command.body()) && comparable(command.extraFields())
            && encodable(command.action()) && encodable(command.key());
    // Commands nested deeper than the decoders allow can be built (or read with fromJson(),
    // which has no cap) but not sent.
    const bool sendable = nestingDepth(command.body()) + 2 < QtDrsPrivate::DefaultMaxNestingDepth
            && nestingDepth(command.extraFields()) + 1 < QtDrsPrivate::DefaultMaxNestingDepth;

    // A received body may be written on as it came (member order and all), so the bytes of a
    // re-encoded command need not be the bytes it came as; what it means must be the same, and
    // from the second encoding on the bytes are stable.
    const QByteArray json = command.toJson();
    FUZZ_CHECK(!json.contains('\n') && !json.contains('\r')); // one command per line
    QString error;
    const DrsCommand fromJson = DrsCommand::fromJson(json, &error);
    FUZZ_CHECK(!fromJson.isNull());
    FUZZ_CHECK(error.isEmpty());
    // Equal, or the same JSON: a CBOR double that holds an integer comes back from JSON as an
    // integer, which QJsonValue does not call equal.
    if (exact)
        FUZZ_CHECK(fromJson == command || fromJson.toJson() == json);
    FUZZ_CHECK(fromJson.action() == command.action() || !exact);
    FUZZ_CHECK(fromJson.hasKey() == command.hasKey());
    FUZZ_CHECK(fromJson.key() == command.key() || !exact);
    FUZZ_CHECK(fromJson.hasVersion() == command.hasVersion()
               && fromJson.version() == command.version());
    const QByteArray json2 = fromJson.toJson();
    FUZZ_CHECK(DrsCommand::fromJson(json2).toJson() == json2);

    const QByteArray cbor = command.toCbor();
    const DrsCommand fromCbor = DrsCommand::fromCbor(cbor, &error);
    FUZZ_CHECK(!fromCbor.isNull());
    if (exact)
        FUZZ_CHECK(fromCbor == command);
    FUZZ_CHECK(fromCbor.hasKey() == command.hasKey());
    FUZZ_CHECK(fromCbor.key() == command.key() || !exact);
    FUZZ_CHECK(fromCbor.version() == command.version());
    const QByteArray cbor2 = fromCbor.toCbor();
    FUZZ_CHECK(DrsCommand::fromCbor(cbor2).toCbor() == cbor2);

    // As a stream frame and as a WebSocket message, in both encodings.
    for (const auto encoding : { DrsCommand::JsonEncoding, DrsCommand::CborEncoding }) {
        if (!sendable)
            break;
        const QByteArray frame = QtDrsPrivate::encodeFrame(command, encoding, true);
        const StreamResult again = decodeStream({ frame }, QtDrsPrivate::DefaultMaxMessageSize,
                                                QtDrsPrivate::DefaultMaxNestingDepth);
        FUZZ_CHECK(!again.failed);
        FUZZ_CHECK(again.commands.size() == 1);
        // A lone surrogate is written as U+FFFD (in JSON and CBOR alike), so only an exact
        // command comes back byte for byte (regress-lone-surrogate-field).
        FUZZ_CHECK(!exact
                   || again.commands.constFirst().encode(encoding) == command.encode(encoding));
        DrsCommand message;
        QtDrsPrivate::DecodeError messageError;
        FUZZ_CHECK(QtDrsPrivate::decodeMessage(
                QtDrsPrivate::encodeFrame(command, encoding, false),
                encoding == DrsCommand::CborEncoding, QtDrsPrivate::DefaultMaxMessageSize,
                QtDrsPrivate::DefaultMaxNestingDepth, &message, &messageError));
        FUZZ_CHECK(!exact || message.encode(encoding) == command.encode(encoding));
    }

    // bodyValue() is the body's member, however the body is held.
    const QJsonValue body = command.body();
    if (body.isObject()) {
        const QJsonObject object = body.toObject();
        int checked = 0;
        for (auto it = object.begin(); it != object.end() && checked < 4; ++it, ++checked) {
            if (comparable(it.value()))
                FUZZ_CHECK(command.bodyValue(it.key()) == it.value());
        }
        FUZZ_CHECK(command.bodyValue(u"\u0001no such member").isUndefined());
    } else {
        FUZZ_CHECK(command.bodyValue(u"id").isUndefined());
    }

    const DrsCommand reply = command.replyWith(DrsCommand::errorAction(), QJsonValue(1));
    FUZZ_CHECK(reply.isReply());
    FUZZ_CHECK(reply.hasKey() == command.hasKey() && reply.key() == command.key());
    FUZZ_CHECK(reply.hasVersion() == command.hasVersion() && reply.version() == command.version());
    (void)command.errorMessage();
}

} // namespace FuzzDrs

#endif // FUZZCOMMON_H
