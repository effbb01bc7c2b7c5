// DrsServer: serves DRS on one or more URLs at once, with handlers shared by every client.
#ifndef DRSSERVER_H
#define DRSSERVER_H

#include "drscommand.h"
#include "drshandler.h"

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtNetwork/QSslConfiguration>

#include <functional>
#include <memory>

class DrsConnection;
class DrsServerPrivate;

/*!
    A DRS server. It listens on any number of URLs (\c{tcp://127.0.0.1:12000},
    \c{ws://127.0.0.1:12001/socket}, \c{local:my-service}, \c{tls://0.0.0.0:12443},
    \c{wss://0.0.0.0:12444/socket}, ...), makes a DrsConnection for each
    client, and answers their commands with the handlers registered on it (see
    DrsHandlerRegistry). Each client's encoding (JSON or CBOR) is told from the first byte it
    sends, so both are served on one port.

    \code
    DrsServer server;
    server.on("echo", [](const DrsCommand &c) { return c.body(); });
    server.listen({QUrl("tcp://127.0.0.1:12000"), QUrl("local:my-service")});
    server.broadcast("news", QJsonObject{{"text", "hello, everyone"}});
    \endcode

    The server, its connections and their handlers live in the server's thread.
*/
class QTDRS_EXPORT DrsServer : public QObject, public DrsHandlerRegistry {
    Q_OBJECT
    Q_PROPERTY(bool listening READ isListening NOTIFY listeningChanged)
    Q_PROPERTY(QList<QUrl> serverUrls READ serverUrls NOTIFY listeningChanged)
    Q_PROPERTY(int connectionCount READ connectionCount NOTIFY connectionCountChanged)
public:
    //! Decides whether a new client is served; it may read the connection's transport.
    using AcceptHook = std::function<bool(DrsConnection *connection)>;

    explicit DrsServer(QObject *parent = nullptr);
    ~DrsServer() override;

    //! Starts serving \a url as well; false (see errorString()) if it cannot.
    bool listen(const QUrl &url);
    //! Starts serving every URL of \a urls; on a failure none of them is served.
    bool listen(const QList<QUrl> &urls);
    //! Stops listening and disconnects every client.
    void close();
    bool isListening() const;
    //! The URLs served, with the ports chosen by the system where the listen URL said :0.
    QList<QUrl> serverUrls() const;
    QString errorString() const;

    QList<DrsConnection *> connections() const;
    int connectionCount() const;

    /*!
        Called for each new client before it is served; returning false disconnects it. The
        hook may read the connection's transport() (peer address, WebSocket handshake request).
    */
    void setAcceptHook(AcceptHook hook);

    /*!
        Sends \a action with \a body to every connected client, keyless. The command is encoded
        once per encoding and framing in use and the same bytes are written to each client.
        Returns the number of clients it was written to.
    */
    int broadcast(const QString &action, const QJsonValue &body = QJsonObject());
    int broadcast(const DrsCommand &command);

    /*!
        Broadcasts \a object's signals: each emission of a signal \c name becomes the keyless
        command \c{prefix.name} sent to every client, encoded once, with the arguments in the
        body by parameter name. See DrsConnection::publish() for the signals chosen, the
        conversions and the refusals. A signal the object emits while it applies a command
        from a client (see subscribe()) goes to every client but that one.
    */
    bool publish(QObject *object, const QString &prefix,
                 const QStringList &signalNames = QStringList());
    //! Stops broadcasting \a object's signals, under every prefix.
    void unpublish(QObject *object);
    bool isPublished(const QObject *object) const;

    qint64 maxMessageSize() const;
    //! Applies to clients connecting from now on (default 16 MiB).
    void setMaxMessageSize(qint64 bytes);
    bool isActionListingEnabled() const;
    void setActionListingEnabled(bool enable);

    //! The TLS settings of tls:// and wss:// URLs (QSslConfiguration::defaultConfiguration()
    //! unless set).
    QSslConfiguration sslConfiguration() const;
    /*!
        Sets the TLS settings for tls:// and wss:// URLs: the server's certificate and private
        key (setLocalCertificate(), setPrivateKey(); listen() fails on those URLs without them)
        and, to require client certificates, setPeerVerifyMode(QSslSocket::VerifyPeer) with the
        CA certificates that issue them. Applies to later listen() calls and to clients that
        connect from now on to URLs already served. A client's certificate is then
        DrsConnection::transport()->peerCertificate(), e.g. in the accept hook.
    */
    void setSslConfiguration(const QSslConfiguration &configuration);

Q_SIGNALS:
    void listeningChanged();
    void connectionCountChanged();
    void clientConnected(DrsConnection *connection);
    //! Emitted when a client has gone; the connection is deleted later.
    void clientDisconnected(DrsConnection *connection);
    void commandReceived(DrsConnection *connection, const DrsCommand &command);

private:
    friend class DrsConnection;
    friend class DrsConnectionPrivate;
    Q_DECLARE_PRIVATE(DrsServer)
    Q_DISABLE_COPY(DrsServer)
    std::unique_ptr<DrsServerPrivate> d_ptr;
};

#endif // DRSSERVER_H
