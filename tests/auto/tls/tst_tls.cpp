// TLS: tls:// (QSslSocket/QSslServer) and wss:// (secure QWebSocket/QWebSocketServer). A good
// handshake with traffic both ways, a wrong host name, an untrusted CA, the default configuration
// (system CAs only), client certificates, ignoring known errors, listening without a certificate,
// a TLS peer meeting a plain one, a server closing cleanly, the URL rules, and a server
// certificate replaced while listening. The certificates are made at test time with the openssl
// command line (Qt cannot make them), in a temporary folder.
#include <drsconnection.h>
#include <drshandler.h>
#include <drsreply.h>
#include <drsserver.h>
#include <drstransport.h>

#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslError>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QSslSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

QUrl listenUrl(const QString &scheme)
{
    return scheme == "tls"_L1 ? QUrl(u"tls://127.0.0.1:0"_s) : QUrl(u"wss://127.0.0.1:0/socket"_s);
}

QUrl withScheme(QUrl url, const QString &scheme)
{
    url.setScheme(scheme);
    return url;
}

bool containsError(const QList<QSslError> &errors, QSslError::SslError error)
{
    for (const QSslError &e : errors) {
        if (e.error() == error)
            return true;
    }
    return false;
}

QString text(QSslError::SslError error)
{
    return QSslError(error).errorString();
}

//! Calls \a action and waits for the answer.
DrsReply *callAndWait(DrsConnection *client, const QString &action,
                      const QJsonValue &body = QJsonObject())
{
    DrsReply *reply = client->call(action, body, 10000);
    const bool finished = QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
    Q_UNUSED(finished) // the callers check isFinished()
    return reply;
}

} // namespace

class tst_Tls : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void handshakeAndTraffic_data();
    void handshakeAndTraffic();
    void wrongHostName_data();
    void wrongHostName();
    void untrustedCa_data();
    void untrustedCa();
    void defaultConfigurationTrustsOnlySystemCas_data();
    void defaultConfigurationTrustsOnlySystemCas();
    void clientCertificateRequired_data();
    void clientCertificateRequired();
    void ignoreSslErrors_data();
    void ignoreSslErrors();
    void listenWithoutCertificate_data();
    void listenWithoutCertificate();
    void securePeerMeetsPlainPeer_data();
    void securePeerMeetsPlainPeer();
    void closedByServer_data();
    void closedByServer();
    void urlRules_data();
    void urlRules();
    void serverConfigurationReplacedWhileListening_data();
    void serverConfigurationReplacedWhileListening();

private:
    // Runs openssl in the temporary folder; false (with the reason in m_failure) on failure.
    bool openssl(const QStringList &arguments);
    bool writeFile(const QString &name, const QByteArray &contents);
    bool makeCa(const QString &name, const QString &commonName);
    bool makeLeaf(const QString &name, const QString &commonName, const QString &ca, int serial,
                  const QString &usage, const QString &altNames);
    QSslCertificate certificate(const QString &name) const;
    QSslKey key(const QString &name) const;

    void addSchemeRows();
    QSslConfiguration serverConfiguration(const QString &name) const;
    //! Trusts only the test CA.
    QSslConfiguration clientConfiguration() const;

    QString m_openssl;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_failure;
    QSslCertificate m_ca;
    QSslCertificate m_server; // 127.0.0.1 and localhost, by the test CA
    QSslCertificate m_wrongName; // wrong.example only, by the test CA
    QSslCertificate m_untrusted; // 127.0.0.1, by a CA nobody trusts
    QSslCertificate m_client; // a client certificate by the test CA
};

bool tst_Tls::openssl(const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(m_dir->path());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(m_openssl, arguments);
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        m_failure = u"openssl %1: did not finish"_s.arg(arguments.join(u' '));
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_failure = u"openssl %1 failed: %2"_s.arg(arguments.join(u' '),
                                                   QString::fromLocal8Bit(process.readAll()));
        return false;
    }
    return true;
}

bool tst_Tls::writeFile(const QString &name, const QByteArray &contents)
{
    QFile file(m_dir->filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size()) {
        m_failure = u"cannot write %1"_s.arg(file.fileName());
        return false;
    }
    return true;
}

// Our own configuration files, so the system's openssl.cnf adds nothing.
bool tst_Tls::makeCa(const QString &name, const QString &commonName)
{
    const QByteArray config = "[req]\ndistinguished_name = dn\nprompt = no\n"
                              "[dn]\nCN = "
            + commonName.toUtf8()
            + "\n[ca]\nbasicConstraints = critical,CA:TRUE\n"
              "keyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n";
    return writeFile(name + u".cnf"_s, config)
            && openssl({ u"req"_s, u"-x509"_s, u"-config"_s, name + u".cnf"_s, u"-extensions"_s,
                         u"ca"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                         u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-keyout"_s,
                         name + u".key"_s, u"-out"_s, name + u".pem"_s, u"-days"_s, u"2"_s });
}

bool tst_Tls::makeLeaf(const QString &name, const QString &commonName, const QString &ca,
                       int serial, const QString &usage, const QString &altNames)
{
    QByteArray config = "[req]\ndistinguished_name = dn\nprompt = no\n"
                        "[dn]\nCN = "
            + commonName.toUtf8()
            + "\n[leaf]\nbasicConstraints = critical,CA:FALSE\n"
              "keyUsage = critical,digitalSignature\nauthorityKeyIdentifier = keyid\n"
              "extendedKeyUsage = "
            + usage.toUtf8() + '\n';
    if (!altNames.isEmpty())
        config += "subjectAltName = " + altNames.toUtf8() + '\n';
    return writeFile(name + u".cnf"_s, config)
            && openssl({ u"req"_s, u"-new"_s, u"-config"_s, name + u".cnf"_s, u"-newkey"_s, u"ec"_s,
                         u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s,
                         u"-keyout"_s, name + u".key"_s, u"-out"_s, name + u".csr"_s })
            && openssl({ u"x509"_s, u"-req"_s, u"-in"_s, name + u".csr"_s, u"-CA"_s, ca + u".pem"_s,
                         u"-CAkey"_s, ca + u".key"_s, u"-set_serial"_s, QString::number(serial),
                         u"-days"_s, u"2"_s, u"-extfile"_s, name + u".cnf"_s, u"-extensions"_s,
                         u"leaf"_s, u"-out"_s, name + u".pem"_s });
}

QSslCertificate tst_Tls::certificate(const QString &name) const
{
    const QList<QSslCertificate> certificates
            = QSslCertificate::fromPath(m_dir->filePath(name + u".pem"_s), QSsl::Pem);
    return certificates.size() == 1 ? certificates.first() : QSslCertificate();
}

QSslKey tst_Tls::key(const QString &name) const
{
    QFile file(m_dir->filePath(name + u".key"_s));
    if (!file.open(QIODevice::ReadOnly))
        return QSslKey();
    return QSslKey(file.readAll(), QSsl::Ec, QSsl::Pem);
}

QSslConfiguration tst_Tls::serverConfiguration(const QString &name) const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate(name));
    configuration.setPrivateKey(key(name));
    return configuration;
}

QSslConfiguration tst_Tls::clientConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates({ m_ca });
    return configuration;
}

void tst_Tls::addSchemeRows()
{
    QTest::addColumn<QString>("scheme");
    QTest::addRow("tls") << u"tls"_s;
    QTest::addRow("wss") << u"wss"_s;
}

void tst_Tls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("this Qt has no TLS backend");
    m_openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (m_openssl.isEmpty())
        QSKIP("the openssl command is not installed: it makes the test certificates");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());

    QVERIFY2(makeCa(u"ca"_s, u"QtDrs Test CA"_s), qPrintable(m_failure));
    QVERIFY2(makeLeaf(u"server"_s, u"127.0.0.1"_s, u"ca"_s, 1, u"serverAuth"_s,
                      u"IP:127.0.0.1,DNS:localhost"_s),
             qPrintable(m_failure));
    QVERIFY2(makeLeaf(u"wrongname"_s, u"wrong.example"_s, u"ca"_s, 2, u"serverAuth"_s,
                      u"DNS:wrong.example"_s),
             qPrintable(m_failure));
    QVERIFY2(makeLeaf(u"client"_s, u"drs-test-client"_s, u"ca"_s, 3, u"clientAuth"_s, QString()),
             qPrintable(m_failure));
    QVERIFY2(makeCa(u"otherca"_s, u"Untrusted Test CA"_s), qPrintable(m_failure));
    QVERIFY2(makeLeaf(u"untrusted"_s, u"127.0.0.1"_s, u"otherca"_s, 1, u"serverAuth"_s,
                      u"IP:127.0.0.1,DNS:localhost"_s),
             qPrintable(m_failure));

    m_ca = certificate(u"ca"_s);
    m_server = certificate(u"server"_s);
    m_wrongName = certificate(u"wrongname"_s);
    m_untrusted = certificate(u"untrusted"_s);
    m_client = certificate(u"client"_s);
    for (const QSslCertificate &c : { m_ca, m_server, m_wrongName, m_untrusted, m_client })
        QVERIFY(!c.isNull());
    for (const QString &name : { u"server"_s, u"wrongname"_s, u"untrusted"_s, u"client"_s })
        QVERIFY2(!key(name).isNull(), qPrintable(name));
    QCOMPARE(m_client.subjectInfo(QSslCertificate::CommonName),
             QStringList { u"drs-test-client"_s });
}

// A verified handshake, then calls, fires and a broadcast over it, in both encodings; a second
// open() makes a new transport that gets the same configuration.
void tst_Tls::handshakeAndTraffic_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<DrsCommand::Encoding>("encoding");
    for (const QString &scheme : { u"tls"_s, u"wss"_s }) {
        QTest::addRow("%s/json", qPrintable(scheme)) << scheme << DrsCommand::JsonEncoding;
        QTest::addRow("%s/cbor", qPrintable(scheme)) << scheme << DrsCommand::CborEncoding;
    }
}

void tst_Tls::handshakeAndTraffic()
{
    QFETCH(QString, scheme);
    QFETCH(DrsCommand::Encoding, encoding);

    DrsServer server;
    server.setSslConfiguration(serverConfiguration(u"server"_s));
    QStringList notes;
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    server.on(u"note"_s, [&notes](const DrsCommand &command) {
        notes.append(command.body()[u"text"_s].toString());
        return QJsonValue();
    });
    QVERIFY2(server.listen(listenUrl(scheme)), qPrintable(server.errorString()));
    const QUrl url = server.serverUrls().value(0);
    QCOMPARE(url.scheme(), scheme);
    QVERIFY(url.port() > 0);
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);

    DrsConnection client;
    client.setEncoding(encoding);
    client.setSslConfiguration(clientConfiguration());
    QCOMPARE(client.sslConfiguration().caCertificates(), QList<QSslCertificate> { m_ca });
    QStringList news;
    client.on(u"news"_s, [&news](const DrsCommand &command) {
        news.append(command.body()[u"text"_s].toString());
        return QJsonValue();
    });
    QSignalSpy connected(&client, &DrsConnection::connected);
    QSignalSpy sslErrors(&client, &DrsConnection::sslErrors);
    QSignalSpy errors(&client, &DrsConnection::errorOccurred);
    client.open(url);
    // A call made while the handshake runs waits for it.
    DrsReply *early = client.call(u"echo"_s, QJsonObject { { u"early"_s, true } }, 10000);
    QVERIFY(connected.wait(10000));
    QTRY_VERIFY(early->isFinished());
    QCOMPARE(early->error(), DrsReply::NoError);
    QCOMPARE(early->result(), QJsonValue(QJsonObject { { u"early"_s, true } }));

    const QJsonObject body { { u"text"_s, u"über TLS"_s }, { u"n"_s, 42 } };
    DrsReply *reply = callAndWait(&client, u"echo"_s, body);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(body));

    QVERIFY(client.fire(u"note"_s, QJsonObject { { u"text"_s, u"fired"_s } }));
    QTRY_COMPARE(notes, QStringList { u"fired"_s });

    QTRY_COMPARE(server.connectionCount(), 1);
    QCOMPARE(clientConnected.count(), 1);
    QCOMPARE(server.broadcast(u"news"_s, QJsonObject { { u"text"_s, u"to all"_s } }), 1);
    QTRY_COMPARE(news, QStringList { u"to all"_s });

    // Each side sees the other's certificate: the client the server's; the server none, since
    // the client has none.
    QVERIFY(client.transport());
    QCOMPARE(client.transport()->peerCertificate(), m_server);
    DrsConnection *serverSide = server.connections().value(0);
    QVERIFY(serverSide);
    QVERIFY(serverSide->transport()->peerCertificate().isNull());
    QCOMPARE(serverSide->encoding(), encoding);
    if (scheme == "wss"_L1) {
        QCOMPARE(serverSide->transport()->handshakeRequest().rawHeader("Origin"),
                 QByteArray("https://127.0.0.1"));
        QCOMPARE(serverSide->transport()->handshakeRequest().url().path(), u"/socket"_s);
    }
    QCOMPARE(sslErrors.count(), 0);
    QCOMPARE(errors.count(), 0);
    QCOMPARE(client.error(), DrsConnection::NoError);

    // A new transport for the next open() gets the configuration too.
    client.close();
    QTRY_COMPARE(server.connectionCount(), 0);
    client.open(url);
    QVERIFY(connected.wait(10000));
    reply = callAndWait(&client, u"echo"_s, body);
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(body));
    QCOMPARE(sslErrors.count(), 0);
}

// The certificate is good but names another host: the handshake fails with the host-name error,
// and what waited for the connection fails with it.
void tst_Tls::wrongHostName_data()
{
    addSchemeRows();
}

void tst_Tls::wrongHostName()
{
    QFETCH(QString, scheme);

    DrsServer server;
    server.setSslConfiguration(serverConfiguration(u"wrongname"_s));
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    QVERIFY2(server.listen(listenUrl(scheme)), qPrintable(server.errorString()));
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);

    DrsConnection client;
    client.setSslConfiguration(clientConfiguration());
    QSignalSpy sslErrors(&client, &DrsConnection::sslErrors);
    QSignalSpy errors(&client, &DrsConnection::errorOccurred);
    QSignalSpy connected(&client, &DrsConnection::connected);
    client.open(server.serverUrls().value(0));
    DrsReply *queued = client.call(u"echo"_s, QJsonObject(), 10000);

    QVERIFY(errors.wait(10000));
    QCOMPARE(errors.first().first().value<DrsConnection::Error>(), DrsConnection::SslError);
    QCOMPARE(client.error(), DrsConnection::SslError);
    const QString hostNameText = text(QSslError::HostNameMismatch);
    QVERIFY2(client.errorString().contains(hostNameText), qPrintable(client.errorString()));
    // The CA is trusted: the host name is the only complaint.
    QVERIFY2(!client.errorString().contains(text(QSslError::UnableToGetLocalIssuerCertificate)),
             qPrintable(client.errorString()));

    QCOMPARE(sslErrors.count(), 1);
    const auto reported = sslErrors.first().first().value<QList<QSslError>>();
    QVERIFY(containsError(reported, QSslError::HostNameMismatch));
    for (const QSslError &e : reported)
        QCOMPARE(e.certificate(), m_wrongName);

    QTRY_COMPARE(client.state(), DrsConnection::UnconnectedState);
    QTRY_VERIFY(queued->isFinished());
    QCOMPARE(queued->error(), DrsReply::ConnectionClosed);
    QVERIFY2(queued->errorString().contains(hostNameText), qPrintable(queued->errorString()));
    QCOMPARE(connected.count(), 0);
    QVERIFY(!clientConnected.wait(250));
    QCOMPARE(server.connectionCount(), 0);
}

// The server's certificate comes from a CA the client does not trust.
void tst_Tls::untrustedCa_data()
{
    addSchemeRows();
}

void tst_Tls::untrustedCa()
{
    QFETCH(QString, scheme);

    DrsServer server;
    server.setSslConfiguration(serverConfiguration(u"untrusted"_s));
    QVERIFY2(server.listen(listenUrl(scheme)), qPrintable(server.errorString()));
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);

    DrsConnection client;
    client.setSslConfiguration(clientConfiguration());
    QSignalSpy sslErrors(&client, &DrsConnection::sslErrors);
    QSignalSpy errors(&client, &DrsConnection::errorOccurred);
    client.open(server.serverUrls().value(0));

    QVERIFY(errors.wait(10000));
    QCOMPARE(client.error(), DrsConnection::SslError);
    const QString untrustedText = text(QSslError::UnableToGetLocalIssuerCertificate);
    QVERIFY2(client.errorString().contains(untrustedText), qPrintable(client.errorString()));
    // The name is right: only the issuer is the problem.
    QVERIFY2(!client.errorString().contains(text(QSslError::HostNameMismatch)),
             qPrintable(client.errorString()));
    QCOMPARE(sslErrors.count(), 1);
    const auto reported = sslErrors.first().first().value<QList<QSslError>>();
    QVERIFY(containsError(reported, QSslError::UnableToGetLocalIssuerCertificate));
    QVERIFY(!containsError(reported, QSslError::HostNameMismatch));
    QTRY_COMPARE(client.state(), DrsConnection::UnconnectedState);
    QVERIFY(!clientConnected.wait(250));
    QCOMPARE(server.connectionCount(), 0);
}

// Without setSslConfiguration() the client trusts the system's CAs only: verification is on by
// default, and our test CA is not among them.
void tst_Tls::defaultConfigurationTrustsOnlySystemCas_data()
{
    addSchemeRows();
}

void tst_Tls::defaultConfigurationTrustsOnlySystemCas()
{
    QFETCH(QString, scheme);

    DrsServer server;
    server.setSslConfiguration(serverConfiguration(u"server"_s));
    QVERIFY2(server.listen(listenUrl(scheme)), qPrintable(server.errorString()));
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);

    DrsConnection client;
    QCOMPARE(client.sslConfiguration(), QSslConfiguration::defaultConfiguration());
    QVERIFY(!client.sslConfiguration().caCertificates().contains(m_ca));
    QSignalSpy errors(&client, &DrsConnection::errorOccurred);
    QSignalSpy connected(&client, &DrsConnection::connected);
    client.open(server.serverUrls().value(0));

    QVERIFY(errors.wait(10000));
    QCOMPARE(client.error(), DrsConnection::SslError);
    QVERIFY2(client.errorString().contains(text(QSslError::UnableToGetLocalIssuerCertificate)),
             qPrintable(client.errorString()));
    QTRY_COMPARE(client.state(), DrsConnection::UnconnectedState);
    QCOMPARE(connected.count(), 0);
    QVERIFY(!clientConnected.wait(250));

    // Adding the CA to the defaults (the system's stay) is enough.
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.addCaCertificate(m_ca);
    client.setSslConfiguration(configuration);
    client.open(server.serverUrls().value(0));
    QVERIFY(connected.wait(10000));
    QCOMPARE(client.error(), DrsConnection::NoError);
    QTRY_COMPARE(server.connectionCount(), 1);
}

// The server requires a client certificate from its CA: a client without one is refused (and
// never listed); one with it is served, and the server reads its certificate, in the accept
// hook and in handlers.
void tst_Tls::clientCertificateRequired_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QSsl::SslProtocol>("protocol");
    for (const QString &scheme : { u"tls"_s, u"wss"_s }) {
        QTest::addRow("%s/default", qPrintable(scheme)) << scheme << QSsl::SecureProtocols;
        QTest::addRow("%s/TLS 1.2", qPrintable(scheme)) << scheme << QSsl::TlsV1_2;
    }
}

void tst_Tls::clientCertificateRequired()
{
    QFETCH(QString, scheme);
    QFETCH(QSsl::SslProtocol, protocol);

    DrsServer server;
    QSslConfiguration serverConfig = serverConfiguration(u"server"_s);
    serverConfig.setPeerVerifyMode(QSslSocket::VerifyPeer);
    serverConfig.setCaCertificates({ m_ca });
    server.setSslConfiguration(serverConfig);
    QStringList acceptedNames;
    server.setAcceptHook([&acceptedNames](DrsConnection *connection) {
        acceptedNames += connection->transport()->peerCertificate().subjectInfo(
                QSslCertificate::CommonName);
        return true;
    });
    server.on(u"whoami"_s, [](DrsRequest &request) -> QJsonValue {
        return request.connection()
                ->transport()
                ->peerCertificate()
                .subjectInfo(QSslCertificate::CommonName)
                .value(0);
    });
    QVERIFY2(server.listen(listenUrl(scheme)), qPrintable(server.errorString()));
    const QUrl url = server.serverUrls().value(0);
    QSignalSpy clientConnected(&server, &DrsServer::clientConnected);

    // No client certificate. With TLS 1.3 the client may finish its half of the handshake
    // before the server refuses, so it can look connected for a moment; it must end refused.
    {
        DrsConnection client;
        QSslConfiguration clientConfig = clientConfiguration();
        clientConfig.setProtocol(protocol);
        client.setSslConfiguration(clientConfig);
        QSignalSpy errors(&client, &DrsConnection::errorOccurred);
        client.open(url);
        DrsReply *reply = client.call(u"whoami"_s, QJsonObject(), 10000);
        QVERIFY(errors.wait(10000));
        QTRY_COMPARE(client.state(), DrsConnection::UnconnectedState);
        // Qt's server refuses by closing, without a TLS alert: the client cannot know why for
        // sure, but its message says what it may mean.
        QCOMPARE(client.error(), DrsConnection::RemoteHostClosedError);
        QVERIFY2(client.errorString().contains("TLS handshake"_L1),
                 qPrintable(client.errorString()));
        QVERIFY2(client.errorString().contains("client certificate"_L1),
                 qPrintable(client.errorString()));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->error(), DrsReply::ConnectionClosed);
        QVERIFY(!clientConnected.wait(250));
        QCOMPARE(server.connectionCount(), 0);
        QVERIFY(acceptedNames.isEmpty());
    }

    // With one.
    DrsConnection client;
    QSslConfiguration clientConfig = clientConfiguration();
    clientConfig.setProtocol(protocol);
    clientConfig.setLocalCertificate(m_client);
    clientConfig.setPrivateKey(key(u"client"_s));
    client.setSslConfiguration(clientConfig);
    QSignalSpy connected(&client, &DrsConnection::connected);
    client.open(url);
    QVERIFY(connected.wait(10000));
    DrsReply *reply = callAndWait(&client, u"whoami"_s);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::NoError);
    QCOMPARE(reply->result(), QJsonValue(u"drs-test-client"_s));
    QCOMPARE(acceptedNames, QStringList { u"drs-test-client"_s });
    QCOMPARE(clientConnected.count(), 1);
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(server.connections().first()->transport()->peerCertificate(), m_client);
    QCOMPARE(client.transport()->peerCertificate(), m_server);
}

// A client that knows better accepts the errors of a certificate it does not otherwise trust:
// before the handshake, or from its sslErrors() slot. Ignoring only some, or errors of another
// certificate, still fails.
void tst_Tls::ignoreSslErrors_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("how");
    QTest::addColumn<bool>("succeeds");
    for (const QString &scheme : { u"tls"_s, u"wss"_s }) {
        QTest::addRow("%s/in advance", qPrintable(scheme)) << scheme << u"advance"_s << true;
        QTest::addRow("%s/in slot", qPrintable(scheme)) << scheme << u"slot"_s << true;
        QTest::addRow("%s/only some", qPrintable(scheme)) << scheme << u"some"_s << false;
        QTest::addRow("%s/other certificate", qPrintable(scheme))
                << scheme << u"othercert"_s << false;
    }
}

void tst_Tls::ignoreSslErrors()
{
    QFETCH(QString, scheme);
    QFETCH(QString, how);
    QFETCH(bool, succeeds);

    DrsServer server;
    server.setSslConfiguration(serverConfiguration(u"untrusted"_s));
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    QVERIFY2(server.listen(listenUrl(scheme)), qPrintable(server.errorString()));
    const QUrl url = server.serverUrls().value(0);

    // What this certificate gets, learnt from a first attempt.
    QList<QSslError> found;
    {
        DrsConnection probe;
        probe.setSslConfiguration(clientConfiguration());
        QSignalSpy sslErrors(&probe, &DrsConnection::sslErrors);
        QSignalSpy errors(&probe, &DrsConnection::errorOccurred);
        probe.open(url);
        QVERIFY(errors.wait(10000));
        QCOMPARE(probe.error(), DrsConnection::SslError);
        QCOMPARE(sslErrors.count(), 1);
        found = sslErrors.first().first().value<QList<QSslError>>();
    }
    QVERIFY(!found.isEmpty());
    for (const QSslError &e : std::as_const(found))
        QCOMPARE(e.certificate(), m_untrusted);

    DrsConnection client;
    client.setSslConfiguration(clientConfiguration());
    QSignalSpy connected(&client, &DrsConnection::connected);
    QSignalSpy errors(&client, &DrsConnection::errorOccurred);
    QList<QSslError> kept; // the errors left to fail the handshake
    if (how == "advance"_L1) {
        client.ignoreSslErrors(found);
    } else if (how == "slot"_L1) {
        connect(&client, &DrsConnection::sslErrors, &client,
                [&client](const QList<QSslError> &errors) { client.ignoreSslErrors(errors); });
    } else if (how == "some"_L1) {
        QVERIFY2(found.size() >= 2, "needs two errors to ignore only one");
        kept = { found.first() };
        const QList<QSslError> some = found.mid(1);
        connect(&client, &DrsConnection::sslErrors, &client,
                [&client, some](const QList<QSslError> &) { client.ignoreSslErrors(some); });
    } else {
        QList<QSslError> otherCertificate;
        for (const QSslError &e : std::as_const(found))
            otherCertificate.append(QSslError(e.error(), m_server));
        kept = found;
        client.ignoreSslErrors(otherCertificate);
    }
    client.open(url);

    if (succeeds) {
        QVERIFY(connected.wait(10000));
        DrsReply *reply = callAndWait(&client, u"echo"_s, QJsonObject { { u"ok"_s, true } });
        QCOMPARE(reply->error(), DrsReply::NoError);
        QCOMPARE(reply->result(), QJsonValue(QJsonObject { { u"ok"_s, true } }));
        QCOMPARE(client.transport()->peerCertificate(), m_untrusted);
        QCOMPARE(errors.count(), 0);
        return;
    }
    QVERIFY(errors.wait(10000));
    QCOMPARE(client.error(), DrsConnection::SslError);
    QCOMPARE(connected.count(), 0);
    // The message names what failed, not what was excused.
    for (const QSslError &e : std::as_const(found)) {
        QCOMPARE(client.errorString().contains(e.errorString()), kept.contains(e));
    }
}

// A tls or wss URL cannot be served without a certificate and its key.
void tst_Tls::listenWithoutCertificate_data()
{
    addSchemeRows();
}

void tst_Tls::listenWithoutCertificate()
{
    QFETCH(QString, scheme);

    DrsServer server;
    QSignalSpy listeningChanged(&server, &DrsServer::listeningChanged);
    QVERIFY(!server.listen(listenUrl(scheme)));
    QVERIFY2(server.errorString().contains("certificate"_L1), qPrintable(server.errorString()));
    QVERIFY2(server.errorString().contains(scheme + "://127.0.0.1"_L1),
             qPrintable(server.errorString()));
    QVERIFY(!server.isListening());

    // A certificate without its key is not enough either.
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(m_server);
    server.setSslConfiguration(configuration);
    QVERIFY(!server.listen(listenUrl(scheme)));
    QVERIFY2(server.errorString().contains("private key"_L1), qPrintable(server.errorString()));
    QVERIFY(!server.isListening());
    QCOMPARE(listeningChanged.count(), 0);

    // All-or-nothing listening keeps its promise with a tls URL in the list.
    QVERIFY(!server.listen(QList<QUrl> { QUrl(u"tcp://127.0.0.1:0"_s), listenUrl(scheme) }));
    QVERIFY(!server.isListening());

    server.setSslConfiguration(serverConfiguration(u"server"_s));
    QVERIFY2(server.listen(listenUrl(scheme)), qPrintable(server.errorString()));
    QVERIFY(server.isListening());
}

// A TLS client meeting a plain server, and a plain client meeting a TLS server: both fail, and
// neither side hangs or serves the other. (The plain server is a TCP one for wss too: a ws://
// server reads a TLS hello as an HTTP request that never ends, until its handshake timeout.)
void tst_Tls::securePeerMeetsPlainPeer_data()
{
    addSchemeRows();
}

void tst_Tls::securePeerMeetsPlainPeer()
{
    QFETCH(QString, scheme);
    const QString plainScheme = scheme == "tls"_L1 ? u"tcp"_s : u"ws"_s;

    {
        DrsServer plainServer;
        QVERIFY2(plainServer.listen(QUrl(u"tcp://127.0.0.1:0"_s)),
                 qPrintable(plainServer.errorString()));
        DrsConnection client;
        client.setSslConfiguration(clientConfiguration());
        QSignalSpy errors(&client, &DrsConnection::errorOccurred);
        QSignalSpy connected(&client, &DrsConnection::connected);
        client.open(withScheme(plainServer.serverUrls().value(0), scheme));
        QVERIFY(errors.wait(10000));
        QTRY_COMPARE(client.state(), DrsConnection::UnconnectedState);
        QCOMPARE(connected.count(), 0);
        QCOMPARE(client.error(), DrsConnection::SslError);
        QCOMPARE(plainServer.connectionCount(), 0);
    }

    DrsServer tlsServer;
    tlsServer.setSslConfiguration(serverConfiguration(u"server"_s));
    QVERIFY2(tlsServer.listen(listenUrl(scheme)), qPrintable(tlsServer.errorString()));
    QSignalSpy clientConnected(&tlsServer, &DrsServer::clientConnected);
    DrsConnection client;
    client.open(withScheme(tlsServer.serverUrls().value(0), plainScheme));
    DrsReply *reply = client.call(u"drs.ping"_s, QJsonObject(), 10000);
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), DrsReply::ConnectionClosed);
    QTRY_COMPARE(client.state(), DrsConnection::UnconnectedState);
    QVERIFY(client.error() != DrsConnection::NoError);
    QCOMPARE(clientConnected.count(), 0);
    QCOMPARE(tlsServer.connectionCount(), 0);
}

// A server that closes a connection ends the TLS session properly (with a close_notify): what it
// wrote last arrives, and a client that got nothing yet is told the peer closed, with no hint
// about client certificates.
void tst_Tls::closedByServer_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<bool>("lastWords"); // the server writes just before closing
    for (const QString &scheme : { u"tls"_s, u"wss"_s }) {
        QTest::addRow("%s/idle", qPrintable(scheme)) << scheme << false;
        QTest::addRow("%s/after a broadcast", qPrintable(scheme)) << scheme << true;
    }
}

void tst_Tls::closedByServer()
{
    QFETCH(QString, scheme);
    QFETCH(bool, lastWords);

    DrsServer server;
    server.setSslConfiguration(serverConfiguration(u"server"_s));
    QVERIFY2(server.listen(listenUrl(scheme)), qPrintable(server.errorString()));
    DrsConnection client;
    client.setSslConfiguration(clientConfiguration());
    QSignalSpy connected(&client, &DrsConnection::connected);
    QSignalSpy disconnected(&client, &DrsConnection::disconnected);
    QSignalSpy errors(&client, &DrsConnection::errorOccurred);
    client.open(server.serverUrls().value(0));
    QStringList received;
    client.on(u"bye"_s, [&received](const DrsCommand &command) {
        received.append(command.body()[u"text"_s].toString());
        return QJsonValue();
    });
    QVERIFY(connected.wait(10000));
    QTRY_COMPARE(server.connectionCount(), 1);

    // What the server wrote just before closing still arrives.
    if (lastWords)
        QCOMPARE(server.broadcast(u"bye"_s, QJsonObject { { u"text"_s, u"closing"_s } }), 1);
    server.close();
    QVERIFY(disconnected.wait(10000));
    QCOMPARE(received, lastWords ? QStringList { u"closing"_s } : QStringList());
    QCOMPARE(client.state(), DrsConnection::UnconnectedState);
    QVERIFY2(!client.errorString().contains("client certificate"_L1),
             qPrintable(client.errorString()));
    if (scheme == "tls"_L1) {
        // The close_notify and the TCP close make one error.
        QCOMPARE(errors.count(), 1);
        QCOMPARE(client.error(), DrsConnection::RemoteHostClosedError);
    }
}

// tls and wss are built in, with the rules of tcp and ws: a client needs a host and a port, a
// server an IP address (or localhost, *) and a port.
void tst_Tls::urlRules_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("clientValid");
    QTest::addRow("tls") << u"tls://127.0.0.1:12443"_s << true;
    QTest::addRow("tls without port") << u"tls://127.0.0.1"_s << false;
    QTest::addRow("tls without host") << u"tls://:12443"_s << false;
    QTest::addRow("wss") << u"wss://127.0.0.1:12444/socket"_s << true;
    QTest::addRow("wss without path") << u"wss://127.0.0.1:12444"_s << true;
    QTest::addRow("wss without port") << u"wss://127.0.0.1/socket"_s << false;
}

void tst_Tls::urlRules()
{
    QFETCH(QString, url);
    QFETCH(bool, clientValid);

    QVERIFY(DrsTransport::supportedSchemes().contains(u"tls"_s));
    QVERIFY(DrsTransport::supportedSchemes().contains(u"wss"_s));
    QCOMPARE(DrsTransport::urlFromUserInput(url), QUrl(url));

    QString error;
    std::unique_ptr<DrsTransport> transport(DrsTransport::create(QUrl(url), &error));
    QCOMPARE(bool(transport), clientValid);
    if (!clientValid) {
        QVERIFY2(error.contains("need a host and a port"_L1), qPrintable(error));
        DrsConnection client;
        QSignalSpy errors(&client, &DrsConnection::errorOccurred);
        client.open(QUrl(url));
        QVERIFY(errors.wait(5000));
        QCOMPARE(client.error(), DrsConnection::InvalidUrlError);
    }

    // A server needs an address it can bind, not a name to look up.
    QUrl listen(url);
    listen.setHost(u"drs.example"_s);
    listen.setPort(0);
    DrsServer server;
    server.setSslConfiguration(serverConfiguration(u"server"_s));
    QVERIFY(!server.listen(listen));
    QVERIFY2(server.errorString().contains("must be an IP address"_L1),
             qPrintable(server.errorString()));
}

// A server's new configuration (a renewed certificate) applies to clients that connect from then
// on, on the URLs it already serves.
void tst_Tls::serverConfigurationReplacedWhileListening_data()
{
    addSchemeRows();
}

void tst_Tls::serverConfigurationReplacedWhileListening()
{
    QFETCH(QString, scheme);

    DrsServer server;
    server.setSslConfiguration(serverConfiguration(u"wrongname"_s));
    QVERIFY2(server.listen(listenUrl(scheme)), qPrintable(server.errorString()));
    const QUrl url = server.serverUrls().value(0);

    DrsConnection client;
    client.setSslConfiguration(clientConfiguration());
    QSignalSpy errors(&client, &DrsConnection::errorOccurred);
    QSignalSpy connected(&client, &DrsConnection::connected);
    client.open(url);
    QVERIFY(errors.wait(10000));
    QCOMPARE(client.error(), DrsConnection::SslError);

    server.setSslConfiguration(serverConfiguration(u"server"_s));
    QCOMPARE(server.sslConfiguration().localCertificate(), m_server);
    QCOMPARE(server.serverUrls(), QList<QUrl> { url });
    client.open(url);
    QVERIFY(connected.wait(10000));
    QCOMPARE(client.transport()->peerCertificate(), m_server);
    QCOMPARE(errors.count(), 1);
}

QTEST_GUILESS_MAIN(tst_Tls)

#include "tst_tls.moc"
