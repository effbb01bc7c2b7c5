// drs: DRS from the shell.
//   drs call URL ACTION [BODY|-]     call and print the result
//   drs fire URL ACTION [BODY|-]     send one way
//   drs watch URL                    print every command received, one JSON line each
//   drs serve URL... [--echo]        listen and print; --echo answers every call with its body
#include "drscli.h"

#include <drstransport.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

namespace {

int usageError(const QString &message)
{
    DrsCli::printError(message + QStringLiteral(" (see drs --help)"));
    return DrsCli::UsageError;
}

// Parses any JSON value (QJsonDocument alone takes only objects and arrays).
bool parseBody(const QByteArray &text, QJsonValue *body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson("[" + text + "\n]", &parseError);
    if (parseError.error != QJsonParseError::NoError || document.array().size() != 1) {
        *error = parseError.error != QJsonParseError::NoError
                ? QStringLiteral("the body is not valid JSON at offset %1: %2")
                          .arg(qMax(0, parseError.offset - 1))
                          .arg(parseError.errorString())
                : QStringLiteral("the body must be one JSON value");
        return false;
    }
    *body = document.array().at(0);
    return true;
}

bool parseUrl(const QString &text, QUrl *url, QString *error)
{
    *url = DrsTransport::urlFromUserInput(text);
    if (!url->isValid()) {
        *error = QStringLiteral("'%1' is not an endpoint URL (tcp://host:port, local:name, "
                                "ws://host:port/path)")
                         .arg(text);
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("drs"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QTDRS_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Fire, call, watch and serve DRS commands.\n\n"
            "  drs call URL ACTION [BODY]   call ACTION, print the result\n"
            "  drs fire URL ACTION [BODY]   send ACTION one way\n"
            "  drs watch URL                print every command received, one JSON line each\n"
            "  drs serve URL... [--echo]    listen and print every command received\n\n"
            "URL: tcp://host:port (or host:port), local:name, ws://host:port/path.\n"
            "BODY: a JSON value; - reads it from standard input; {} when left out.\n"
            "Exit codes: 0 success, 1 usage, 2 connection failure, 3 timeout, 4 drs.error,\n"
            "5 drs.exception."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
                                           QStringLiteral("Give up after <ms> (default 30000)."),
                                           QStringLiteral("ms"), QStringLiteral("30000"));
    const QCommandLineOption cborOption(QStringLiteral("cbor"),
                                        QStringLiteral("Speak CBOR instead of JSON."));
    const QCommandLineOption prettyOption(QStringLiteral("pretty"),
                                          QStringLiteral("Print indented JSON."));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"),
                                           QStringLiteral("Log what the library does to stderr."));
    const QCommandLineOption echoOption(QStringLiteral("echo"),
                                        QStringLiteral("serve: answer every call with its body."));
    parser.addOptions({ timeoutOption, cborOption, prettyOption, echoOption, verboseOption });
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("call, fire, watch or serve."));
    parser.addPositionalArgument(QStringLiteral("arguments"), QStringLiteral("See above."),
                                 QStringLiteral("[arguments...]"));
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    // Errors reach the user as one line of ours; the library's own log is for --verbose.
    QLoggingCategory::setFilterRules(parser.isSet(verboseOption) ? QStringLiteral("qtdrs.*=true")
                                                                 : QStringLiteral("qtdrs.*=false"));

    DrsCli::Options options;
    bool ok = false;
    options.timeoutMs = parser.value(timeoutOption).toInt(&ok);
    if (!ok || options.timeoutMs <= 0)
        return usageError(QStringLiteral("--timeout takes a positive number of milliseconds"));
    options.cbor = parser.isSet(cborOption);
    options.pretty = parser.isSet(prettyOption);
    options.echo = parser.isSet(echoOption);

    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return usageError(QStringLiteral("no command given"));
    const QString command = args.first();
    if (options.echo && command != QLatin1String("serve"))
        return usageError(QStringLiteral("--echo is for serve"));

    DrsCli cli(options);
    QObject::connect(&cli, &DrsCli::finished, &app, [](int code) { QCoreApplication::exit(code); });
    QString error;

    if (command == QLatin1String("call") || command == QLatin1String("fire")) {
        if (args.size() < 3 || args.size() > 4)
            return usageError(QStringLiteral("usage: drs %1 URL ACTION [BODY]").arg(command));
        QUrl url;
        if (!parseUrl(args.at(1), &url, &error))
            return usageError(error);
        QJsonValue body = QJsonObject();
        if (args.size() == 4) {
            QByteArray text = args.at(3).toUtf8();
            if (text == "-") {
                QFile in;
                if (!in.open(stdin, QIODevice::ReadOnly))
                    return usageError(QStringLiteral("cannot read standard input"));
                text = in.readAll();
            }
            if (!parseBody(text, &body, &error))
                return usageError(error);
        }
        if (command == QLatin1String("call"))
            cli.call(url, args.at(2), body);
        else
            cli.fire(url, args.at(2), body);
    } else if (command == QLatin1String("watch")) {
        if (args.size() != 2)
            return usageError(QStringLiteral("usage: drs watch URL"));
        QUrl url;
        if (!parseUrl(args.at(1), &url, &error))
            return usageError(error);
        cli.watch(url);
    } else if (command == QLatin1String("serve")) {
        if (args.size() < 2)
            return usageError(QStringLiteral("usage: drs serve URL... [--echo]"));
        QList<QUrl> urls;
        for (qsizetype i = 1; i < args.size(); ++i) {
            QUrl url;
            if (!parseUrl(args.at(i), &url, &error))
                return usageError(error);
            urls.append(url);
        }
        if (!cli.serve(urls))
            return DrsCli::ConnectionFailure;
    } else {
        return usageError(QStringLiteral("unknown command '%1'").arg(command));
    }
    return app.exec();
}
