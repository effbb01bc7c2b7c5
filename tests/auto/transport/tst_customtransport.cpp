// A user's own URL scheme through the public transport seam: an in-process pipe, once as a byte
// stream and once as messages, written only against drstransport.h as an application would.
#include <drsconnection.h>
#include <drsserver.h>
#include <drstransport.h>

#include <QHash>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

namespace {

class PipeListener;
QHash<QString, QPointer<PipeListener>> &pipeListeners()
{
    static QHash<QString, QPointer<PipeListener>> listeners;
    return listeners;
}

// One end of an in-process pipe. Everything is delivered through the event loop, like a socket.
class PipeTransport : public DrsTransport {
public:
    explicit PipeTransport(Framing framing)
        : m_framing(framing)
    {
    }
    // Like a socket: when one end goes away, the other end hears that it closed.
    ~PipeTransport() override
    {
        if (PipeTransport *peer = m_peer.data())
            peer->closeBothEnds();
    }

    void pairWith(PipeTransport *peer)
    {
        m_peer = peer;
        m_connected = true;
    }

    Framing framing() const override { return m_framing; }
    void connectToPeer(const QUrl &url) override;
    void disconnectFromPeer() override { closeBothEnds(); }
    void abort() override { closeBothEnds(); }
    bool isConnected() const override { return m_connected; }
    void write(const QByteArray &data, bool binary) override
    {
        ++writes;
        if (!m_connected || !m_peer)
            return;
        QPointer<PipeTransport> peer = m_peer;
        QMetaObject::invokeMethod(
                peer,
                [peer, data, binary] {
                    if (peer->m_framing == MessageFraming) {
                        Q_EMIT peer->messageReceived(data, binary);
                    } else {
                        peer->m_inbox.append(data);
                        Q_EMIT peer->readyRead();
                    }
                },
                Qt::QueuedConnection);
    }
    qint64 bytesToWrite() const override { return 0; }
    QByteArray readAll() override { return std::exchange(m_inbox, {}); }
    QString peerName() const override { return QStringLiteral("pipe-peer"); }

    int writes = 0;

private:
    void closeBothEnds()
    {
        if (!m_connected)
            return;
        m_connected = false;
        QMetaObject::invokeMethod(this, &DrsTransport::disconnected, Qt::QueuedConnection);
        if (PipeTransport *peer = m_peer.data()) {
            m_peer = nullptr;
            peer->closeBothEnds();
        }
    }

    Framing m_framing;
    QPointer<PipeTransport> m_peer;
    QByteArray m_inbox;
    bool m_connected = false;
};

class PipeListener : public DrsListener {
public:
    explicit PipeListener(DrsTransport::Framing framing)
        : m_framing(framing)
    {
    }
    ~PipeListener() override { close(); }

    bool listen(const QUrl &url) override
    {
        if (pipeListeners().value(url.path())) {
            setErrorString(QStringLiteral("pipe %1 is taken").arg(url.path()));
            return false;
        }
        m_url = url;
        pipeListeners().insert(url.path(), this);
        return true;
    }
    void close() override { pipeListeners().remove(m_url.path()); }
    QUrl url() const override { return m_url; }

    // Called by a connecting client end: make the server end and hand it over.
    void accept(PipeTransport *client)
    {
        auto *server = new PipeTransport(m_framing);
        server->setParent(this);
        server->pairWith(client);
        client->pairWith(server);
        Q_EMIT newTransport(server);
    }

private:
    DrsTransport::Framing m_framing;
    QUrl m_url;
};

void PipeTransport::connectToPeer(const QUrl &url)
{
    QMetaObject::invokeMethod(
            this,
            [this, url] {
                PipeListener *listener = pipeListeners().value(url.path());
                if (!listener) {
                    Q_EMIT errorOccurred(QAbstractSocket::ConnectionRefusedError,
                                         QStringLiteral("no pipe named %1").arg(url.path()));
                    Q_EMIT disconnected();
                    return;
                }
                listener->accept(this);
                Q_EMIT connected();
            },
            Qt::QueuedConnection);
}

} // namespace

class tst_CustomTransport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void schemesAreRegistered();
    void callFireAndBroadcast_data();
    void callFireAndBroadcast();
    void refusedAndDisconnected();
    void factoryRefusesUrl();
};

void tst_CustomTransport::initTestCase()
{
    DrsTransport::registerScheme(
            QStringLiteral("pipe"),
            [](const QUrl &) { return new PipeTransport(DrsTransport::StreamFraming); },
            [](const QUrl &) { return new PipeListener(DrsTransport::StreamFraming); });
    DrsTransport::registerScheme(
            QStringLiteral("pipemsg"),
            [](const QUrl &url) -> DrsTransport * {
                // A factory may refuse a URL it cannot use: open() then reports InvalidUrlError.
                return url.path().isEmpty() ? nullptr
                                            : new PipeTransport(DrsTransport::MessageFraming);
            },
            [](const QUrl &) { return new PipeListener(DrsTransport::MessageFraming); });
}

void tst_CustomTransport::schemesAreRegistered()
{
    const QStringList schemes = DrsTransport::supportedSchemes();
    for (const char *scheme : { "local", "pipe", "pipemsg", "tcp", "ws" })
        QVERIFY2(schemes.contains(QLatin1String(scheme)), scheme);
    QCOMPARE(DrsTransport::urlFromUserInput(QStringLiteral("pipe:svc")),
             QUrl(QStringLiteral("pipe:svc")));
}

void tst_CustomTransport::callFireAndBroadcast_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<DrsCommand::Encoding>("encoding");
    for (const char *scheme : { "pipe", "pipemsg" }) {
        QTest::addRow("%s/json", scheme) << QString::fromLatin1(scheme) << DrsCommand::JsonEncoding;
        QTest::addRow("%s/cbor", scheme) << QString::fromLatin1(scheme) << DrsCommand::CborEncoding;
    }
}

void tst_CustomTransport::callFireAndBroadcast()
{
    QFETCH(QString, scheme);
    QFETCH(DrsCommand::Encoding, encoding);
    const QUrl url(scheme + QStringLiteral(":service-")
                   + QString::fromLatin1(QTest::currentDataTag())
                             .replace(QLatin1Char('/'), QLatin1Char('-')));

    DrsServer server;
    server.on(QStringLiteral("echo"), [](const DrsCommand &c) { return c.body(); });
    QList<DrsCommand> fired;
    server.on(QStringLiteral("note"), [&fired](const DrsCommand &c) { fired.append(c); });
    QVERIFY2(server.listen(url), qPrintable(server.errorString()));
    QCOMPARE(server.serverUrls(), QList<QUrl> { url });
    // The same name cannot be served twice: the listener's own error comes back.
    DrsServer second;
    QVERIFY(!second.listen(url));
    QVERIFY(second.errorString().contains(QLatin1String("is taken")));

    DrsConnection client;
    client.setEncoding(encoding);
    QSignalSpy connected(&client, &DrsConnection::connected);
    client.open(url);
    QVERIFY(connected.wait(5000));
    QTRY_COMPARE(server.connectionCount(), 1);
    QCOMPARE(server.connections().constFirst()->peerName(), QStringLiteral("pipe-peer"));

    const QJsonObject body { { QStringLiteral("n"), qint64(9007199254740993LL) },
                             { QStringLiteral("s"), QStringLiteral("\u00e9\u4e16") } };
    DrsReply *reply = client.call(QStringLiteral("echo"), body);
    QSignalSpy finished(reply, &DrsReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(body));

    QVERIFY(client.fire(QStringLiteral("note"), QJsonObject { { QStringLiteral("i"), 1 } }));
    QTRY_COMPARE(fired.size(), 1);
    QCOMPARE(fired.constFirst().body()[QStringLiteral("i")].toInt(), 1);

    QSignalSpy received(&client, &DrsConnection::commandReceived);
    QCOMPARE(
            server.broadcast(QStringLiteral("news"), QJsonObject { { QStringLiteral("x"), true } }),
            1);
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received.at(0).at(0).value<DrsCommand>().action(), QStringLiteral("news"));
    // The server answered in the client's encoding: each transport saw one write per command.
    QCOMPARE(server.connections().constFirst()->encoding(), encoding);
}

void tst_CustomTransport::refusedAndDisconnected()
{
    DrsConnection client;
    QSignalSpy errors(&client, &DrsConnection::errorOccurred);
    client.open(QUrl(QStringLiteral("pipe:nobody-here")));
    DrsReply *early = client.call(QStringLiteral("echo"));
    QSignalSpy earlyFinished(early, &DrsReply::finished);
    QVERIFY(errors.wait(5000));
    QCOMPARE(errors.at(0).at(0).value<DrsConnection::Error>(),
             DrsConnection::ConnectionRefusedError);
    QVERIFY(client.errorString().contains(QLatin1String("no pipe named nobody-here")));
    QTRY_COMPARE(earlyFinished.size(), 1);
    QCOMPARE(early->error(), DrsReply::ConnectionClosed);

    // A call pending when the server side goes away fails at once with ConnectionClosed.
    const QUrl url(QStringLiteral("pipe:going-away"));
    auto *server = new DrsServer;
    QList<DrsRequest> parked;
    server->onAsync(QStringLiteral("slow"), [&parked](DrsRequest r) { parked.append(r); });
    QVERIFY(server->listen(url));
    DrsConnection other;
    other.open(url);
    DrsReply *pending = other.call(QStringLiteral("slow"));
    QTRY_COMPARE(parked.size(), 1);
    QSignalSpy pendingFinished(pending, &DrsReply::finished);
    QSignalSpy disconnected(&other, &DrsConnection::disconnected);
    delete server;
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(pendingFinished.size(), 1);
    QCOMPARE(pending->error(), DrsReply::ConnectionClosed);
    parked.clear();
}

void tst_CustomTransport::factoryRefusesUrl()
{
    DrsConnection client;
    QSignalSpy errors(&client, &DrsConnection::errorOccurred);
    client.open(QUrl(QStringLiteral("pipemsg:")));
    QVERIFY(errors.wait(5000));
    QCOMPARE(client.error(), DrsConnection::InvalidUrlError);
    QVERIFY(client.errorString().contains(QLatin1String("pipemsg")));
    QCOMPARE(client.state(), DrsConnection::UnconnectedState);
}

QTEST_GUILESS_MAIN(tst_CustomTransport)
#include "tst_customtransport.moc"
