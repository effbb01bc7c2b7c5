// libFuzzer target: the JSON stream decoder (StreamDecoder), fed in chunks whose sizes come from
// the input, as TCP and local-socket reads deliver them.
//
// Input: one flags byte (bit 0: a 1 KiB size cap instead of 16 MiB, bit 1: nesting capped at 16),
// then the chunking (see FuzzDrs::takeChunks), then the stream. Every command decoded must keep
// FuzzDrs::checkCommand's invariants, and the same stream decoded in one piece must give the same
// commands and the same outcome: where the reads split the bytes must not matter.
#include "fuzzcommon.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    FuzzDrs::Input in { data, size };
    const std::uint8_t flags = in.take();
    const qint64 maxSize = (flags & 1) ? 1024 : QtDrsPrivate::DefaultMaxMessageSize;
    const int maxDepth = (flags & 2) ? 16 : QtDrsPrivate::DefaultMaxNestingDepth;
    const QList<QByteArray> chunks = FuzzDrs::takeChunks(in);

    const FuzzDrs::StreamResult chunked = FuzzDrs::decodeStream(chunks, maxSize, maxDepth);
    const FuzzDrs::StreamResult whole = FuzzDrs::decodeStream({ chunks.join() }, maxSize, maxDepth);
    FUZZ_CHECK(chunked.failed == whole.failed);
    FUZZ_CHECK(chunked.commands.size() == whole.commands.size());
    for (qsizetype i = 0; i < chunked.commands.size(); ++i) {
        FUZZ_CHECK(chunked.commands.at(i).toJson() == whole.commands.at(i).toJson());
        FuzzDrs::checkCommand(chunked.commands.at(i));
    }
    if (chunked.failed && !chunked.error.tooLarge && !whole.error.tooLarge)
        FUZZ_CHECK(chunked.error.message == whole.error.message);
    return 0;
}
