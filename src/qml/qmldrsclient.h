// QmlDrsClient: one client of a QML DrsServer.
#ifndef QMLDRSCLIENT_H
#define QMLDRSCLIENT_H

#include "qmldrsreply.h"

#include <drsconnection.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtQml/QJSValue>
#include <QtQml/qqmlregistration.h>

QT_BEGIN_NAMESPACE
class QQmlEngine;
QT_END_NAMESPACE

/*!
    A client connected to a DrsServer, as found in its \c clients list and its signals. The server
    owns it; it is destroyed soon after clientDisconnected() announced it. A server may fire at
    and call its clients as a client does its server.
*/
class QmlDrsClient : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(DrsClient)
    QML_UNCREATABLE("DrsClient objects are made by DrsServer")
    Q_PROPERTY(QString peerName READ peerName CONSTANT)
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
public:
    QmlDrsClient(QQmlEngine *engine, DrsConnection *connection, QObject *parent);
    ~QmlDrsClient() override;

    //! Who is on the other end, e.g. "127.0.0.1:50312".
    QString peerName() const { return m_peerName; }
    bool isConnected() const;
    DrsConnection *connection() const { return m_connection; }

    //! As DrsConnection.fire().
    Q_INVOKABLE bool fire(const QString &action, const QJSValue &body = QJSValue());
    //! As DrsConnection.call().
    Q_INVOKABLE QmlDrsReply *call(const QString &action, const QJSValue &body = QJSValue(),
                                  const QJSValue &timeoutOrCallback = QJSValue(),
                                  const QJSValue &callback = QJSValue());
    //! Disconnects this client.
    Q_INVOKABLE void close();

Q_SIGNALS:
    void connectedChanged();

private:
    QPointer<QQmlEngine> m_engine;
    QPointer<DrsConnection> m_connection;
    QString m_peerName;
};

#endif // QMLDRSCLIENT_H
