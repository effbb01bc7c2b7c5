// QmlDrsServer: DrsServer for QML.
#ifndef QMLDRSSERVER_H
#define QMLDRSSERVER_H

#include "qmldrsclient.h"
#include "qmldrshandler.h"

#include <drsserver.h>

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtCore/QVariantList>
#include <QtQml/QJSValue>
#include <QtQml/QQmlListProperty>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

/*!
    A DRS server declared in QML:
    \code
    DrsServer {
        urls: ["tcp://127.0.0.1:0", "ws://127.0.0.1:0/socket"]
        active: true
        onClientConnected: client => console.log("hello", client.peerName)
        DrsHandler { action: "echo"; handle: function(command) { return command.body } }
    }
    \endcode

    It listens on every URL of \c urls when \c active is true, once the component is complete,
    and stops (disconnecting every client) when \c active turns false; a change of \c urls
    meanwhile restarts it. \c listening tells whether it listens, \c serverUrls where (with the
    ports the system chose for :0), \c errorString why not. Each client is a DrsClient, listed in
    \c clients while connected.
*/
class QmlDrsServer : public QObject, public QQmlParserStatus {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(DrsServer)
    Q_PROPERTY(QVariantList urls READ urls WRITE setUrls NOTIFY urlsChanged)
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    Q_PROPERTY(bool listening READ isListening NOTIFY listeningChanged)
    Q_PROPERTY(QList<QUrl> serverUrls READ serverUrls NOTIFY listeningChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(QQmlListProperty<QmlDrsClient> clients READ clients NOTIFY clientsChanged)
    Q_PROPERTY(QQmlListProperty<QmlDrsHandler> handlers READ handlers)
    Q_CLASSINFO("DefaultProperty", "handlers")
public:
    explicit QmlDrsServer(QObject *parent = nullptr);
    ~QmlDrsServer() override;

    //! The URLs to listen on, as given: strings or url values.
    QVariantList urls() const { return m_urls; }
    void setUrls(const QVariantList &urls);
    bool isActive() const { return m_active; }
    void setActive(bool active);
    bool isListening() const;
    QList<QUrl> serverUrls() const;
    QString errorString() const { return m_errorString; }
    QQmlListProperty<QmlDrsClient> clients();
    QQmlListProperty<QmlDrsHandler> handlers();

    //! The C++ server behind this object.
    DrsServer *server() const { return m_server; }
    //! The DrsClient of \a connection, or null.
    QmlDrsClient *clientFor(const DrsConnection *connection) const;

    /*!
        Sends \a action with \a body (by default {}) to every client; returns how many it was
        sent to. A body JSON cannot hold throws a TypeError.
    */
    Q_INVOKABLE int broadcast(const QString &action, const QJSValue &body = QJSValue());

    void classBegin() override;
    void componentComplete() override;

Q_SIGNALS:
    void urlsChanged();
    void activeChanged();
    void listeningChanged();
    void errorStringChanged();
    void clientsChanged();
    void clientConnected(QmlDrsClient *client);
    //! \a client is destroyed soon after.
    void clientDisconnected(QmlDrsClient *client);
    //! Every command a client sent, replies included: {action, body, key[, version]}.
    void commandReceived(QmlDrsClient *client, const QJSValue &command);

private:
    void update();
    QList<QUrl> listenUrls() const;
    void setErrorString(const QString &errorString);
    void onClientConnected(DrsConnection *connection);
    void onClientDisconnected(DrsConnection *connection);

    static qsizetype clientCount(QQmlListProperty<QmlDrsClient> *list);
    static QmlDrsClient *clientAt(QQmlListProperty<QmlDrsClient> *list, qsizetype index);

    DrsServer *m_server;
    QVariantList m_urls;
    QList<QUrl> m_listenedUrls; // the URLs the server was started with
    QString m_errorString;
    bool m_active = false;
    bool m_complete = false;
    QList<QmlDrsClient *> m_clients;
    QmlDrsHandlerList m_handlers; // after the C++ object it attaches handlers to
};

#endif // QMLDRSSERVER_H
