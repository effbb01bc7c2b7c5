// A DRS peer that speaks raw bytes over QTcpSocket, QLocalSocket or QWebSocket, for the server
// tests that must send exactly what they choose (broken commands included) or see exactly what
// the server wrote.
#ifndef DRSRAWCLIENT_H
#define DRSRAWCLIENT_H

#include <drscommand.h>
#include <drsstreamdecoder_p.h>

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QNetworkRequest>
#include <QtNetwork/QTcpSocket>
#include <QtWebSockets/QWebSocket>

class DrsRawClient : public QObject {
public:
    //! \a transport is "tcp", "local" or "ws"; \a origin is sent on WebSocket handshakes if set.
    explicit DrsRawClient(const QString &transport, const QString &origin = QString(),
                          QObject *parent = nullptr)
        : QObject(parent)
        , m_transport(transport)
    {
        if (transport == QLatin1String("tcp")) {
            m_tcp = new QTcpSocket(this);
            connect(m_tcp, &QTcpSocket::readyRead, this, [this] { onBytes(m_tcp->readAll()); });
            connect(m_tcp, &QTcpSocket::disconnected, this, [this] { m_disconnected = true; });
        } else if (transport == QLatin1String("local")) {
            m_local = new QLocalSocket(this);
            connect(m_local, &QLocalSocket::readyRead, this,
                    [this] { onBytes(m_local->readAll()); });
            connect(m_local, &QLocalSocket::disconnected, this, [this] { m_disconnected = true; });
        } else {
            m_ws = new QWebSocket(origin, QWebSocketProtocol::VersionLatest, this);
            connect(m_ws, &QWebSocket::textMessageReceived, this,
                    [this](const QString &message) { onMessage(message.toUtf8(), false); });
            connect(m_ws, &QWebSocket::binaryMessageReceived, this,
                    [this](const QByteArray &message) { onMessage(message, true); });
            connect(m_ws, &QWebSocket::disconnected, this, [this] { m_disconnected = true; });
        }
    }

    //! Connects to a server URL as DrsServer::serverUrls() reports it (ws: its path is used as is).
    void connectTo(const QUrl &url)
    {
        if (m_tcp)
            m_tcp->connectToHost(url.host(), quint16(url.port()));
        else if (m_local)
            m_local->connectToServer(url.path());
        else
            m_ws->open(url);
    }
    //! WebSocket only: opens with a request carrying extra headers.
    void connectTo(const QNetworkRequest &request) { m_ws->open(request); }

    bool isConnected() const
    {
        if (m_tcp)
            return m_tcp->state() == QAbstractSocket::ConnectedState;
        if (m_local)
            return m_local->state() == QLocalSocket::ConnectedState;
        return m_ws->state() == QAbstractSocket::ConnectedState;
    }
    //! The connection was up and went down (the server closed it, or we did).
    bool hasDisconnected() const { return m_disconnected; }
    bool isStream() const { return !m_ws; }

    //! Stream: writes \a data as it is. WebSocket: sends one message, binary or text.
    void send(const QByteArray &data, bool binary = false)
    {
        if (m_tcp)
            m_tcp->write(data);
        else if (m_local)
            m_local->write(data);
        else if (binary)
            m_ws->sendBinaryMessage(data);
        else
            m_ws->sendTextMessage(QString::fromUtf8(data));
    }
    //! Sends \a command in \a encoding, framed as the transport wants.
    void send(const DrsCommand &command, DrsCommand::Encoding encoding)
    {
        send(QtDrsPrivate::encodeFrame(command, encoding, isStream()),
             encoding == DrsCommand::CborEncoding);
    }

    //! Stream: hands what was written to the system now.
    void flush()
    {
        if (m_tcp)
            m_tcp->flush();
        else if (m_local)
            m_local->flush();
    }

    //! Closes politely: a stream after what was written, a WebSocket with a close frame.
    void close()
    {
        if (m_tcp)
            m_tcp->disconnectFromHost();
        else if (m_local)
            m_local->disconnectFromServer();
        else
            m_ws->close();
    }

    void abort()
    {
        if (m_tcp)
            m_tcp->abort();
        else if (m_local)
            m_local->abort();
        else
            m_ws->abort();
    }

    //! Forgets what was received so far (the decoder keeps the stream's encoding).
    void clearReceived()
    {
        m_bytes.clear();
        m_messages.clear();
        m_binary.clear();
        m_commands.clear();
    }

    //! Stream transports: every byte received since the last clearReceived().
    QByteArray bytes() const { return m_bytes; }
    //! WebSocket: every message received, and whether each was binary.
    QList<QByteArray> messages() const { return m_messages; }
    QList<bool> messageIsBinary() const { return m_binary; }
    //! The commands decoded from what was received.
    QList<DrsCommand> commands() const { return m_commands; }
    //! Not empty when the server sent something that does not decode.
    QString decodeError() const { return m_decodeError; }
    //! The first command received whose key is \a key (a null command if none).
    DrsCommand commandWithKey(const QString &key) const
    {
        for (const DrsCommand &command : m_commands) {
            if (command.hasKey() && command.key() == key)
                return command;
        }
        return DrsCommand();
    }

    QWebSocket *webSocket() const { return m_ws; }

private:
    void onBytes(const QByteArray &data)
    {
        m_bytes += data;
        m_decoder.append(data);
        for (int i = 0; i < 100000; ++i) {
            DrsCommand command;
            QtDrsPrivate::DecodeError error;
            const auto status = m_decoder.next(&command, &error);
            if (status == QtDrsPrivate::StreamDecoder::NeedMore)
                break;
            if (status == QtDrsPrivate::StreamDecoder::Failed) {
                m_decodeError = error.message;
                break;
            }
            m_commands.append(command);
        }
    }
    void onMessage(const QByteArray &message, bool binary)
    {
        m_messages.append(message);
        m_binary.append(binary);
        DrsCommand command;
        QtDrsPrivate::DecodeError error;
        if (QtDrsPrivate::decodeMessage(message, binary, QtDrsPrivate::DefaultMaxMessageSize,
                                        QtDrsPrivate::DefaultMaxNestingDepth, &command, &error))
            m_commands.append(command);
        else
            m_decodeError = error.message;
    }

    QString m_transport;
    QTcpSocket *m_tcp = nullptr;
    QLocalSocket *m_local = nullptr;
    QWebSocket *m_ws = nullptr;
    QtDrsPrivate::StreamDecoder m_decoder;
    QByteArray m_bytes;
    QList<QByteArray> m_messages;
    QList<bool> m_binary;
    QList<DrsCommand> m_commands;
    QString m_decodeError;
    bool m_disconnected = false;
};

#endif // DRSRAWCLIENT_H
