// A DRS peer run as a child process by tst_faults, so a test can SIGKILL it.
//
//   faultserver serve <url>           serves <url>; prints "listening <url as served>" when ready.
//       echo       answers the body
//       slow       answers the body after body.ms milliseconds (so calls stay in flight)
//       record     (a fire) appends body.n to a list
//       recorded   answers that list
//   faultserver call <url> <action>   connects, calls <action> with no time limit, prints
//                                     "calling" once the call is written and "result <json>" when
//                                     it is answered, then exits.
#include <drsconnection.h>
#include <drsserver.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

void say(const QByteArray &line)
{
    std::fputs(line.constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int usage()
{
    std::fputs("usage: faultserver serve <url> | faultserver call <url> <action>\n", stderr);
    return 2;
}

int serve(QCoreApplication &app, const QUrl &url)
{
    DrsServer server;
    QJsonArray recorded;
    server.on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });
    server.onAsync(u"slow"_s, [&server](DrsRequest request) {
        const int ms = request.body()[u"ms"_s].toInt(1000);
        QTimer::singleShot(ms, &server, [request]() mutable { request.respond(request.body()); });
    });
    server.on(u"record"_s,
              [&recorded](const DrsCommand &command) { recorded.append(command.body()[u"n"_s]); });
    server.on(u"recorded"_s, [&recorded] { return recorded; });
    if (!server.listen(url)) {
        std::fprintf(stderr, "faultserver: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    say("listening " + server.serverUrls().first().toString().toUtf8());
    return app.exec();
}

int call(QCoreApplication &app, const QUrl &url, const QString &action)
{
    DrsConnection connection;
    int status = 0;
    QObject::connect(&connection, &DrsConnection::errorOccurred, &app, [&app, &connection] {
        std::fprintf(stderr, "faultserver: %s\n", qPrintable(connection.errorString()));
        app.exit(1);
    });
    QObject::connect(&connection, &DrsConnection::connected, &app,
                     [&connection, &action, &app, &status] {
                         DrsReply *reply = connection.call(action, QJsonObject(), 0);
                         say("calling");
                         QObject::connect(reply, &DrsReply::finished, &app, [reply, &app, &status] {
                             if (reply->error() != DrsReply::NoError)
                                 status = 1;
                             const QJsonArray result { reply->result() };
                             say("result " + QJsonDocument(result).toJson(QJsonDocument::Compact));
                             app.exit(status);
                         });
                     });
    connection.open(url);
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 3 && args.at(1) == u"serve"_s)
        return serve(app, QUrl(args.at(2)));
    if (args.size() == 4 && args.at(1) == u"call"_s)
        return call(app, QUrl(args.at(2)), args.at(3));
    return usage();
}
