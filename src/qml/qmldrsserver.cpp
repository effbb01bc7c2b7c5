#include "qmldrsserver.h"
#include "qmldrsjson_p.h"

#include <drsconnection.h>

#include <QtCore/QMetaMethod>
#include <QtQml/QQmlEngine>
#include <QtQml/QQmlInfo>

QmlDrsServer::QmlDrsServer(QObject *parent)
    : QObject(parent)
    , m_server(new DrsServer(this))
    , m_handlers(this, m_server, m_server)
{
    connect(m_server, &DrsServer::listeningChanged, this, &QmlDrsServer::listeningChanged);
    connect(m_server, &DrsServer::clientConnected, this, &QmlDrsServer::onClientConnected);
    connect(m_server, &DrsServer::clientDisconnected, this, &QmlDrsServer::onClientDisconnected);
    connect(m_server, &DrsServer::commandReceived, this,
            [this](DrsConnection *connection, const DrsCommand &command) {
                // Building the JavaScript object costs: only when someone listens.
                static const QMetaMethod signal
                        = QMetaMethod::fromSignal(&QmlDrsServer::commandReceived);
                QQmlEngine *engine = qmlEngine(this);
                if (engine && isSignalConnected(signal))
                    Q_EMIT commandReceived(clientFor(connection),
                                           QmlDrs::commandToJs(engine, command));
            });
}

QmlDrsServer::~QmlDrsServer()
{
    // The clients are destroyed after us, with the server already gone: nobody is told any more.
    // (m_handlers detaches the handlers declared inside.)
    disconnect(m_server, nullptr, this, nullptr);
}

void QmlDrsServer::setUrls(const QVariantList &urls)
{
    if (m_urls == urls)
        return;
    m_urls = urls;
    Q_EMIT urlsChanged();
    update();
}

void QmlDrsServer::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    Q_EMIT activeChanged();
    update();
}

bool QmlDrsServer::isListening() const
{
    return m_server->isListening();
}

QList<QUrl> QmlDrsServer::serverUrls() const
{
    return m_server->serverUrls();
}

void QmlDrsServer::setErrorString(const QString &errorString)
{
    if (m_errorString == errorString)
        return;
    m_errorString = errorString;
    Q_EMIT errorStringChanged();
}

QList<QUrl> QmlDrsServer::listenUrls() const
{
    QList<QUrl> urls;
    for (const QVariant &url : m_urls) {
        // A url value converts to QUrl, a string is parsed, anything else is refused later.
        urls.append(url.metaType() == QMetaType::fromType<QUrl>() ? url.toUrl()
                                                                  : QUrl(url.toString()));
    }
    return urls;
}

void QmlDrsServer::update()
{
    if (!m_complete)
        return;
    const QList<QUrl> urls = listenUrls();
    const bool wanted = m_active && !urls.isEmpty();
    if (m_server->isListening() && (!wanted || m_listenedUrls != urls)) {
        m_server->close();
        m_listenedUrls.clear();
    }
    if (!wanted || m_server->isListening())
        return;
    if (m_server->listen(urls)) {
        m_listenedUrls = urls;
        setErrorString(QString());
    } else {
        qmlWarning(this) << "DrsServer cannot listen: " << m_server->errorString();
        setErrorString(m_server->errorString());
    }
}

QmlDrsClient *QmlDrsServer::clientFor(const DrsConnection *connection) const
{
    for (QmlDrsClient *client : m_clients) {
        if (client->connection() == connection)
            return client;
    }
    return nullptr;
}

void QmlDrsServer::onClientConnected(DrsConnection *connection)
{
    auto *client = new QmlDrsClient(qmlEngine(this), connection, this);
    m_clients.append(client);
    Q_EMIT clientsChanged();
    Q_EMIT clientConnected(client);
}

void QmlDrsServer::onClientDisconnected(DrsConnection *connection)
{
    QmlDrsClient *client = clientFor(connection);
    if (!client)
        return;
    m_clients.removeOne(client);
    Q_EMIT clientsChanged();
    Q_EMIT clientDisconnected(client);
    client->deleteLater();
}

int QmlDrsServer::broadcast(const QString &action, const QJSValue &body)
{
    QJsonValue json;
    QString errorString;
    if (!QmlDrs::toJson(body, QStringLiteral("body"), &json, &errorString)) {
        if (QQmlEngine *engine = qmlEngine(this)) {
            engine->throwError(
                    QJSValue::TypeError,
                    QStringLiteral("DrsServer.broadcast(\"%1\"): %2").arg(action, errorString));
        }
        return 0;
    }
    return m_server->broadcast(action, json);
}

void QmlDrsServer::classBegin() { }

void QmlDrsServer::componentComplete()
{
    m_complete = true;
    update();
}

QQmlListProperty<QmlDrsClient> QmlDrsServer::clients()
{
    return { this, nullptr, &clientCount, &clientAt };
}

qsizetype QmlDrsServer::clientCount(QQmlListProperty<QmlDrsClient> *list)
{
    return static_cast<QmlDrsServer *>(list->object)->m_clients.size();
}

QmlDrsClient *QmlDrsServer::clientAt(QQmlListProperty<QmlDrsClient> *list, qsizetype index)
{
    return static_cast<QmlDrsServer *>(list->object)->m_clients.value(index);
}

QQmlListProperty<QmlDrsHandler> QmlDrsServer::handlers()
{
    return m_handlers.property();
}
