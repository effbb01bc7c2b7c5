#include "qmldrsconnection.h"
#include "qmldrsjson_p.h"

#include <QtCore/QMetaMethod>
#include <QtQml/QQmlEngine>

QmlDrsConnection::QmlDrsConnection(QObject *parent)
    : QObject(parent)
    , m_connection(new DrsConnection(this))
    , m_handlers(this, m_connection, m_connection)
{
    connect(m_connection, &DrsConnection::stateChanged, this, [this] {
        Q_EMIT stateChanged();
        Q_EMIT errorChanged(); // a successful connection clears the error
    });
    connect(m_connection, &DrsConnection::errorOccurred, this, &QmlDrsConnection::errorChanged);
    connect(m_connection, &DrsConnection::autoReconnectChanged, this,
            &QmlDrsConnection::autoReconnectChanged);
    connect(m_connection, &DrsConnection::encodingChanged, this,
            &QmlDrsConnection::encodingChanged);
    connect(m_connection, &DrsConnection::commandReceived, this, [this](const DrsCommand &command) {
        // Building the JavaScript object costs: only when someone listens.
        static const QMetaMethod signal
                = QMetaMethod::fromSignal(&QmlDrsConnection::commandReceived);
        QQmlEngine *engine = qmlEngine(this);
        if (engine && isSignalConnected(signal))
            Q_EMIT commandReceived(QmlDrs::commandToJs(engine, command));
    });
}

// m_handlers detaches the handlers declared inside: they are destroyed after us.
QmlDrsConnection::~QmlDrsConnection() = default;

void QmlDrsConnection::setUrl(const QUrl &url)
{
    if (m_url == url)
        return;
    m_url = url;
    Q_EMIT urlChanged();
    update();
}

void QmlDrsConnection::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    Q_EMIT activeChanged();
    update();
}

void QmlDrsConnection::update()
{
    if (!m_complete)
        return;
    if (m_active && !m_url.isEmpty()) {
        if (m_connection->state() == DrsConnection::UnconnectedState
            || m_connection->url() != m_url)
            m_connection->open(m_url);
    } else if (m_connection->state() != DrsConnection::UnconnectedState) {
        m_connection->close();
    }
}

QmlDrsConnection::State QmlDrsConnection::state() const
{
    return State(m_connection->state());
}
bool QmlDrsConnection::isConnected() const
{
    return m_connection->isConnected();
}
bool QmlDrsConnection::autoReconnect() const
{
    return m_connection->autoReconnect();
}
void QmlDrsConnection::setAutoReconnect(bool enable)
{
    m_connection->setAutoReconnect(enable);
}
QmlDrsConnection::Encoding QmlDrsConnection::encoding() const
{
    return Encoding(m_connection->encoding());
}
void QmlDrsConnection::setEncoding(Encoding encoding)
{
    m_connection->setEncoding(DrsCommand::Encoding(encoding));
}
int QmlDrsConnection::callTimeout() const
{
    return m_connection->callTimeout();
}
void QmlDrsConnection::setCallTimeout(int msecs)
{
    if (m_connection->callTimeout() == msecs)
        return;
    m_connection->setCallTimeout(msecs);
    Q_EMIT callTimeoutChanged();
}
QmlDrsConnection::Error QmlDrsConnection::error() const
{
    return Error(m_connection->error());
}
QString QmlDrsConnection::errorString() const
{
    return m_connection->errorString();
}
QString QmlDrsConnection::peerName() const
{
    return m_connection->peerName();
}

bool QmlDrsConnection::fire(const QString &action, const QJSValue &body)
{
    QJsonValue json;
    QString errorString;
    if (!QmlDrs::toJson(body, QStringLiteral("body"), &json, &errorString)) {
        if (QQmlEngine *engine = qmlEngine(this)) {
            engine->throwError(
                    QJSValue::TypeError,
                    QStringLiteral("DrsConnection.fire(\"%1\"): %2").arg(action, errorString));
        }
        return false;
    }
    return m_connection->fire(action, json);
}

QmlDrsReply *QmlDrsConnection::call(const QString &action, const QJSValue &body,
                                    const QJSValue &timeoutOrCallback, const QJSValue &callback)
{
    return QmlDrsReply::start(qmlEngine(this), m_connection, "DrsConnection.call", action, body,
                              timeoutOrCallback, callback);
}

void QmlDrsConnection::classBegin() { }

void QmlDrsConnection::componentComplete()
{
    m_complete = true;
    update();
}

QQmlListProperty<QmlDrsHandler> QmlDrsConnection::handlers()
{
    return m_handlers.property();
}
