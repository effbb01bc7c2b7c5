// The Qt Quick Test runner of the QML module's tests (tst_*.qml in this folder). Each test file
// gets `drsTest`, a DrsTestBackend: a real C++ DrsServer on loopback with a few handlers, and
// C++ clients the QML side can drive, so QML talks to C++ and C++ to QML over real sockets.
#include <drsconnection.h>
#include <drsserver.h>

#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QVariantMap>
#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
#include <QtQuickTest/quicktest.h>

#include <memory>
#include <stdexcept>

class DrsTestBackend : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString serverUrl READ serverUrl CONSTANT)
    Q_PROPERTY(bool listening READ isListening NOTIFY listeningChanged)
    Q_PROPERTY(int clientCount READ clientCount NOTIFY clientCountChanged)
    Q_PROPERTY(int receivedCount READ receivedCount NOTIFY commandReceived)
    Q_PROPERTY(QJsonObject lastCommand READ lastCommand NOTIFY commandReceived)
    Q_PROPERTY(QString lastEncoding READ lastEncoding NOTIFY commandReceived)
    Q_PROPERTY(int heldCount READ heldCount NOTIFY heldCountChanged)
public:
    explicit DrsTestBackend(QObject *parent = nullptr)
        : QObject(parent)
    {
        m_server.on(QStringLiteral("echo"), [](const DrsCommand &c) { return c.body(); });
        m_server.on(QStringLiteral("fail"), [](const DrsCommand &c) -> QJsonValue {
            throw DrsError(c.body()[QLatin1String("message")].toString(QStringLiteral("refused")));
        });
        m_server.on(QStringLiteral("crash"),
                    []() -> QJsonValue { throw std::runtime_error("the C++ handler crashed"); });
        // Never answered while the test runs: for timeouts.
        m_server.onAsync(QStringLiteral("hold"), this, [this](DrsRequest request) {
            m_held.append(request);
            Q_EMIT heldCountChanged();
        });
        connect(&m_server, &DrsServer::connectionCountChanged, this,
                &DrsTestBackend::clientCountChanged);
        connect(&m_server, &DrsServer::listeningChanged, this, &DrsTestBackend::listeningChanged);
        connect(&m_server, &DrsServer::commandReceived, this,
                [this](DrsConnection *connection, const DrsCommand &command) {
                    ++m_receivedCount;
                    m_lastCommand = command.toJsonObject();
                    m_lastEncoding = connection->encoding() == DrsCommand::CborEncoding
                            ? QStringLiteral("cbor")
                            : QStringLiteral("json");
                    Q_EMIT commandReceived();
                });
        if (!m_server.listen(QUrl(QStringLiteral("tcp://127.0.0.1:0"))))
            qFatal("the test server cannot listen: %s", qPrintable(m_server.errorString()));
        m_url = m_server.serverUrls().constFirst();
    }

    QString serverUrl() const { return m_url.toString(); }
    bool isListening() const { return m_server.isListening(); }
    int clientCount() const { return m_server.connectionCount(); }
    int receivedCount() const { return m_receivedCount; }
    QJsonObject lastCommand() const { return m_lastCommand; }
    QString lastEncoding() const { return m_lastEncoding; }
    int heldCount() const { return int(m_held.size()); }

    //! Stops the server (its clients are dropped); startServer() brings it back on the same port.
    Q_INVOKABLE void stopServer() { m_server.close(); }
    Q_INVOKABLE bool startServer() { return m_server.listen(m_url); }

    Q_INVOKABLE int broadcast(const QString &action, const QJsonValue &body)
    {
        return m_server.broadcast(action, body);
    }

    //! Answers the held requests (so nothing lingers into the next test).
    Q_INVOKABLE void releaseHeld()
    {
        for (DrsRequest request : std::exchange(m_held, {}))
            request.respond(QStringLiteral("released"));
        Q_EMIT heldCountChanged();
    }

    /*!
        Calls \a action on the DRS server at \a url from a C++ DrsConnection, with \a version
        on the command when it is not negative; cppCallFinished() tells the outcome:
        {replyAction, body, version, error} (version: the reply's, or null; error: the DrsReply
        error string, empty for an answer).
    */
    Q_INVOKABLE void cppCall(const QString &url, const QString &action, const QJsonValue &body,
                             int version = -1)
    {
        auto *connection = new DrsConnection(this);
        connection->open(QUrl(url));
        DrsCommand command(action, body);
        if (version >= 0)
            command.setVersion(version);
        DrsReply *reply = connection->call(command, 10000);
        connect(reply, &DrsReply::finished, this, [this, reply, connection] {
            Q_EMIT cppCallFinished(outcome(reply));
            connection->deleteLater();
        });
    }

    //! Calls \a action on the first client of the C++ server (a QML DrsConnection).
    Q_INVOKABLE bool callClient(const QString &action, const QJsonValue &body)
    {
        const QList<DrsConnection *> clients = m_server.connections();
        if (clients.isEmpty())
            return false;
        DrsReply *reply = clients.constFirst()->call(action, body, 10000);
        connect(reply, &DrsReply::finished, this, [this, reply] {
            Q_EMIT cppCallFinished(outcome(reply));
            reply->deleteLater();
        });
        return true;
    }

Q_SIGNALS:
    void listeningChanged();
    void clientCountChanged();
    void commandReceived();
    void heldCountChanged();
    void cppCallFinished(const QVariantMap &outcome);

private:
    static QVariantMap outcome(DrsReply *reply)
    {
        const DrsCommand response = reply->response();
        return { { QStringLiteral("replyAction"), response.action() },
                 { QStringLiteral("body"), response.body().toVariant() },
                 { QStringLiteral("version"),
                   response.hasVersion() ? QVariant(response.version())
                                         : QVariant::fromValue(nullptr) },
                 { QStringLiteral("error"),
                   reply->error() == DrsReply::NoError ? QString() : reply->errorString() } };
    }

    DrsServer m_server;
    QUrl m_url;
    QList<DrsRequest> m_held;
    int m_receivedCount = 0;
    QJsonObject m_lastCommand;
    QString m_lastEncoding;
};

// Made before the application object: the backend (sockets) waits for applicationAvailable().
class Setup : public QObject {
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable() { m_backend = std::make_unique<DrsTestBackend>(); }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // `import QtDrs` from the build tree, as ctest's QML_IMPORT_PATH also says.
        engine->addImportPath(QStringLiteral(QTDRS_QML_IMPORT_DIR));
        engine->rootContext()->setContextProperty(QStringLiteral("drsTest"), m_backend.get());
    }

    void cleanupTestCase() { m_backend.reset(); }

private:
    std::unique_ptr<DrsTestBackend> m_backend;
};

QUICK_TEST_MAIN_WITH_SETUP(qmldrs, Setup)

#include "tst_qmldrs.moc"
