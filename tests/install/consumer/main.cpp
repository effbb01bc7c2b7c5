// Serves DRS on a local socket, calls itself through it, prints the answer.
#include <drsconnection.h>
#include <drsserver.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    DrsServer server;
    server.on(QStringLiteral("echo"), [](const DrsCommand &command) { return command.body(); });
    const QUrl url(
            QStringLiteral("local:qtdrs-consumer-%1").arg(QCoreApplication::applicationPid()));
    if (!server.listen(url)) {
        std::fprintf(stderr, "consumer: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    DrsConnection connection;
    connection.open(url);
    DrsReply *reply = connection.call(QStringLiteral("echo"),
                                      QJsonObject { { QStringLiteral("installed"), true } });
    QObject::connect(reply, &DrsReply::finished, &app, [reply] {
        if (reply->error() != DrsReply::NoError) {
            std::fprintf(stderr, "consumer: %s\n", qPrintable(reply->errorString()));
            QCoreApplication::exit(1);
            return;
        }
        std::printf("consumer: echo answered %s\n",
                    QJsonDocument(reply->result().toObject())
                            .toJson(QJsonDocument::Compact)
                            .constData());
        QCoreApplication::quit();
    });
    QTimer::singleShot(10000, &app, [] {
        std::fprintf(stderr, "consumer: no answer in 10 s\n");
        QCoreApplication::exit(2);
    });
    return app.exec();
}
