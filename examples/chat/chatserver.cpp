// drs-chat-server: a chat room over DRS.
//
//     drs-chat-server [--listen URL]...    (default: tcp://127.0.0.1:12010,
//     ws://127.0.0.1:12011/socket)
//
// A client joins with a nickname, which the server keeps on the client's own connection
// (DrsConnection::setValue), so nothing has to be cleaned up when the client goes. What anyone
// says is broadcast to everyone. Actions:
//   chat.join {"nick"}   -> {"nick", "who": [...]}; broadcasts chat.joined {"nick"}
//   chat.say  {"text"}   -> {"time"};  broadcasts chat.message {"nick", "text", "time"}
//   chat.who             -> ["alice", "bob"]
// and chat.left {"nick"} is broadcast when a client that had joined goes.
// Like drs-demo, it prints each URL it serves on a line of its own to stdout.
#include "quitonsignal.h"

#include <drsconnection.h>
#include <drsserver.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

const QString nickKey = u"nick"_s;
constexpr int maxNickLength = 32;

// The nicknames of everyone who has joined, sorted.
QStringList nicks(const DrsServer &server)
{
    QStringList result;
    const QList<DrsConnection *> connections = server.connections();
    for (const DrsConnection *connection : connections) {
        if (connection->hasValue(nickKey))
            result.append(connection->value(nickKey).toString());
    }
    result.sort(Qt::CaseInsensitive);
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"drs-chat-server"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DRS_EXAMPLE_VERSION));
    // Before anything else: whoever sees our output may already signal us to stop.
    quitOnTerminationSignals();

    QCommandLineParser parser;
    parser.setApplicationDescription(u"A DRS chat server. Connect with drs-chat URL NICK."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOption(
            u"listen"_s,
            u"URL to serve (repeatable): tcp://host:port, ws://host:port/path or local:name."_s,
            u"url"_s);
    parser.addOption(listenOption);
    parser.process(app);

    QList<QUrl> urls;
    for (const QString &value : parser.values(listenOption))
        urls.append(QUrl(value));
    if (urls.isEmpty())
        urls = { QUrl(u"tcp://127.0.0.1:12010"_s), QUrl(u"ws://127.0.0.1:12011/socket"_s) };

    DrsServer server;

    server.on(u"chat.join"_s, [&server](DrsRequest &request) -> QJsonValue {
        DrsConnection *connection = request.connection();
        const QString nick = request.body()[nickKey].toString().trimmed();
        // Refusals are DrsError: the client gets drs.error with the message to show its user.
        if (nick.isEmpty() || nick.size() > maxNickLength)
            throw DrsError(u"a nick is 1 to %1 characters"_s.arg(maxNickLength));
        if (connection->hasValue(nickKey))
            throw DrsError(u"already joined as %1"_s.arg(connection->value(nickKey).toString()));
        if (nicks(server).contains(nick, Qt::CaseInsensitive))
            throw DrsError(u"the nick %1 is taken"_s.arg(nick));
        connection->setValue(nickKey, nick);
        std::fprintf(stderr, "%s joined from %s\n", qPrintable(nick),
                     qPrintable(connection->peerName()));
        server.broadcast(u"chat.joined"_s, QJsonObject { { u"nick"_s, nick } });
        return QJsonObject { { u"nick"_s, nick },
                             { u"who"_s, QJsonArray::fromStringList(nicks(server)) } };
    });

    server.on(u"chat.say"_s, [&server](DrsRequest &request) -> QJsonValue {
        const QString nick = request.connection()->value(nickKey).toString();
        if (nick.isEmpty())
            throw DrsError(u"join first: chat.join {\"nick\": ...}"_s);
        const QString text = request.body()[u"text"_s].toString();
        if (text.trimmed().isEmpty())
            throw DrsError(u"nothing to say: the text is empty"_s);
        const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        // The sender gets the broadcast too: every client shows a message the same way, once
        // the server has accepted it.
        server.broadcast(
                u"chat.message"_s,
                QJsonObject { { u"nick"_s, nick }, { u"text"_s, text }, { u"time"_s, time } });
        return QJsonObject { { u"time"_s, time } };
    });

    server.on(u"chat.who"_s, [&server] { return QJsonArray::fromStringList(nicks(server)); });

    // The server has already dropped the connection from connections(), so the one who left is
    // not sent the news; its values are still readable here.
    QObject::connect(&server, &DrsServer::clientDisconnected, &server,
                     [&server](DrsConnection *connection) {
                         if (!connection->hasValue(nickKey))
                             return;
                         const QString nick = connection->value(nickKey).toString();
                         std::fprintf(stderr, "%s left\n", qPrintable(nick));
                         server.broadcast(u"chat.left"_s, QJsonObject { { u"nick"_s, nick } });
                     });

    if (!server.listen(urls)) {
        std::fprintf(stderr, "drs-chat-server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    for (const QUrl &url : server.serverUrls())
        std::printf("%s\n", qPrintable(url.toString()));
    std::fflush(stdout); // a pipe is block-buffered: let a reader see the URLs now

    return app.exec();
}
