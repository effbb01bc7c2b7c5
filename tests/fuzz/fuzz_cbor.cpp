// libFuzzer target: the CBOR side of the codec. The first byte picks what the rest goes to:
//   0: a CBOR sequence through StreamDecoder in chunks (as fuzz_jsonstream does for JSON);
//   1: cborItemLength(), checked against Qt's own CBOR reader;
//   2: one WebSocket binary message through decodeMessage() and DrsCommand::fromCbor().
// Bit 2 of that byte caps the size at 1 KiB, bit 3 the nesting at 16.
#include "fuzzcommon.h"

#include <QCborStreamReader>

namespace {

void fuzzStream(FuzzDrs::Input &in, qint64 maxSize, int maxDepth)
{
    const QList<QByteArray> chunks = FuzzDrs::takeChunks(in);
    const FuzzDrs::StreamResult chunked = FuzzDrs::decodeStream(chunks, maxSize, maxDepth);
    const FuzzDrs::StreamResult whole = FuzzDrs::decodeStream({ chunks.join() }, maxSize, maxDepth);
    FUZZ_CHECK(chunked.failed == whole.failed);
    FUZZ_CHECK(chunked.commands.size() == whole.commands.size());
    for (qsizetype i = 0; i < chunked.commands.size(); ++i) {
        FUZZ_CHECK(chunked.commands.at(i).toCbor() == whole.commands.at(i).toCbor());
        FuzzDrs::checkCommand(chunked.commands.at(i));
    }
}

void fuzzItemLength(const QByteArray &bytes, qint64 maxSize, int maxDepth)
{
    QString error;
    const qsizetype length = QtDrsPrivate::cborItemLength(bytes.constData(), bytes.size(), maxSize,
                                                          maxDepth, &error);
    FUZZ_CHECK(length >= -1 && length <= bytes.size());
    FUZZ_CHECK(length <= maxSize);
    FUZZ_CHECK((length == -1) == !error.isEmpty());
    if (length > 0) {
        // A complete item: every strict prefix of it needs more bytes (never a shorter item).
        for (const qsizetype cut : { length - 1, length / 2, qsizetype(1) }) {
            if (cut <= 0 || cut >= length)
                continue;
            QString prefixError;
            const qsizetype prefix = QtDrsPrivate::cborItemLength(bytes.constData(), cut, maxSize,
                                                                  maxDepth, &prefixError);
            FUZZ_CHECK(prefix == 0 || prefix == -1);
        }
        // And bytes after it do not change where it ends.
        const QByteArray longer = bytes.left(length) + QByteArray(8, '\xff');
        FUZZ_CHECK(QtDrsPrivate::cborItemLength(longer.constData(), longer.size(), maxSize,
                                                maxDepth, &error)
                   == length);
    }
    // Where Qt's reader finds a well-formed item, ours ends at the same byte.
    if (maxSize >= bytes.size() && maxDepth >= 64) {
        QCborStreamReader reader(bytes);
        const QCborValue value = QCborValue::fromCbor(reader);
        if (reader.lastError() == QCborError::NoError && length >= 0) {
            FUZZ_CHECK(length == reader.currentOffset());
        }
        (void)value;
    }
}

void fuzzMessage(const QByteArray &bytes, qint64 maxSize, int maxDepth)
{
    DrsCommand command;
    QtDrsPrivate::DecodeError error;
    const bool ok = QtDrsPrivate::decodeMessage(bytes, true, maxSize, maxDepth, &command, &error);
    FUZZ_CHECK(ok == error.message.isEmpty());
    if (ok)
        FuzzDrs::checkCommand(command);
    QString fromCborError;
    const DrsCommand direct = DrsCommand::fromCbor(bytes, &fromCborError);
    FUZZ_CHECK(direct.isNull() == !fromCborError.isEmpty());
    if (!direct.isNull())
        FuzzDrs::checkCommand(direct);
    // A CBOR message that decodes as a message means the same through fromCbor() (which may
    // keep the body in another form).
    if (ok && maxSize >= bytes.size() && !bytes.trimmed().startsWith('{')) {
        FUZZ_CHECK(!direct.isNull());
        if (FuzzDrs::comparable(command.body()) && FuzzDrs::comparable(command.extraFields()))
            FUZZ_CHECK(direct == command);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    FuzzDrs::Input in { data, size };
    const std::uint8_t mode = in.take();
    const qint64 maxSize = (mode & 4) ? 1024 : QtDrsPrivate::DefaultMaxMessageSize;
    const int maxDepth = (mode & 8) ? 16 : QtDrsPrivate::DefaultMaxNestingDepth;
    switch (mode % 4) {
    case 0:
    case 3:
        fuzzStream(in, maxSize, maxDepth);
        break;
    case 1:
        fuzzItemLength(in.rest(), maxSize, maxDepth);
        break;
    case 2:
        fuzzMessage(in.rest(), maxSize, maxDepth);
        break;
    }
    return 0;
}
