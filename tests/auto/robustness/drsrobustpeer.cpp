// A DRS server in a process of its own, for tests that freeze it (SIGSTOP) so the kernel keeps
// its sockets open while nobody answers. Usage: drs-robust-peer <listen-url>
// Serves "echo" (answers the body) and prints the URL served, then one line per client.
#include <drsconnection.h>
#include <drsserver.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() != 2) {
        QTextStream(stderr) << "usage: drs-robust-peer <listen-url>\n";
        return 2;
    }
    DrsServer server;
    server.on(QStringLiteral("echo"), [](const DrsCommand &command) { return command.body(); });
    if (!server.listen(QUrl(arguments.at(1)))) {
        QTextStream(stderr) << server.errorString() << '\n';
        return 1;
    }
    QTextStream out(stdout);
    out << server.serverUrls().constFirst().toString() << Qt::endl;
    QObject::connect(&server, &DrsServer::clientConnected, &server,
                     [&out](DrsConnection *connection) {
                         out << "client " << connection->peerName() << Qt::endl;
                     });
    return app.exec();
}
