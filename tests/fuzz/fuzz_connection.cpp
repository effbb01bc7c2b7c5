// libFuzzer target: the whole inbound path of a server connection, bytes in, replies out.
//
// An in-memory transport registered as the scheme "fuzz" (through the public transport seam, as
// an application would add one) is handed to a DrsServer with handlers of every kind: an echo, a
// DrsError and a std::exception thrower, an asynchronous one answered from the event loop, one
// that drops its request, a wildcard, a QObject service, the built-ins. The input is pushed in,
// the event loop runs until idle, and every byte the server wrote is decoded and checked.
//
// Input: one mode byte. Even: a byte stream (TCP, local sockets) in chunks (see
// FuzzDrs::takeChunks). Odd: WebSocket-like messages, each a header byte h (bit 0: binary; h >> 1
// the length, 127 meaning a 2-byte big-endian length follows) and its bytes.
//
// Checks: every reply written decodes; no keyless command is answered; on a stream that decodes
// cleanly, and for messages, each keyed command that is not a reply gets exactly one reply with
// its key and version, and each bad message gets one drs.error.
#include "fuzzcommon.h"

#include <drsconnection.h>
#include <drsserver.h>
#include <drstransport.h>

#include <QCoreApplication>
#include <QHash>
#include <QPointer>
#include <QtGlobal>

#include <memory>
#include <stdexcept>

namespace {

class FuzzTransport : public DrsTransport {
public:
    struct Write {
        QByteArray data;
        bool binary;
    };
    // Outlives the transport, which the connection deletes when it closes.
    using Log = std::shared_ptr<QList<Write>>;

    FuzzTransport(Framing framing, Log log)
        : m_framing(framing)
        , m_log(std::move(log))
    {
    }

    Framing framing() const override { return m_framing; }
    void connectToPeer(const QUrl &) override { }
    void disconnectFromPeer() override { close(); }
    void abort() override { close(); }
    bool isConnected() const override { return m_connected; }
    void write(const QByteArray &data, bool binary) override
    {
        FUZZ_CHECK(m_connected);
        m_log->append({ data, binary });
    }
    qint64 bytesToWrite() const override { return 0; }
    QByteArray readAll() override { return std::exchange(m_inbox, {}); }
    QString peerName() const override { return QStringLiteral("fuzz-peer"); }

    void receive(const QByteArray &data)
    {
        m_inbox.append(data);
        Q_EMIT readyRead();
    }
    void close()
    {
        if (!m_connected)
            return;
        m_connected = false;
        QMetaObject::invokeMethod(this, &DrsTransport::disconnected, Qt::QueuedConnection);
    }

private:
    Framing m_framing;
    Log m_log;
    QByteArray m_inbox;
    bool m_connected = true;
};

class FuzzListener : public DrsListener {
public:
    bool listen(const QUrl &url) override
    {
        m_url = url;
        return true;
    }
    void close() override { }
    QUrl url() const override { return m_url; }
    void hand(DrsTransport *transport) { Q_EMIT newTransport(transport); }

private:
    QUrl m_url;
};

FuzzListener *theListener = nullptr;

class Calculator : public QObject {
    Q_OBJECT
public:
    Q_INVOKABLE int add(int a, int b) { return a + b; }
    Q_INVOKABLE QString greet(const QString &name, bool loud)
    {
        return loud ? name.toUpper() : name;
    }
    Q_INVOKABLE QVariantMap echoMap(const QVariantMap &map) { return map; }
    Q_INVOKABLE double scale(double x, qint64 factor) { return x * double(factor); }
    Q_INVOKABLE void refuse(const QString &why) { throw DrsError(why); }
};

struct World {
    int argc = 1;
    char name[16] = "fuzz_connection";
    char *argv[2] = { name, nullptr };
    QCoreApplication app { argc, argv };
    DrsServer server;
    Calculator calculator;
    int asyncOutstanding = 0;

    World()
    {
        // Bad input is what this target sends: the library's warnings about it are noise here.
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &m) {
            if (type == QtFatalMsg) {
                std::fprintf(stderr, "qFatal: %s\n", qPrintable(m));
                std::abort();
            }
        });
        DrsTransport::registerScheme(
                QStringLiteral("fuzz"), [](const QUrl &) { return nullptr; },
                [](const QUrl &) {
                    theListener = new FuzzListener;
                    return theListener;
                });
        server.on(QStringLiteral("echo"), [](const DrsCommand &c) { return c.body(); });
        server.on(QStringLiteral("id"), [](const DrsCommand &c) { return c.bodyValue(u"id"); });
        server.on(QStringLiteral("refuse"),
                  [](const DrsCommand &c) -> QJsonValue { throw DrsError(c.action()); });
        server.on(QStringLiteral("crash"),
                  [](const DrsCommand &) -> QJsonValue { throw std::runtime_error("crash"); });
        // A chain: the first handler's context is read by the second.
        server.on(QStringLiteral("chain"), [](DrsRequest &r) {
            r.context().insert(QStringLiteral("seen"), r.body().toVariant());
            return 1;
        });
        server.on(QStringLiteral("chain"), [](DrsRequest &r) {
            return QJsonValue::fromVariant(r.context().value(QStringLiteral("seen")));
        });
        server.onAsync(QStringLiteral("later"), [this](DrsRequest r) {
            ++asyncOutstanding;
            QMetaObject::invokeMethod(
                    &app,
                    [this, r]() mutable {
                        --asyncOutstanding;
                        if (r.body().isString())
                            r.error(r.body().toString());
                        else
                            r.respond(r.body());
                    },
                    Qt::QueuedConnection);
        });
        server.onAsync(QStringLiteral("dropped"), [](DrsRequest) {});
        server.on(QStringLiteral("w.*"), [](const DrsCommand &c) { return c.action(); });
        FUZZ_CHECK(server.registerService(&calculator, QStringLiteral("calc")));
        FUZZ_CHECK(server.listen(QUrl(QStringLiteral("fuzz:server"))));
        FUZZ_CHECK(theListener);
    }
};

World &world()
{
    static World *w = new World; // never destroyed: it lives as long as the fuzzing process
    return *w;
}

// Runs the event loop until nothing is left to do (bounded).
void runUntilIdle(World &w, const FuzzTransport::Log &written)
{
    qsizetype lastWrites = -1;
    for (int round = 0; round < 64; ++round) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents(QEventLoop::AllEvents);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        if (w.asyncOutstanding == 0 && written->size() == lastWrites)
            return;
        lastWrites = written->size();
    }
    FUZZ_CHECK(w.asyncOutstanding == 0);
}

struct Expected {
    QList<QString> keys; // the keys that must be answered, once each
    QHash<QString, DrsCommand> byKey;
    int keylessErrors = 0;
    bool exact = true; // false when some answers may be lost (a stream closed on bad input)
};

// A key as it reads after a trip through UTF-8: a lone surrogate cannot make that trip, so the
// reply to a key holding one carries the replacement instead (JSON could escape it; CBOR text
// cannot hold it at all).
QString wireKey(const QString &key)
{
    return QString::fromUtf8(key.toUtf8());
}

void expect(Expected &e, const DrsCommand &command)
{
    if (command.isReply() || !command.hasKey())
        return;
    e.keys.append(wireKey(command.key()));
    e.byKey.insert(wireKey(command.key()), command);
}

void expectError(Expected &e, const QtDrsPrivate::DecodeError &error)
{
    if (error.key.isNull())
        ++e.keylessErrors;
    else
        e.keys.append(wireKey(error.key));
}

void checkReplies(const QList<DrsCommand> &replies, const Expected &e)
{
    QHash<QString, int> want;
    for (const QString &key : e.keys)
        ++want[key];
    int keyless = 0;
    if (qEnvironmentVariableIsSet("QTDRS_FUZZ_DEBUG")) {
        // Reproducing a finding: show what was expected and what came out.
        std::fprintf(stderr, "expected keys: %s; keyless errors: %d; exact: %d\n",
                     qPrintable(e.keys.join(u'|')), e.keylessErrors, int(e.exact));
        for (const DrsCommand &reply : replies)
            std::fprintf(stderr, "reply: %s\n", reply.toJson().constData());
    }
    for (const DrsCommand &reply : replies) {
        FUZZ_CHECK(reply.isReply());
        if (!reply.hasKey()) {
            // Only the error about a command too broken to have a readable key is keyless.
            FUZZ_CHECK(reply.action() == DrsCommand::errorAction());
            ++keyless;
            continue;
        }
        FUZZ_CHECK(want.value(reply.key()) > 0); // never an answer nobody asked for
        --want[reply.key()];
        const auto request = e.byKey.constFind(reply.key());
        if (request != e.byKey.cend() && e.keys.count(reply.key()) == 1
            && reply.action() != DrsCommand::errorAction()) {
            FUZZ_CHECK(reply.hasVersion() == request->hasVersion());
            FUZZ_CHECK(reply.version() == request->version());
        }
    }
    FUZZ_CHECK(keyless <= e.keylessErrors);
    if (e.exact) {
        FUZZ_CHECK(keyless == e.keylessErrors);
        for (auto it = want.cbegin(); it != want.cend(); ++it)
            FUZZ_CHECK(it.value() == 0); // every keyed command answered
    }
}

void fuzzStream(World &w, FuzzDrs::Input &in)
{
    const QList<QByteArray> chunks = FuzzDrs::takeChunks(in);
    const auto log = std::make_shared<QList<FuzzTransport::Write>>();
    QPointer<FuzzTransport> guard(new FuzzTransport(DrsTransport::StreamFraming, log));
    theListener->hand(guard);
    FUZZ_CHECK(w.server.connectionCount() == 1);
    for (const QByteArray &chunk : chunks) {
        if (!guard || !guard->isConnected())
            break;
        guard->receive(chunk);
        runUntilIdle(w, log);
    }
    const QList<FuzzTransport::Write> written = *log;

    // What should have been answered: the input as the connection's decoder reads it.
    Expected e;
    const FuzzDrs::StreamResult decoded = FuzzDrs::decodeStream(
            chunks, QtDrsPrivate::DefaultMaxMessageSize, QtDrsPrivate::DefaultMaxNestingDepth);
    for (const DrsCommand &command : decoded.commands)
        expect(e, command);
    if (decoded.failed) {
        expectError(e, decoded.error);
        e.exact = false; // the stream closes: asynchronous answers still due are dropped
        FUZZ_CHECK(!guard || !guard->isConnected());
        FUZZ_CHECK(w.server.connectionCount() == 0);
    }

    // The answers: one stream, in the encoding of the client's first command.
    QByteArray out;
    for (const FuzzTransport::Write &write : written)
        out += write.data;
    const FuzzDrs::StreamResult replies
            = FuzzDrs::decodeStream({ out }, QtDrsPrivate::DefaultMaxMessageSize * 4,
                                    QtDrsPrivate::DefaultMaxNestingDepth * 4);
    FUZZ_CHECK(!replies.failed);
    if (!decoded.commands.isEmpty()) {
        const DrsCommand::Encoding encoding = chunks.join().trimmed().startsWith('{')
                ? DrsCommand::JsonEncoding
                : DrsCommand::CborEncoding;
        for (const FuzzTransport::Write &write : written)
            FUZZ_CHECK(write.binary == (encoding == DrsCommand::CborEncoding));
    }
    checkReplies(replies.commands, e);

    if (guard)
        guard->close();
    runUntilIdle(w, log);
    FUZZ_CHECK(!guard); // the server let go of the connection and its transport
    FUZZ_CHECK(w.server.connectionCount() == 0);
}

QList<QPair<QByteArray, bool>> takeMessages(FuzzDrs::Input &in)
{
    QList<QPair<QByteArray, bool>> messages;
    while (in.size > 0 && messages.size() < 64) {
        const std::uint8_t header = in.take();
        std::size_t length = header >> 1;
        if (length == 127)
            length = (std::size_t(in.take()) << 8) | in.take();
        length = qMin(length, in.size);
        messages.append({ QByteArray(reinterpret_cast<const char *>(in.data), qsizetype(length)),
                          (header & 1) != 0 });
        in.data += length;
        in.size -= length;
    }
    return messages;
}

void fuzzMessages(World &w, FuzzDrs::Input &in)
{
    const QList<QPair<QByteArray, bool>> messages = takeMessages(in);
    const auto log = std::make_shared<QList<FuzzTransport::Write>>();
    QPointer<FuzzTransport> guard(new FuzzTransport(DrsTransport::MessageFraming, log));
    theListener->hand(guard);
    FUZZ_CHECK(w.server.connectionCount() == 1);

    Expected e;
    for (const auto &[message, binary] : messages) {
        FUZZ_CHECK(guard && guard->isConnected()); // a bad message never closes a WebSocket
        Q_EMIT guard->messageReceived(message, binary);
        DrsCommand command;
        QtDrsPrivate::DecodeError error;
        if (QtDrsPrivate::decodeMessage(message, binary, QtDrsPrivate::DefaultMaxMessageSize,
                                        QtDrsPrivate::DefaultMaxNestingDepth, &command, &error))
            expect(e, command);
        else
            expectError(e, error);
        runUntilIdle(w, log);
    }
    FUZZ_CHECK(guard);
    const QList<FuzzTransport::Write> written = *log;
    QList<DrsCommand> replies;
    for (const FuzzTransport::Write &write : written) {
        DrsCommand reply;
        QtDrsPrivate::DecodeError error;
        FUZZ_CHECK(QtDrsPrivate::decodeMessage(
                write.data, write.binary, QtDrsPrivate::DefaultMaxMessageSize * 4,
                QtDrsPrivate::DefaultMaxNestingDepth * 4, &reply, &error));
        FUZZ_CHECK(!write.data.endsWith('\n')); // no stream framing on messages
        replies.append(reply);
    }
    checkReplies(replies, e);

    guard->close();
    runUntilIdle(w, log);
    FUZZ_CHECK(!guard);
    FUZZ_CHECK(w.server.connectionCount() == 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    World &w = world();
    FuzzDrs::Input in { data, size };
    if (in.take() & 1)
        fuzzMessages(w, in);
    else
        fuzzStream(w, in);
    return 0;
}

#include "fuzz_connection.moc"
