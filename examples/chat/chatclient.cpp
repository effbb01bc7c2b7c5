// drs-chat: a console client for drs-chat-server.
//
//     drs-chat URL NICK              reads lines from stdin and says them; /who lists who is
//                                    online, /quit (or the end of stdin) leaves
//     drs-chat URL NICK --say TEXT   says TEXT once, and exits when its own message comes back
//
// Everything said in the room is printed to stdout as "[hh:mm:ss] <nick> text". The program is
// single-threaded: stdin is watched by a QSocketNotifier in the same event loop as the
// connection, so neither ever blocks the other.
#include "quitonsignal.h"

#include <drsconnection.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QSocketNotifier>

#include <cstdio>
#include <functional>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

void print(const QString &line)
{
    std::printf("%s\n", qUtf8Printable(line));
    std::fflush(stdout); // stdout may be a pipe (block-buffered): show each line as it comes
}

void printError(const QString &line)
{
    std::fprintf(stderr, "drs-chat: %s\n", qUtf8Printable(line));
}

QString nickList(const QJsonValue &array)
{
    QStringList nicks;
    const QJsonArray values = array.toArray();
    for (const QJsonValue &value : values)
        nicks.append(value.toString());
    return nicks.join(u", "_s);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"drs-chat"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DRS_EXAMPLE_VERSION));
    // Before anything else: whoever sees our output may already signal us to stop.
    quitOnTerminationSignals();

    QCommandLineParser parser;
    parser.setApplicationDescription(u"A console client for drs-chat-server."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"url"_s, u"The chat server, e.g. tcp://127.0.0.1:12010."_s);
    parser.addPositionalArgument(u"nick"_s, u"Your nickname."_s);
    const QCommandLineOption sayOption(u"say"_s, u"Say TEXT once, then exit."_s, u"text"_s);
    parser.addOption(sayOption);
    parser.process(app);
    if (parser.positionalArguments().size() != 2) {
        printError(u"expected a URL and a nick; see --help"_s);
        return 2;
    }
    const QUrl url(parser.positionalArguments().at(0));
    const QString nick = parser.positionalArguments().at(1);
    const bool sayOnce = parser.isSet(sayOption);
    const QString sayText = parser.value(sayOption);

    DrsConnection connection;
    bool joined = false;
    bool stdinClosed = false;

    // The broadcasts of the room are plain commands from the server: handlers print them.
    connection.on(u"chat.message"_s, [&](const DrsCommand &command) {
        const QJsonValue body = command.body();
        const QString from = body[u"nick"_s].toString();
        const QString text = body[u"text"_s].toString();
        const QDateTime time = QDateTime::fromString(body[u"time"_s].toString(), Qt::ISODateWithMs);
        print(u"[%1] <%2> %3"_s.arg(time.toLocalTime().toString(u"HH:mm:ss"_s), from, text));
        // Our own message coming back means the server has delivered it to everyone.
        if (sayOnce && from == nick && text == sayText)
            QCoreApplication::quit();
    });
    connection.on(u"chat.joined"_s, [](const DrsCommand &command) {
        print(u"* %1 joined"_s.arg(command.body()[u"nick"_s].toString()));
    });
    connection.on(u"chat.left"_s, [](const DrsCommand &command) {
        print(u"* %1 left"_s.arg(command.body()[u"nick"_s].toString()));
    });

    // Leaving at the end of stdin waits for the calls on their way, so a piped last line is
    // still said before the connection goes.
    const auto quitWhenIdle = [&] {
        if (stdinClosed && connection.pendingCallCount() == 0)
            QCoreApplication::quit();
    };

    // Calls the server and reports a refusal; \a onResult gets the result of a success.
    const auto call = [&](const QString &action, const QJsonObject &body,
                          std::function<void(const QJsonValue &)> onResult) {
        DrsReply *reply = connection.call(action, body);
        QObject::connect(reply, &DrsReply::finished, &connection, [&, reply, action, onResult] {
            reply->deleteLater();
            if (reply->error() != DrsReply::NoError) {
                printError(u"%1: %2"_s.arg(action, reply->errorString()));
                if (!joined || sayOnce)
                    QCoreApplication::exit(1);
            } else if (onResult) {
                onResult(reply->result());
            }
            quitWhenIdle();
        });
    };

    QSocketNotifier stdinNotifier(STDIN_FILENO, QSocketNotifier::Read);
    stdinNotifier.setEnabled(false); // until we have joined
    QByteArray pending;
    const auto handleLine = [&](const QString &line) {
        if (line.isEmpty())
            return;
        if (line == u"/quit"_s) {
            stdinClosed = true;
            stdinNotifier.setEnabled(false);
        } else if (line == u"/who"_s) {
            call(u"chat.who"_s, {},
                 [](const QJsonValue &who) { print(u"* online: %1"_s.arg(nickList(who))); });
        } else {
            call(u"chat.say"_s, { { u"text"_s, line } }, nullptr);
        }
    };
    QObject::connect(&stdinNotifier, &QSocketNotifier::activated, &connection, [&] {
        char buffer[4096];
        const ssize_t count = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (count > 0)
            pending.append(buffer, count);
        for (qsizetype end = pending.indexOf('\n'); end >= 0 && !stdinClosed;
             end = pending.indexOf('\n')) {
            handleLine(QString::fromUtf8(pending.left(end)).trimmed());
            pending.remove(0, end + 1);
        }
        if (count <= 0 && !stdinClosed) { // end of input (or an error reading it)
            handleLine(QString::fromUtf8(pending).trimmed());
            stdinClosed = true;
            stdinNotifier.setEnabled(false);
        }
        quitWhenIdle();
    });

    QObject::connect(&connection, &DrsConnection::disconnected, &connection, [&] {
        const QString why = connection.errorString();
        printError(why.isEmpty() ? u"the server closed the connection"_s
                                 : u"disconnected: %1"_s.arg(why));
        QCoreApplication::exit(1);
    });

    // Calls made before the connection is up are sent once it is, in order: no need to wait
    // for connected() before joining.
    connection.open(url);
    call(u"chat.join"_s, { { u"nick"_s, nick } }, [&](const QJsonValue &result) {
        joined = true;
        print(u"* you are %1; online: %2"_s.arg(nick, nickList(result[u"who"_s])));
        if (sayOnce)
            call(u"chat.say"_s, { { u"text"_s, sayText } }, nullptr);
        else
            stdinNotifier.setEnabled(true);
    });

    return app.exec();
}
