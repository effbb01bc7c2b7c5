// QmlDrsConnection: DrsConnection for QML.
#ifndef QMLDRSCONNECTION_H
#define QMLDRSCONNECTION_H

#include "qmldrshandler.h"
#include "qmldrsreply.h"

#include <drsconnection.h>

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtQml/QJSValue>
#include <QtQml/QQmlListProperty>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

/*!
    A connection to a DRS peer, declared in QML:
    \code
    DrsConnection {
        id: connection
        url: "tcp://127.0.0.1:12000"
        active: true
        autoReconnect: true
        onCommandReceived: command => console.log(command.action, JSON.stringify(command.body))
        DrsHandler { action: "ping.me"; handle: function(command) { return "pong" } }
    }
    // connection.call("echo", { text: "hi" }, function(result, error) { ... })
    \endcode

    The connection opens when \c active is true and \c url is set, once the component is
    complete; it closes when \c active turns false, and reopens when \c url changes meanwhile.
    After a drop without \c autoReconnect, \c active stays true: toggle it to open again.
*/
class QmlDrsConnection : public QObject, public QQmlParserStatus {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(DrsConnection)
    Q_PROPERTY(QUrl url READ url WRITE setUrl NOTIFY urlChanged)
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool connected READ isConnected NOTIFY stateChanged)
    Q_PROPERTY(bool autoReconnect READ autoReconnect WRITE setAutoReconnect NOTIFY
                       autoReconnectChanged)
    Q_PROPERTY(Encoding encoding READ encoding WRITE setEncoding NOTIFY encodingChanged)
    Q_PROPERTY(int callTimeout READ callTimeout WRITE setCallTimeout NOTIFY callTimeoutChanged)
    Q_PROPERTY(Error error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorChanged)
    Q_PROPERTY(QString peerName READ peerName NOTIFY stateChanged)
    Q_PROPERTY(QQmlListProperty<QmlDrsHandler> handlers READ handlers)
    Q_CLASSINFO("DefaultProperty", "handlers")
public:
    enum State {
        UnconnectedState = DrsConnection::UnconnectedState,
        ConnectingState = DrsConnection::ConnectingState,
        ConnectedState = DrsConnection::ConnectedState,
        ReconnectingState = DrsConnection::ReconnectingState
    };
    Q_ENUM(State)

    enum Encoding {
        JsonEncoding = DrsCommand::JsonEncoding,
        CborEncoding = DrsCommand::CborEncoding
    };
    Q_ENUM(Encoding)

    enum Error {
        NoError = DrsConnection::NoError,
        InvalidUrlError = DrsConnection::InvalidUrlError,
        ConnectionRefusedError = DrsConnection::ConnectionRefusedError,
        HostNotFoundError = DrsConnection::HostNotFoundError,
        RemoteHostClosedError = DrsConnection::RemoteHostClosedError,
        ProtocolError = DrsConnection::ProtocolError,
        MessageTooLargeError = DrsConnection::MessageTooLargeError,
        TransportError = DrsConnection::TransportError,
        SslError = DrsConnection::SslError,
        ConnectTimeoutError = DrsConnection::ConnectTimeoutError,
        HeartbeatTimeoutError = DrsConnection::HeartbeatTimeoutError,
        IdleTimeoutError = DrsConnection::IdleTimeoutError,
        SlowConsumerError = DrsConnection::SlowConsumerError,
        AuthenticationError = DrsConnection::AuthenticationError
    };
    Q_ENUM(Error)

    explicit QmlDrsConnection(QObject *parent = nullptr);
    ~QmlDrsConnection() override;

    QUrl url() const { return m_url; }
    void setUrl(const QUrl &url);
    bool isActive() const { return m_active; }
    void setActive(bool active);
    State state() const;
    bool isConnected() const;
    bool autoReconnect() const;
    void setAutoReconnect(bool enable);
    Encoding encoding() const;
    void setEncoding(Encoding encoding);
    int callTimeout() const;
    void setCallTimeout(int msecs);
    Error error() const;
    QString errorString() const;
    QString peerName() const;
    QQmlListProperty<QmlDrsHandler> handlers();

    //! The C++ connection behind this object.
    DrsConnection *connection() const { return m_connection; }

    /*!
        Sends \a action with \a body (an object, by default {}) one way; false when it can be
        neither sent nor queued. A body JSON cannot hold throws a TypeError.
    */
    Q_INVOKABLE bool fire(const QString &action, const QJSValue &body = QJSValue());
    /*!
        Calls \a action with \a body and returns the DrsReply. Optional: a timeout in
        milliseconds (0 waits forever; by default callTimeout), then a callback
        \c{function(result, error, reply)}; either may be left out:
        \c{call(action, body, callback)}, \c{call(action, body, timeoutMs, callback)}.
    */
    Q_INVOKABLE QmlDrsReply *call(const QString &action, const QJSValue &body = QJSValue(),
                                  const QJSValue &timeoutOrCallback = QJSValue(),
                                  const QJSValue &callback = QJSValue());

    void classBegin() override;
    void componentComplete() override;

Q_SIGNALS:
    void urlChanged();
    void activeChanged();
    void stateChanged();
    void autoReconnectChanged();
    void encodingChanged();
    void callTimeoutChanged();
    void errorChanged();
    //! Every command received, replies included: {action, body, key[, version]}.
    void commandReceived(const QJSValue &command);

private:
    void update();

    DrsConnection *m_connection;
    QUrl m_url;
    bool m_active = false;
    bool m_complete = false;
    QmlDrsHandlerList m_handlers; // after the C++ object it attaches handlers to
};

#endif // QMLDRSCONNECTION_H
